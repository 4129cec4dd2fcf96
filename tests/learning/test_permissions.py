"""Every learning page as a user who may (200), a same-partnership user without the right (403),
another partnership's user (404); restricted reviews: 404 for non-members, audited for members."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.core.models import AuditLog
from casereviews.learning import reports, services
from casereviews.learning.models import TagState
from casereviews.reviews import services as review_services
from tests.learning.conftest import NEGLECT_TEXT, report_pdf

pytestmark = pytest.mark.django_db

VIEW_PAGES = ["findings", "history", "report", "download"]
CHANGE_PAGES = ["add_finding", "edit_finding", "add_theme", "decide_tag", "upload_report"]
PAGES = VIEW_PAGES + CHANGE_PAGES


@pytest.fixture
def things(world, review, files_root):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    upload = SimpleUploadedFile("report.pdf", report_pdf(), content_type="application/pdf")
    report = reports.upload_report(world.business_unit, review, upload)
    return {"review": review, "finding": finding, "report": report, "tag": finding.tags.first()}


def _url(name: str, t: dict) -> str:
    review, finding, report, tag = t["review"].pk, t["finding"].pk, t["report"].pk, t["tag"].pk
    return {
        "findings": f"/reviews/{review}/findings/",
        "history": f"/findings/{finding}/history/",
        "report": f"/reports/{report}/",
        "download": f"/reports/{report}/download/",
        "add_finding": f"/reviews/{review}/findings/new/",
        "edit_finding": f"/findings/{finding}/edit/",
        "add_theme": f"/findings/{finding}/themes/new/",
        "decide_tag": f"/themes/{tag}/",
        "upload_report": f"/reviews/{review}/reports/new/",
    }[name]


def test_the_url_names(things):
    from django.urls import reverse

    t = things
    assert reverse("learning:findings", args=[t["review"].pk]) == _url("findings", t)
    assert reverse("learning:finding_history", args=[t["finding"].pk]) == _url("history", t)
    assert reverse("learning:upload_report", args=[t["review"].pk]) == _url("upload_report", t)
    assert reverse("learning:download_report", args=[t["report"].pk]) == _url("download", t)


@pytest.mark.parametrize("role", ["business_unit", "reviewer"])
@pytest.mark.parametrize("name", PAGES)
def test_business_unit_and_assigned_reviewer_open_every_page(world, client_for, things, name, role):
    assert client_for(getattr(world, role)).get(_url(name, things)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_another_partnership_gets_not_found(world, client_for, things, name):
    client = client_for(world.outsider)
    assert client.get(_url(name, things)).status_code == 404
    assert client.post(_url(name, things), {}).status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("subgroup_member", set(VIEW_PAGES)), ("practitioner", set())],
)
def test_same_partnership_without_the_right_is_forbidden(world, client_for, things, role, allowed):
    client = client_for(getattr(world, role))
    for name in PAGES:
        expected = 200 if name in allowed else 403
        assert client.get(_url(name, things)).status_code == expected, name


def test_practitioner_reads_findings_of_a_published_review_but_not_changes(
    world, client_for, published
):
    finding = services.add_finding(world.business_unit, published, text=NEGLECT_TEXT)
    client = client_for(world.practitioner)
    response = client.get(f"/reviews/{published.pk}/findings/")
    assert response.status_code == 200
    assert "Accept" not in response.content.decode()
    assert client.get(f"/findings/{finding.pk}/edit/").status_code == 403


def test_agency_lead_cannot_decide_or_change(world, client_for, things):
    client = client_for(world.subgroup_member)
    tag = things["tag"]
    for action in ("accept", "reject", "reopen"):
        assert client.post(f"/themes/{tag.pk}/{action}/", {}).status_code == 403
    response = client.post(
        f"/findings/{things['finding'].pk}/edit/",
        {"text": "Changed", "version": things["finding"].version},
    )
    assert response.status_code == 403
    tag.refresh_from_db()
    things["finding"].refresh_from_db()
    assert tag.state == TagState.SUGGESTED and things["finding"].text == NEGLECT_TEXT
    page = client.get(_url("findings", things)).content.decode()
    assert "Suggested by the theme engine" in page
    assert f"/themes/{tag.pk}/accept/" not in page


def test_an_unassigned_reviewer_is_forbidden(world, client_for, things):
    from tests.factories import UserFactory

    other = UserFactory(partnership=world.partnership, role="reviewer", agency=None)
    client = client_for(other)
    for name in PAGES:
        assert client.get(_url(name, things)).status_code == 403, name


@pytest.mark.parametrize("name", PAGES)
def test_restricted_review_is_not_found_for_non_members(world, client_for, things, name):
    review_services.set_access(
        world.business_unit, things["review"], restricted=True, members=[world.reviewer]
    )
    client = client_for(world.subgroup_member)  # a board member, but not named
    assert client.get(_url(name, things)).status_code == 404
    assert client.post(_url(name, things), {}).status_code == 404


@pytest.mark.parametrize("name", ["findings", "history", "report", "decide_tag"])
def test_restricted_review_views_are_audited_for_members(world, client_for, things, name):
    review_services.set_access(
        world.business_unit, things["review"], restricted=True, members=[world.reviewer]
    )
    before = AuditLog.objects.filter(action="view").count()
    assert client_for(world.reviewer).get(_url(name, things)).status_code == 200
    views = AuditLog.objects.filter(action="view", actor=world.reviewer)
    assert views.count() == before + 1


def test_unrestricted_views_are_not_audited(world, client_for, things):
    client_for(world.reviewer).get(_url("findings", things))
    assert not AuditLog.objects.filter(action="view").exists()


def test_every_download_is_audited_and_served_privately(world, client_for, things):
    response = client_for(world.subgroup_member).get(_url("download", things))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    logged = AuditLog.objects.get(action="export", actor=world.subgroup_member)
    assert logged.changes == {"downloaded": "report.pdf"}
