"""PDFs from HTML: text people typed can never make the server fetch anything."""

from __future__ import annotations

import http.server
import io
import threading

import pypdfium2
import pytest

from casereviews.core import pdf


def _text_of(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def listening_server():
    """A local web server that counts the requests it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_the_pdf_holds_the_text(settings):
    data = pdf.render_pdf("<h1>7-minute briefing</h1><p>Think family.</p>")
    assert data.startswith(b"%PDF-")
    text = _text_of(data)
    assert "7-minute briefing" in text
    assert "Think family." in text


def test_urls_in_the_html_are_never_fetched(listening_server, tmp_path):
    base, hits = listening_server
    secret = tmp_path / "secret.txt"
    secret.write_text("do not include me")
    html = f"""
      <link rel="stylesheet" href="{base}/style.css">
      <style>@import url("{base}/imported.css"); body {{ background: url("{base}/bg.png") }}</style>
      <h1>Briefing</h1>
      <img src="{base}/tracker.png" alt="">
      <img src="file://{secret}" alt="">
      <iframe src="file://{secret}"></iframe>
      <object data="file://{secret}"></object>
    """
    text = _text_of(pdf.render_pdf(html))
    assert hits == []
    assert "Briefing" in text
    assert "do not include me" not in text


def test_data_urls_and_our_static_files_are_allowed():
    body, mime_type = pdf.fetch_allowed("data:text/css;base64,aDEge2NvbG9yOnJlZH0=")
    assert (body, mime_type) == (b"h1 {color:red}", "text/css")
    body, mime_type = pdf.fetch_allowed(pdf.BASE_URL + "static/app.css")
    assert mime_type == "text/css"
    assert b"govuk" in body


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../../../etc/passwd",
        pdf.BASE_URL + "media/evidence.pdf",
        pdf.BASE_URL + "static/not-there.css",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.fetch_allowed(url)
