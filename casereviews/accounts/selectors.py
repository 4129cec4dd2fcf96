"""Reads of agencies and users, always scoped to the user's partnership (core.scoping)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from casereviews.accounts.models import Agency, SingleSignOn, User
from casereviews.core.scoping import get_in_reach_or_404, in_partnership


def agencies_for(user) -> QuerySet[Agency]:
    """The partnership's agencies (active first), with how many users each has."""
    return (
        in_partnership(Agency.objects.all(), user)
        .annotate(user_count=Count("users", distinct=True))
        .order_by("-active", "name")
    )


def get_agency(user, agency_id: int) -> Agency:
    return get_in_reach_or_404(Agency.objects.all(), user, pk=agency_id)


def agency_choices(user, current: Agency | None = None) -> QuerySet[Agency]:
    """Active agencies to choose from, plus the current one even if since made inactive."""
    queryset = in_partnership(Agency.objects.all(), user)
    active = queryset.filter(active=True)
    if current is not None:
        active = active | queryset.filter(pk=current.pk)
    return active.order_by("name")


def users_for(user) -> QuerySet[User]:
    """The partnership's people; its service accounts have their own pages (api app)."""
    return (
        in_partnership(User.objects.filter(is_service_account=False), user)
        .select_related("agency")
        .order_by("-is_active", "last_name", "first_name", "username")
    )


def service_account_count(user) -> int:
    return in_partnership(User.objects.filter(is_service_account=True), user).count()


def get_user(user, user_id: int) -> User:
    """A person of the partnership (a service account is not one: 404 on the user pages)."""
    people = User.objects.filter(is_service_account=False).select_related("agency")
    return get_in_reach_or_404(people, user, pk=user_id)


def username_taken(username: str, exclude_id: int | None = None) -> bool:
    """Usernames are unique across the whole service (not only the partnership)."""
    queryset = User.objects.filter(username__iexact=username.strip())
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.exists()


def agency_name_taken(user, name: str, exclude_id: int | None = None) -> bool:
    queryset = in_partnership(Agency.objects.filter(name__iexact=name.strip()), user)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.exists()


def single_sign_on_choices() -> QuerySet[SingleSignOn]:
    """Every partnership's provider that is switched on: the sign-in page offers each."""
    return SingleSignOn.objects.filter(enabled=True).select_related("partnership")


def get_single_sign_on(slug: str) -> SingleSignOn:
    """A partnership's provider by the partnership's slug (before anyone is signed in)."""
    found = single_sign_on_choices().filter(partnership__slug=slug).first()
    if found is None:
        raise Http404
    return found
