"""Reads for briefings, always scoped to the user's partnership (core.scoping).

Who sees what mirrors the VIEW_BRIEFING rule (accounts.permissions): a published briefing is
for everyone of the partnership; a draft for the board (business unit, agency leads) and the
reviewers assigned to its review; a draft of a restricted review only for its named members.
A withdrawn briefing is read like a draft (docs/adr/0020); to anyone else it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from casereviews.accounts.models import Agency, Partnership
from casereviews.accounts.roles import Permission, Role
from casereviews.actions.models import Action, ActionUpdate, Rag, Recommendation, UpdateKind
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import in_reach
from casereviews.learning.models import Finding, TagState, ThemeTag
from casereviews.reviews import selectors as review_selectors
from casereviews.reviews.models import Review

from .models import AnonymisationWarning, Briefing, BriefingStatus, WarningState

PUBLISHED = Q(status=BriefingStatus.PUBLISHED)
WITHDRAWN = Q(status=BriefingStatus.WITHDRAWN)


def _in_reach(user) -> QuerySet[Briefing]:
    """The partnership's briefings, less the drafts of restricted reviews the user is not on."""
    return in_reach(Briefing.objects.all(), user)


def visible_briefings(user, kind: str = "") -> QuerySet[Briefing]:
    """What the user may read in lists: published ones, and the drafts they may see."""
    queryset = _in_reach(user).select_related("review", "published_by")
    role = getattr(user, "role", None)
    if role in (Role.BUSINESS_UNIT, Role.SUBGROUP_MEMBER):
        pass
    elif role == Role.REVIEWER:
        queryset = queryset.filter(
            PUBLISHED | Q(review__lead_reviewer=user) | Q(review__reviewers=user)
        ).distinct()
    else:
        queryset = queryset.filter(PUBLISHED)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def published_briefings(user, kind: str = "") -> list[Briefing]:
    """Newest first."""
    return list(visible_briefings(user, kind).filter(PUBLISHED).order_by("-published_on", "-id"))


def draft_briefings(user, kind: str = "") -> list[Briefing]:
    queryset = visible_briefings(user, kind).filter(status=BriefingStatus.DRAFT)
    return list(queryset.order_by("-updated_at", "-id"))


def withdrawn_briefings(user, kind: str = "") -> list[Briefing]:
    """Withdrawn ones, for those who may read drafts: the latest withdrawn first."""
    queryset = visible_briefings(user, kind).filter(WITHDRAWN)
    return list(queryset.order_by("-withdrawn_on", "-id"))


def get_review(user, review_id: int) -> Review:
    """The review, as the review pages find it (404 outside the user's reach)."""
    return review_selectors.get_review(user, review_id)


def get_briefing(user, briefing_id: int) -> Briefing:
    """One briefing of the user's partnership within reach, or 404 (learning nothing).

    A same-partnership user who may not read it (a practitioner and a draft) gets it here and a
    403 from the permission check on the page, as with reviews.
    A withdrawn briefing is a 404 for those who may not read it: for them it no longer exists.
    """
    queryset = _in_reach(user).select_related("review", "partnership", "published_by")
    try:
        briefing = queryset.get(pk=briefing_id)
    except Briefing.DoesNotExist as exc:
        raise Http404 from exc
    if briefing.status == BriefingStatus.WITHDRAWN and not user.has_perm(
        Permission.VIEW_BRIEFING, briefing
    ):
        raise Http404
    return briefing


def briefings_of_review(user, review: Review) -> list[Briefing]:
    """The review's briefings the user may read in a list, newest first."""
    return list(visible_briefings(user).filter(review=review).order_by("-created_at", "-id"))


def review_has_findings(review: Review) -> bool:
    """Whether the review has any finding: a briefing of a review with none is not published.
    (A fact about the review the briefing is already scoped to, so not scoped again.)"""
    return Finding.objects.filter(review=review).exists()


# -- versions: a correction points at the version it corrects (`corrects`) ---------------------


def newer_version(briefing: Briefing) -> Briefing | None:
    """The correction started from `briefing` (draft, published or withdrawn), if any."""
    return briefing.corrections.order_by("-id").first()


def current_version(briefing: Briefing) -> Briefing | None:
    """The published version that replaces `briefing` (itself when it is published), or None
    when the newest version is withdrawn or still a draft."""
    newest = briefing
    while (newer := newer_version(newest)) is not None and newer.status != BriefingStatus.DRAFT:
        newest = newer
    return newest if newest.status == BriefingStatus.PUBLISHED else None


