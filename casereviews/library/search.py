"""One search function, two engines: SQLite FTS5 and PostgreSQL full-text (docs/adr/0038).

The user's words are never run as query syntax. `parse` keeps only words (letters and digits)
and the phrases the user wrote in double quotes; each engine receives them quoted: FTS5 as
quoted strings ANDed together, PostgreSQL as `plainto_tsquery` / `phraseto_tsquery` ANDed
together. Stemming: FTS5's `porter` tokenizer, PostgreSQL's 'english' configuration.
The entries searched are those the user may open (selectors.entries_in_reach).

Records are matched, counted and ranked (a review report as one whole entry, part 0); then,
for the reports on the results page shown only, a second query finds their best matching pages
(at most PER_REPORT each, the rest counted and linked), so the cost of ranking does not grow
with the number of pages in the library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from markupsafe import Markup, escape

from casereviews.library import selectors
from casereviews.library.indexing import (
    FTS_TABLE,
    MARK_END,
    MARK_START,
    PAGES_FTS_TABLE,
    record_token,
)
from casereviews.library.models import Kind, SearchEntry
from casereviews.library.selectors import Filters

PER_PAGE = 20
# A report's pages beyond this many are not listed among the results, but counted and linked
# ("N more in this report"), so that one long report does not fill the results.
PER_REPORT = 3
MAX_TERMS = 16
SNIPPET_WORDS = 28
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


def parse(query: str) -> list[Term]:
    """Phrases in double quotes, and single words; everything else is dropped.

    An unclosed quote runs to the end of the query. Underscores split words, as both engines
    split them.
    """
    terms: list[Term] = []
    for index, part in enumerate((query or "").split('"')):
        words = [w for w in _WORD.findall(part.replace("_", " "))]
        if index % 2 == 1 and words:
            terms.append(Term(tuple(words)))
        else:
            terms.extend(Term((w,)) for w in words)
    return terms[:MAX_TERMS]


@dataclass
class Result:
    entry: SearchEntry
    snippet: Markup
    # On the last page listed of a report: how many more of its pages match.
    more: int = 0


@dataclass
class SearchPage:
    query: str
    terms: list[Term]
    results: list[Result] = field(default_factory=list)
    # Records found (a report counts once, however many of its pages match); with
    # Filters.report, that report's pages.
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def highlight(text: str) -> Markup:
    """The engine's snippet with everything escaped except its highlight marks."""
    escaped = str(escape(text or ""))
    marked = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return Markup(marked)  # noqa: S704 - escaped above, only our marks added


def search(
    user, query: str, filters: Filters | None = None, *, page: int = 1, per_page: int = PER_PAGE
) -> SearchPage:
    """The records matching `query` that the user may open, best first, one page of them; a
    report as its best matching pages. With `filters.report`, every matching page of that
    report."""
    terms = parse(query)
    result = SearchPage(query=query, terms=terms, page=max(1, page), per_page=per_page)
    if not terms:
        return result
    filters = filters or Filters()
    records = selectors.filtered(selectors.entries_in_reach(user), filters).filter(part=0)
    engine = Postgres(terms) if connection.vendor == "postgresql" else Sqlite(terms)
    start = (result.page - 1) * result.per_page
    if filters.report:
        # One report the user may open: its pages directly, all of them.
        ranked = engine.pages([filters.report]) if records.exists() else []
        result.total = len(ranked)
        listed = [(pk, 0) for pk, _ in ranked[start : start + result.per_page]]
    else:
        ranked = engine.records(records)
        result.total = len(ranked)
        listed = _with_pages(engine, ranked[start : start + result.per_page])
    result.results = _results(engine, listed)
    return result


def grouped(ranked: list[tuple[int, int]], per_record: int) -> dict[int, tuple[list[int], int]]:
    """{record id: (the ids of its first `per_record` matches, how many more match)} from the
    matches (id, record id), best first."""
    groups: dict[int, tuple[list[int], int]] = {}
    for pk, record_id in ranked:
        listed, more = groups.get(record_id, ([], 0))
        if len(listed) < per_record:
            groups[record_id] = ([*listed, pk], 0)
        else:
            groups[record_id] = (listed, more + 1)
    return groups


def _with_pages(engine, on_page: list[tuple[int, str, int]]) -> list[tuple[int, int]]:
    """(entry id, more) to show for this page's records: a report's best matching pages in
    its place (the last with how many more match), else the record's own entry (any other
    record; a report none of whose pages holds every term, say a phrase across two pages)."""
    reports = [record_id for _, kind, record_id in on_page if kind == Kind.REPORT]
    pages = grouped(engine.pages(reports), PER_REPORT) if reports else {}
    listed: list[tuple[int, int]] = []
    for pk, kind, record_id in on_page:
        if kind == Kind.REPORT and record_id in pages:
            ids, more = pages[record_id]
            listed += [(page_id, 0) for page_id in ids[:-1]] + [(ids[-1], more)]
        else:
            listed.append((pk, 0))
    return listed


def _results(engine, listed: list[tuple[int, int]]) -> list[Result]:
    found = SearchEntry.objects.defer("body").in_bulk([pk for pk, _ in listed])
    snippets = engine.snippets(
        [pk for pk, _ in listed if pk in found and not found[pk].part],
        [pk for pk, _ in listed if pk in found and found[pk].part],
    )
    return [
        Result(found[pk], highlight(snippets.get(pk, "")), more)
        for pk, more in listed
        if pk in found
    ]


