"""The OpenAPI schema: generated without warnings, and a property-based run of schemathesis over
every operation finds no server error and no response that breaks the schema."""

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core.management import call_command
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
def test_schemathesis_finds_no_server_error_nor_schema_break(world, records, who):
    """Every operation, as a member of the restricted review (the business unit) and as an
    agency lead; ids are random (mostly 404) plus the real ones through explicit examples."""
    headers = {"Authorization": f"Bearer {token_for(getattr(world, who))}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", application, headers=headers
    )
    started = time.monotonic()
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
            case.validate_response(response, checks=CHECKS)

        run()
    assert time.monotonic() - started < 60


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
