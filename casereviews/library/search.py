"""One search function, two engines: SQLite FTS5 and PostgreSQL full-text (docs/adr/0038).

The user's words are never run as query syntax. `parse` keeps only words (letters and digits)
and the phrases the user wrote in double quotes; each engine receives them quoted: FTS5 as
quoted strings ANDed together, PostgreSQL as `plainto_tsquery` / `phraseto_tsquery` ANDed
together. Stemming: FTS5's `porter` tokenizer, PostgreSQL's 'english' configuration.
The entries searched are those the user may open (selectors.entries_in_reach).
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
from casereviews.library.indexing import FTS_TABLE, MARK_END, MARK_START
from casereviews.library.models import SearchEntry
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
    # On the last passage listed of a report: how many more of its passages match.
    more: int = 0


@dataclass
class SearchPage:
    query: str
    terms: list[Term]
    results: list[Result] = field(default_factory=list)
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
    """The entries matching `query` that the user may open, best first, one page of them."""
    terms = parse(query)
    result = SearchPage(query=query, terms=terms, page=max(1, page), per_page=per_page)
    if not terms:
        return result
    entries = selectors.filtered(selectors.entries_in_reach(user), filters or Filters())
    engine = _postgres if connection.vendor == "postgresql" else _sqlite
    engine(result, terms, entries, None if (filters and filters.report) else PER_REPORT)
    return result


def grouped(ranked: list[tuple[int, str, int]], per_record: int | None) -> tuple[list[int], dict]:
    """The ids of the matches (id, kind, record id), best first, with at most `per_record`
    entries of one record, placed together where its best one ranks; and {the last id listed
    of a record: how many more of its entries match}."""
    if per_record is None:
        return [pk for pk, _, _ in ranked], {}
    groups: dict[tuple[str, int], list[int]] = {}
    counts: dict[tuple[str, int], int] = {}
    for pk, kind, record_id in ranked:
        key = (kind, record_id)
        counts[key] = counts.get(key, 0) + 1
        listed = groups.setdefault(key, [])
        if len(listed) < per_record:
            listed.append(pk)
    ordered = [pk for listed in groups.values() for pk in listed]
    more = {listed[-1]: counts[key] - len(listed) for key, listed in groups.items()}
    return ordered, {pk: n for pk, n in more.items() if n}


def _page_of(result: SearchPage, ranked: list[tuple[int, str, int]], per_record) -> tuple:
    ordered, more = grouped(ranked, per_record)
    result.total = len(ordered)
    start = (result.page - 1) * result.per_page
    return ordered[start : start + result.per_page], more


# --- SQLite FTS5 ------------------------------------------------------------------------------


def fts5_query(terms: list[Term]) -> str:
    """Each term as an FTS5 string ("word", "two words": a phrase), ANDed. Words hold only
    letters and digits, so no quote can end a string early."""
    return " AND ".join('"' + " ".join(term.words) + '"' for term in terms)


def _sqlite(
    result: SearchPage, terms: list[Term], entries: QuerySet[SearchEntry], per_record
) -> None:
    in_reach_sql, in_reach_params = entries.order_by().values("pk").query.sql_with_params()
    # `+rowid`: FTS5 must not take the reach list as rowids to look up one by one (a MATCH per
    # id); it finds the matches once and the list filters them.
    where = f"{FTS_TABLE} MATCH %s AND +{FTS_TABLE}.rowid IN ({in_reach_sql})"
    params = [fts5_query(terms), *in_reach_params]
    with connection.cursor() as cursor:
        # One pass over the matches, best first, with the record each comes from: their number
        # and this page's ids. (bm25() cannot sit beside a window count; the ids of every match
        # are small to fetch.) CROSS JOIN: the full-text match runs first, then each match's
        # entry is looked up by id.
        table = SearchEntry._meta.db_table
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid, e.kind, e.record_id FROM {FTS_TABLE} "  # noqa: S608
            f"CROSS JOIN {table} e ON e.id = {FTS_TABLE}.rowid WHERE {where} "
            f"ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), {FTS_TABLE}.rowid",
            params,
        )
        page, more = _page_of(result, cursor.fetchall(), per_record)
        # Snippets for this page only: SQLite would make one for every match before sorting.
        snippets: dict[int, str] = {}
        if page:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}) "  # noqa: S608
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid IN ({', '.join(['%s'] * len(page))})",
                [MARK_START, MARK_END, params[0], *page],
            )
            snippets = dict(cursor.fetchall())
    found = SearchEntry.objects.defer("body").in_bulk(page)
    result.results = [
        Result(found[pk], highlight(snippets.get(pk, "")), more.get(pk, 0))
        for pk in page
        if pk in found
    ]


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


def _postgres(
    result: SearchPage, terms: list[Term], entries: QuerySet[SearchEntry], per_record
) -> None:
    query = ts_query(terms)
    # The generated tsvector column with its GIN index (migration 0001); not a model field.
    vector = RawSQL(  # noqa: S611
        f'"{SearchEntry._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
    )
    matching = entries.annotate(vector=vector).filter(vector=query)
    ranked = matching.annotate(rank=SearchRank(vector, query)).order_by("-rank", "pk")
    page, more = _page_of(result, list(ranked.values_list("pk", "kind", "record_id")), per_record)
    snippets = dict(
        SearchEntry.objects.filter(pk__in=page)
        .annotate(
            snippet=SearchHeadline(
                _window(terms),
                query,
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
    found = SearchEntry.objects.defer("body").in_bulk(page)
    result.results = [
        Result(found[pk], highlight(snippets.get(pk, "")), more.get(pk, 0)) for pk in page
    ]
