"""The one declaration of reach per model, and what is derived from it (docs/adr/0013)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from casereviews.accounts.models import Partnership
from casereviews.briefings.models import Briefing
from casereviews.core import scoping
from casereviews.core.per_view import page_view_memo
from casereviews.learning.models import Finding, ReviewReport, ThemeTag
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import Review
from tests.factories import DecisionFactory, ReviewFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_model_of_ours_declares_its_reach():
    missing = [
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("casereviews.") and model is not Partnership
        if not isinstance(getattr(model, "reach", None), scoping.Reach)
        # Data of no partnership (the national corpus) says so, with why, instead.
        and not getattr(model, "platform_wide", "")
    ]
    assert missing == []


@pytest.fixture
def restricted(world):
    """A restricted review from a referral, with a finding, naming the reviewer only."""
    decision = DecisionFactory(referral__partnership=world.partnership)
    review = ReviewFactory(
        partnership=world.partnership, referral=decision.referral, ref="Ref900", restricted=True
    )
    review.restricted_members.add(world.reviewer)
    finding = Finding.objects.create(review=review, number=1, text="Nobody spoke to the child.")
    return review, finding


@pytest.mark.django_db
def test_a_restricted_reviews_records_reach_only_its_members(world, restricted):
    review, finding = restricted
    for model, pk in [
        (Review, review.pk),
        (Referral, review.referral_id),
        (Decision, review.referral.decisions.get().pk),
        (Finding, finding.pk),
    ]:
        queryset = model.objects.filter(pk=pk)
        assert scoping.in_reach(queryset, world.reviewer).exists(), model.__name__
        assert not scoping.in_reach(queryset, world.business_unit).exists(), model.__name__
        assert not scoping.in_reach(queryset, world.outsider).exists(), model.__name__


@pytest.mark.django_db
def test_a_tag_on_a_report_or_a_finding_follows_its_review(world, restricted):
    review, finding = restricted
    on_finding = ThemeTag.objects.create(
        finding=finding, theme_id="voice-of-the-child", source="person", state="accepted"
    )
    report = ReviewReport.objects.create(
        review=review,
        stored_name="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        status="analysed",
    )
    on_report = ThemeTag.objects.create(
        report=report, theme_id="voice-of-the-child", source="person", state="accepted"
    )
    for tag in (on_finding, on_report):
        assert tag.partnership_id == world.partnership.pk
        queryset = ThemeTag.objects.filter(pk=tag.pk)
        assert scoping.in_reach(queryset, world.reviewer).count() == 1
        assert scoping.in_reach(queryset, world.business_unit).count() == 0
    review.restricted = False
    review.save()
    assert scoping.in_reach(ThemeTag.objects.all(), world.business_unit).count() == 2


@pytest.mark.django_db
def test_derived_partnership_and_reviews_of_one_record(world, restricted):
    review, finding = restricted
    decision = review.referral.decisions.get()
    assert decision.partnership_id == world.partnership.pk
    assert decision.partnership == world.partnership
    assert scoping.reach_reviews(decision) == [review]
    assert scoping.may_see(world.reviewer, decision)
    assert not scoping.may_see(world.business_unit, decision)
    assert not scoping.may_see(world.business_unit, finding)


@pytest.mark.django_db
def test_published_briefings_of_a_restricted_review_are_open_to_the_partnership(world, restricted):
    review, _ = restricted
    draft = Briefing.objects.create(
        partnership=world.partnership, review=review, kind="six_step", title="Draft"
    )
    published = Briefing.objects.create(
        partnership=world.partnership,
        review=review,
        kind="six_step",
        title="Published",
        status="published",
    )
    seen = scoping.in_reach(Briefing.objects.all(), world.business_unit)
    assert list(seen) == [published]
    assert set(scoping.in_reach(Briefing.objects.all(), world.reviewer)) == {draft, published}


def test_partnership_scoping_alone_is_refused_for_records_of_a_review():
    with pytest.raises(ImproperlyConfigured, match="in_reach"):
        scoping.in_partnership(Finding.objects.all(), None)


def _check_module():
    spec = importlib.util.spec_from_file_location(
        "check_scoping", ROOT / "scripts/check_scoping.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_ci_check_fails_a_selector_that_forgets_the_restricted_rule(tmp_path):
    check = _check_module()
    selector = tmp_path / "selectors.py"
    selector.write_text(
        "def findings_for(user):\n"
        "    return Finding.objects.filter(review__partnership=user.partnership)\n"
        "def findings_in_reach(user):\n"
        "    return in_reach(Finding.objects.all(), user)\n"
        "def via_another(user):\n"
        "    return Finding.objects.filter(pk__in=findings_in_reach(user))\n"
    )
    problems = check.selector_problems({"Finding"}, paths=[selector])
    assert problems == [
        "selectors.py:1: findings_for() reads Finding for a user without in_reach()"
    ]


@pytest.mark.django_db
def test_a_page_view_reads_the_hidden_reviews_once(world, restricted, client_for):
    """The rule is given the few hidden ids, worked out once per page view for all its lists
    (the dashboard scopes a dozen), afresh outside one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review, _finding = restricted

    def hidden_reads() -> int:
        client = client_for(world.business_unit)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return sum(
            '"restricted"' in q["sql"] and "restricted_members" in q["sql"]
            for q in queries.captured_queries
        )

    assert hidden_reads() == 1
    with page_view_memo():
        assert scoping.hidden_review_ids(Review, world.business_unit) == [review.pk]
        review.restricted_members.add(world.business_unit)
        # Memoised within the block (one page view) ...
        assert scoping.hidden_review_ids(Review, world.business_unit) == [review.pk]
    # ... and read afresh outside it.
    assert scoping.hidden_review_ids(Review, world.business_unit) == []
    assert scoping.in_reach(Review.objects.filter(pk=review.pk), world.business_unit).exists()


