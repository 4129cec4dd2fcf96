"""Recording decisions: a review with the next free Ref, conversions that keep both decisions."""

import datetime as dt

import pytest

from casereviews.core.models import AuditLog
from casereviews.referrals import services
from casereviews.referrals.models import Decision
from casereviews.reviews.models import Review
from tests.factories import DecisionFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def decide(client, referral, previous="", **overrides):
    data = {
        "meeting_on-day": "20",
        "meeting_on-month": "10",
        "meeting_on-year": "2026",
        "outcome": "case_mapping",
        "rapid_review": "yes",
        "rationale": "Agencies did not share what they knew.",
        "ref": "Ref057",
        "previous_decision": str(previous),
    }
    data.update(overrides)
    return client.post(f"/referrals/{referral.pk}/decision/", data)


@pytest.fixture
def existing_refs(world):
    ReviewFactory(partnership=world.partnership, ref="Ref055")
    ReviewFactory(partnership=world.partnership, ref="Ref056")
    ReviewFactory(partnership=world.other_partnership, ref="Ref090")  # not ours: ignored


def test_the_form_suggests_the_next_free_ref(client_for, world, referral, existing_refs):
    html = client_for(world.business_unit).get(f"/referrals/{referral.pk}/decision/")
    assert 'value="Ref057"' in html.content.decode()


def test_a_decision_to_review_creates_the_review(client_for, world, referral, existing_refs):
    client = client_for(world.business_unit)
    response = decide(client, referral)
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.outcome == "case_mapping"
    assert decision.rapid_review is True
    assert decision.recorded_by == world.business_unit
    review = Review.objects.get(referral=referral)
    assert review.ref == "Ref057"
    assert review.partnership == world.partnership
    assert review.review_type == "case_mapping"
    assert review.status == "agreed"
    assert review.agreed_on == dt.date(2026, 10, 20)
    assert review.summary == "Non-accidental injury to a baby"  # the register's style
    assert (review.location, review.gender) == (referral.locality, referral.gender)
    assert (review.age_years, review.age_months) == (0, 7)
    creates = AuditLog.objects.filter(action="create")
    assert creates.filter(object_type="referrals.Decision", actor=world.business_unit).exists()
    review_entry = creates.get(object_type="reviews.Review")
    assert review_entry.changes["after"]["ref"] == "Ref057"
    html = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Decision recorded: Case mapping exercise" in html
    assert "Review Ref057" in html
    assert "Agencies did not share what they knew." in html


def test_a_new_reviews_title_is_short_not_the_whole_referral(client_for, world, referral):
    referral.summary = (
        "Baby presented at hospital with unexplained injuries.\n\n"
        "Parents gave differing accounts. The health visitor had raised concerns in March."
    )
    referral.save()
    decide(client_for(world.business_unit), referral, ref="Ref001")
    assert Review.objects.get().summary == "Baby presented at hospital with unexplained injuries"


def test_a_long_first_sentence_is_cut_at_a_word(client_for, world, referral):
    referral.summary = "Neglect " + "and cruelty " * 40
    referral.save()
    decide(client_for(world.business_unit), referral, ref="Ref001")
    summary = Review.objects.get().summary
    assert len(summary) <= 80 and summary.endswith("…")
    assert (referral.summary[: len(summary) - 1] + " ").startswith(summary[:-1] + " ")
    assert referral.summary[len(summary) - 1] == " "  # cut between words


def test_the_ref_can_be_changed(client_for, world, referral, existing_refs):
    decide(client_for(world.business_unit), referral, ref=" Ref100 ")
    assert Review.objects.get(referral=referral).ref == "Ref100"


def test_no_further_action_creates_no_review(client_for, world, referral):
    response = decide(client_for(world.business_unit), referral, outcome="nfa", ref="")
    assert response.status_code == 302
    assert Decision.objects.get().outcome == "nfa"
    assert not Review.objects.exists()


def assert_refused(response, message):
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"meeting_on-day": "30", "meeting_on-month": "9"},
            "The meeting date must be on or after the date the referral was received, "
            "1 October 2026",
        ),
        ({"meeting_on-month": "12"}, "The meeting date must be today or in the past"),
        ({"meeting_on-day": ""}, "Date of the sub-group meeting must include a day"),
        ({"rationale": " "}, "Enter the rationale for the decision"),
        ({"outcome": ""}, "Select the decision"),
        ({"rapid_review": ""}, "Select yes if a rapid review was held"),
        ({"ref": "Ref056"}, "Ref056 is already used by another review. Enter a different Ref"),
        ({"ref": "ref56"}, "ref56 is already used by another review. Enter a different Ref"),
        ({"ref": ""}, "Enter the Ref for the new review, for example Ref057"),
    ],
)
def test_refused_decisions_save_nothing(
    client_for, world, referral, existing_refs, overrides, message
):
    assert_refused(decide(client_for(world.business_unit), referral, **overrides), message)
    assert not Decision.objects.exists()
    assert Review.objects.filter(partnership=world.partnership).count() == 2
    assert not AuditLog.objects.filter(action="create").exists()


