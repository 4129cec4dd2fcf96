"""Analysis across reviews at national scale (issue 11): 150 partnerships, 20,000 reviews.

`python -m bench.insights` builds them in a throwaway SQLite database (in its own process, so
Django's settings point there): each review with three findings, two accepted themes on each,
one recommendation and two actions. It then times, `runs` times, every figure of `/insights/`
(presenters.analysis: prevalence, trend, toxic trio, pairs, ages, types, agencies, beside a
national corpus) for one partnership's business unit, and one theme's learning loop, and counts
the SQL statements each makes (constant: the figures are computed by the database).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

PARTNERSHIPS = 150
REVIEWS = 20_000


def bench_insights(partnerships: int = PARTNERSHIPS, reviews: int = REVIEWS, runs: int = 3) -> dict:
    """Run the measurement in a child process with its own database; its JSON result."""
    with tempfile.TemporaryDirectory(prefix="bench-insights-") as var:
        env = {**os.environ, "CASEREVIEWS_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        env["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
        done = subprocess.run(  # noqa: S603 (our own module, with numbers)
            [sys.executable, "-m", "bench.insights", str(partnerships), str(reviews), str(runs)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _populate(partnerships: int, reviews: int):
    from casereviews.accounts.models import Agency, Partnership, User
    from casereviews.actions.models import Action, Recommendation
    from casereviews.analysis import default_taxonomy
    from casereviews.insights.models import NationalCorpus, NationalThemeCount
    from casereviews.learning.models import Finding, ThemeTag
    from casereviews.reviews.models import Review

    rng = random.Random(2026)
    themes = [t.id for t in default_taxonomy().themes]
    parts = Partnership.objects.bulk_create(
        Partnership(name=f"Partnership {n}", slug=f"p{n}") for n in range(partnerships)
    )
    agencies = {
        p.pk: Agency.objects.bulk_create(
            Agency(partnership=p, name=f"Agency {k}") for k in range(6)
        )
        for p in parts
    }
    types = ["single_agency", "case_mapping", "thematic", "scr"]
    start = dt.date(2019, 4, 1)
    made = Review.objects.bulk_create(
        (
            Review(
                partnership=parts[n % partnerships],
                ref=f"R{n:05d}",
                review_type=rng.choice(types),
                summary="A review",
                age_years=rng.randrange(18),
                agreed_on=start + dt.timedelta(days=rng.randrange(6 * 365)),
                restricted=rng.random() < 0.03,
            )
            for n in range(reviews)
        ),
        batch_size=2000,
    )
    findings = Finding.objects.bulk_create(
        (Finding(review=r, number=k, text="A finding.") for r in made for k in (1, 2, 3)),
        batch_size=5000,
    )
    ThemeTag.objects.bulk_create(
        (
            ThemeTag(finding=f, theme_id=t, source="person", state="accepted")
            for f in findings
            for t in rng.sample(themes, 2)
        ),
        batch_size=5000,
    )
    recs = Recommendation.objects.bulk_create(
        (Recommendation(review=r, number=1, text="Do it.") for r in made), batch_size=5000
    )
    through = Recommendation.findings.through
    through.objects.bulk_create(
        (
            through(recommendation_id=rec.pk, finding_id=findings[3 * i].pk)
            for i, rec in enumerate(recs)
        ),
        batch_size=5000,
    )
    Action.objects.bulk_create(
        (
            Action(
                partnership_id=rec.review.partnership_id,
                recommendation=rec,
                agency=rng.choice(agencies[rec.review.partnership_id]),
                description="An action.",
                lead_role="Lead",
                due_on=dt.date(2026, 1, 1),
                status=rng.choice(["red", "amber", "green", "blue"]),
            )
            for rec in recs
            for _ in range(2)
        ),
        batch_size=5000,
    )
    corpus = NationalCorpus.objects.create(
        name="Bench corpus", source="bench", documents=1500, toxic_trio=120, pairs=[]
    )
    NationalThemeCount.objects.bulk_create(
        NationalThemeCount(corpus=corpus, theme_id=t, documents=rng.randrange(1500)) for t in themes
    )
    return User.objects.create(username="bench-bu", partnership=parts[0], role="business_unit")


def _measure(partnerships: int, reviews: int, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    user = _populate(partnerships, reviews)
    built = time.perf_counter() - t0
    from casereviews.insights import presenters
    from casereviews.learning.models import ThemeTag

    presenters.analysis(user, None)  # warm-up
    page_runs, loop_runs = [], []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        result = presenters.analysis(user, None)
        page_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        presenters.loop(user, "fathers-men")
        loop_runs.append(time.perf_counter() - t0)
    with CaptureQueriesContext(connection) as page_queries:
        presenters.analysis(user, None)
    return {
        "partnerships": partnerships,
        "reviews": reviews,
        "accepted_tags": ThemeTag.objects.count(),
        "database": connection.vendor,
        "populate_seconds": round(built, 1),
        "reviews_counted_for_one_partnership": result.reviews,
        "runs": len(page_runs),
        "insights_page_figures_seconds": round(statistics.median(page_runs), 3),
        "insights_page_sql_statements": len(page_queries.captured_queries),
        "theme_loop_seconds": round(statistics.median(loop_runs), 3),
    }


if __name__ == "__main__":
    partnerships, reviews, runs = (int(a) for a in sys.argv[1:4])
    print(json.dumps(_measure(partnerships, reviews, runs)))
