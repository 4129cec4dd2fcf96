"""Findings pages: parse, authorise, call, render (queries in selectors, writes in services).

Everything follows the review: a user who cannot reach the review (another partnership, or a
restricted review they are not named on) gets a 404; one who can reach it without the right
gets a 403. Views of a restricted review's findings are audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import page, require
from casereviews.learning import presenters, selectors, services, themes
from casereviews.learning.forms import AddThemeForm, DecisionsForm, FindingForm, ReasonForm
from casereviews.learning.models import Finding, TagState, ThemeTag


def _findings_url(finding: Finding) -> str:
    url = reverse("learning:findings", args=[finding.review_id])
    return f"{url}#finding-{finding.number}"


def findings(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.VIEW_FINDINGS, review)
    return _findings_page(request, review)


def _findings_page(
    request: HttpRequest, review, refused: DecisionsForm | None = None, status: int = 200
) -> HttpResponse:
    """The findings page; `refused`: a finding's decisions that could not be saved, shown again
    with what the user chose and why it was refused."""
    services.record_view(request.user, review, "findings")
    return page(
        request,
        "learning/findings.html",
        f"Findings of {review.ref}",
        status=status,
        review=review,
        findings=[presenters.finding_view(f) for f in selectors.findings_of(review)],
        reports=selectors.reports_of(review),
        can_change=request.user.has_perm(Permission.CHANGE_FINDINGS, review),
        add_theme_items=presenters.add_theme_items,
        refused=refused,
        errors=error_summary(refused) if refused else [],
    )


@once.replay_safe
def add_finding(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.CHANGE_FINDINGS, review)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                finding = services.add_finding(request.user, review, **form.finding_data())
                receipt.saved(finding, _findings_url(finding))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _saved_message(request, finding, "added")
            return redirect(receipt.url)
    return page(
        request,
        "learning/finding_form.html",
        f"Add a finding to {review.ref}",
        review=review,
        form=form,
        errors=error_summary(form),
        heading="Add a finding",
        button="Save the finding",
    )


def _saved_message(request: HttpRequest, finding: Finding, verb: str) -> None:
    waiting = selectors.awaiting_decision(finding)
    engine = (
        f" The theme engine suggests {waiting} theme{'s' if waiting != 1 else ''}: "
        "accept or reject each one."
        if waiting
        else ""
    )
    messages.success(request, f"Finding {finding.number} has been {verb}.{engine}")


def _stale_message(finding: Finding) -> str:
    change = selectors.last_change(finding)
    return stale_message(
        f"Finding {finding.number}",
        change and change.actor_name,
        change and change.at,
        "Your text is still in the form below, and the text saved now is shown above it: "
        "check both, then save again.",
    )


def edit_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.get_finding(request.user, finding_id)
    review = finding.review
    require(request, Permission.CHANGE_FINDINGS, review)
    errors: list = []
    saved = None
    if request.method == "POST":
        form = FindingForm(request.POST)
        if form.is_valid():
            try:
                services.update_finding(
                    request.user, finding, form.finding_data(), form.cleaned_data.get("version")
                )
            except StaleRecordError:
                saved = selectors.get_finding(request.user, finding_id)
                data = request.POST.copy()
                data["version"] = str(saved.version)  # saving again is now deliberate
                form = FindingForm(data)
                form.is_valid()
                errors = [{"text": _stale_message(saved), "href": "#saved-values"}]
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                _saved_message(request, finding, "saved")
                return redirect(_findings_url(finding))
        else:
            errors = error_summary(form)
    else:
        form = FindingForm(
            initial={"title": finding.title, "text": finding.text, "version": finding.version}
        )
    return page(
        request,
        "learning/finding_form.html",
        f"Edit finding {finding.number} of {review.ref}",
        review=review,
        finding=finding,
        saved=saved,
        form=form,
        errors=errors,
        heading=f"Edit finding {finding.number}",
        button="Save the finding",
    )


def finding_history(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.get_finding(request.user, finding_id)
    review = finding.review
    require(request, Permission.VIEW_FINDINGS, review)
    services.record_view(request.user, finding)
    tags = selectors.finding_tags(finding)
    return page(
        request,
        "learning/history.html",
        f"History of the themes of finding {finding.number} of {review.ref}",
        review=review,
        finding=finding,
        heading=presenters.finding_heading(finding),
        text=presenters.highlight(finding.text, presenters.evidence_spans(finding.text, tags)),
        current=[presenters.tag_view(t) for t in tags],
        rows=[presenters.history_row(e) for e in selectors.tag_history(finding)],
    )


# --- Decisions on a tag (a finding's or a report's) ----------------------------------------


def _back(tag: ThemeTag) -> str:
    if tag.finding_id:
        return _findings_url(tag.finding)
    return reverse("learning:report", args=[tag.report_id]) + f"#tag-{tag.pk}"


def _decide_page(
    request: HttpRequest, tag: ThemeTag, form: ReasonForm, errors: list | None = None
) -> HttpResponse:
    view = presenters.tag_view(tag)
    where = (
        presenters.finding_heading(tag.finding)
        if tag.finding_id
        else f"the report {tag.report.original_name}"
    )
    return page(
        request,
        "learning/decide.html",
        f"Decide on {view.name}",
        review=tag.review,
        tag=view,
        where=where,
        back=_back(tag),
        form=form,
        errors=errors if errors is not None else error_summary(form),
    )


def decide_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    """The theme with its evidence and the accept and reject buttons on a page of their own."""
    tag = selectors.get_tag(request.user, tag_id)
    require(request, Permission.CHANGE_FINDINGS, tag.review)
    services.record_view(request.user, tag.finding or tag.report)
    return _decide_page(request, tag, ReasonForm())


def _decision(request: HttpRequest, tag_id: int, action, done: str) -> HttpResponse:
    tag = selectors.get_tag(request.user, tag_id)
    require(request, Permission.CHANGE_FINDINGS, tag.review)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            action(request.user, tag, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{themes.theme_name(tag.theme_id)} has been {done}")
            return redirect(_back(tag))
    tag = selectors.get_tag(request.user, tag_id)
    return _decide_page(request, tag, form)


def decisions_made(request: HttpRequest, tags: list[ThemeTag], what: str):
    """Save the decisions posted for `tags` (one finding's or report's suggestions), all or
    none. Returns None when saved (with a message saying what was done), else the form with its
    errors to show again."""
    # A tag decided by someone else since the page was drawn stays in the form, so that the
    # service refuses the whole batch instead of silently dropping this user's choice.
    posted = [
        t for t in tags if t.state == TagState.SUGGESTED or f"decision-{t.pk}" in request.POST
    ]
    form = DecisionsForm(posted, request.POST)
    if form.is_valid():
        try:
            done = services.decide_tags(request.user, form.tags, form.decisions())
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages) + ". Nothing was saved: decide again")
        else:
            left = sum(t.state == TagState.SUGGESTED for t in form.tags) - sum(done.values())
            later = f"; {left} left for later" if left else ""
            messages.success(
                request,
                f"{what}: themes accepted {done['accept']}, rejected {done['reject']}{later}",
            )
            return None
    return form


@require_POST
def decide_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Every suggestion of a finding decided in one form (accept, reject or later)."""
    finding = selectors.get_finding(request.user, finding_id)
    require(request, Permission.CHANGE_FINDINGS, finding.review)
    refused = decisions_made(request, selectors.finding_tags(finding), f"Finding {finding.number}")
    if refused is None:
        return redirect(_findings_url(finding))
    refused.finding_id = finding.pk
    return _findings_page(request, finding.review, refused, status=400)


@require_POST
def accept_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    return _decision(request, tag_id, services.accept_tag, "accepted")


@require_POST
def reject_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    return _decision(request, tag_id, services.reject_tag, "rejected")


@require_POST
def reopen_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    return _decision(request, tag_id, services.reopen_tag, "reopened for a new decision")


@once.replay_safe
def add_theme(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.get_finding(request.user, finding_id)
    review = finding.review
    require(request, Permission.CHANGE_FINDINGS, review)
    taken = selectors.taken_themes(finding)
    form = AddThemeForm(request.POST or None, exclude=taken if request.method != "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                tag = services.add_theme(
                    request.user, finding, form.cleaned_data["theme"], form.cleaned_data["reason"]
                )
                receipt.saved(tag, _findings_url(finding))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            name = themes.theme_name(form.cleaned_data["theme"])
            messages.success(request, f"{name} has been added to finding {finding.number}")
            return redirect(receipt.url)
    return page(
        request,
        "learning/add_theme.html",
        f"Add a theme to finding {finding.number} of {review.ref}",
        review=review,
        finding=finding,
        heading=presenters.finding_heading(finding),
        form=form,
        errors=error_summary(form),
    )
