"""The learning library's search: both engines (run with DATABASE_URL for PostgreSQL), quoting,
the reach rule, filters, and the index kept by the write services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from casereviews.briefings import services as briefings
from casereviews.briefings.models import BriefingKind
from casereviews.core import search_index
from casereviews.learning import services as learning
from casereviews.library import indexing, search
from casereviews.library.models import Kind, SearchEntry
from casereviews.library.selectors import Filters
from casereviews.reviews import services as reviews
from tests.factories import ReviewFactory

FATHERS = "The father was never seen by professionals; the male carers were not assessed."

SEVEN = {
    "background": "A baby was bruised.",
    "why_it_matters": "Fathers and male carers matter.",
    "key_points": "Seeing the father\nAsking who lives there\nBruising in babies",
    "things_to_note": "Notes",
    "what_to_do": "Ask about every adult in the home",
    "reflective_questions": "Who else lives here?",
}


def _published(world, ref: str, **extra):
    review = ReviewFactory(partnership=world.partnership, ref=ref, **extra)
    return reviews.update_review(
        world.business_unit,
        review,
        {
            "completed_on": dt.date(2026, 8, 1),
            "published_on": dt.date(2026, 9, 1),
            "status": "published",
        },
        review.version,
    )


@pytest.fixture
def library(world):
    """A published review with a finding about fathers, an unpublished one, a restricted one,
    a published briefing, and another partnership's finding."""
    published = _published(world, "Ref001", age_years=0, age_months=4)
    learning.add_finding(world.business_unit, published, title="Fathers unseen", text=FATHERS)
    open_review = ReviewFactory(partnership=world.partnership, ref="Ref002", age_years=15)
    learning.add_finding(
        world.business_unit, open_review, text="Fathers: unpublished finding about a stepfather"
    )
    restricted = ReviewFactory(partnership=world.partnership, ref="Ref003", restricted=True)
    learning.add_finding(
        world.business_unit, restricted, text="Secret finding: the father was a police officer"
    )
    briefing = briefings.create_briefing(
        world.business_unit,
        published,
        BriefingKind.SEVEN_MINUTE,
        title="Think father",
        sections=SEVEN,
    )
    briefings.publish(world.business_unit, briefing, briefing.version)
    theirs = ReviewFactory(partnership=world.other_partnership, ref="Ref001")
    learning.add_finding(world.outsider, theirs, text="Their father finding")
    return {"published": published, "open": open_review, "restricted": restricted}


def titles(user, query, filters=None):
    return [r.entry.title for r in search.search(user, query, filters).results]


def test_stemming_finds_fathers_and_ranks_the_title_first(world, library):
    found = titles(world.business_unit, "fathers")
    assert found[0] in {"Ref001 finding 1: Fathers unseen", "Think father"}
    assert "Ref002 finding 1" in found  # "Fathers:" in the text
    assert "Ref001 finding 1: Fathers unseen" in found
    assert "Think father" in found
    assert not [t for t in found if "Ref003" in t]  # restricted: members only
    assert "Their father finding" not in " ".join(found)


def test_the_snippet_highlights_the_words_and_escapes_the_rest(world, library):
    learning.add_finding(
        world.business_unit, library["published"], text="<script>alert(1)</script> carers"
    )
    results = search.search(world.business_unit, "carers").results
    snippets = " ".join(str(r.snippet) for r in results)
    assert "<mark>carers</mark>" in snippets
    assert "<script>" not in snippets  # escaped (SQLite) or dropped as a tag (PostgreSQL)
    assert str(search.highlight("\x02Fathers\x03 <b>&")) == "<mark>Fathers</mark> &lt;b&gt;&amp;"


def test_a_phrase_in_quotes_is_a_phrase(world, library):
    both = {"Ref001 finding 1: Fathers unseen", "Think father"}
    assert set(titles(world.business_unit, '"male carers"')) == both
    assert titles(world.business_unit, '"carers male"') == []
    # Words outside quotes are ANDed, in any order.
    assert set(titles(world.business_unit, "carers male")) == both
    assert titles(world.business_unit, '"male carers" professionals') == [
        "Ref001 finding 1: Fathers unseen"
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '""',
        "*",
        "father*",
        "NEAR(father",
        "father OR",
        "OR",
        "-father",
        "father:",
        "title:father",
        "(",
        ")",
        "^",
        "'",
        "father' OR 1=1 --",
        "\\",
        "%",
        "_",
        "NOT",
        "AND AND",
        "ünïcödé",
        "父亲",
        "🙂",
        "\x00",
        "a" * 600,
        '"unclosed phrase',
        "father & | ! <->",
    ],
)
def test_hostile_input_gives_results_or_none_never_an_error(world, library, hostile):
    page = search.search(world.business_unit, hostile)
    assert page.total >= 0
    assert all(r.entry.partnership_id == world.partnership.pk for r in page.results)


