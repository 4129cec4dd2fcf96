"""Every page, as a user who may (200), a user of the partnership without the right (403) and an
outsider of another partnership (404); restricted reviews hidden from non-members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casereviews.actions import services
from casereviews.core.models import AuditLog
from tests.actions.conftest import TODAY, pdf_bytes, upload


@pytest.fixture
def evidence(world, police_action):
    update = services.add_update(
        world.business_unit,
        police_action,
        kind="evidence",
        written_on=TODAY,
        text="Audit of 40 records.",
        files=[upload("audit.pdf", pdf_bytes())],
    )
    return update.files.get()


def _get(client_for, user, name, *args):
    return client_for(user).get(reverse(name, args=args))


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("reviewer", 200),  # assigned to the review: writes its recommendations
        ("practitioner", 403),  # the review is not published
        ("outsider", 404),
    ],
)
def test_recommendations_page(world, client_for, review, police_action, who, expected):
    response = _get(client_for, getattr(world, who), "actions:recommendations", review.pk)
    assert response.status_code == expected
    if expected == 200:
        assert "Brief every response officer" in response.text


def test_a_practitioner_reads_a_published_reviews_recommendations_and_their_actions(
    world, client_for, review, police_action
):
    """Published learning (docs/adr/0045): the recommendations, each action's agency and RAG
    status; not the action's own page, where its evidence notes are."""
    review.published_on = dt.date(2026, 9, 1)
    review.save(update_fields=["published_on"])
    response = _get(client_for, world.practitioner, "actions:recommendations", review.pk)
    assert response.status_code == 200
    assert "Brief every response officer" in response.text and "Red" in response.text
    assert reverse("actions:detail", args=[police_action.pk]) not in response.text
    assert (
        _get(client_for, world.practitioner, "actions:detail", police_action.pk).status_code == 403
    )
    review.restricted = True
    review.save(update_fields=["restricted"])
    assert _get(
        client_for, world.practitioner, "actions:recommendations", review.pk
    ).status_code in {403, 404}


