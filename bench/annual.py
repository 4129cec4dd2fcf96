"""The annual report for a big partnership: 1,000 reviews and 10,000 actions (issue 10).

`python -m bench.annual` builds the partnership in a throwaway SQLite database (in its own
process, so Django's settings point there), or in the empty PostgreSQL database given with
`python -m bench --only-annual --database-url postgres://...`, then times, alternately and
`runs` times:
- ours: the 2016-17 annual report, every section built from the records and written as JSON;
- the baseline, in the same run on the same data: the register export of the same partnership
  as JSON (`casereviews export reviews`), a read of every review the product already makes.
The ratio (annual report / register export) holds on any machine; seconds are given too.
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

REVIEWS = 1_000
ACTIONS = 10_000


def bench_annual(
    reviews: int = REVIEWS, actions: int = ACTIONS, runs: int = 3, database_url: str | None = None
) -> dict:
    """Run the measurement in a child process with its own database (a throwaway SQLite one,
    or `database_url`: an empty database, which it migrates and fills); its JSON result."""
    with tempfile.TemporaryDirectory(prefix="bench-annual-") as var:
        env = {**os.environ, "CASEREVIEWS_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": ""}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        env["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
        done = subprocess.run(  # noqa: S603 (our own module, with numbers)
            [sys.executable, "-m", "bench.annual", str(reviews), str(actions), str(runs)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _populate(
    reviews: int, actions: int, slug: str = "benchshire", name: str = "Benchshire Partnership"
) -> object:
    """The partnership, written with bulk_create (bench data, not users' data)."""
    from casereviews.accounts.models import Agency, Partnership
    from casereviews.actions.models import Action, ActionUpdate, Recommendation
    from casereviews.referrals.models import Decision, Referral
    from casereviews.reviews.models import Delay, Review

    rng = random.Random(2017)
    partnership = Partnership.objects.create(name=name, slug=slug)
    agencies = Agency.objects.bulk_create(
        Agency(partnership=partnership, name=f"Agency {n}", short_name=f"A{n}") for n in range(8)
    )
    start = dt.date(2013, 4, 1)
    types = ["single_agency", "case_mapping", "thematic", "scr"]
    referrals = Referral.objects.bulk_create(
        Referral(
            partnership=partnership,
            received_on=start + dt.timedelta(days=rng.randrange(5 * 365)),
            source_agency=rng.choice(agencies),
            child_pseudonym=f"Child {n}",
            gender=rng.choice(["male", "female"]),
            locality="Benchtown",
            harm_category="neglect",
            summary="A summary of the referral.",
            age_years=rng.randrange(17),
        )
        for n in range(reviews)
    )
    Decision.objects.bulk_create(
        Decision(
            referral=r,
            meeting_on=r.received_on + dt.timedelta(days=14),
            outcome=rng.choice(types),
            rationale="The criteria are met.",
        )
        for r in referrals
    )
    made = []
    for n, referral in enumerate(referrals):
        agreed = referral.received_on + dt.timedelta(days=20)
        initiated = agreed + dt.timedelta(days=rng.randrange(40))
        completed = initiated + dt.timedelta(days=rng.randrange(120, 500))
        published = completed + dt.timedelta(days=rng.randrange(30, 200))
        made.append(
            Review(
                partnership=partnership,
                ref=f"Ref{n:05d}",
                referral=referral,
                review_type=rng.choice(types),
                summary=f"Review {n}",
                location="Benchtown",
                gender=referral.gender,
                age_years=referral.age_years,
                status="published",
                agreed_on=agreed,
                initiated_on=initiated,
                completed_on=completed,
                published_on=published,
                publication_handling="media_event",
            )
        )
    made = Review.objects.bulk_create(made)
    Delay.objects.bulk_create(
        Delay(review=r, noted_on=r.initiated_on + dt.timedelta(days=150), reason="criminal")
        for r in made
        if rng.random() < 0.4
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(review=r, number=k, text="Recommendation.") for r in made for k in (1, 2)
    )
    per = max(1, actions // len(recommendations))
    action_rows = Action.objects.bulk_create(
        Action(
            partnership=partnership,
            recommendation=rec,
            agency=rng.choice(agencies),
            description="An action.",
            lead_role="Lead",
            due_on=rec.review.initiated_on + dt.timedelta(days=300),
            status=rng.choice(["red", "amber", "green", "blue"]),
        )
        for rec in recommendations
        for _ in range(per)
    )
    updates = []
    for action in action_rows:
        day = action.due_on - dt.timedelta(days=250)
        previous = "red"
        for status in ("amber", action.status):
            if status == previous:
                continue
            day += dt.timedelta(days=rng.randrange(20, 200))
            updates.append(
                ActionUpdate(
                    action=action,
                    kind="status",
                    written_on=day,
                    status_from=previous,
                    status_to=status,
                )
            )
            previous = status
    ActionUpdate.objects.bulk_create(updates, batch_size=5000)
    return partnership


def _measure(reviews: int, actions: int, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    partnership = _populate(reviews, actions)
    from casereviews.actions.models import Action, ActionUpdate
    from casereviews.core.reporting_year import ReportingYear
    from casereviews.reports import exports
    from casereviews.reports.annual import documents, sections

    year = ReportingYear(2016)
    today = timezone.localdate()

    def ours() -> int:
        report = sections.build(partnership, year, today)
        return len(documents.to_json(report))

    def baseline() -> int:
        return len(json.dumps(list(exports.records("reviews", partnership))))

    ours(), baseline()  # warm-up: both have their code and the database pages loaded
    ours_runs, base_runs = [], []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        ours()
        ours_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        baseline()
        base_runs.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    documents.to_docx(sections.build(partnership, year, today))
    docx_seconds = time.perf_counter() - t0
    ratios = sorted(o / b for o, b in zip(ours_runs, base_runs, strict=True))
    return {
        "reviews": reviews,
        "actions": Action.objects.filter(partnership=partnership).count(),
        "action_updates": ActionUpdate.objects.count(),
        "database": connection.vendor,
        "runs": len(ratios),
        "annual_report_json_seconds": round(statistics.median(ours_runs), 3),
        "annual_report_docx_seconds": round(docx_seconds, 3),
        "baseline": "register export of the same partnership as JSON (casereviews export reviews)",
        "baseline_seconds": round(statistics.median(base_runs), 3),
        "ratio": round(statistics.median(ratios), 2),
        "ratio_per_run": [round(r, 2) for r in ratios],
    }


if __name__ == "__main__":
    reviews, actions, runs = (int(a) for a in sys.argv[1:4])
    print(json.dumps(_measure(reviews, actions, runs)))
