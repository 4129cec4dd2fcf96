"""Reviews, findings and files for the learning tests."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.factories import ReviewFactory

# A finding in the style of a published review's learning point; the engine finds neglect,
# professional curiosity, fathers and male carers, and the voice of the child in it.
NEGLECT_TEXT = (
    "Practitioners accepted the mother's account that the home conditions had improved "
    "without checking, although Child A was often hungry and the house was dirty. There was "
    "little professional curiosity about who else lived in the house. The mother's new "
    "partner was never assessed, and nobody asked about the other men visiting the home. "
    "Child A's voice was not heard; he was rarely seen on his own. Health visiting "
    "appointments were repeatedly missed and the case drifted: there was no contingency plan "
    "and decisions were delayed for two years."
)

REPORT_HTML = """
<h1>Serious Case Review: Child A</h1>
<h2>Findings</h2>
<p>Agencies did not share information about the domestic abuse the mother described to her GP,
and no referral was made to MARAC. The police attended three incidents of domestic violence at
the home but children's social care were not told.</p>
<p>The mother's alcohol misuse and her depression were known to adult services, and the impact of
her mental health on her parenting was never assessed.</p>
<h2>Voice of the child</h2>
<p>Child A was rarely seen alone and his wishes and feelings were not recorded. His lived
experience of neglect, with missed health appointments and poor home conditions, was not
understood.</p>
"""


@pytest.fixture
def review(world):
    r = ReviewFactory(partnership=world.partnership, ref="Ref053", location="Northampton")
    r.reviewers.add(world.reviewer)
    return r


@pytest.fixture
def published(world):
    return ReviewFactory(
        partnership=world.partnership,
        ref="Ref040",
        summary="CSE and grooming",
        status="published",
        agreed_on=dt.date(2025, 1, 6),
        initiated_on=dt.date(2025, 1, 20),
        completed_on=dt.date(2025, 6, 2),
        published_on=dt.date(2025, 7, 1),
    )


@pytest.fixture
def files_root(settings, tmp_path):
    root = tmp_path / "files"
    root.mkdir()
    settings.FILES_ROOT = root
    return root


def kept_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def report_pdf() -> bytes:
    from casereviews.core.pdf import render_pdf

    return render_pdf(REPORT_HTML)


def report_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Serious Case Review: Child A", level=1)
    document.add_heading("Findings", level=2)
    for paragraph in REPORT_HTML.split("<p>")[1:]:
        text = paragraph.split("</p>")[0].replace("\n", " ")
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with a page and a drawn box but no text layer, as a scan would be."""
    from casereviews.core.pdf import render_pdf

    return render_pdf('<div style="width:300px;height:400px;background:#333"></div>')
