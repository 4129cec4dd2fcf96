"""Forms that create a record save once, however often they are sent (docs/adr/0021).

A create page carries a one-time token in a hidden field (`hidden_input`, a Jinja global). The
view saves inside `claim(request)`: the token is stored in the same transaction as the new
record, with where the record is. The same form sent again (the back button, a reload that
re-posts, a double click) finds its token taken and is sent to the record saved the first time,
with a banner saying so; `replay_safe` on the view does that, before the form is even checked.

    @once.replay_safe
    def referral_create(request):
        ...
        with once.claim(request) as receipt:
            referral = services.create_referral(request.user, data)
            receipt.saved(referral, reverse("referrals:detail", args=[referral.pk]))
        return redirect(receipt.url)

Two submissions racing meet at the unique (user, token) constraint: one saves, the other is
sent to what it saved. Going back to a page that is not cached (signed-in pages are no-store)
fetches it again with a new token, and the browser puts the user's entries back: so a save also
keeps a digest of what was sent, and the same entries sent again to the same page by the same
person within `REPEAT_WINDOW` are taken as the same submission. A form sent without a token (a
page opened before tokens existed, a script) is saved as before. Tokens are forgotten after
`KEEP_FOR`, once a later save commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from markupsafe import Markup

from casereviews.core.models import SubmissionToken

FIELD = "submission_token"
# Longer than any session (8 hours), so a form still able to pass its CSRF check is covered.
KEEP_FOR = dt.timedelta(days=7)
# The same entries sent again to the same page this soon are a repeat, not a new record.
REPEAT_WINDOW = dt.timedelta(minutes=30)
# Not part of what was entered: the page's own tokens and the record version it was opened at.
NOT_ENTRIES = {FIELD, "csrfmiddlewaretoken", "version"}
ALREADY_SAVED = (
    "This was already saved. The same form was sent again (perhaps after going back), so it "
    "was not saved a second time: this is what was saved. To add another, start a new one."
)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")

log = logging.getLogger(__name__)


class AlreadySaved(Exception):
    """This form's token was used before: nothing new was saved. `url`: what was."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(f"Already saved: {url}")


class Receipt:
    """What a claimed submission saved; `saved()` must be called inside `claim`."""

    def __init__(self, row: SubmissionToken | None):
        self.row = row
        self.url: str | None = None

    def saved(self, obj: models.Model, url: str) -> None:
        self.url = url
        if self.row is not None:
            self.row.object_type = obj._meta.label
            self.row.object_id = str(obj.pk)
            self.row.url = url


def posted_token(request: HttpRequest) -> str | None:
    """The token the form came with, if it looks like one of ours."""
    value = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return value if _TOKEN.fullmatch(value) else None


def token_for(request: HttpRequest) -> str:
    """The token for the form on this page: the one it was sent with (a form shown again
    with errors keeps its token; nothing was saved with it), or a new one."""
    return posted_token(request) or secrets.token_urlsafe(24)


def hidden_input(request: HttpRequest) -> Markup:
    """The hidden field every create form carries (a Jinja global)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, token_for(request))


def _user(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def digest(request: HttpRequest) -> str:
    """What was sent, to which page, as a digest (files by name and size, not content)."""
    parts = [request.path]
    for key in sorted(set(request.POST) - NOT_ENTRIES):
        parts.append(f"{key}={request.POST.getlist(key)!r}")
    for key in sorted(request.FILES):
        parts.append(f"{key}:{[(f.name, f.size) for f in request.FILES.getlist(key)]!r}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def saved_before(request: HttpRequest) -> str | None:
    """Where the record this submission already saved is, or None if it saved nothing yet:
    its token was used, or the same entries were saved from the same page a moment ago."""
    token, user = posted_token(request), _user(request)
    if user is None or request.method != "POST":
        return None
    same = Q(digest=digest(request), created_at__gte=timezone.now() - REPEAT_WINDOW)
    if token is not None:
        same |= Q(token=token)
    row = SubmissionToken.objects.filter(same, user=user).order_by("-created_at").first()
    return (row.url or "/") if row is not None else None


@contextmanager
def claim(request: HttpRequest) -> Iterator[Receipt]:
    """One transaction: take the form's token, then let the body save and say where to.

    Raises AlreadySaved (nothing saved) if the token was taken first, even by a submission
    still saving: the unique constraint makes the second wait for the first, then fail.
    """
    token, user = posted_token(request), _user(request)
    with transaction.atomic():
        row = None
        if token is not None and user is not None:
            try:
                with transaction.atomic():
                    row = SubmissionToken.objects.create(
                        user=user, token=token, digest=digest(request)
                    )
            except IntegrityError:
                raise AlreadySaved(saved_before(request) or "/") from None
        receipt = Receipt(row)
        yield receipt
        if receipt.url is None:
            raise RuntimeError("claim(): call receipt.saved(obj, url) once the record is saved")
        if row is not None:
            row.save(update_fields=["object_type", "object_id", "url"])
            transaction.on_commit(forget_old)


def forget_old(now: dt.datetime | None = None) -> int:
    """Remove tokens older than KEEP_FOR; returns how many. Run after a save commits: a
    failure here is logged and left for the next save, never shown to the user."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    try:
        removed, _ = SubmissionToken.objects.filter(created_at__lt=cutoff).delete()
    except DatabaseError:  # pragma: no cover - a busy database; the next save tries again
        log.warning("Old submission tokens were not removed this time", exc_info=True)
        return 0
    return removed


def replay_safe(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A create view: a form sent again goes to what it saved the first time, with a banner."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            url = saved_before(request)
            if url is not None:
                raise AlreadySaved(url)
            return view(request, *args, **kwargs)
        except AlreadySaved as done:
            messages.info(request, ALREADY_SAVED)
            return redirect(done.url)

    wrapper.replay_safe = True  # type: ignore[attr-defined]  (tests find every such page)
    return wrapper