def test_query_syntax_words_are_searched_as_words(world, library):
    learning.add_finding(world.business_unit, library["published"], text="Near the school")
    assert titles(world.business_unit, "NEAR") == ["Ref001 finding 2"]
    assert titles(world.business_unit, "father*") == titles(world.business_unit, "father")


def test_practitioner_finds_only_published_learning(world, library):
    found = titles(world.practitioner, "father")
    assert "Ref001 finding 1: Fathers unseen" in found and "Think father" in found
    assert not [t for t in found if "Ref002" in t or "Ref003" in t]


def test_restricted_review_members_find_its_records(world, library):
    restricted = library["restricted"]
    assert not [t for t in titles(world.business_unit, "police officer") if "Ref003" in t]
    reviews.set_access(world.business_unit, restricted, restricted=True, members=[])
    assert titles(world.business_unit, "police officer") == ["Ref003 finding 1"]


def test_another_partnership_finds_nothing_of_ours(world, library):
    assert titles(world.outsider, "father") == ["Ref001 finding 1"]
    entry = SearchEntry.objects.get(kind=Kind.FINDING, title="Ref001 finding 1")
    assert entry.partnership_id == world.other_partnership.pk


def test_filters_narrow_the_results(world, library):
    bu = world.business_unit
    assert titles(bu, "father", Filters(kind=Kind.BRIEFING)) == ["Think father"]
    under_one = titles(bu, "father", Filters(age_group="under_1", kind=Kind.FINDING))
    assert under_one == ["Ref001 finding 1: Fathers unseen"]
    assert titles(bu, "father", Filters(age_group="14_plus")) == ["Ref002 finding 1"]
    assert titles(bu, "father", Filters(reporting_year=2026, kind=Kind.FINDING))
    assert titles(bu, "father", Filters(reporting_year=2019)) == []
    assert titles(bu, "father", Filters(review_type="thematic")) == []


def test_the_theme_filter_takes_accepted_themes_only(world, library):
    finding = library["published"].findings.get()
    tag = finding.tags.get(theme_id="fathers-men")
    assert titles(world.business_unit, "father", Filters(theme="fathers-men")) == []
    learning.accept_tag(world.business_unit, tag)
    found = titles(world.business_unit, "father", Filters(theme="fathers-men"))
    assert "Ref001 finding 1: Fathers unseen" in found
    # The review carries its findings' accepted themes.
    review_entry = SearchEntry.objects.get(kind=Kind.REVIEW, record_id=library["published"].pk)
    assert review_entry.themes == ["fathers-men"]


def test_an_edit_is_found_at_once_and_the_old_text_is_not(world, library):
    finding = library["published"].findings.get()
    learning.update_finding(
        world.business_unit, finding, {"text": "Grandmother's role"}, finding.version
    )
    assert "Ref001 finding 1: Fathers unseen" not in titles(world.business_unit, "carers")
    assert titles(world.business_unit, "grandmother") == ["Ref001 finding 1: Fathers unseen"]


def test_rebuild_writes_the_same_index_again(world, library):
    before = sorted(SearchEntry.objects.values_list("kind", "record_id", "title"))
    SearchEntry.objects.all().delete()
    call_command("library", "rebuild")
    after = sorted(SearchEntry.objects.values_list("kind", "record_id", "title"))
    assert after == before
    assert "Ref001 finding 1: Fathers unseen" in titles(world.business_unit, '"male carers"')


def test_remove_record_takes_it_out_of_the_results(world, library):
    finding = library["published"].findings.get()
    search_index.remove_record(finding)
    assert "Ref001 finding 1: Fathers unseen" not in titles(world.business_unit, "father")


def test_pages_of_results(world, library):
    for n in range(25):
        learning.add_finding(world.business_unit, library["published"], text=f"Bruising {n}")
    first = search.search(world.business_unit, "bruising", per_page=20)
    second = search.search(world.business_unit, "bruising", page=2, per_page=20)
    assert first.total == second.total == 26  # and the briefing
    assert first.pages == 2 and len(first.results) == 20 and len(second.results) == 6
    assert not {r.entry.pk for r in first.results} & {r.entry.pk for r in second.results}


def test_parse_keeps_words_and_phrases_only():
    assert [t.words for t in search.parse('fathers "male carers" NEAR(x) -y *')] == [
        ("fathers",),
        ("male", "carers"),
        ("NEAR",),
        ("x",),
        ("y",),
    ]
    assert search.fts5_query(search.parse('a "b c"')) == '"a" AND "b c"'


