"""Every error as JSON: {"detail": "...", "errors": {field: [messages]}} (errors when a field
is at fault). 404 for what is not there or not the caller's to know of, 403 for what the caller
may see but not do, 409 for a record changed since the version the caller gave."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from casereviews.core.concurrency import StaleRecordError


def _messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        errors = _messages(exc)
        first = next(iter(errors.values()))[0]
        return Response({"detail": first, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleRecordError):
        return Response(
            {
                "detail": "The record was changed by someone else since the version you gave. "
                "Nothing was saved: read it again, then send your change again."
            },
            status=status.HTTP_409_CONFLICT,
        )
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": "Check the fields named in errors", "errors": response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(m) for m in response.data), "errors": {}}
    return response
