"""The main pages at national scale, as one big partnership's business unit (issue 13).

`python -m bench --only-web [--database-url postgres://.../EMPTY_DB] [--scale N]` builds, in a
child process with its own database (a throwaway SQLite one, or the empty PostgreSQL database
given), with the builders the other benchmarks already use:
- the nation: bench.insights' 150 partnerships, each review with three findings, two accepted
  themes on each and one recommendation (20,000 reviews at --scale 1), its actions topped up to
  issue 13's 200,000 in all;
- one big partnership: bench.annual's 1,000 reviews and 10,000 actions (always full size);
- audit rows: 1,000,000 at --scale 1, every 20th the big partnership's (about its actions);
- the big partnership's reviews in the library's search index.
It then signs in as the big partnership's business unit and fetches each page with Django's test
client: one warm-up, then `runs` times; it reports the median seconds, the bytes, the SQL
statements and the ratio to the named baseline measured in the same run: the sign-in page,
`/accounts/sign-in/`, fetched by a visitor not signed in (a form and no data: the cost of the
request cycle and the page layout itself).
At the default --scale 1 (issue 13's sizes) a run takes under two minutes on a 2-core machine,
on SQLite or PostgreSQL; --scale 0.1 is a quick check.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PARTNERSHIPS = 150
NATION_REVIEWS = 20_000
NATION_ACTIONS = 200_000
AUDIT_ROWS = 1_000_000
DEFAULT_SCALE = 1.0
BASELINE = ("baseline: sign-in page, not signed in", "/accounts/sign-in/")
PAGES = [
    ("dashboard", "/"),
    ("register page 1 by timeliness", "/reviews/?sort=timeliness"),
    ("register last page by timeliness", "/reviews/?sort=timeliness&page=999999"),
    ("referrals", "/referrals/"),
    ("action plan page 1", "/actions/"),
    ("escalation", "/actions/escalation/"),
    ("sharing tracker", "/briefings/sharing/"),
    ("audit log page 1", "/audit-log/"),
    ("audit log last page", "/audit-log/?page=999999"),
    ("briefing paper", "/reports/briefing-paper/"),
    ("library search 'review'", "/library/?q=review"),
    ("insights", "/insights/"),
    ("API actions list", "/api/v1/actions/"),
]


def bench_web(scale: float = DEFAULT_SCALE, runs: int = 5, database_url: str = "") -> dict:
    """Run the measurement in a child process with its own database; its JSON result."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as var:
        env = {**os.environ, "CASEREVIEWS_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        env["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
        done = subprocess.run(  # noqa: S603 (our own module, with numbers)
            [sys.executable, "-m", "bench.web", str(scale), str(runs)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _audit_rows(partnership, total: int) -> int:
    """`total` audit rows across the nation, every 20th `partnership`'s, about its actions and
    naming their review as core.audit does (bulk, bench data)."""
    from casereviews.accounts.models import Partnership
    from casereviews.actions.models import Action
    from casereviews.core.models import AuditAction, AuditLog

    others = list(Partnership.objects.exclude(pk=partnership.pk).values_list("pk", flat=True))
    own = list(
        Action.objects.filter(partnership=partnership).values_list(
            "pk", "recommendation__review_id"
        )
    )
    kinds = [value for value, _ in AuditAction.choices]

    def rows():
        for n in range(total):
            mine = n % 20 == 0 or not others
            action_id, review_id = own[n % len(own)] if mine else (n, None)
            yield AuditLog(
                actor_name="bench",
                partnership_id=partnership.pk if mine else others[n % len(others)],
                action=kinds[n % len(kinds)],
                object_type="actions.Action",
                object_id=str(action_id),
                object_repr=f"Action {action_id}",
                changes={"status": ["red", "amber"]},
                review_id=review_id,
            )

    AuditLog.objects.bulk_create(rows(), batch_size=5000)
    return total


def _more_actions(total: int) -> None:
    """Top the nation's actions up to `total`, spread over the other partnerships' recommendations
    (bulk, bench data; the same shape as bench.insights' two actions a recommendation)."""
    from casereviews.actions.models import Action, Recommendation

    missing = total - Action.objects.count()
    recs = list(
        Recommendation.objects.exclude(review__partnership__slug="benchshire").values_list(
            "pk", "review__partnership_id"
        )
    )
    if missing <= 0 or not recs:
        return
    agencies = {}
    for pk, partnership_id in Action.objects.values_list("agency_id", "partnership_id"):
        agencies.setdefault(partnership_id, pk)
    Action.objects.bulk_create(
        (
            Action(
                partnership_id=recs[n % len(recs)][1],
                recommendation_id=recs[n % len(recs)][0],
                agency_id=agencies[recs[n % len(recs)][1]],
                description="An action.",
                lead_role="Lead",
                due_on=dt.date(2026, 1, 1),
                status=("red", "amber", "green", "blue")[n % 4],
            )
            for n in range(missing)
        ),
        batch_size=5000,
    )


def _child(scale: float, runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import annual, insights
    from casereviews.accounts.models import User
    from casereviews.actions.models import Action
    from casereviews.core.models import AuditLog
    from casereviews.library import indexing
    from casereviews.reviews.models import Review

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    nation_reviews = max(PARTNERSHIPS, int(NATION_REVIEWS * scale))
    insights._populate(PARTNERSHIPS, nation_reviews)
    partnership = annual._populate(annual.REVIEWS, annual.ACTIONS)
    _more_actions(int(NATION_ACTIONS * scale))
    audit = _audit_rows(partnership, int(AUDIT_ROWS * scale))
    for review in Review.objects.filter(partnership=partnership):
        indexing.index_record(review)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    user = User.objects.create(
        username="bench-web-bu", partnership=partnership, role="business_unit", is_active=True
    )
    client, visitor = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    client.force_login(user)

    def fetch(url: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = (visitor if url == BASELINE[1] else client).get(url)
            body = b"".join(response) if response.streaming else response.content
            seconds = time.perf_counter() - t0
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return seconds, len(body), len(queries.captured_queries)

    pages = [BASELINE, *PAGES]
    for _, url in pages:  # warm-up: code, templates and database pages loaded
        fetch(url)
    times: dict[str, list[float]] = {url: [] for _, url in pages}
    sizes: dict[str, tuple[int, int]] = {}
    for _ in range(max(1, runs)):
        for _, url in pages:  # alternately, so load on the machine falls on every page
            seconds, size, queries = fetch(url)
            times[url].append(seconds)
            sizes[url] = (size, queries)
    base = statistics.median(times[BASELINE[1]])
    results = {}
    for name, url in pages:
        median = statistics.median(times[url])
        results[name] = {
            "url": url,
            "median_s": round(median, 4),
            "bytes": sizes[url][0],
            "queries": sizes[url][1],
            "ratio_to_baseline": round(median / base, 1),
        }
    return {
        "database": connection.vendor,
        "scale": scale,
        "sizes": {
            "partnerships": PARTNERSHIPS + 1,
            "reviews": Review.objects.count(),
            "actions": Action.objects.count(),
            "audit_rows": audit,
            "signed_in_partnership": {
                "reviews": Review.objects.filter(partnership=partnership).count(),
                "actions": Action.objects.filter(partnership=partnership).count(),
                "audit_rows": AuditLog.objects.filter(partnership=partnership).count(),
            },
        },
        "build_seconds": round(built, 1),
        "runs": max(1, runs),
        "baseline": f"{BASELINE[1]} ({BASELINE[0]})",
        "pages": results,
    }


if __name__ == "__main__":
    print(json.dumps(_child(float(sys.argv[1]), int(sys.argv[2]))))
