"""The service navigation, shown according to what the signed-in user may do."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from casereviews.accounts.roles import Permission

# (label, url name, permission needed or None)
NAV: list[tuple[str, str, str | None]] = [
    ("Dashboard", "portal:dashboard", None),
    ("Library", "library:search", Permission.SEARCH_LIBRARY),
    ("Referrals", "referrals:list", Permission.VIEW_REFERRALS),
    ("Register", "reviews:register", None),
    ("Action plan", "actions:plan", Permission.VIEW_ACTION_PLAN),
    ("Briefings", "briefings:list", Permission.VIEW_BRIEFINGS),
    ("Newsletters", "newsletters:list", Permission.VIEW_BRIEFINGS),
    ("Case audits", "audits:list", Permission.VIEW_CASE_AUDITS),
    ("Events", "events:list", Permission.VIEW_EVENTS),
    ("Themes", "insights:overview", Permission.VIEW_INSIGHTS),
    ("Briefing paper", "reports:briefing_paper", Permission.VIEW_BRIEFING_PAPER),
    ("Sub-group", "subgroup:overview", Permission.VIEW_SUBGROUP),
    ("Annual report", "reports:annual", Permission.VIEW_ANNUAL_REPORT),
    ("Audit log", "portal:audit_log", Permission.VIEW_AUDIT_LOG),
    ("Users and agencies", "accounts:users", Permission.MANAGE_ACCOUNTS),
]


def nav_items(request) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission in NAV:
        if permission and not user.has_perm(permission):
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"href": href, "text": label, "active": active})
    return items
