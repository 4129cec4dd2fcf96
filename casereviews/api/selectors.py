"""Reads of tokens and service accounts, scoped to the user's partnership."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from casereviews.accounts.models import Agency
from casereviews.core.scoping import get_in_reach_or_404, in_partnership

from .models import ApiToken, ServiceAccount


def own_tokens(user) -> QuerySet[ApiToken]:
    return in_partnership(ApiToken.objects.filter(user=user), user)


def service_accounts(user) -> QuerySet[ServiceAccount]:
    return in_partnership(ServiceAccount.objects.all(), user).select_related("agency", "user")


def get_service_account(user, account_id: int) -> ServiceAccount:
    return get_in_reach_or_404(
        ServiceAccount.objects.select_related("agency", "user"), user, pk=account_id
    )


def tokens_of_account(user, account: ServiceAccount) -> QuerySet[ApiToken]:
    return in_partnership(ApiToken.objects.filter(user_id=account.user_id), user)


def get_token(user, token_id: int) -> ApiToken:
    """A token of the user's partnership (its holder's, or a service account's), or 404."""
    token = get_in_reach_or_404(ApiToken.objects.select_related("user"), user, pk=token_id)
    if token.user_id != user.pk and not hasattr(token.user, "service_account"):
        raise Http404  # another person's token is theirs alone
    return token


def active_agencies(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user).order_by("name")
