"""Reads for newsletter issues, partnership-scoped: drafts only for those who manage them."""

from __future__ import annotations

from django.db.models import Max, QuerySet
from django.http import Http404

from casereviews.accounts.roles import Permission
from casereviews.briefings.models import (
    Briefing,
    BriefingStatus,
    Newsletter,
    NewsletterItem,
)
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach


def newsletters_for(user) -> QuerySet[Newsletter]:
    """Published issues for everyone of the partnership; drafts too for the business unit."""
    queryset = in_partnership(Newsletter.objects.all(), user)
    if not user.has_perm(Permission.MANAGE_NEWSLETTERS):
        queryset = queryset.filter(status=BriefingStatus.PUBLISHED)
    return queryset.order_by("-issue_date", "-id")


def get_newsletter(user, newsletter_id: int) -> Newsletter:
    """One issue of the user's partnership (draft or not: the view checks), or 404; a
    withdrawn issue is a 404 for those who do not manage newsletters."""
    newsletter = get_in_reach_or_404(
        Newsletter.objects.select_related("partnership"), user, pk=newsletter_id
    )
    if newsletter.status == BriefingStatus.WITHDRAWN and not user.has_perm(
        Permission.MANAGE_NEWSLETTERS
    ):
        raise Http404
    return newsletter


def items_of(newsletter: Newsletter) -> list[NewsletterItem]:
    return list(
        NewsletterItem.objects.filter(newsletter=newsletter)
        .select_related("briefing", "briefing__review")
        .order_by("position", "id")
    )


def get_item(newsletter: Newsletter, item_id: int) -> NewsletterItem:
    """One item of an issue already found through the user's scope, or 404."""
    try:
        return NewsletterItem.objects.select_related("briefing").get(
            newsletter=newsletter, pk=item_id
        )
    except NewsletterItem.DoesNotExist as exc:
        raise Http404 from exc


def next_position(newsletter: Newsletter) -> int:
    top = NewsletterItem.objects.filter(newsletter=newsletter).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def briefing_choices(user, newsletter: Newsletter) -> QuerySet[Briefing]:
    """Published briefings of the partnership not already in the issue, the newest first."""
    chosen = NewsletterItem.objects.filter(newsletter=newsletter, briefing__isnull=False)
    return (
        in_reach(Briefing.objects.filter(status=BriefingStatus.PUBLISHED), user)
        .exclude(pk__in=chosen.values("briefing_id"))
        .select_related("review")
        .order_by("-published_on", "-id")
    )


def last_change(newsletter: Newsletter) -> AuditLog | None:
    return audit.last_change(newsletter)
