"""The OpenAPI schema: generated without warnings, and a property-based run of schemathesis over
every operation finds no server error and no response that breaks the schema."""

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casereviews.config.wsgi import application
from tests.api.conftest import api, token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12


@pytest.fixture
def wsgi_app():
    """The real WSGI application, kept from closing the test's database connection after each
    request (as Django's test client does), so it runs inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/actions/{action_id}/updates/" in text
    assert "bearer" in text


def test_the_schema_is_served_to_a_token_holder_only(world):
    assert api().get("/api/v1/schema/").status_code == 401
    response = api(token_for(world.practitioner)).get("/api/v1/schema/?format=json")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize("who", ["business_unit", "subgroup_member"])
def test_schemathesis_finds_no_server_error_nor_schema_break(world, records, who, wsgi_app):
    """Every operation, as a member of the restricted review (the business unit) and as an
    agency lead; ids are random (mostly 404) plus the real ones through explicit examples."""
    headers = {"Authorization": f"Bearer {token_for(getattr(world, who))}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", wsgi_app, headers=headers
    )
    started = time.monotonic()
    seen: set[int] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            seen.add(response.status_code)
            case.validate_response(response, checks=CHECKS)

        run()
        # And with the real ids of the records (random ids are nearly always 404).
        for path_parameters, body in _real_inputs(operation, world, records):
            case = operation.Case(path_parameters=path_parameters, body=body)
            response = case.call(headers=headers)
            seen.add(response.status_code)
            case.validate_response(response, checks=CHECKS)
    assert time.monotonic() - started < 60
    assert {200, 201, 400, 404} <= seen and 429 not in seen, seen


def _real_inputs(operation, world, records):
    """(path parameters, body) pairs naming real records of the world, for one operation."""
    from casereviews.audits import services as audit_services
    from casereviews.events.models import Event
    from tests.audits.conftest import details

    audit_obj = audit_services.start_audit(world.practitioner, world.partnership, details(world))
    event = Event.objects.filter(partnership=world.partnership).first()
    real = {
        "review_id": [records.review.pk, records.restricted.pk],
        "action_id": [records.police_action.pk, records.restricted_action.pk],
        "audit_id": [audit_obj.pk],
        "referral_id": [records.review.referral_id] if records.review.referral_id else [],
        "event_id": [event.pk] if event else [],
        "briefing_id": [],
    }
    names = [p.name for p in operation.path_parameters]
    if not names:
        return
    body = schemathesis.core.NOT_SET
    if operation.path.endswith("/updates/"):
        from django.utils import timezone

        body = {"kind": "progress", "written_on": timezone.localdate().isoformat(), "text": "On."}
    for pk in real.get(names[0], []):
        yield {names[0]: pk}, body


def test_the_docs_page_loads_only_our_own_scripts(world):
    from django.test import Client

    client = Client()
    assert client.get("/api/v1/docs/").status_code == 302  # sign in first
    client.force_login(world.business_unit)
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]
