"""The main pages and exports at three sizes, as a business unit and a practitioner (issue 13).

`python -m bench --only-web [--database-url postgres://.../EMPTY_DB] [--scale N] [--runs N]
[--json FILE]` works in a child process with its own database (a throwaway SQLite one, or the
empty PostgreSQL database given, which it flushes and migrates). It builds, in bulk, with the
builders the other benchmarks already use (bench.annual, bench.insights):

1. "demo": one partnership like the demo (40 reviews, 400 actions, 2,000 audit rows), and
   "big": bench.annual's partnership of 1,000 reviews and 10,000 actions (3% of its reviews
   restricted, its 1/20 share of the audit log); both reviews in the library's search index.
   It measures the demo-like partnership, then the big one ("big alone": the nation is not built
   yet);
2. then the rest of the nation: bench.insights' 150 partnerships (20,000 reviews, three
   findings each with two accepted themes, one recommendation, two actions; 3% restricted), the
   actions topped up to 200,000 and the audit log to 1,000,000 rows, and measures the same big
   partnership again ("nation"): the same partnership alone and inside the nation.

`--scale` shrinks the nation and the audit log (0.1: 2,000 reviews, 20,000 actions, 100,000
audit rows); the demo-like and the big partnership keep their sizes.

At each size it signs in as the partnership's business unit and as a practitioner of one of its
agencies and fetches, with Django's test client, every page of the service navigation the user
may open (portal.navigation) and the deeper pages people open most (the register sorted by
timeliness, its last page, escalation, the sharing tracker, the audit log's oldest entries, a
library search, the API lists), and the exports: the action plan as CSV and Excel (all of it,
and one agency's ~1,250 of the big partnership's 10,000 actions), the briefing paper in Word,
and the register and referrals as CSV (`casereviews export`, the only way they are exported).
Each is fetched once to warm up, then `runs` times in turn (exports a quarter as often, at
least 3). It records the median and 95th-percentile seconds, the bytes, the SQL statements, the
HTTP status, and the ratio to the named baseline measured in the same run: the sign-in page,
`/accounts/sign-in/`, fetched by a visitor not signed in (a form and no data: the cost of the
request cycle and the page layout itself). The plan exports run in the request
(CASEREVIEWS_JOBS_EXPORT_ROWS is raised in the child: the background job writes the same file).
Each export is then fetched once more under tracemalloc for its peak Python memory (a streamed
response is read chunk by chunk, not kept; memory outside Python's allocator is not counted).

The table gives, per page, the figures at each size, the ratios nation / big alone and big /
demo (medians), and marks a page whose p95 at national scale is over 150 ms ("SLOW") or whose
median there is over 1.25 times the big partnership's alone ("GROWS"). It states the load
average at the start and the end (2 cores shared: read the seconds with it; the ratios hold
better). `--json FILE` writes every figure. `make bench-web` runs it on SQLite, then on
PostgreSQL when BENCH_DATABASE_URL names an empty database. At --scale 1 a run takes several
minutes; --scale 0.1 is a quick check. BENCH_WEB_EXPLAIN="/audit-log/ /actions/" prints, at each
size, each of those pages' three slowest SQL statements (to find why a page grows).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PARTNERSHIPS = 150
NATION_REVIEWS = 20_000
NATION_ACTIONS = 200_000
AUDIT_ROWS = 1_000_000
DEMO = (40, 400, 2_000)  # reviews, actions, audit rows: about the demo's
BIG = (1_000, 10_000)  # reviews, actions (bench.annual's)
DEFAULT_SCALE = 1.0
SLOW_P95_S = 0.150
GROWS = 1.25
SIZES = ("demo", "big", "nation")
BASELINE = ("baseline: sign-in page, not signed in", "/accounts/sign-in/")
# The deeper pages each kind of user opens most, besides the service navigation.
EXTRA_PAGES = {
    "business_unit": [
        ("register by timeliness", "/reviews/?sort=timeliness"),
        ("register by timeliness, last page", "/reviews/?sort=timeliness&page=999999"),
        ("escalation", "/actions/escalation/"),
        ("sharing tracker", "/briefings/sharing/"),
        ("audit log, oldest entries", "/audit-log/?oldest=1"),
        ("library search 'review'", "/library/?q=review"),
        ("API reviews list", "/api/v1/reviews/"),
        ("API actions list", "/api/v1/actions/"),
    ],
    "practitioner": [
        ("library search 'review'", "/library/?q=review"),
        ("register by timeliness", "/reviews/?sort=timeliness"),
    ],
}
# name -> url ({agency}: one of the partnership's agencies); cmd:KIND:FORMAT is `casereviews
# export KIND --format FORMAT` of the user's partnership.
EXPORTS = {
    "business_unit": [
        ("action plan CSV", "/actions/export/?format=csv"),
        ("action plan Excel", "/actions/export/?format=xlsx"),
        ("action plan CSV, one agency", "/actions/export/?format=csv&agency={agency}"),
        ("action plan Excel, one agency", "/actions/export/?format=xlsx&agency={agency}"),
        ("briefing paper Word", "/reports/briefing-paper.docx"),
        ("register CSV (export command)", "cmd:reviews:csv"),
        ("referrals CSV (export command)", "cmd:referrals:csv"),
    ],
    "practitioner": [],
}


def default_runs(scale: float) -> int:
    """20 runs at issue 13's sizes, fewer for a quick look."""
    return 20 if scale >= 1 else max(5, round(20 * scale))


