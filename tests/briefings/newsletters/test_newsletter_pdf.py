"""The newsletter as a PDF, read back: masthead, items in order, page numbers, inert text."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from casereviews.briefings.newsletters import services as services


def pdf_pages(content: bytes) -> list[str]:
    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        return pages
    finally:
        document.close()


@pytest.fixture
def issue(world, briefing):
    bu = world.business_unit
    issue = services.create_newsletter(
        bu,
        title="Learning newsletter: spring 2026",
        issue_date=dt.date(2026, 3, 1),
        introduction="Welcome to the spring issue of our learning newsletter.",
    )
    services.add_item(
        bu, issue, kind="update", heading="Action plan progress", body="14 of 18 actions are Green."
    )
    services.add_item(bu, issue, kind="briefing", briefing=briefing)
    services.add_item(
        bu,
        issue,
        kind="event",
        heading="Learning from case reviews: training",
        event_on=dt.date(2026, 4, 21),
        body="A half-day multi-agency session.",
    )
    return issue


def download(client, issue) -> bytes:
    response = client.get(reverse("newsletters:pdf", args=[issue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="newsletter-2026-03-01.pdf"' in response["Content-Disposition"]
    return response.content


def test_pdf_has_the_masthead_items_in_order_and_page_numbers(world, client_for, issue):
    pages = pdf_pages(download(client_for(world.business_unit), issue))
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert "Northshire Safeguarding Partnership".upper() in text.upper()
    assert "Learning newsletter" in flat
    assert "1 March 2026" in flat
    assert "Welcome to the spring issue" in flat
    assert "IN THIS ISSUE" in flat  # its heading is set in capitals
    order = [
        flat.rindex(h)  # the last mention: the item itself, after the contents list
        for h in (
            "Learning newsletter: spring 2026",
            "Action plan progress",
            "Learning from Ref057",
            "Learning from case reviews: training",
        )
    ]
    assert order == sorted(order)
    assert "7-minute briefing · Ref057" in flat
    assert "Think family: who else lives in the home?" in flat
    assert "21 April 2026" in flat
    assert f"Page 1 of {len(pages)}" in flat


def test_a_long_issue_runs_to_numbered_pages(world, client_for, issue):
    for n in range(12):
        services.add_item(
            world.business_unit,
            issue,
            kind="update",
            heading=f"Update number {n + 1}",
            body="Agencies told us what changed in practice. " * 25,
        )
    pages = pdf_pages(download(client_for(world.business_unit), issue))
    assert len(pages) >= 2
    assert f"Page 2 of {len(pages)}" in " ".join(pages[1].split())
    assert f"Page {len(pages)} of {len(pages)}" in " ".join(pages[-1].split())
    assert "Update number 12" in " ".join(" ".join(pages).split())


def test_pdf_follows_the_issue_order_after_a_move(world, client_for, issue):
    event = issue.items.get(kind="event")
    services.move_item(world.business_unit, issue, event, "up")
    services.move_item(world.business_unit, issue, event, "up")
    flat = " ".join("".join(pdf_pages(download(client_for(world.business_unit), issue))).split())
    assert flat.rindex("Learning from case reviews: training") < flat.rindex("Action plan progress")
    contents = flat.split("IN THIS ISSUE", 1)[1]
    assert contents.index("Learning from case reviews") < contents.index("Action plan progress")


def test_hostile_text_is_printed_not_run(world, client_for, issue):
    hostile = '<img src="http://evil.invalid/x.png"><b>bold</b> =cmd|"/c calc"!A1'
    services.add_item(world.business_unit, issue, kind="update", heading="Odd", body=hostile)
    flat = " ".join("".join(pdf_pages(download(client_for(world.business_unit), issue))).split())
    assert '<img src="http://evil.invalid/x.png">' in flat
    assert "<b>bold</b>" in flat


def test_practitioner_downloads_the_published_issue(world, client_for, issue):
    services.publish(world.business_unit, issue)
    pages = pdf_pages(download(client_for(world.practitioner), issue))
    assert "Learning from Ref057" in " ".join("".join(pages).split())


def test_the_pdf_has_no_sign_in_only_links(world, client_for, issue):
    """The issue is read outside the product: it names the briefing in words, and links to
    nothing that would end at the sign-in page."""
    content = download(client_for(world.business_unit), issue)
    document = pdfium.PdfDocument(content)
    try:
        links = [
            annotation
            for page in document
            for annotation in range(pdfium.raw.FPDFPage_GetAnnotCount(page.raw))
            if pdfium.raw.FPDFAnnot_GetSubtype(pdfium.raw.FPDFPage_GetAnnot(page.raw, annotation))
            == pdfium.raw.FPDF_ANNOT_LINK
        ]
    finally:
        document.close()
    assert links == []
    flat = " ".join("\n".join(pdf_pages(content)).split())
    assert "http" not in flat and "/briefings/" not in flat
    assert "The whole briefing: “Learning from Ref057” (7-minute briefing · Ref057)" in flat
