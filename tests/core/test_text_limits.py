"""Free text has a limit (core.forms.FreeTextField): a 118,622-character summary is refused
with the GOV.UK message, nothing is saved, and the page says the limit as a character count."""

from __future__ import annotations

import pytest

from casereviews.core.forms import LONG_TEXT_MAX_CHARS, TEXT_MAX_CHARS, FreeTextField
from casereviews.learning.forms import FindingForm
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review
from tests.factories import ReviewFactory
from tests.referrals.conftest import referral_post
from tests.reviews.conftest import edit_data

pytestmark = pytest.mark.django_db

PASTED = "A long paste. " * 8473  # 118,622 characters


def test_the_pasted_summary_is_as_long_as_the_one_once_accepted():
    assert len(PASTED) == 118_622


def test_a_referral_with_a_too_long_summary_is_refused(client_for, world):
    response = client_for(world.business_unit).post(
        "/referrals/new/", referral_post(world, summary=PASTED)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    # (the pasted text's last space is trimmed, as every text answer is)
    assert "Summary must be 10,000 characters or less (it has 118,621: 108,621 too many)" in html
    assert not Referral.objects.exists()


def test_a_summary_at_the_limit_is_saved(client_for, world):
    response = client_for(world.business_unit).post(
        "/referrals/new/", referral_post(world, summary="x" * TEXT_MAX_CHARS)
    )
    assert response.status_code == 302
    assert len(Referral.objects.get().summary) == TEXT_MAX_CHARS


def test_the_form_shows_a_character_count_without_cutting_pastes(client_for, world):
    html = client_for(world.business_unit).get("/referrals/new/").content.decode()
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="10000"' in html
    assert 'maxlength="10000"' not in html.replace('data-maxlength="10000"', "")


def test_a_review_summary_keeps_its_own_shorter_limit(client_for, world):
    """The register's one-line summary keeps its 300 characters, with the same message."""
    review = ReviewFactory(partnership=world.partnership, ref="Ref057")
    response = client_for(world.business_unit).post(
        f"/reviews/{review.pk}/edit/", edit_data(review, summary=PASTED)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Summary must be 300 characters or less" in html
    assert 'data-maxlength="300"' in html
    assert Review.objects.get(pk=review.pk).summary == "Extreme neglect and cruelty"


def test_a_finding_may_be_longer_but_not_endless():
    field = FindingForm.base_fields["text"]
    assert isinstance(field, FreeTextField) and field.limit == LONG_TEXT_MAX_CHARS
    form = FindingForm(data={"text": "y" * (LONG_TEXT_MAX_CHARS + 1)})
    assert not form.is_valid()
    assert "must be 50,000 characters or less" in form.errors["text"][0]
