"""The PDF and Word files, read back as a user's software would: headings present and in the
template's order, the partnership's name, the Ref, lists as lists; hostile text stays text."""

from __future__ import annotations

import http.server
import io
import threading

import docx
import pypdfium2
import pytest
from django.urls import reverse

from casereviews.briefings import services
from casereviews.briefings.models import TEMPLATES, BriefingKind

pytest_plugins = ["tests.briefings.briefings_fixtures"]

HEADINGS = {kind: [heading for _key, heading, _hint in rows] for kind, rows in TEMPLATES.items()}


def pdf_text(body: bytes) -> tuple[str, int]:
    document = pypdfium2.PdfDocument(body)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        return "\n".join(pages), len(document)
    finally:
        document.close()


def in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


def download(client, briefing, kind: str):
    response = client.get(reverse(f"briefings:{kind}", args=[briefing.pk]))
    assert response.status_code == 200
    return response


def test_the_pdf_of_a_published_six_step_briefing(world, client_for, bf_published):
    response = download(client_for(world.practitioner), bf_published, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Northshire-6-step-briefing-Ref053.pdf"'
    )
    text, pages = pdf_text(response.content)
    assert pages >= 1
    assert "Northshire Safeguarding Partnership" in text
    assert "Exploitation hidden in plain sight" in text
    assert "Ref053" in text and "Published" in text
    assert in_order(text, HEADINGS[BriefingKind.SIX_STEP])
    assert in_order(text, ["How do you describe young people at risk?", "What would you do next?"])
    assert "DRAFT" not in text
    assert "Page 1 of" in text  # the footer


def test_the_pdf_of_a_draft_says_draft(world, client_for, bf_draft):
    response = download(client_for(world.business_unit), bf_draft, "pdf")
    assert response["Content-Disposition"].endswith('Ref053-DRAFT.pdf"')
    text, _pages = pdf_text(response.content)
    assert "DRAFT" in text and "not for circulation" in text
    assert in_order(text, HEADINGS[BriefingKind.SEVEN_MINUTE])
    assert in_order(text, ["Look at the whole history.", "See the child alone.", "Share what"])


def test_the_word_file(world, client_for, bf_draft):
    response = download(client_for(world.business_unit), bf_draft, "docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="Northshire-7-minute-briefing-Ref053-DRAFT.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Seeing the whole picture")
    assert headings[1:] == [("Heading 2", h) for h in HEADINGS[BriefingKind.SEVEN_MINUTE]]
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered == [
        "Look at the whole history.",
        "See the child alone.",
        "Share what you know.",
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [
        "Use the Graded Care Profile.",
        "See where the child sleeps.",
        "When did you last see where a child sleeps?",
        "Who else knows?",
    ]
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Northshire Safeguarding Partnership" in header and "DRAFT" in header
    assert "Ref053" in footer and "Page" in footer
    assert document.core_properties.author == "Northshire Safeguarding Partnership"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local web server that records any request: nothing should ever reach it."""
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_hostile_text_is_inert_in_page_pdf_and_word(world, client_for, bf_draft, listener):
    hostile = (
        f'<script>alert("x")</script><img src="{listener}/pixel.png">'
        f'<link rel="stylesheet" href="{listener}/style.css"> \x0b tab'
    )
    services.update_briefing(
        world.business_unit,
        bf_draft,
        title=f"Title <b>{hostile}</b>",
        sections={**bf_draft.sections, "background": hostile},
        version=bf_draft.version,
    )
    client = client_for(world.business_unit)
    page = download(client, bf_draft, "detail").content.decode()
    assert "<script>alert" not in page and '<img src="http' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page

    text, _pages = pdf_text(download(client, bf_draft, "pdf").content)
    assert '<script>alert("x")</script>' in text  # shown as the words typed
    assert f'<img src="{listener}/pixel.png">' in text

    document = docx.Document(io.BytesIO(download(client, bf_draft, "docx").content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert f'<script>alert("x")</script><img src="{listener}/pixel.png">' in body
    assert not [r for r in document.part.rels.values() if r.is_external]
    assert _Recorder.hits == []  # nothing fetched, by the PDF or anything else
