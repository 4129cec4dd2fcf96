"""A decision form is refused when stale, like a stale edit; a decision the same as the current
one is refused; the same decision form sent twice records one decision."""

import datetime as dt
import re

import pytest

from casereviews.referrals import services
from casereviews.referrals.models import Decision
from casereviews.reviews.models import Review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict[str, str]:
    data = {
        "meeting_on-day": "20",
        "meeting_on-month": "10",
        "meeting_on-year": "2026",
        "outcome": "single_agency",
        "rapid_review": "yes",
        "rationale": "Learning for the police only.",
        "ref": "Ref057",
    }
    data.update(overrides)
    return data


def opened(client, referral) -> dict[str, str]:
    """The hidden fields of the decision page as the user opened it."""
    html = client.get(f"/referrals/{referral.pk}/decision/").content.decode()
    return dict(
        re.findall(r'<input type="hidden" name="(version|submission_token)" value="([^"]*)"', html)
    )


@pytest.fixture
def colleague(world):
    return UserFactory(
        username="bu2",
        first_name="Priya",
        last_name="Shah",
        partnership=world.partnership,
        role="business_unit",
    )


def test_a_decision_form_opened_before_another_decision_is_refused_keeping_the_entries(
    client_for, world, referral, colleague
):
    mine = client_for(world.business_unit)
    hidden = opened(mine, referral)
    assert hidden["version"] == "1"
    # A colleague records a decision while the form is open.
    services.record_decision(
        colleague,
        referral,
        {
            "meeting_on": dt.date(2026, 10, 15),
            "outcome": "nfa",
            "rationale": "Not met.",
            "version": 1,
        },
    )
    response = mine.post(
        f"/referrals/{referral.pk}/decision/",
        {**form_data(outcome="thematic", rationale="My own careful words."), **hidden},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "This referral was changed by Priya Shah on 20 November 2026 at 10:00" in html
    assert "Your changes have not been saved" in html
    assert "My own careful words." in html  # the entries are kept
    assert 'value="thematic" checked' in html
    assert 'name="version" value="2"' in html  # now against the current version
    assert Decision.objects.count() == 1
    assert not Review.objects.exists()

    # Sent again knowingly, it is recorded.
    again = mine.post(
        f"/referrals/{referral.pk}/decision/",
        {
            **form_data(outcome="thematic", rationale="My own careful words."),
            **opened(mine, referral),
        },
    )
    assert again.status_code == 302
    assert Decision.objects.count() == 2
    assert Review.objects.get().review_type == "thematic"


def test_an_edit_of_the_referral_also_makes_an_open_decision_form_stale(
    client_for, world, referral, colleague
):
    mine = client_for(world.business_unit)
    hidden = opened(mine, referral)
    services.update_referral(colleague, referral, {"locality": "Corby"}, version=1)
    response = mine.post(f"/referrals/{referral.pk}/decision/", {**form_data(), **hidden})
    assert "This referral was changed by Priya Shah" in response.content.decode()
    assert not Decision.objects.exists()


def test_recording_a_decision_moves_the_referral_on_a_version(world, referral):
    services.record_decision(
        world.business_unit,
        referral,
        {"meeting_on": dt.date(2026, 10, 15), "outcome": "nfa", "rationale": "Not met."},
    )
    referral.refresh_from_db()
    assert referral.version == 2


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("single_agency", "The referral is already a Single agency review"),
        ("nfa", "The referral&#39;s decision is already No further action"),
    ],
)
def test_a_decision_the_same_as_the_current_one_is_refused(
    client_for, world, referral, outcome, message
):
    client = client_for(world.business_unit)
    assert (
        client.post(
            f"/referrals/{referral.pk}/decision/",
            {**form_data(outcome=outcome), **opened(client, referral)},
        ).status_code
        == 302
    )
    response = client.post(
        f"/referrals/{referral.pk}/decision/",
        {**form_data(outcome=outcome, rationale="Confirmed."), **opened(client, referral)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert Decision.objects.count() == 1
    assert "converted from" not in client.get(f"/referrals/{referral.pk}/").content.decode().lower()


def test_the_same_outcome_is_refused_from_python_too(world, referral):
    data = {"meeting_on": dt.date(2026, 10, 15), "outcome": "scr", "rationale": "Met."}
    services.record_decision(world.business_unit, referral, data)
    with pytest.raises(Exception, match="already a Serious case review"):
        services.record_decision(world.business_unit, referral, data)
    assert Decision.objects.count() == 1


def test_back_and_resubmit_records_one_decision_and_says_so(client_for, world, referral):
    client = client_for(world.business_unit)
    hidden = opened(client, referral)
    first = client.post(f"/referrals/{referral.pk}/decision/", {**form_data(), **hidden})
    assert first.status_code == 302
    client.get(first.url)
    # The browser's back button shows the same form; the user sends it again.
    again = client.post(f"/referrals/{referral.pk}/decision/", {**form_data(), **hidden})
    assert again.status_code == 302 and again.url == first.url
    assert "This was already saved" in client.get(again.url).content.decode()
    assert Decision.objects.count() == 1
    assert Review.objects.count() == 1