@pytest.mark.django_db
def test_a_hidden_review_hides_its_actions_only(world, restricted):
    """Through a link (an action's recommendation's review) the rule hides the hidden review's
    rows and keeps the rest, those of no review among them (an action from a case audit)."""
    import datetime as dt

    from casereviews.actions import services
    from casereviews.actions.models import Action

    review, _ = restricted
    actor = world.business_unit
    review.restricted_members.add(actor)  # to write its actions; taken away below
    open_review = ReviewFactory(partnership=world.partnership, ref="Ref901")
    made = {}
    for name, of in [("hidden", review), ("open", open_review)]:
        rec = services.create_recommendation(actor, of, text=f"{name} rec.")
        made[name] = services.create_action(
            actor,
            rec,
            agency=world.police,
            description=f"The {name} action.",
            lead_role="DI",
            due_on=dt.date(2026, 1, 1),
        )
    made["no review"] = services.create_action_outside_review(
        actor,
        world.partnership,
        agency=world.police,
        description="From a case audit.",
        lead_role="DI",
        due_on=dt.date(2026, 1, 1),
        origin="Case audit",
    )
    review.restricted_members.remove(actor)
    for user, expected in [
        (world.business_unit, {"open", "no review"}),
        (world.reviewer, {"hidden", "open", "no review"}),
    ]:
        seen = set(scoping.in_reach(Action.objects.all(), user))
        assert seen == {made[name] for name in expected}, user.username


@pytest.mark.django_db
def test_a_hidden_review_without_a_referral_hides_no_referral(world, restricted):
    """The rule for a referral names the hidden reviews' referrals; a hidden review decided on
    no referral (a thematic review the business unit started) must not hide them all."""
    review, _ = restricted
    ReviewFactory(partnership=world.partnership, ref="Ref902", referral=None, restricted=True)
    seen = DecisionFactory(referral__partnership=world.partnership).referral
    ReviewFactory(partnership=world.partnership, ref="Ref903", referral=seen)
    visible = set(scoping.in_reach(Referral.objects.all(), world.business_unit))
    assert seen in visible and review.referral not in visible
