"""What every view does the same way: authorise (404 for other partnerships), render."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """Refuse with 403 unless the user has `permission` (on `obj`)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def page(
    request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
) -> HttpResponse:
    """Render a page of the layout; `errors` (from core.forms.error_summary) fills the summary."""
    context.setdefault("errors", [])
    return render(request, template, {"title": title, **context}, status=status)


def attachment(body: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A generated document as a download that no shared cache keeps (it may be restricted).

    (SecurityMiddleware adds X-Content-Type-Options: nosniff to every response.)
    """
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def streamed_attachment(
    body: IO[bytes] | Iterable[bytes], filename: str, content_type: str
) -> FileResponse:
    """attachment() for a big document: sent from an open file (closed once sent) or as an
    iterable yields its chunks, never held whole in memory."""
    response = FileResponse(body, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