def test_conversion_keeps_both_decisions_and_changes_the_review_type(client_for, world, referral):
    client = client_for(world.business_unit)
    decide(client, referral, ref="Ref001")
    first = Decision.objects.get()
    review = Review.objects.get()
    response = decide(
        client,
        referral,
        previous=first.pk,
        outcome="scr",
        rationale="New information from the inquest.",
        **{"meeting_on-day": "10", "meeting_on-month": "11"},
    )
    assert response.status_code == 302
    second = Decision.objects.exclude(pk=first.pk).get()
    assert second.supersedes == first
    assert Decision.objects.count() == 2
    review.refresh_from_db()
    assert review.review_type == "scr"
    assert review.ref == "Ref001"
    assert review.version == 2
    update = AuditLog.objects.get(object_type="reviews.Review", action="update")
    assert update.changes["review_type"] == ["case_mapping", "scr"]
    html = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Converted from" in html
    assert "Case mapping exercise" in html and "20 October 2026" in html
    assert "Serious case review" in html and "10 November 2026" in html
    assert "New information from the inquest." in html
    assert "Replaced by a later decision" in html


def test_nfa_then_a_review_creates_the_review(client_for, world, referral):
    client = client_for(world.business_unit)
    decide(client, referral, outcome="nfa", ref="")
    first = Decision.objects.get()
    decide(client, referral, previous=first.pk, outcome="thematic", ref="Ref003")
    assert Review.objects.get().review_type == "thematic"


def test_converting_a_review_to_no_further_action_is_refused(client_for, world, referral):
    client = client_for(world.business_unit)
    decide(client, referral, ref="Ref001")
    first = Decision.objects.get()
    response = decide(client, referral, previous=first.pk, outcome="nfa")
    assert_refused(response, "This referral already has review Ref001, and reviews are not deleted")
    assert Decision.objects.count() == 1
    assert Review.objects.get().review_type == "case_mapping"


def test_a_conversion_dated_before_the_previous_decision_is_refused(client_for, world, referral):
    DecisionFactory(referral=referral, meeting_on=dt.date(2026, 10, 20), outcome="nfa")
    previous = Decision.objects.get()
    response = decide(
        client_for(world.business_unit),
        referral,
        previous=previous.pk,
        **{"meeting_on-day": "10"},
    )
    assert_refused(
        response,
        "The meeting date must be on or after the date of the previous decision, 20 October 2026",
    )
    assert Decision.objects.count() == 1


def test_a_decision_made_meanwhile_by_someone_else_is_not_overwritten(client_for, world, referral):
    # The user opened the form at version 1, with no decision; someone recorded one since.
    services.record_decision(
        world.business_unit,
        referral,
        {"meeting_on": dt.date(2026, 10, 15), "outcome": "nfa", "rationale": "Not met."},
    )
    response = decide(client_for(world.business_unit), referral, version="1")
    assert_refused(response, "This referral was changed by")
    assert Decision.objects.count() == 1
    assert not Review.objects.exists()


def test_the_rapid_review_clock_agrees_with_a_decision_that_one_was_held(
    client_for, world, referral
):
    referral.notified_on = None
    referral.rapid_review_on = None
    referral.save()
    client = client_for(world.business_unit)
    decide(client, referral, ref="Ref001", rapid_review="yes")
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    clocks = detail[
        detail.index("Statutory clocks") : detail.index('<h2 class="govuk-heading-m">Review')
    ]
    rapid = clocks[clocks.index("Rapid review") :]
    assert "Held: date completed not recorded" in rapid
    assert "Not started" not in rapid.replace("Not counted", "")
    listing = client.get("/referrals/").content.decode()
    assert "Held: date completed not recorded" in listing
    # Once the date is recorded, the clock counts again.
    referral.notified_on = dt.date(2026, 10, 2)
    referral.rapid_review_on = dt.date(2026, 10, 16)
    referral.save()
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Met on 16 October 2026" in detail and "Held: date completed" not in detail


@pytest.mark.parametrize("held", [True, False])
def test_the_dashboard_and_reminders_stop_a_rapid_review_the_decision_says_was_held(
    client_for, world, referral, held
):
    """Notified in early October and no completion date: 'missed' on the dashboard and in the
    reminders, unless the decision in force says a rapid review was held (the referral's page
    then says its date is not recorded, and nothing calls it missed)."""
    from casereviews.reminders.selectors import due_for

    referral.la_aware_on = dt.date(2026, 9, 28)
    referral.notified_on = dt.date(2026, 10, 2)
    referral.rapid_review_on = None
    referral.save()
    client = client_for(world.business_unit)
    decide(client, referral, ref="Ref001", rapid_review="yes" if held else "no")
    today = dt.date.today()
    assert today > dt.date(2026, 10, 23)  # the rapid review fell due on 23 October 2026
    dashboard = client.get("/").content.decode()
    reminders = [d for d in due_for(world.business_unit, today) if d.kind == "referral_clock"]
    if held:
        assert "Child K" not in dashboard
        assert reminders == []
    else:
        assert "Child K" in dashboard and "Missed by" in dashboard
        assert len(reminders) == 1