# --- SQLite FTS5 ------------------------------------------------------------------------------


def fts5_query(terms: list[Term]) -> str:
    """Each term as an FTS5 string ("word", "two words": a phrase), ANDed. Words hold only
    letters and digits, so no quote can end a string early."""
    return " AND ".join('"' + " ".join(term.words) + '"' for term in terms)


class Sqlite:
    """Whole records in FTS_TABLE; reports' pages in PAGES_FTS_TABLE, whose `record` column
    holds the report's token, so that one MATCH finds the pages of the reports asked for."""

    def __init__(self, terms: list[Term]):
        self.match = fts5_query(terms)

    def records(self, entries: QuerySet[SearchEntry]) -> list[tuple[int, str, int]]:
        """(id, kind, record id) of every match, best first."""
        in_reach_sql, in_reach_params = entries.order_by().values("pk").query.sql_with_params()
        table = SearchEntry._meta.db_table
        # `+rowid`: FTS5 must not take the reach list as rowids to look up one by one (a MATCH
        # per id); it finds the matches once and the list filters them. CROSS JOIN: the
        # full-text match runs first, then each match's entry is looked up by id. (bm25()
        # cannot sit beside a window count; the ids of every match are small to fetch.)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {FTS_TABLE}.rowid, e.kind, e.record_id FROM {FTS_TABLE} "  # noqa: S608
                f"CROSS JOIN {table} e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND +{FTS_TABLE}.rowid IN ({in_reach_sql}) "
                f"ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), {FTS_TABLE}.rowid",
                [self.match, *in_reach_params],
            )
            return cursor.fetchall()

    def _pages_match(self, reports: list[int]) -> str:
        tokens = " OR ".join(f'"{record_token(r)}"' for r in reports)
        return f"body : ({self.match}) AND record : ({tokens})"

    def pages(self, reports: list[int]) -> list[tuple[int, int]]:
        """(id, report id) of the matching pages of these reports, best first."""
        if not reports:
            return []
        table = SearchEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.rowid, e.record_id FROM {PAGES_FTS_TABLE} p "  # noqa: S608
                f"CROSS JOIN {table} e ON e.id = p.rowid "
                f"WHERE {PAGES_FTS_TABLE} MATCH %s AND e.kind = %s "
                f"ORDER BY bm25({PAGES_FTS_TABLE}, 0.0, 1.0), p.rowid",
                [self._pages_match(reports), Kind.REPORT],
            )
            return cursor.fetchall()

    def snippets(self, records: list[int], pages: list[int]) -> dict[int, str]:
        """Snippets of the entries shown only: SQLite would make one for every match."""
        found: dict[int, str] = {}
        with connection.cursor() as cursor:
            for table, ids, match in (
                (FTS_TABLE, records, self.match),
                (PAGES_FTS_TABLE, pages, f"body : ({self.match})"),
            ):
                if ids:
                    cursor.execute(
                        f"SELECT rowid, snippet({table}, 1, %s, %s, '…', {SNIPPET_WORDS}) "  # noqa: S608
                        f"FROM {table} WHERE {table} MATCH %s "
                        f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
                        [MARK_START, MARK_END, match, *ids],
                    )
                    found.update(cursor.fetchall())
        return found


# --- PostgreSQL full-text search --------------------------------------------------------------


def ts_query(terms: list[Term]) -> SearchQuery:
    query = None
    for term in terms:
        part = SearchQuery(
            " ".join(term.words),
            search_type="phrase" if term.is_phrase else "plain",
            config="english",
        )
        query = part if query is None else query & part
    return query


# ts_headline parses the whole text it is given: 20 reports of 50 pages took 0.8 s. It is given
# a window of the text around the first place the first word's start appears (a report's
# passage); where that is not found (only another form of the word matches), the start.
WINDOW_BEFORE, WINDOW_CHARS = 1_500, 5_000


def _window(terms: list[Term]) -> Substr:
    prefix = terms[0].words[0].lower()[:5]
    found_at = StrIndex(Lower("body"), Value(prefix))
    start = Greatest(Value(1), found_at - Value(WINDOW_BEFORE))
    return Substr("body", start, WINDOW_CHARS)


class Postgres:
    """One tsvector column over every entry; its GIN index holds whole records only (part 0,
    migration 0002), which the ranking reads; a report's pages are read by report id."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.query = ts_query(terms)
        # The generated tsvector column (migration 0001); not a model field.
        self.vector = RawSQL(  # noqa: S611
            f'"{SearchEntry._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
        )

    def _ranked(self, entries: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
        matching = entries.annotate(vector=self.vector).filter(vector=self.query)
        return matching.annotate(rank=SearchRank(self.vector, self.query)).order_by("-rank", "pk")

    def records(self, entries: QuerySet[SearchEntry]) -> list[tuple[int, str, int]]:
        return list(self._ranked(entries).values_list("pk", "kind", "record_id"))

    def pages(self, reports: list[int]) -> list[tuple[int, int]]:
        pages = SearchEntry.objects.filter(kind=Kind.REPORT, record_id__in=reports, part__gt=0)
        return list(self._ranked(pages).values_list("pk", "record_id"))

    def snippets(self, records: list[int], pages: list[int]) -> dict[int, str]:
        return dict(
            SearchEntry.objects.filter(pk__in=[*records, *pages])
            .annotate(
                snippet=SearchHeadline(
                    _window(self.terms),
                    self.query,
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
