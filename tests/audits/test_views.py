"""The case audit pages as each user meets them: owner, supervisor, a colleague without the
right (403), another partnership (404), nobody signed in (to sign-in)."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.audits import services
from casereviews.audits.models import AuditAnswer, AuditFramework, AuditStatus, CaseAudit
from tests.audits.conftest import all_judged

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def _start_data(world, manager, **overrides) -> dict[str, str]:
    data = {
        "case_reference": "HOSP-7",
        "child": "Child D",
        "purpose": "stuck_case",
        "agency": str(world.health.pk),
        "team": "Community paediatrics",
        "supervisor": str(manager.pk),
        **_date("audit_date", dt.date.today()),
    }
    data.update(overrides)
    return data


def test_a_practitioner_starts_an_audit_and_is_taken_to_the_themes(world, manager, client_for):
    client = client_for(world.practitioner)
    page = client.get("/case-audits/start/")
    assert page.status_code == 200
    response = client.post("/case-audits/start/", _start_data(world, manager))
    audit = CaseAudit.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/case-audits/{audit.pk}/themes/"
    )
    themes = client.get(response["Location"]).content.decode()
    assert "Theme 1: Multi agency working and information sharing" in themes
    assert "What is being done to engage him?" in themes
    assert "Save and come back later" in themes


def test_a_future_date_gets_a_clear_error_and_keeps_the_entries(world, manager, client_for):
    client = client_for(world.practitioner)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.post(
        "/case-audits/start/", _start_data(world, manager, **_date("audit_date", tomorrow))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The date of the audit must be today or in the past" in body
    assert 'value="HOSP-7"' in body
    assert not CaseAudit.objects.exists()


def test_a_name_is_warned_and_saved_only_once_confirmed(world, manager, client_for):
    client = client_for(world.practitioner)
    data = _start_data(world, manager, child="Tyler Smith")
    body = client.post("/case-audits/start/", data).content.decode()
    assert "may name or identify someone" in body
    assert "Tyler Smith" in body and "a possible name" in body
    assert not CaseAudit.objects.exists()
    response = client.post("/case-audits/start/", {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert CaseAudit.objects.get().child == "Tyler Smith"


def _fill_data(audit, answers: dict[int, dict[str, str]], **extra) -> dict[str, str]:
    data = {"version": str(CaseAudit.objects.get(pk=audit.pk).version), **extra}
    for number, fields in answers.items():
        data.update({f"t{number}-{k}": v for k, v in fields.items()})
    return data


def test_save_part_way_then_come_back(world, draft, client_for):
    client = client_for(world.practitioner)
    response = client.post(
        f"/case-audits/{draft.pk}/themes/",
        _fill_data(
            draft,
            {
                1: {
                    "seen": "Three agencies, no shared plan.",
                    "judgement": "evident_not_addressed",
                    **_date("action_due", dt.date(2030, 1, 15)),
                }
            },
            save="1",
        ),
    )
    assert response.status_code == 302
    answer = AuditAnswer.objects.get(audit=draft, theme__number=1)
    assert answer.seen == "Three agencies, no shared plan."
    assert answer.action_due == dt.date(2030, 1, 15)
    again = client.get(f"/case-audits/{draft.pk}/themes/").content.decode()
    assert "Three agencies, no shared plan." in again
    assert CaseAudit.objects.get(pk=draft.pk).status == AuditStatus.DRAFT


def test_completing_with_themes_missing_lists_them_and_loses_nothing(world, draft, client_for):
    client = client_for(world.practitioner)
    answers = {n: {"judgement": "not_evident"} for n in range(1, 8)}
    answers[2]["seen"] = "Mother's account was not checked."
    response = client.post(
        f"/case-audits/{draft.pk}/themes/", _fill_data(draft, answers, complete="1")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your entries are saved as a draft" in body
    assert "Theme 8, Impact of neglect or poor parenting: select a judgement" in body
    assert "Theme 9, Child&#39;s voice and family&#39;s voice: select a judgement" in body
    assert 'href="#id_t8-judgement"' in body
    assert "Mother&#39;s account was not checked." in body
    assert AuditAnswer.objects.get(audit=draft, theme__number=2).seen == (
        "Mother's account was not checked."
    )
    assert CaseAudit.objects.get(pk=draft.pk).status == AuditStatus.DRAFT


def test_completing_with_every_judgement(world, draft, client_for):
    client = client_for(world.practitioner)
    answers = {n: {"judgement": "not_applicable"} for n in range(1, 10)}
    response = client.post(
        f"/case-audits/{draft.pk}/themes/", _fill_data(draft, answers, complete="1")
    )
    assert response.status_code == 302
    assert CaseAudit.objects.get(pk=draft.pk).status == AuditStatus.COMPLETED
    # No longer a draft: the themes page sends the author back to the audit.
    assert client.get(f"/case-audits/{draft.pk}/themes/")["Location"] == f"/case-audits/{draft.pk}/"


def test_the_manager_signs_off_from_the_audit_page(world, manager, completed, client_for):
    client = client_for(manager)
    assert "HOSP-1001" in client.get("/case-audits/").content.decode()
    page = client.get(f"/case-audits/{completed.pk}/").content.decode()
    assert "Sign off the audit" in page
    response = client.post(f"/case-audits/{completed.pk}/sign-off/", {"note": "Agreed."})
    assert response.status_code == 302
    saved = CaseAudit.objects.get(pk=completed.pk)
    assert saved.status == AuditStatus.SIGNED_OFF and saved.signed_off_by == manager


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("practitioner", 200),
        ("manager", 200),
        ("business_unit", 200),
        ("colleague", 403),
        ("subgroup_member", 403),
        ("other_subgroup_member", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_an_audit(world, manager, colleague, completed, client_for, who, status):
    user = {"manager": manager, "colleague": colleague}.get(who) or getattr(world, who)
    client = client_for(user)
    assert client.get(f"/case-audits/{completed.pk}/").status_code == status
    download = client.get(f"/case-audits/{completed.pk}/download.json")
    assert download.status_code == status


def test_a_colleague_cannot_sign_off_or_fill_in(world, colleague, draft, completed, client_for):
    client = client_for(colleague)
    assert client.post(f"/case-audits/{completed.pk}/sign-off/", {}).status_code == 403
    assert client.get(f"/case-audits/{draft.pk}/themes/").status_code == 403


def test_nobody_signed_in_is_sent_to_sign_in(draft, client):
    response = client.get(f"/case-audits/{draft.pk}/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_practitioner_sees_only_their_own_in_the_list(
    world, manager, colleague, draft, client_for
):
    services.start_audit(
        colleague,
        world.partnership,
        {
            "case_reference": "HOSP-COLL",
            "child": "Child Z",
            "purpose": "team_meeting",
            "agency": world.health,
            "audit_date": dt.date.today(),
        },
    )
    mine = client_for(world.practitioner).get("/case-audits/").content.decode()
    assert "HOSP-1001" in mine and "HOSP-COLL" not in mine
    everyone = client_for(world.business_unit).get("/case-audits/").content.decode()
    assert "HOSP-1001" in everyone and "HOSP-COLL" in everyone


def test_the_dashboard_leads_a_practitioner_to_their_audits(world, draft, client_for):
    body = client_for(world.practitioner).get("/").content.decode()
    assert "Your case audits" in body
    assert f'href="/case-audits/{draft.pk}/"' in body
    assert 'href="/case-audits/"' in body  # the navigation item


def test_the_business_unit_rewords_a_theme_as_a_new_version(world, draft, client_for):
    client = client_for(world.business_unit)
    assert client.get("/case-audits/framework/themes/6/change/").status_code == 200
    response = client.post(
        "/case-audits/framework/themes/6/change/",
        {
            "title": "Fathers and male carers",
            "problem": "Men are missed.",
            "guidance": "Who is he?",
            "taxonomy_ids": ["fathers-men"],
            "note": "Local pledge",
        },
    )
    assert response.status_code == 302
    body = client.get("/case-audits/framework/").content.decode()
    assert "Version 2" in body and "Theme 6: Fathers and male carers" in body
    assert CaseAudit.objects.get(pk=draft.pk).framework.version == 1
    assert (
        client_for(world.practitioner).get("/case-audits/framework/themes/6/change/").status_code
        == 403
    )


def test_retiring_needs_a_reason(world, client_for):
    client = client_for(world.business_unit)
    body = client.post("/case-audits/framework/themes/7/retire/", {"note": ""}).content.decode()
    assert "Enter why you are retiring this theme" in body
    assert (
        client.post(
            "/case-audits/framework/themes/7/retire/", {"note": "Covered elsewhere"}
        ).status_code
        == 302
    )
    latest = AuditFramework.objects.order_by("-version").first()
    assert not latest.themes.filter(number=7).exists()


def test_the_framework_page_shows_the_default_before_first_use(world, client_for):
    body = client_for(world.practitioner).get("/case-audits/framework/").content.decode()
    assert "Theme 9: Child&#39;s voice and family&#39;s voice" in body
    assert not AuditFramework.objects.exists()  # reading it stores nothing


def test_prompts_appear_on_the_audit_page(world, draft, client_for):
    answers = all_judged("not_evident")
    answers[1]["seen"] = (
        "Police were called to the home three times for domestic violence between "
        "the parents, and the children witnessed it."
    )
    services.save_answers(world.practitioner, draft, answers, draft.version)
    body = client_for(world.practitioner).get(f"/case-audits/{draft.pk}/").content.decode()
    assert "Worth another look" in body
    assert "Theme 3: Impact of toxic trio" in body
    assert "domestic violence between the parents" in body


def test_the_author_changes_the_case_details_of_a_draft(world, manager, draft, client_for):
    client = client_for(world.practitioner)
    assert client.get(f"/case-audits/{draft.pk}/details/").status_code == 200
    data = _start_data(world, manager, case_reference="HOSP-1001-B", version=str(draft.version))
    response = client.post(f"/case-audits/{draft.pk}/details/", data)
    assert response.status_code == 302
    assert CaseAudit.objects.get(pk=draft.pk).case_reference == "HOSP-1001-B"
    stale = client.post(f"/case-audits/{draft.pk}/details/", {**data, "case_reference": "X"})
    assert "Someone saved this audit after you opened it" in stale.content.decode()
    assert CaseAudit.objects.get(pk=draft.pk).case_reference == "HOSP-1001-B"
    assert client_for(manager).get(f"/case-audits/{draft.pk}/details/").status_code == 403
