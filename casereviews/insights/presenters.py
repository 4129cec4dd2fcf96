"""The analysis pages' tables and charts. A table is plain text cells, so the page, its CSV
download and the screen reader all read the same figures."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from markupsafe import Markup

from casereviews.analysis import TOXIC_TRIO
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.spreadsheets import safe_cell
from casereviews.insights import charts, selectors
from casereviews.learning.themes import theme_name, theme_names
from casereviews.reviews.models import DecisionOutcome

TREND_YEARS = 5  # reporting years shown in the trend, the latest with themes
TREND_LINES = 5  # themes drawn in the trend chart: the most raised
TREND_STEP = 5  # percentage points between two years that make a theme rising or falling


@dataclass
class Table:
    key: str  # its name in the CSV's address
    caption: str
    head: list[str]
    rows: list[list[str]]
    chart: Markup | None = None
    note: str = ""
    links: dict[int, str] = field(default_factory=dict)  # row index -> the theme's page

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([safe_cell(c) for c in self.head])
        writer.writerows([safe_cell(c) for c in row] for row in self.rows)
        return out.getvalue()


def percent(n: int, of: int) -> str:
    return f"{round(100 * n / of)}%" if of else "0%"


def _pct(n: int, of: int) -> float:
    return 100.0 * n / of if of else 0.0


@dataclass
class Analysis:
    year: ReportingYear | None
    reviews: int
    national_name: str
    national_documents: int
    tables: dict[str, Table]

    @property
    def ordered(self) -> list[Table]:
        return list(self.tables.values())


def _prevalence(rt, reviews: int, national: dict[str, int], n_docs: int, names) -> Table:
    counts = selectors.theme_counts(rt)
    order = sorted(names, key=lambda t: (-counts.get(t, {}).get("reviews", 0), names[t]))
    head = ["Theme", "Reviews", "% of reviews", "Findings", "Reports"]
    if n_docs:
        head += ["National documents", "% of national documents"]
    rows, bars, links = [], [], {}
    for tid in order:
        c = counts.get(tid, {"reviews": 0, "findings": 0, "reports": 0})
        row = [names[tid], str(c["reviews"]), percent(c["reviews"], reviews)]
        row += [str(c["findings"]), str(c["reports"])]
        nat = national.get(tid, 0)
        if n_docs:
            row += [str(nat), percent(nat, n_docs)]
        links[len(rows)] = tid
        rows.append(row)
        bars.append(
            charts.Bar(
                names[tid],
                _pct(c["reviews"], reviews),
                f"{percent(c['reviews'], reviews)} ({c['reviews']})",
                _pct(nat, n_docs) if n_docs else None,
                f"{percent(nat, n_docs)} national" if n_docs else "",
            )
        )
    chart = charts.bar_chart(
        bars,
        title="Theme prevalence: the share of reviews raising each theme",
        desc="Bar chart; the same figures are in the table that follows.",
        key="chart-prevalence",
    )
    return Table("prevalence", "Theme prevalence", head, rows, chart, links=links)


def _trend(rt, names) -> Table:
    totals, cells = selectors.counts_by(rt, "year")
    years = sorted(y for y in totals if y is not None)[-TREND_YEARS:]
    labels = [ReportingYear(y).label for y in years]
    overall = {t: sum(cells.get((y, t), 0) for y in years) for t in names}
    order = sorted(names, key=lambda t: (-overall[t], names[t]))
    head = [
        "Theme",
        *[f"{label} ({totals[y]} reviews)" for label, y in zip(labels, years, strict=True)],
        "Trend",
    ]  # noqa: E501
    rows = []
    for tid in order:
        row = [names[tid]]
        row += [f"{cells.get((y, tid), 0)} ({percent(cells.get((y, tid), 0), totals[y])})"
                for y in years]  # fmt: skip
        rows.append([*row, _trend_word(tid, years, totals, cells)])
    series = [
        (names[t], [_pct(cells.get((y, t), 0), totals[y]) for y in years])
        for t in order[:TREND_LINES]
        if overall[t]
    ]
    chart = (
        charts.line_chart(
            labels,
            series,
            title="Trend: the share of each year's reviews raising the most frequent themes",
            desc="Line chart by reporting year; the figures for every theme are in the table.",
            key="chart-trend",
        )
        if years and series
        else None
    )
    note = (
        "Reviews fall in the reporting year (1 April to 31 March) in which they were agreed, "
        "else initiated. The trend compares the last two years shown; a change of "
        f"{TREND_STEP} percentage points or more is rising or falling."
    )
    return Table("trend", "Themes by reporting year", head, rows, chart, note)


def _trend_word(tid, years, totals, cells) -> str:
    if len(years) < 2:
        return "Not enough years"
    before, now = years[-2], years[-1]
    change = _pct(cells.get((now, tid), 0), totals[now]) - _pct(
        cells.get((before, tid), 0), totals[before]
    )
    if change >= TREND_STEP:
        return f"Rising ({round(change)} points)"
    if change <= -TREND_STEP:
        return f"Falling ({round(-change)} points)"
    return "Steady"


def _trio(rt, reviews: int, counts_pairs, corpus, national: dict[str, int]) -> Table:
    single = {
        t: c["reviews"] for t, c in selectors.theme_counts(rt.filter(tid__in=TOXIC_TRIO)).items()
    }  # noqa: E501
    pairs = {(a, b): n for a, b, n in counts_pairs}
    national_pairs = {(p["a"], p["b"]): p["documents"] for p in (corpus.pairs if corpus else [])}
    n_docs = corpus.documents if corpus else 0
    lines: list[tuple[str, int, int]] = []
    for t in TOXIC_TRIO:
        lines.append((theme_name(t), single.get(t, 0), national.get(t, 0)))
    trio = sorted(TOXIC_TRIO)
    for i, a in enumerate(trio):
        for b in trio[i + 1 :]:
            lines.append(
                (
                    f"{theme_name(a)} with {theme_name(b)}",
                    pairs.get((a, b), 0),
                    national_pairs.get((a, b), national_pairs.get((b, a), 0)),
                )
            )
    lines.append(
        (
            "All three (the toxic trio)",
            selectors.toxic_trio_reviews(rt),
            corpus.toxic_trio if corpus else 0,
        )  # noqa: E501
    )
    head = ["Themes", "Reviews", "% of reviews"]
    if n_docs:
        head += ["National documents", "% of national documents"]
    rows = []
    for label, n, nat in lines:
        row = [label, str(n), percent(n, reviews)]
        if n_docs:
            row += [str(nat), percent(nat, n_docs)]
        rows.append(row)
    chart = charts.bar_chart(
        [
            charts.Bar(
                label,
                _pct(n, reviews),
                f"{percent(n, reviews)} ({n})",
                _pct(nat, n_docs) if n_docs else None,
                f"{percent(nat, n_docs)} national" if n_docs else "",
            )
            for label, n, nat in lines
        ],
        title="The toxic trio: domestic abuse, parental mental health and substance misuse",
        desc="Bar chart; the same figures are in the table that follows.",
        key="chart-trio",
    )
    return Table("toxic-trio", "The toxic trio", head, rows, chart)


def _pairs(counts_pairs, names) -> Table:
    rows = [[names.get(a, a), names.get(b, b), str(n)] for a, b, n in counts_pairs[:20]]
    return Table(
        "co-occurrence",
        "Themes raised together",
        ["Theme", "With theme", "Reviews raising both"],
        rows,
        note="The 20 pairs of themes raised together most often.",
    )


def _crosstab(rt, key: str, groups: list[tuple[object, str]], names, table_key, caption) -> Table:
    totals, cells = selectors.counts_by(rt, key)
    groups = [(g, label) for g, label in groups if totals.get(g)]
    head = ["Theme", *[f"{label} ({totals[g]} reviews)" for g, label in groups]]
    rows = [
        [
            names[t],
            *[
                f"{cells.get((g, t), 0)} ({percent(cells.get((g, t), 0), totals[g])})"
                for g, _ in groups
            ],
        ]  # fmt: skip
        for t in names
        if any(cells.get((g, t)) for g, _ in groups)
    ]
    return Table(table_key, caption, head, rows)


def _ages(rt, names) -> Table:
    table = _crosstab(
        rt, "age", selectors.AGE_GROUPS, names, "age-groups", "Themes by the child's age"
    )  # noqa: E501
    totals, _ = selectors.counts_by(rt, "age")
    bars = [
        charts.Bar(label, totals.get(g, 0), str(totals.get(g, 0)))
        for g, label in selectors.AGE_GROUPS
        if totals.get(g)
    ]
    if bars:
        table.chart = charts.bar_chart(
            bars,
            title="Reviews by the child's age group",
            desc="Bar chart of reviews per age group; the table gives each theme by age group.",
            key="chart-ages",
            scale=max(b.value for b in bars),
        )
    table.note = (
        "Age groups follow Ofsted's ages of concern: babies under one and young people of 14 "
        "and over."
    )
    return table


def _agencies(user, rt, names) -> Table:
    rows = [
        [r["agency_name"], names.get(r["tid"], r["tid"]), str(r["actions"]), str(r["complete"])]
        for r in selectors.actions_by_agency(user, rt)
    ]
    return Table(
        "agencies",
        "Actions answering each theme, by agency",
        ["Agency", "Theme", "Actions", "Complete (green or blue)"],
        rows,
        note="An action answers the themes of the findings its recommendation answers.",
    )


def analysis(user, year: ReportingYear | None) -> Analysis:
    names = theme_names()
    rt = selectors.review_themes(user)
    if year is not None:
        rt = rt.filter(year=year.first)
    reviews = selectors.reviews_counted(rt)
    corpus = selectors.national_corpus()
    national = selectors.national_counts(corpus)
    n_docs = corpus.documents if corpus else 0
    pairs = selectors.theme_pairs(rt)
    tables = [
        _prevalence(rt, reviews, national, n_docs, names),
        _trio(rt, reviews, pairs, corpus, national),
        _pairs(pairs, names),
        _ages(rt, names),
        _crosstab(
            rt,
            "rtype",
            list(DecisionOutcome.choices),
            names,
            "review-types",
            "Themes by type of review",
        ),  # fmt: skip
        _agencies(user, rt, names),
    ]
    if year is None:
        tables.insert(1, _trend(selectors.review_themes(user), names))
    return Analysis(
        year=year,
        reviews=reviews,
        national_name=corpus.name if corpus else "",
        national_documents=n_docs,
        tables={t.key: t for t in tables},
    )


def year_choices(user) -> list[tuple[str, str]]:
    years = sorted(
        {y for y in selectors.review_themes(user).values_list("year", flat=True).distinct() if y},
        reverse=True,
    )
    return [("", "All years"), *[(ReportingYear(y).label,) * 2 for y in years]]


# --- the learning loop of one theme -----------------------------------------------------------


@dataclass
class Loop:
    theme_id: str
    name: str
    findings: list
    reports: list
    reviews: int
    recommendations: list
    rag: dict[str, int]
    actions: int
    complete: int
    with_evidence: int
    briefings: list
    events: list
    audits: Table
    verdict: str


def loop(user, theme_id: str) -> Loop:
    from casereviews.actions.models import COMPLETE, Rag

    findings = selectors.theme_findings(user, theme_id)
    reports = selectors.theme_reports(user, theme_id)
    recommendations = selectors.theme_recommendations(user, theme_id)
    rag = selectors.theme_rag(user, theme_id)
    actions = sum(rag.values())
    complete = sum(n for s, n in rag.items() if s in COMPLETE)
    with_evidence = len({a.pk for r in recommendations for a in r.actions.all() if a.evidence})
    reviews = len({f.review_id for f in findings} | {r.review_id for r in reports})
    if not reviews:
        verdict = "No review in your reach has raised this theme."
    elif not actions:
        verdict = (
            f"Raised in {reviews} review{'s' if reviews != 1 else ''}, but no action in the plan "
            "answers it yet."
        )
    else:
        verdict = (
            f"Raised in {reviews} review{'s' if reviews != 1 else ''} and answered by {actions} "
            f"action{'s' if actions != 1 else ''}: {complete} complete, "
            f"{rag.get(Rag.RED, 0)} red and {rag.get(Rag.AMBER, 0)} amber; {with_evidence} with "
            "evidence of impact."
        )
    return Loop(
        theme_id=theme_id,
        name=theme_name(theme_id),
        findings=findings,
        reports=reports,
        reviews=reviews,
        recommendations=recommendations,
        rag=rag,
        actions=actions,
        complete=complete,
        with_evidence=with_evidence,
        briefings=selectors.theme_briefings(user, theme_id),
        events=selectors.theme_events(user, theme_id),
        audits=_audit_table(user, theme_id),
        verdict=verdict,
    )


def _audit_table(user, theme_id: str) -> Table:
    from casereviews.audits.models import Judgement

    rows_in = selectors.theme_audits(user, theme_id)
    years = sorted({r["year"] for r in rows_in if r["year"] is not None})
    cells = {(r["year"], r["judgement"]): r["n"] for r in rows_in}
    head = ["Reporting year", *[label for _, label in Judgement.choices], "Share addressed"]
    rows = []
    for y in years:
        counts = [cells.get((y, j), 0) for j, _ in Judgement.choices]
        evident = cells.get((y, Judgement.EVIDENT_ADDRESSED), 0) + cells.get(
            (y, Judgement.EVIDENT_NOT_ADDRESSED), 0
        )
        rows.append(
            [
                ReportingYear(y).label,
                *[str(n) for n in counts],
                percent(cells.get((y, Judgement.EVIDENT_ADDRESSED), 0), evident) + " of evident",
            ]
        )
    return Table(
        "audits",
        "What case audits found on this theme",
        head,
        rows,
        note="Judgements on the case audit themes mapped to this theme, counted per reporting "
        "year of the audit (finished audits only; no case is shown).",
    )
