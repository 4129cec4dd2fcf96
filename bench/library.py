"""The learning library's search over a big partnership: 1,000 reviews, each with a finding and
a report of 50 pages (about 50,000 pages of text in all), issue 11.

`python -m bench.library [reviews] [pages] [--database-url URL]` builds the partnership in a
throwaway SQLite database (or the PostgreSQL database named, which it empties first), in its own
process, indexes it through the library's own indexer, then times each query `runs` times as a
business unit user (who may see everything) and prints the medians as JSON. The figure to hold
is "well under a second" per search page (count, rank, 20 snippets).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

REVIEWS = 1_000
PAGES = 50
PAGE_CHARS = 62 * 100  # bench.generate: 62 lines of 100 characters
QUERIES = [
    "father",  # in most documents: the worst case for counting and ranking
    '"professional curiosity"',
    "neglect bruising",
    "health visitor",
    "zzzunfound",
]


def bench_library(reviews: int = REVIEWS, pages: int = PAGES, database_url: str = "") -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-library-") as var:
        env = {**os.environ, "CASEREVIEWS_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        env["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
        done = subprocess.run(  # noqa: S603 (our own module, with numbers)
            [sys.executable, "-m", "bench.library", "--child", str(reviews), str(pages)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(reviews: int, pages: int, runs: int = 5) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.prose import document
    from casereviews.accounts.models import Partnership, User
    from casereviews.learning.models import Finding, ReviewReport
    from casereviews.library import indexing, search
    from casereviews.library.models import SearchEntry
    from casereviews.reviews.models import Review

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    partnership = Partnership.objects.create(name="Benchshire", slug="benchshire")
    user = User.objects.create(
        username="bench-bu", partnership=partnership, role="business_unit", is_active=True
    )
    started = time.perf_counter()
    for n in range(reviews):
        review = Review.objects.create(
            partnership=partnership,
            ref=f"Ref{n:04d}",
            review_type="scr",
            summary=document(rng, 200)[:200],
            age_years=rng.randint(0, 17),
        )
        finding = Finding.objects.create(review=review, number=1, text=document(rng, 1_500))
        report = ReviewReport.objects.create(
            review=review,
            stored_name=f"bench/{n}.pdf",
            original_name=f"Ref{n:04d} overview report.pdf",
            content_type="application/pdf",
            size=0,
            sha256="0" * 64,
            status="analysed",
            pages=pages,
        )
        indexing.index_record(review)
        indexing.index_record(finding)
        indexing.index_record(report, text=document(rng, pages * PAGE_CHARS))
    indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # The planner's statistics of the freshly filled table, as autovacuum (and the
        # library's rebuild) would gather them: without, it scans every entry of the partnership.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    timings: dict[str, dict] = {}
    for query in QUERIES:
        seconds, total = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            page = search.search(user, query)
            [str(r.snippet) for r in page.results]
            seconds.append(time.perf_counter() - t0)
            total = page.total
        # The named baseline: what a search box without a full-text index does, a
        # case-insensitive substring scan of the same text (count and the first page): whole
        # records, as the search counts them (not a report's pages too).
        words = query.strip('"').split()
        naive = []
        for _ in range(runs):
            t0 = time.perf_counter()
            scan = SearchEntry.objects.filter(partnership=partnership, part=0)
            for word in words:
                scan = scan.filter(body__icontains=word)
            scan.count()
            list(scan.values_list("title", flat=True)[:20])
            naive.append(time.perf_counter() - t0)
        timings[query] = {
            "median_s": round(statistics.median(seconds), 4),
            "results": total,
            "substring_scan_s": round(statistics.median(naive), 4),
            "speedup_vs_scan": round(statistics.median(naive) / statistics.median(seconds), 1),
        }
    return {
        "database": connection.vendor,
        "reviews": reviews,
        "pages_of_text": reviews * pages,
        "index_seconds": round(indexed, 1),
        "search": timings,
    }


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--child":
        print(json.dumps(_child(int(args[1]), int(args[2]))))
    else:
        url = ""
        if "--database-url" in args:
            at = args.index("--database-url")
            url = args[at + 1]
            del args[at : at + 2]
        numbers = [int(a) for a in args]
        print(json.dumps(bench_library(*numbers, database_url=url), indent=2))
