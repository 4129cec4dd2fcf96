"""Writes through the API meet the page's rules (the same services) and are audited."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from casereviews.actions.models import ActionUpdate
from casereviews.audits import services as audit_services
from casereviews.core.models import AuditAction, AuditLog
from tests.api.conftest import api, token_for
from tests.audits.conftest import all_judged, details


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_agency_system_adds_an_evidence_update_audited(world, records, police_system):
    account, raw = police_system
    action = records.police_action
    today = timezone.localdate().isoformat()
    response = _post(
        api(raw),
        f"/api/v1/actions/{action.pk}/updates/",
        {
            "kind": "evidence",
            "written_on": today,
            "text": "Dip sample: children recorded at 96% of incidents.",
            "status_to": "blue",
            "version": action.version,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["status_to"] == "blue"
    action.refresh_from_db()
    assert action.status == "blue" and action.completed_on is not None
    update = ActionUpdate.objects.get(action=action)
    assert update.author == account.user
    logged = AuditLog.objects.filter(actor=account.user)
    assert logged.filter(action=AuditAction.CREATE, object_type="actions.ActionUpdate").exists()
    assert logged.filter(action=AuditAction.UPDATE, object_id=str(action.pk)).exists()
    assert logged.filter(action=AuditAction.API_CALL, changes__status=201).exists()
    # The action's detail now carries the update.
    detail = api(raw).get(f"/api/v1/actions/{action.pk}/").json()
    assert detail["status"] == "blue" and detail["updates"][0]["kind"] == "evidence"


def test_the_rag_and_stale_rules_hold(world, records, police_system):
    raw = police_system[1]
    action = records.police_action
    url = f"/api/v1/actions/{action.pk}/updates/"
    today = timezone.localdate().isoformat()
    blue = _post(api(raw), url, {"kind": "status", "written_on": today, "status_to": "blue"})
    assert blue.status_code == 400
    assert "evidence" in blue.json()["errors"]["status_to"][0]
    read = action.version
    first = _post(
        api(raw),
        url,
        {"kind": "progress", "written_on": today, "text": "Going well", "version": read},
    )
    assert first.status_code == 201
    stale = _post(
        api(raw),
        url,
        {"kind": "progress", "written_on": today, "text": "Again", "version": read},
    )
    assert stale.status_code == 409 and "Nothing was saved" in stale.json()["detail"]
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    late = _post(api(raw), url, {"kind": "progress", "written_on": future, "text": "x"})
    assert late.status_code == 400 and "written_on" in late.json()["errors"]
    assert _post(api(raw), url, "not json").status_code == 400


def test_another_agencys_action_is_403_and_another_partnerships_404(world, records, police_system):
    raw = police_system[1]
    body = {"kind": "progress", "written_on": timezone.localdate().isoformat(), "text": "x"}
    other_agency = _post(api(raw), f"/api/v1/actions/{records.health_action.pk}/updates/", body)
    assert other_agency.status_code == 403
    theirs = _post(api(raw), f"/api/v1/actions/{records.their_action.pk}/updates/", body)
    assert theirs.status_code == 404
    restricted = _post(api(raw), f"/api/v1/actions/{records.restricted_action.pk}/updates/", body)
    assert restricted.status_code == 404
    assert not ActionUpdate.objects.exists()


def test_a_session_write_needs_the_csrf_token(world, records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.business_unit)
    body = {"kind": "progress", "written_on": timezone.localdate().isoformat(), "text": "x"}
    response = _post(client, f"/api/v1/actions/{records.police_action.pk}/updates/", body)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_the_author_completes_a_case_audit(world):
    draft = audit_services.start_audit(world.practitioner, world.partnership, details(world))
    client = api(token_for(world.practitioner))
    refused = _post(client, f"/api/v1/case-audits/{draft.pk}/complete/", {})
    assert refused.status_code == 400 and "judgement" in refused.json()["detail"]
    audit_services.save_answers(world.practitioner, draft, all_judged(), draft.version)
    done = _post(client, f"/api/v1/case-audits/{draft.pk}/complete/", {})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    again = _post(client, f"/api/v1/case-audits/{draft.pk}/complete/", {})
    assert again.status_code == 409
    assert AuditLog.objects.filter(
        actor=world.practitioner, action=AuditAction.UPDATE, object_type="audits.CaseAudit"
    ).exists()
    # Someone else's audit: not theirs to see (the pages' rule), so 403 for a colleague.
    other = api(token_for(world.subgroup_member))
    assert other.get(f"/api/v1/case-audits/{draft.pk}/").status_code == 403
    outsider = api(token_for(world.outsider))
    assert outsider.get(f"/api/v1/case-audits/{draft.pk}/").status_code == 404
