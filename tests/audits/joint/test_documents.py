"""An agreed joint audit downloaded for the case record, read back: the PDF's text (pypdf and
pdftotext) and the Word file's headings and tables (python-docx); who may, and the entries."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from casereviews.accounts.roles import Permission
from casereviews.core.models import AuditLog
from tests.audits.test_rules import who_may

pytestmark = pytest.mark.django_db


def _get(client, joint, kind):
    return client.get(reverse("audits:joint:download", args=[joint.pk, kind]))


def test_pdf_reads_back(world, client_for, agreed):
    response = _get(client_for(world.business_unit), agreed, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "multi-agency-audit-HOSP-1001.pdf" in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Multi-agency case audit: HOSP-1001" in flat
    assert "Child A" in flat and "Agreed" in flat
    assert "Northshire Health" in flat and "Northshire Police" in flat
    assert "share the discharge summary with the school nurse" in flat  # health's next action
    assert "A joint information-sharing protocol for discharges" in flat
    assert "Police thought health had referred." in flat
    assert "Health free text about the case." not in flat  # stays in health's own audit
    assert flat.count("Theme ") >= 9
    entry = AuditLog.objects.get(action="export", object_id=str(agreed.pk))
    assert entry.actor == world.business_unit and entry.changes == {"format": "pdf"}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_reads_back_with_pdftotext_in_reading_order(world, client_for, agreed):
    response = _get(client_for(world.practitioner), agreed, "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert text.index("Theme 1:") < text.index("Theme 3:") < text.index("Theme 9:")
    assert "Date of the joint" in text and "Agreed actions" in text


def test_word_reads_back(world, client_for, agreed, officer):
    response = _get(client_for(officer), agreed, "docx")
    assert "multi-agency-audit-HOSP-1001.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h.startswith("Theme ")][2].startswith("Theme 3:")
    assert len([h for h in headings if h.startswith("Theme ")]) == 9
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Case reference"] == "HOSP-1001"
    assert summary["Child (pseudonym or initials)"] == "Child A"
    assert summary["Status"] == "Agreed"
    assert "Northshire Health, Paediatrics" in summary["Agencies taking part"]
    # Per theme: the agencies side by side, then the discussion. Theme 3 is tables 5 and 6.
    agencies = [[c.text for c in row.cells] for row in document.tables[5].rows]
    assert agencies[0] == ["Agency", "Judgement", "Next action"]
    assert ["Northshire Police", "Evident and addressed", "None"] in agencies
    discussion = {row.cells[0].text: row.cells[1].text for row in document.tables[6].rows}
    assert discussion["Shared judgement"] == "Evident, not yet addressed"
    assert discussion["Agreed actions"].startswith("A joint information-sharing protocol")
    assert AuditLog.objects.get(action="export", object_id=str(agreed.pk)).actor == officer


def test_only_an_agreed_joint_audit_downloads_and_only_for_its_readers(
    world, client_for, joint, agreed, officer, colleague
):
    readers = who_may(world, Permission.DOWNLOAD_JOINT_AUDIT, agreed, officer=officer)
    assert readers == {"business_unit", "practitioner", "officer"}
    assert _get(client_for(colleague), agreed, "pdf").status_code == 403
    assert _get(client_for(world.outsider), agreed, "pdf").status_code == 404
    assert _get(client_for(world.business_unit), agreed, "json").status_code == 404
    joint.status = "draft"
    joint.save(update_fields=["status"])
    assert _get(client_for(world.business_unit), joint, "pdf").status_code == 403
    assert not AuditLog.objects.filter(action="export").exists()