def versions_of(user, briefing: Briefing) -> list[Briefing]:
    """Every version of the briefing the user may read, the first first."""
    first = briefing
    while first.corrects_id is not None:
        first = first.corrects
    chain = [first]
    while (newer := newer_version(chain[-1])) is not None:
        chain.append(newer)
    readable = set(
        visible_briefings(user).filter(pk__in=[b.pk for b in chain]).values_list("pk", flat=True)
    )
    return [b for b in chain if b.pk in readable]


def first_published_on(briefing: Briefing):
    """When the first version of a corrected briefing was published (None for a draft)."""
    first = briefing
    while first.corrects_id is not None:
        first = first.corrects
    return first.published_on


def warnings_of(briefing: Briefing) -> list[AnonymisationWarning]:
    return list(briefing.warnings.select_related("decided_by").order_by("section", "start", "id"))


def open_warnings_count(briefing: Briefing) -> int:
    return briefing.warnings.filter(state=WarningState.OPEN).count()


def get_warning(briefing: Briefing, warning_id: int) -> AnonymisationWarning:
    try:
        return briefing.warnings.get(pk=warning_id)
    except AnonymisationWarning.DoesNotExist as exc:
        raise Http404 from exc


def allowed_names(partnership_id: int) -> list[str]:
    """Names that are never a person's here: the partnership's and its agencies'."""
    names: list[str] = []
    for name, short in Agency.objects.filter(partnership_id=partnership_id).values_list(
        "name", "short_name"
    ):
        names.extend(n for n in (name, short) if n)
    names.extend(Partnership.objects.filter(pk=partnership_id).values_list("name", flat=True))
    return names


def last_change(briefing: Briefing) -> AuditLog | None:
    return audit.last_change(briefing)


# -- what a new draft is made from ------------------------------------------------------------


@dataclass
class FindingSource:
    number: int
    title: str
    text: str
    themes: list[str] = field(default_factory=list)  # theme ids, accepted only


@dataclass
class ActionSource:
    agency: str
    description: str
    status: str
    completed_on: object = None
    evidence: str = ""  # the latest evidence of impact, for Blue actions


@dataclass
class ReviewSources:
    findings: list[FindingSource]
    recommendations: list[tuple[int, str]]
    done_actions: list[ActionSource]
    open_actions: int


def review_sources(user, review: Review) -> ReviewSources:
    """The review's findings with their accepted themes, recommendations and actions."""
    findings = in_reach(Finding.objects.filter(review=review), user)
    accepted = in_reach(
        ThemeTag.objects.filter(finding__review=review, state=TagState.ACCEPTED), user
    ).order_by("id")
    themes: dict[int, list[str]] = {}
    for finding_id, theme_id in accepted.values_list("finding_id", "theme_id"):
        themes.setdefault(finding_id, []).append(theme_id)
    finding_rows = [
        FindingSource(f.number, f.title, f.text, themes.get(f.pk, []))
        for f in findings.order_by("number")
    ]
    recommendations = in_reach(Recommendation.objects.filter(review=review), user).order_by(
        "number"
    )
    actions = (
        in_reach(Action.objects.filter(recommendation__review=review), user)
        .select_related("agency")
        .order_by("recommendation__number", "due_on", "id")
    )
    done = [a for a in actions if a.status in (Rag.GREEN, Rag.BLUE)]
    evidence: dict[int, str] = {}
    for action_id, text in (
        ActionUpdate.objects.filter(action__in=[a.pk for a in done], kind=UpdateKind.EVIDENCE)
        .order_by("written_on", "id")
        .values_list("action_id", "text")
    ):
        evidence[action_id] = text
    return ReviewSources(
        findings=finding_rows,
        recommendations=[(r.number, r.text) for r in recommendations],
        done_actions=[
            ActionSource(
                agency=a.agency.short_name or a.agency.name,
                description=a.description,
                status=a.status,
                completed_on=a.completed_on,
                evidence=evidence.get(a.pk, ""),
            )
            for a in done
        ],
        open_actions=sum(1 for a in actions if a.status not in (Rag.GREEN, Rag.BLUE)),
    )


def child_pseudonym(review: Review) -> str:
    """The pseudonym of the child the review is about, from its referral ("" if none)."""
    referral = review.referral
    return getattr(referral, "child_pseudonym", "") or ""
