from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from casereviews.accounts.roles import Permission
from casereviews.core.views_helpers import page, require


def audit_log(request: HttpRequest) -> HttpResponse:
    """Placeholder: the audit log page (owned by the reports/admin work)."""
    require(request, Permission.VIEW_AUDIT_LOG)
    return page(request, "core/dashboard.html", "Audit log")