def export_runs(runs: int) -> int:
    """Exports take seconds: a quarter as many runs, at least three (or `runs` if fewer)."""
    return min(runs, max(3, runs // 4))


def make_config(
    scale: float = DEFAULT_SCALE,
    runs: int | None = None,
    *,
    demo: tuple[int, int, int] = DEMO,
    big: tuple[int, int] = BIG,
) -> dict:
    """What the child builds and how often it fetches (warm_up: False only for the test)."""
    return {
        "scale": scale,
        "runs": runs or default_runs(scale),
        "demo": list(demo),
        "big": list(big),
        "warm_up": True,
    }


def bench_web(
    scale: float = DEFAULT_SCALE,
    runs: int | None = None,
    database_url: str = "",
    *,
    demo: tuple[int, int, int] = DEMO,
    big: tuple[int, int] = BIG,
) -> dict:
    """Run the measurement in a child process with its own database; its result (a dict)."""
    config = make_config(scale, runs, demo=demo, big=big)
    with tempfile.TemporaryDirectory(prefix="bench-web-") as var:
        env = {
            **os.environ,
            "CASEREVIEWS_VAR_DIR": var,
            "CASEREVIEWS_JOBS_EXPORT_ROWS": "1000000000",
        }
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        env["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
        done = subprocess.run(  # noqa: S603 (our own module, with numbers)
            [sys.executable, "-m", "bench.web", json.dumps(config)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
    if done.returncode:
        raise SystemExit(done.returncode)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _log(message: str) -> None:
    sys.stderr.write(f"[bench-web {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def _audit_rows(partnerships: list, total: int) -> int:
    """`total` audit rows spread over `partnerships`, each about one of its actions and naming
    its review as core.audit does (bulk, bench data)."""
    from casereviews.actions.models import Action
    from casereviews.core.models import AuditAction, AuditLog

    if total <= 0 or not partnerships:
        return 0
    ids = [p.pk for p in partnerships]
    about: dict[int, list[tuple[int, int]]] = {pk: [] for pk in ids}
    for pk, partnership_id, review_id in Action.objects.filter(partnership_id__in=ids).values_list(
        "pk", "partnership_id", "recommendation__review_id"
    ):
        about[partnership_id].append((pk, review_id))
    ids = [pk for pk in ids if about[pk]]
    kinds = [value for value, _ in AuditAction.choices]

    def rows():
        for n in range(total):
            partnership_id = ids[n % len(ids)]
            own = about[partnership_id]
            action_id, review_id = own[(n // len(ids)) % len(own)]
            yield AuditLog(
                actor_name="bench",
                partnership_id=partnership_id,
                action=kinds[n % len(kinds)],
                object_type="actions.Action",
                object_id=str(action_id),
                object_repr=f"Action {action_id}",
                changes={"status": ["red", "amber"]},
                review_id=review_id,
            )

    AuditLog.objects.bulk_create(rows(), batch_size=5000)
    return total


def _more_actions(total: int, measured: list) -> None:
    """Top the nation's actions up to `total`, spread over the other partnerships'
    recommendations (bulk, bench data; the shape of bench.insights' actions)."""
    import datetime as dt

    from casereviews.actions.models import Action, Recommendation

    missing = total - Action.objects.count()
    recs = list(
        Recommendation.objects.exclude(review__partnership__in=measured).values_list(
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


def _analyse() -> None:
    """Statistics for the planner, and on PostgreSQL the vacuum that autovacuum would soon do
    (visibility map and hint bits): measured straight after a bulk load without it, a page could
    read 1,000,000 fresh audit rows while autovacuum worked beside it (the audit log: 185 ms,
    then 24 ms once vacuumed)."""
    from django.db import connection

    # VACUUM cannot run in a transaction (the tiny-size test runs the benchmark inside one).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def _users(partnership) -> dict:
    """The partnership's business unit and a practitioner of its first agency."""
    from casereviews.accounts.models import Agency, User

    agency = Agency.objects.filter(partnership=partnership).order_by("pk").first()
    return {
        role: User.objects.create(
            username=f"bench-web-{partnership.slug}-{role}",
            partnership=partnership,
            role=role,
            agency=agency if role == "practitioner" else None,
            is_active=True,
        )
        for role in ("business_unit", "practitioner")
    }


def _targets(user) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pages, exports) of `user`: the service navigation it may open, then the extras."""
    from django.urls import reverse

    from casereviews.accounts.models import Agency
    from casereviews.portal.navigation import NAV

    pages = [
        (label, reverse(name)) for label, name, perm in NAV if perm is None or user.has_perm(perm)
    ]
    pages += EXTRA_PAGES[user.role]
    agency = Agency.objects.filter(partnership=user.partnership).order_by("pk").first()
    exports = [(name, url.format(agency=agency.pk)) for name, url in EXPORTS[user.role]]
    return pages, exports


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


class _Fetcher:
    def __init__(self, user, workdir: Path) -> None:
        from django.test import Client

        self.user = user
        self.workdir = workdir
        self.client = Client(SERVER_NAME="localhost")
        self.client.force_login(user)
        self.visitor = Client(SERVER_NAME="localhost")

    def _command(self, url: str) -> tuple[int, int]:
        from django.core.management import call_command

        _, kind, fmt = url.split(":")
        out = self.workdir / f"export.{fmt}"
        call_command(
            "export",
            kind,
            format=fmt,
            out=str(out),
            partnership=self.user.partnership.slug,
            stderr=open(os.devnull, "w"),  # noqa: SIM115 (closed with the process)
        )
        return 200, out.stat().st_size

    def __call__(self, url: str) -> tuple[float, int, int, int]:
        """(seconds, bytes, SQL statements, HTTP status)."""
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        # The log keeps the last 9,000 statements: once full, a capture counted none (every page
        # read "0 queries" at the second and third sizes).
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            if url.startswith("cmd:"):
                status, size = self._command(url)
            else:
                response = (self.visitor if url == BASELINE[1] else self.client).get(url)
                if response.streaming:  # read as a browser would: chunk by chunk, not kept
                    size = sum(len(chunk) for chunk in response.streaming_content)
                else:
                    size = len(response.content)
                status = response.status_code
            seconds = time.perf_counter() - t0
        return seconds, size, len(queries.captured_queries), status


def _time(fetch: _Fetcher, targets: list[tuple[str, str]], runs: int, warm_up: bool) -> dict:
    for _, url in targets if warm_up else ():  # code, templates and database pages loaded
        fetch(url)
    times: dict[str, list[float]] = {url: [] for _, url in targets}
    seen: dict[str, tuple[int, int, int]] = {}
    for _ in range(max(1, runs)):
        for _, url in targets:  # in turn, so load on the machine falls on every page
            seconds, size, queries, status = fetch(url)
            times[url].append(seconds)
            seen[url] = (size, queries, status)
    return {
        name: {
            "url": url,
            "median_s": round(statistics.median(times[url]), 4),
            "p95_s": round(_p95(times[url]), 4),
            "bytes": seen[url][0],
            "queries": seen[url][1],
            "status": seen[url][2],
        }
        for name, url in targets
    }


def _peak_memory(fetch: _Fetcher, targets: list[tuple[str, str]], results: dict) -> None:
    for name, url in targets:
        tracemalloc.start()
        try:
            fetch(url)
            results[name]["peak_python_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        finally:
            tracemalloc.stop()


def _explain(fetch: _Fetcher, urls: str) -> None:
    """BENCH_WEB_EXPLAIN="/a/ /b/": each URL's three slowest statements, to stderr."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for url in urls.split():
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            seconds = fetch(url)[0]
        _log(f"  {url}: {seconds * 1000:.0f} ms")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        for q in slowest:
            _log(f"    {float(q['time']) * 1000:.1f} ms {q['sql'][:300]}")
        if slowest and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
                for (line,) in cursor.fetchall():
                    _log(f"      {line}")


def _like_a_fresh_worker() -> int:
    """Collect what building left and freeze the rest out of the collector's way, as in a web
    worker that never built a nation: measured in the process that had just built it, every
    page (the sign-in page too) was 1.5 times slower at national scale than for the big
    partnership alone. Returns the objects the collector still tracked before freezing."""
    gc.collect()
    tracked = len(gc.get_objects())
    gc.freeze()
    return tracked


def _measure(partnership, users: dict, config: dict, workdir: Path) -> dict:
    from casereviews.actions.models import Action
    from casereviews.core.models import AuditLog
    from casereviews.reviews.models import Review

    _log(f"  {_like_a_fresh_worker():,} objects tracked by the garbage collector, frozen")

    out = {
        "partnership": partnership.slug,
        "reviews": Review.objects.filter(partnership=partnership).count(),
        "actions": Action.objects.filter(partnership=partnership).count(),
        "audit_rows": AuditLog.objects.filter(partnership=partnership).count(),
        "nation": {
            "partnerships": partnership._meta.model.objects.count(),
            "reviews": Review.objects.count(),
            "actions": Action.objects.count(),
            "audit_rows": AuditLog.objects.count(),
        },
        "roles": {},
    }
    for role, user in users.items():
        fetch = _Fetcher(user, workdir)
        pages, exports = _targets(user)
        _log(f"  {partnership.slug}, {role}: {len(pages)} pages, {len(exports)} exports")
        runs, warm_up = config["runs"], config["warm_up"]
        result = _time(fetch, [BASELINE, *pages], runs, warm_up)
        if exports:
            result.update(_time(fetch, exports, export_runs(runs), warm_up))
            _peak_memory(fetch, exports, result)
        _explain(fetch, os.environ.get("BENCH_WEB_EXPLAIN", ""))
        base = result[BASELINE[0]]["median_s"]
        for row in result.values():
            row["ratio_to_baseline"] = round(row["median_s"] / base, 1)
        out["roles"][role] = result
    return out


def _child(config: dict) -> dict:
    """Set Django up on the child's own database, empty it, migrate it, and measure."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    return measure(config)


def measure(config: dict) -> dict:
    """Build the three sizes in the current (migrated) database and measure them."""
    from django.db import connection

    from bench import annual, insights
    from casereviews.accounts.models import Partnership
    from casereviews.library import indexing
    from casereviews.reviews.models import Review

    scale, runs = config["scale"], config["runs"]
    load_start = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-out-"))
    audit_total = int(AUDIT_ROWS * scale)

    _log("building the demo-like and the big partnership")
    started = time.perf_counter()
    demo_reviews, demo_actions, demo_audit = config["demo"]
    demo = annual._populate(demo_reviews, demo_actions, slug="demoshire", name="Demoshire")
    big = annual._populate(*config["big"])
    big_reviews = Review.objects.filter(partnership=big).order_by("pk")
    restricted = list(big_reviews.values_list("pk", flat=True)[::33])
    Review.objects.filter(pk__in=restricted).update(restricted=True)
    _audit_rows([demo], demo_audit)
    _audit_rows([big], audit_total // 20)
    for review in Review.objects.filter(partnership__in=[demo, big]):
        indexing.index_record(review)
    _analyse()
    built = {"demo_and_big_s": round(time.perf_counter() - started, 1)}
    demo_users, big_users = _users(demo), _users(big)

    sizes = {}
    _log("measuring the demo-like partnership")
    sizes["demo"] = _measure(demo, demo_users, config, workdir)
    _log("measuring the big partnership alone")
    sizes["big"] = _measure(big, big_users, config, workdir)

    _log("building the rest of the nation")
    started = time.perf_counter()
    insights._populate(PARTNERSHIPS, max(PARTNERSHIPS, int(NATION_REVIEWS * scale)))
    _more_actions(int(NATION_ACTIONS * scale), [demo, big])
    others = list(Partnership.objects.exclude(pk__in=[demo.pk, big.pk]))
    _audit_rows(others, audit_total - audit_total // 20 - demo_audit)
    _analyse()
    built["nation_s"] = round(time.perf_counter() - started, 1)
    _log("measuring the big partnership inside the nation")
    sizes["nation"] = _measure(big, big_users, config, workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "database": connection.vendor,
        "scale": scale,
        "runs": runs,
        "export_runs": export_runs(runs),
        "baseline": f"{BASELINE[1]} ({BASELINE[0]})",
        "load_average_start": [round(v, 2) for v in load_start],
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "build_seconds": built,
        "sizes": sizes,
    }


def table(result: dict) -> str:
    """The readable table of a result: one block per kind of user, one row per page."""
    sizes = result["sizes"]
    lines = [
        f"Web benchmark on {result['database']}, scale {result['scale']}, {result['runs']} runs "
        f"(exports {result['export_runs']}); load average at start "
        f"{' '.join(map(str, result['load_average_start']))}, at end "
        f"{' '.join(map(str, result['load_average_end']))}",
    ]
    for size in SIZES:
        s = sizes[size]
        lines.append(
            f"  {size:7} {s['partnership']}: {s['reviews']:,} reviews, {s['actions']:,} actions, "
            f"{s['audit_rows']:,} audit rows; in the database: {s['nation']['partnerships']} "
            f"partnerships, {s['nation']['reviews']:,} reviews, {s['nation']['actions']:,} "
            f"actions, {s['nation']['audit_rows']:,} audit rows"
        )
    lines.append(
        f"  times in ms (median/p95), q = SQL statements; baseline {result['baseline']}; "
        f"SLOW: p95 over {SLOW_P95_S * 1000:.0f} ms at national scale; nat/big: median at "
        f"national scale over the big partnership's alone; per base: the same, each size's "
        f"median divided by its own baseline's (what the larger database file and the process "
        f"cost every page, the sign-in page too, taken out); GROWS: per base over {GROWS}"
    )
    for role in sizes["nation"]["roles"]:
        lines.append("")
        lines.append(
            f"{'As ' + role.replace('_', ' '):34} {'demo q  med/p95':>18} {'big q  med/p95':>18} "
            f"{'nation q  med/p95':>20} {'nat/big':>7} {'per base':>8} {'big/demo':>8} "
            f"{'x base':>6} "
            f"{'KB':>6} {'peak MB d/b/n':>15}"
        )
        for name, nation in sizes["nation"]["roles"][role].items():
            cells = []
            rows = {size: sizes[size]["roles"].get(role, {}).get(name) for size in SIZES}
            for size in SIZES:
                row = rows[size]
                width = 20 if size == "nation" else 18
                if not row:
                    cells.append("-".rjust(width))
                    continue
                med, p95 = row["median_s"] * 1000, row["p95_s"] * 1000
                cells.append(f"{row['queries']:>4} {med:6.0f}/{p95:<5.0f}".rjust(width))
            big, demo = rows["big"], rows["demo"]
            nat_big = nation["median_s"] / big["median_s"] if big else 0
            bases = {size: sizes[size]["roles"][role][BASELINE[0]]["median_s"] for size in SIZES}
            per_base = nat_big * bases["big"] / bases["nation"] if big else 0
            big_demo = big["median_s"] / demo["median_s"] if big and demo else 0
            peaks = "/".join(
                str(rows[size].get("peak_python_mb", "")) if rows[size] else "-" for size in SIZES
            )
            marks = []
            if nation["p95_s"] > SLOW_P95_S:
                marks.append("SLOW")
            if per_base > GROWS:
                marks.append("GROWS")
            if any(row and row["status"] != 200 for row in rows.values()):
                marks.append("HTTP " + "/".join(str(r["status"]) for r in rows.values() if r))
            lines.append(
                f"{name[:34]:34} {' '.join(cells)} {nat_big:7.2f} {per_base:8.2f} {big_demo:8.2f} "
                f"{nation['ratio_to_baseline']:6.1f} {nation['bytes'] / 1000:6.0f} "
                f"{peaks if nation.get('peak_python_mb') is not None else '':>15} {' '.join(marks)}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.argv[1]))))
