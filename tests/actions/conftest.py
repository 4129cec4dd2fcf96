"""Reviews, recommendations and actions of the world's partnership, for the action tests."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.actions import services
from tests.factories import ReviewFactory

# "Today" for every action test: 1 October 2026 (a Thursday).
TODAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    """Kept files go to a folder of the test's own, outside any web root."""
    root = tmp_path / "files"
    settings.FILES_ROOT = root
    return root


@pytest.fixture
def review(world):
    r = ReviewFactory(partnership=world.partnership, ref="Ref057")
    r.reviewers.add(world.reviewer)
    return r


@pytest.fixture
def recommendation(world, review):
    return services.create_recommendation(
        world.business_unit,
        review,
        text="Agencies must check who else is working with a family before closing a case.",
    )


@pytest.fixture
def police_action(world, recommendation):
    return services.create_action(
        world.business_unit,
        recommendation,
        agency=world.police,
        description="Brief every response officer on recording children present at incidents.",
        lead_role="Detective Inspector, Public Protection",
        due_on=dt.date(2026, 12, 31),
        success_measure="Dip sample shows children recorded at 95% of incidents.",
    )


@pytest.fixture
def health_action(world, recommendation):
    return services.create_action(
        world.business_unit,
        recommendation,
        agency=world.health,
        description="Named Nurse to audit health visitor records for fathers' details.",
        lead_role="Named Nurse",
        due_on=dt.date(2026, 9, 1),
    )


@pytest.fixture
def restricted_review(world):
    r = ReviewFactory(partnership=world.partnership, ref="Ref099", restricted=True)
    r.restricted_members.add(world.business_unit)
    return r


def pdf_bytes(text: str = "Evidence of impact") -> bytes:
    """A small real PDF (WeasyPrint through core.pdf)."""
    from casereviews.core.pdf import render_pdf

    return render_pdf(f"<html><body><h1>{text}</h1></body></html>")


def docx_bytes(text: str = "Audit of records") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Month", "Children recorded"])
    book.active.append(["July", 95])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _png_bytes() -> bytes:
    """A real 2x2 PNG (a hand-written one here was damaged: its IDAT length was wrong)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 112, 60)).save(out, format="PNG")
    return out.getvalue()


PNG = _png_bytes()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
