"""What every view does the same way: authorise (404 for other partnerships), render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
