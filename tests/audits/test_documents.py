"""A completed audit downloaded for the case record, opened and read back: PDF text
(pypdfium2), the Word file's paragraphs and tables (python-docx), and the JSON."""

from __future__ import annotations

import io
import json

import pypdfium2
import pytest
from docx import Document

from casereviews.audits import services
from casereviews.core.models import AuditLog
from tests.audits.conftest import all_judged

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(world, manager, draft):
    answers = all_judged("not_applicable")
    answers[6] = {
        "seen": "Father is not mentioned in the plan.",
        "judgement": "evident_not_addressed",
        "next_action": "Invite father to the core group.",
        "action_owner": "Social worker",
        "training_need": "Working with fathers",
    }
    services.save_answers(world.practitioner, draft, answers, draft.version)
    services.complete(world.practitioner, draft)
    return services.sign_off(manager, draft, "Agreed in supervision.")


def test_pdf_reads_back(world, written, client_for):
    response = client_for(world.practitioner).get(f"/case-audits/{written.pk}/download.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "case-audit-HOSP-1001.pdf" in response["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.content)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Case audit: HOSP-1001" in text
    assert "Child A" in text
    assert "Theme 6: Impact of fathers and primary care givers" in text
    assert "Father is not mentioned in the plan." in text
    assert "Evident, not yet addressed" in text
    assert "Agreed in supervision." in text
    assert AuditLog.objects.filter(action="export", object_id=str(written.pk)).count() == 1


def test_word_reads_back(world, written, client_for):
    response = client_for(world.practitioner).get(f"/case-audits/{written.pk}/download.docx")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len([h for h in headings if h.startswith("Theme ")]) == 9
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Case reference"] == "HOSP-1001"
    assert summary["Child (pseudonym or initials)"] == "Child A"
    assert summary["Status"] == "Signed off"
    theme6 = {row.cells[0].text: row.cells[1].text for row in document.tables[6].rows}
    assert theme6["Judgement"] == "Evident, not yet addressed"
    assert theme6["Next action"] == "Invite father to the core group."
    assert theme6["Training or development need"] == "Working with fathers"


def test_json_reads_back(world, written, client_for):
    response = client_for(world.practitioner).get(f"/case-audits/{written.pk}/download.json")
    data = json.loads(response.content)
    assert data["case_reference"] == "HOSP-1001"
    assert data["status"] == "signed_off"
    assert data["framework_version"] == 1
    theme6 = data["themes"][5]
    assert theme6["number"] == 6
    assert theme6["judgement"] == "evident_not_addressed"
    assert theme6["taxonomy_ids"] == ["fathers-men"]
    assert data["audit_date"] == written.audit_date.isoformat()


def test_a_draft_cannot_be_downloaded(world, draft, client_for):
    assert (
        client_for(world.practitioner).get(f"/case-audits/{draft.pk}/download.pdf").status_code
        == 403
    )
