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
    engine(result, terms, entries)
    return result


# --- SQLite FTS5 ------------------------------------------------------------------------------


def fts5_query(terms: list[Term]) -> str:
    """Each term as an FTS5 string ("word", "two words": a phrase), ANDed. Words hold only
    letters and digits, so no quote can end a string early."""
    return " AND ".join('"' + " ".join(term.words) + '"' for term in terms)


def _sqlite(result: SearchPage, terms: list[Term], entries: QuerySet[SearchEntry]) -> None:
    in_reach_sql, in_reach_params = entries.order_by().values("pk").query.sql_with_params()
    # `+rowid`: FTS5 must not take the reach list as rowids to look up one by one (a MATCH per
    # id); it finds the matches once and the list filters them.
    where = f"{FTS_TABLE} MATCH %s AND +{FTS_TABLE}.rowid IN ({in_reach_sql})"
    params = [fts5_query(terms), *in_reach_params]
    with connection.cursor() as cursor:
        # One pass over the matches, best first: their number and this page's ids. (bm25()
        # cannot sit beside a window count; the ids of every match are small to fetch.)
        cursor.execute(
            f"SELECT {FTS_TABLE}.rowid FROM {FTS_TABLE} WHERE {where} "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), {FTS_TABLE}.rowid",
            params,
        )
        ranked = [row[0] for row in cursor.fetchall()]
        result.total = len(ranked)
        start = (result.page - 1) * result.per_page
        page = ranked[start : start + result.per_page]
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
    rows = [(pk, snippets.get(pk, "")) for pk in page]
    found = SearchEntry.objects.defer("body").in_bulk([row[0] for row in rows])
    result.results = [Result(found[pk], highlight(snip)) for pk, snip in rows if pk in found]


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


def _postgres(result: SearchPage, terms: list[Term], entries: QuerySet[SearchEntry]) -> None:
    query = ts_query(terms)
    # The generated tsvector column with its GIN index (migration 0001); not a model field.
    vector = RawSQL(  # noqa: S611
        f'"{SearchEntry._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
    )
    matching = entries.annotate(vector=vector).filter(vector=query)
    result.total = matching.count()
    start = (result.page - 1) * result.per_page
    ranked = matching.annotate(rank=SearchRank(vector, query)).order_by("-rank", "pk")
    page = list(ranked[start : start + result.per_page].values_list("pk", flat=True))
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
    result.results = [Result(found[pk], highlight(snippets.get(pk, ""))) for pk in page]