def test_age_groups():
    from tests.factories import ReviewFactory as R

    assert indexing.age_group(R.build(age_years=None, age_months=3)) == "under_1"
    assert indexing.age_group(R.build(age_years=4)) == "1_4"
    assert indexing.age_group(R.build(age_years=5)) == "5_9"
    assert indexing.age_group(R.build(age_years=13)) == "10_13"
    assert indexing.age_group(R.build(age_years=14)) == "14_plus"
    assert indexing.age_group(R.build(age_years=None, age_months=None)) == ""


def test_the_search_command_prints_what_the_user_would_see(world, library, capsys):
    import json

    call_command(
        "search", "fathers", "--partnership", "northshire", "--as", world.practitioner.username,
        "--format", "json",
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    titles_seen = {r["title"] for r in out["results"]}
    assert "Think father" in titles_seen and out["total"] == len(titles_seen)
    assert not [t for t in titles_seen if "Ref002" in t or "Ref003" in t]


def test_a_restricted_reviews_published_briefing_is_found_by_all_its_findings_by_members(
    world, library
):
    restricted = library["restricted"]
    reviews.set_access(world.business_unit, restricted, restricted=True, members=[])
    briefing = briefings.create_briefing(
        world.business_unit, restricted, BriefingKind.SEVEN_MINUTE, title="Officers", sections=SEVEN
    )
    briefings.publish(world.business_unit, briefing, briefing.version)
    member = titles(world.business_unit, "police officer")
    assert "Ref003 finding 1" in member
    for outsider_of_review in (world.subgroup_member, world.practitioner):
        found = titles(outsider_of_review, "officer")
        assert "Officers" in found and "Ref003 finding 1" not in found


def test_actions_are_found_by_board_members_only(world, library):
    from casereviews.actions import services as actions

    review = library["published"]
    rec = actions.create_recommendation(
        world.business_unit, review, text="Think family", findings=list(review.findings.all())
    )
    actions.create_action(
        world.business_unit,
        rec,
        agency=world.police,
        description="Train officers to ask about fathers",
        lead_role="Inspector",
        due_on=dt.date(2027, 1, 31),
    )
    assert "Action: Train officers to ask about fathers" in titles(world.subgroup_member, "train")
    assert titles(world.practitioner, "train") == []


def test_a_report_is_found_by_its_text_and_keeps_it_when_its_themes_are_decided(
    world, library, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereviews.core.pdf import render_pdf
    from casereviews.learning import reports
    from tests.learning.conftest import REPORT_HTML

    settings.FILES_ROOT = tmp_path
    pdf = SimpleUploadedFile("overview.pdf", render_pdf(REPORT_HTML), "application/pdf")
    report = reports.upload_report(world.business_unit, library["published"], pdf)
    found = search.search(world.practitioner, "GP domestic abuse").results
    assert [r.entry.title for r in found] == ["Ref001 report: overview.pdf"]
    assert "<mark>" in str(found[0].snippet)
    learning.accept_tag(world.business_unit, report.tags.order_by("id").first())
    assert titles(world.practitioner, "GP domestic abuse") == ["Ref001 report: overview.pdf"]
    call_command("library", "rebuild")  # reads the kept file again
    assert titles(world.practitioner, "GP domestic abuse") == ["Ref001 report: overview.pdf"]


def test_self_assessments_are_indexed_and_found_by_who_may_open_them(world):
    """Indexed by their service as they are written; found by the business unit and the
    agency's own people, not by another agency's lead nor another partnership."""
    from casereviews.audits.self_assessment import services as self_assessments

    lead = world.subgroup_member  # the police's agency lead
    assessment = self_assessments.start(
        lead,
        lead.partnership,
        {"issue_set": None, "agency": world.police, "team": "Harbour team", "period": "2025-26"},
    )
    answers = self_assessments.selectors.answers_of(assessment)
    self_assessments.save_answers(
        lead,
        assessment,
        {answers[0].question_id: {"rating": "amber", "evidence": "Supervision of stepfathers"}},
        assessment.version,
    )
    title = "Self-assessment 2025-26: Northshire Police, Harbour team"
    assert titles(world.business_unit, "stepfathers") == [title]
    assert titles(lead, "stepfathers") == [title]
    assert titles(world.other_subgroup_member, "stepfathers") == []  # health's lead
    assert titles(world.outsider, "stepfathers") == []
    found = search.search(world.business_unit, "harbour", Filters(kind=Kind.SELF_ASSESSMENT))
    assert [r.entry.link for r in found.results] == [
        reverse("audits:self_assessment:detail", args=[assessment.pk])
    ]
