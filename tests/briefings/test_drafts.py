"""Drafts a person would write, read as a reader would: the demo's own findings of Ref053 (three
findings of about a hundred words, six accepted themes) drafted through the page, and the PDFs
that come of them and of the demo's published briefing counted in pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereviews.briefings import services
from casereviews.briefings.demo_briefings import SEVEN_MINUTE_REF053
from casereviews.briefings.models import Briefing, BriefingKind
from casereviews.briefings.prefill import theme_sentence
from casereviews.learning.demo_learning import FINDINGS
from casereviews.learning.models import Finding, TagSource, TagState, ThemeTag
from tests.briefings.test_documents import pdf_text
from tests.factories import ReviewFactory

pytest_plugins = ["tests.briefings.briefings_fixtures"]

DEMO = [spec for spec in FINDINGS if spec.ref == "Ref053"]


@pytest.fixture
def demo_review(world):
    review = ReviewFactory(
        partnership=world.partnership, ref="Ref053", summary="Extreme neglect and cruelty"
    )
    for number, spec in enumerate(DEMO, start=1):
        finding = Finding.objects.create(
            review=review, number=number, title=spec.title, text=spec.text
        )
        for theme_id in spec.accept:
            ThemeTag.objects.create(
                finding=finding,
                theme_id=theme_id,
                source=TagSource.ENGINE,
                state=TagState.ACCEPTED,
            )
    return review


def draft(client, review, kind: str) -> Briefing:
    response = client.post(reverse("briefings:new", args=[review.pk]), {"kind": kind})
    assert response.status_code == 302
    return Briefing.objects.get(review=review, kind=kind)


def pages_of(client, briefing) -> int:
    response = client.get(reverse("briefings:pdf", args=[briefing.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)[1]


def test_why_it_matters_names_three_themes_in_lower_case(world, client_for, demo_review):
    s = draft(client_for(world.business_unit), demo_review, "seven_minute").sections
    assert s["why_it_matters"] == (
        "This review found learning about neglect and poor parenting, about case recording, "
        "chronologies and language, and about professional judgement, curiosity and "
        "uncertainty. It also touches on three other themes."
    )


def test_the_background_names_the_kind_of_review_once(world, client_for, demo_review):
    s = draft(client_for(world.business_unit), demo_review, "seven_minute").sections
    kind = demo_review.get_review_type_display().lower()
    assert s["background"].lower().count(kind) == 1
    assert "is the subject of this review, about extreme neglect and cruelty." in s["background"]


def test_two_themes_read_as_two():
    assert theme_sentence(["babies-injury", "fathers-men"]) == (
        "This review found learning about babies and non-accidental injury, and about fathers "
        "and male carers."
    )
    assert (
        theme_sentence(["neglect"])
        == "This review found learning about neglect and poor parenting."
    )
    assert theme_sentence([]) == ""


def test_key_points_come_from_each_finding(world, client_for, demo_review):
    s = draft(client_for(world.business_unit), demo_review, "seven_minute").sections
    assert s["key_points"].splitlines() == [
        "Home conditions were seen but not understood.",
        "The mother's account was accepted without checking.",
        "Child F was not seen or heard.",
    ]
    assert services.key_points_problem(s["key_points"]) is None  # publishable as drafted


def test_a_single_finding_still_gives_three_key_points(world, client_for, demo_review):
    ThemeTag.objects.filter(finding__review=demo_review, finding__number__gt=1).delete()
    Finding.objects.filter(review=demo_review, number__gt=1).delete()
    s = draft(client_for(world.business_unit), demo_review, "seven_minute").sections
    points = s["key_points"].splitlines()
    assert points[0] == "Home conditions were seen but not understood."
    assert len(points) == 3 and all(point in DEMO[0].text for point in points[1:])


def test_things_to_note_is_a_short_selection_of_the_learning(world, client_for, demo_review):
    s = draft(client_for(world.business_unit), demo_review, "seven_minute").sections
    notes = s["things_to_note"].splitlines()
    assert notes == [
        "- A chronology was not started until the final referral.",
        "- Professional curiosity was displaced by sympathy for the parent.",
        "- His stepfather lived in the household for most of the period under review but was "
        "not included in any assessment.",
    ]
    findings = sum(len(spec.text) for spec in DEMO)
    assert len(s["things_to_note"]) < findings / 4


def test_the_drafted_seven_minute_briefing_prints_on_one_page(world, client_for, demo_review):
    client = client_for(world.business_unit)
    assert pages_of(client, draft(client, demo_review, "seven_minute")) == 1


def test_the_drafted_six_step_briefing_prints_on_two_pages(world, client_for, demo_review):
    client = client_for(world.business_unit)
    briefing = draft(client, demo_review, "six_step")
    assert "about neglect and poor parenting" in briefing.sections["what_learned"]
    assert pages_of(client, briefing) <= 2


def test_the_demo_seven_minute_briefing_prints_on_one_page(world, client_for, demo_review):
    briefing = services.create_briefing(
        world.business_unit,
        demo_review,
        BriefingKind.SEVEN_MINUTE,
        title="Seeing the whole picture: neglect of a 12-year-old",
        sections=SEVEN_MINUTE_REF053,
    )
    briefing = services.publish(world.business_unit, briefing, briefing.version)
    assert pages_of(client_for(world.business_unit), briefing) == 1