@pytest.mark.parametrize(
    "who,expected",
    [("business_unit", 200), ("reviewer", 200), ("subgroup_member", 403), ("outsider", 404)],
)
def test_add_recommendation_page(world, client_for, review, who, expected):
    response = _get(client_for, getattr(world, who), "actions:add_recommendation", review.pk)
    assert response.status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [("business_unit", 200), ("practitioner", 403), ("subgroup_member", 403), ("outsider", 404)],
)
def test_edit_recommendation_page(world, client_for, recommendation, who, expected):
    response = _get(
        client_for, getattr(world, who), "actions:edit_recommendation", recommendation.pk
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("reviewer", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_add_action_page(world, client_for, recommendation, who, expected):
    response = _get(client_for, getattr(world, who), "actions:add_action", recommendation.pk)
    assert response.status_code == expected


def test_an_agency_lead_is_offered_only_their_own_agency(world, client_for, recommendation):
    response = _get(client_for, world.subgroup_member, "actions:add_action", recommendation.pk)
    assert "Northshire Police" in response.text
    assert "Northshire Health" not in response.text


@pytest.mark.parametrize(
    "who,expected,form_shown",
    [
        ("business_unit", 200, True),
        ("subgroup_member", 200, True),  # the police's own action
        ("other_subgroup_member", 200, False),  # health's lead may read it, not update it
        ("reviewer", 403, False),
        ("practitioner", 403, False),
        ("outsider", 404, False),
    ],
)
def test_action_detail(world, client_for, police_action, who, expected, form_shown):
    response = _get(client_for, getattr(world, who), "actions:detail", police_action.pk)
    assert response.status_code == expected
    if expected == 200:
        assert ("Add an update" in response.text) is form_shown


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 302),
        ("subgroup_member", 302),
        ("other_subgroup_member", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_posting_an_update(world, client_for, police_action, who, expected):
    response = client_for(getattr(world, who)).post(
        reverse("actions:detail", args=[police_action.pk]),
        {
            "written_on-day": "1",
            "written_on-month": "10",
            "written_on-year": "2026",
            "kind": "progress",
            "text": "Briefings booked.",
            "version": police_action.version,
        },
    )
    assert response.status_code == expected
    assert police_action.updates.exists() is (expected == 302)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("other_subgroup_member", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_edit_action_page(world, client_for, police_action, who, expected):
    response = _get(client_for, getattr(world, who), "actions:edit", police_action.pk)
    assert response.status_code == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("other_subgroup_member", 200),
        ("reviewer", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_evidence_download(world, client_for, evidence, who, expected):
    response = _get(client_for, getattr(world, who), "actions:evidence_file", evidence.pk)
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "audit.pdf" in response["Content-Disposition"]
        assert AuditLog.objects.filter(
            action="view", object_type="actions.EvidenceFile", object_id=str(evidence.pk)
        ).exists()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("reviewer", 403),
        ("practitioner", 403),
    ],
)
def test_plan_page(world, client_for, police_action, who, expected):
    response = _get(client_for, getattr(world, who), "actions:plan")
    assert response.status_code == expected


def test_the_plan_of_an_outsider_shows_nothing_of_ours(world, client_for, police_action):
    response = _get(client_for, world.outsider, "actions:plan")
    assert response.status_code == 200
    assert "Brief every response officer" not in response.text


@pytest.mark.parametrize(
    "who,expected",
    [
        ("business_unit", 200),
        ("subgroup_member", 403),
        ("reviewer", 403),
        ("practitioner", 403),
    ],
)
def test_escalation_page(world, client_for, health_action, who, expected):
    response = _get(client_for, getattr(world, who), "actions:escalation")
    assert response.status_code == expected


def test_the_escalation_of_an_outsider_shows_nothing_of_ours(world, client_for, health_action):
    response = _get(client_for, world.outsider, "actions:escalation")
    assert response.status_code == 200
    assert "Named Nurse to audit" not in response.text


@pytest.mark.parametrize(
    "who,expected",
    [("business_unit", 200), ("subgroup_member", 200), ("reviewer", 403), ("practitioner", 403)],
)
def test_export(world, client_for, police_action, who, expected):
    response = client_for(getattr(world, who)).get(reverse("actions:export") + "?format=csv")
    assert response.status_code == expected


class TestRestrictedReview:
    @pytest.fixture
    def hidden_action(self, world, restricted_review):
        rec = services.create_recommendation(
            world.business_unit, restricted_review, text="A restricted recommendation."
        )
        return services.create_action(
            world.business_unit,
            rec,
            agency=world.police,
            description="A restricted action about Child R.",
            lead_role="DI",
            due_on=dt.date(2026, 1, 1),
        )

    def test_a_non_member_finds_neither_page_nor_row(
        self, world, client_for, restricted_review, hidden_action
    ):
        client = client_for(world.subgroup_member)
        assert (
            client.get(reverse("actions:recommendations", args=[restricted_review.pk])).status_code
            == 404
        )
        assert client.get(reverse("actions:detail", args=[hidden_action.pk])).status_code == 404
        assert "Child R" not in client.get(reverse("actions:plan")).text
        text = client.get(reverse("actions:export") + "?format=csv").getvalue().decode()
        assert "Child R" not in text

    def test_a_member_sees_it_and_every_view_is_audited(
        self, world, client_for, restricted_review, hidden_action
    ):
        client = client_for(world.business_unit)
        assert client.get(reverse("actions:detail", args=[hidden_action.pk])).status_code == 200
        assert "Child R" in client.get(reverse("actions:plan")).text
        assert "Child R" in client.get(reverse("actions:escalation")).text
        assert AuditLog.objects.filter(
            action="view", object_type="actions.Action", object_id=str(hidden_action.pk)
        ).exists()
