"""Records of two partnerships, an agency's service account with a token, and a helper to call
the API as a real client does (a bearer token in the Authorization header)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from casereviews.actions import services as action_services
from casereviews.api import services as api_services
from tests.factories import AgencyFactory, ReviewFactory, UserFactory


@dataclass
class Records:
    review: object
    restricted: object
    recommendation: object
    police_action: object
    health_action: object
    restricted_action: object
    their_review: object
    their_action: object


def _action(actor, rec, agency, text, due=dt.date(2026, 12, 31)):
    return action_services.create_action(
        actor, rec, agency=agency, description=text, lead_role="Lead", due_on=due
    )


@pytest.fixture(autouse=True)
def _api_settings(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "10000/minute"},
    }


@pytest.fixture
def records(world) -> Records:
    bu = world.business_unit
    review = ReviewFactory(partnership=world.partnership, ref="Ref101", summary="Open review")
    restricted = ReviewFactory(
        partnership=world.partnership, ref="Ref102", summary="SECRET-RESTRICTED", restricted=True
    )
    restricted.restricted_members.add(bu)
    rec = action_services.create_recommendation(bu, review, text="Check who else is involved.")
    secret_rec = action_services.create_recommendation(bu, restricted, text="SECRET-RESTRICTED")
    other_bu = world.outsider
    their_review = ReviewFactory(partnership=world.other_partnership, ref="Ref900")
    their_agency = AgencyFactory(partnership=world.other_partnership, name="Southshire Police")
    their_rec = action_services.create_recommendation(other_bu, their_review, text="Theirs.")
    return Records(
        review=review,
        restricted=restricted,
        recommendation=rec,
        police_action=_action(bu, rec, world.police, "Brief officers."),
        health_action=_action(bu, rec, world.health, "Audit health visitor records."),
        restricted_action=_action(bu, secret_rec, world.police, "SECRET-RESTRICTED action"),
        their_review=their_review,
        their_action=_action(other_bu, their_rec, their_agency, "Their action."),
    )


@pytest.fixture
def police_system(world):
    """The police's case recording system: a service account with a live token."""
    account = api_services.create_service_account(
        world.business_unit, name="Police case system", agency=world.police
    )
    new = api_services.create_service_token(world.business_unit, account, name="Sync")
    return account, new.raw


def api(raw: str | None = None) -> Client:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    return Client(**headers)


def token_for(user) -> str:
    return api_services.create_own_token(user, name="Test").raw


def practitioner_token(world) -> str:
    return token_for(world.practitioner)


__all__ = ["Records", "UserFactory", "api", "token_for"]
