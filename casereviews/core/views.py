from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from casereviews.core.views_helpers import page


def dashboard(request: HttpRequest) -> HttpResponse:
    return page(request, "core/dashboard.html", "Dashboard")
