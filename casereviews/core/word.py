"""What every Word file we write needs (python-docx): A4, text Word can hold, bytes out."""

from __future__ import annotations

import io
import re

from docx.shared import Mm

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
A4_SHORT, A4_LONG = Mm(210), Mm(297)

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Word files cannot hold control characters (python-docx raises on them): drop them."""
    return _NOT_XML.sub("", text)


def to_bytes(document) -> bytes:  # noqa: ANN001 - a python-docx Document
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
