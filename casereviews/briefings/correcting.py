"""The one flow of "Publish a corrected version" for briefings and newsletter issues: check who
may, start the draft through the record's service, say what happens next, go on to the draft."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from . import withdrawal


def start_correction(
    request: HttpRequest,
    record,
    start: Callable,
    *,
    back: str,
    onward: Callable[[object], str],
    message: str,
) -> HttpResponse:
    """`start(user, record)` makes the draft; `back` is the record's page (when refused, with
    the reason), `onward(draft)` the page to edit the draft on."""
    if not withdrawal.may_correct.test(request.user, record):
        raise PermissionDenied
    try:
        correction = start(request.user, record)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, message)
    return redirect(onward(correction))
