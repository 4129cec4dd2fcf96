"""Self-assessment pages: parse, authorise, call, render (reads: selectors; writes: services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import page, require

from ..forms import RaiseActionForm, errors_for
from ..views_raise import raise_page
from . import presenters, selectors, services
from .forms import AnswersHead, IssueSetForm, ReopenForm, StartForm, answer_forms
from .issues import DEFAULT_SET_NAME, DEFAULT_SOURCE
from .models import AssessmentStatus, SelfAssessment


def assessment_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_SELF_ASSESSMENTS)
    user = request.user
    return page(
        request,
        "audits/self_assessment/list.html",
        "Self-assessments against the practice issues",
        rows=[presenters.list_row(a) for a in selectors.visible_assessments(user)],
        can_start=user.has_perm(Permission.START_SELF_ASSESSMENT),
        can_manage=user.has_perm(Permission.MANAGE_ISSUE_SETS),
        can_see_picture=user.has_perm(Permission.VIEW_SELF_ASSESSMENT_PICTURE),
    )


@once.replay_safe
def start(request: HttpRequest) -> HttpResponse:
    require(request, Permission.START_SELF_ASSESSMENT)
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = StartForm(user, selectors.sets(user), data)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                assessment = services.start(user, user.partnership, form.details())
                receipt.saved(
                    assessment, reverse("audits:self_assessment:fill", args=[assessment.pk])
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"The self-assessment for {assessment.period} has started. Rate each question; "
                "save as you go and finish later.",
            )
            return redirect(receipt.url)
    return page(
        request,
        "audits/self_assessment/start.html",
        "Start a self-assessment",
        form=form,
        errors=error_summary(form) if form.is_bound else [],
    )


def _blocks(assessment: SelfAssessment):
    previous = selectors.previous_of(assessment)
    before = selectors.answers_of(previous) if previous else []
    return previous, presenters.issue_blocks(selectors.answers_of(assessment), before)


def detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.get_assessment(request.user, assessment_id)
    require(request, Permission.VIEW_SELF_ASSESSMENT, assessment)
    user = request.user
    previous, blocks = _blocks(assessment)
    rated = sum(1 for b in blocks for r in b.rows if r.answer.rating)
    newest = selectors.current_of(assessment.issue_set)
    return page(
        request,
        "audits/self_assessment/detail.html",
        str(assessment),
        assessment=assessment,
        previous=previous,
        blocks=blocks,
        changes=presenters.change_counts(blocks),
        rated=rated,
        total=sum(len(b.rows) for b in blocks),
        newer_set=newest if newest.pk != assessment.issue_set_id else None,
        can_change=user.has_perm(Permission.CHANGE_SELF_ASSESSMENT, assessment),
        can_reopen=user.has_perm(Permission.REOPEN_SELF_ASSESSMENT, assessment),
        can_raise=user.has_perm(Permission.RAISE_SELF_ASSESSMENT_ACTION, assessment),
        can_open_actions=user.has_perm(Permission.VIEW_ACTION_PLAN),
    )


def reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The business unit returns a completed self-assessment to draft, saying why."""
    assessment = selectors.get_assessment(request.user, assessment_id)
    require(request, Permission.VIEW_SELF_ASSESSMENT, assessment)
    detail_url = reverse("audits:self_assessment:detail", args=[assessment.pk])
    if assessment.status != AssessmentStatus.COMPLETED:
        messages.info(request, "This self-assessment is not completed, so it is already open.")
        return redirect(detail_url)
    require(request, Permission.REOPEN_SELF_ASSESSMENT, assessment)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen(request.user, assessment, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                "The self-assessment is open again. Its agency can change its answers and "
                "complete it again.",
            )
            return redirect(detail_url)
    return page(
        request,
        "audits/self_assessment/reopen.html",
        f"Reopen the self-assessment for {assessment.period}",
        assessment=assessment,
        form=form,
        errors=error_summary(form) if form.is_bound else [],
    )


@once.replay_safe
def raise_action(request: HttpRequest, answer_id: int) -> HttpResponse:
    """A completed self-assessment's improvement action into the partnership's action plan."""
    answer = selectors.get_answer(request.user, answer_id)
    assessment = answer.assessment
    require(request, Permission.VIEW_SELF_ASSESSMENT, assessment)
    require(request, Permission.RAISE_SELF_ASSESSMENT_ACTION, assessment)
    if not answer.action.strip():
        raise Http404
    who = assessment.agency.name + (f", {assessment.team}" if assessment.team else "")
    return raise_page(
        request,
        row=answer,
        form_class=RaiseActionForm,
        initial={"lead_role": answer.action_owner, "due_on": answer.action_due},
        save=lambda data: services.raise_action(request.user, answer, **data),
        back=reverse("audits:self_assessment:detail", args=[assessment.pk])
        + f"#question-{answer.question_id}",
        back_text="Back to the self-assessment",
        done="The improvement action is in the partnership's action plan.",
        title=f"Raise question {answer.question.code}'s improvement action into the action plan",
        caption=f"Self-assessment {assessment.period} · {who}",
        text=answer.action,
        explanation=(
            f"Question {answer.question.code}: {answer.question.text} The action joins the "
            f"partnership's composite action plan, owned by {assessment.agency.name}, where the "
            "board tracks its status and evidence of impact. The plan says it came from this "
            "self-assessment and question, and links back to it for those who may read it."
        ),
    )


def fill(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.get_assessment(request.user, assessment_id)
    require(request, Permission.VIEW_SELF_ASSESSMENT, assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        messages.info(request, "This self-assessment is completed, so it can no longer change.")
        return redirect("audits:self_assessment:detail", assessment_id=assessment.pk)
    require(request, Permission.CHANGE_SELF_ASSESSMENT, assessment)
    answers = selectors.answers_of(assessment)
    if request.method != "POST":
        head = AnswersHead(initial={"version": assessment.version})
        return _fill_page(request, assessment, head, answer_forms(answers))
    head = AnswersHead(request.POST)
    forms_ = answer_forms(answers, request.POST)
    if not (head.is_valid() and all(f.is_valid() for f in forms_)):
        return _fill_page(request, assessment, head, forms_, error_summary(*forms_))
    posted = {f.question.pk: f.cleaned_data for f in forms_}
    try:
        services.save_answers(request.user, assessment, posted, head.cleaned_data.get("version"))
    except StaleRecordError:
        current = selectors.get_assessment(request.user, assessment_id)
        last = selectors.last_change(current)
        data = request.POST.copy()
        data["version"] = str(current.version)  # saving again is now deliberate
        text = stale_message(
            "This self-assessment",
            last and last.actor_name,
            last and last.at,
            "Your entries are still below: check them, then save again.",
        )
        errors = [{"text": text, "href": "#main-content"}]
        return _fill_page(request, current, AnswersHead(data), forms_, errors)
    except ValidationError as exc:
        for form in forms_:
            add_service_errors(form, errors_for(form, exc))
        return _fill_page(request, assessment, head, forms_, error_summary(*forms_))
    if "complete" not in request.POST:
        messages.success(request, "Your self-assessment is saved as a draft.")
        return redirect("audits:self_assessment:detail", assessment_id=assessment.pk)
    try:
        services.complete(request.user, assessment)
    except ValidationError as exc:
        forms_ = answer_forms(selectors.answers_of(assessment), request.POST)
        for form in forms_:
            form.is_valid()
            add_service_errors(form, errors_for(form, exc))
        errors = [
            {
                "text": "Your entries are saved as a draft. To complete the self-assessment, "
                "rate each question listed below",
                "href": "#main-content",
            },
            *error_summary(*forms_),
        ]
        head = AnswersHead(initial={"version": assessment.version})
        return _fill_page(request, assessment, head, forms_, errors)
    messages.success(request, "The self-assessment is completed.")
    return redirect("audits:self_assessment:detail", assessment_id=assessment.pk)


def _fill_page(request, assessment, head, forms_, errors=None) -> HttpResponse:
    previous = selectors.previous_of(assessment)
    before = {a.question.code: a.rating for a in selectors.answers_of(previous)} if previous else {}
    items = [
        (
            form,
            presenters.rating_tag(before[form.question.code])
            if form.question.code in before
            else None,
        )
        for form in forms_
    ]
    return page(
        request,
        "audits/self_assessment/fill.html",
        f"Answer the self-assessment for {assessment.period}",
        assessment=assessment,
        previous=previous,
        head=head,
        items=items,
        errors=errors or [],
    )


def _chosen_set(request: HttpRequest):
    """The partnership's sets, and the one asked for (?set=id), else the default if stored."""
    user = request.user
    all_sets = list(selectors.sets(user))
    set_id = request.GET.get("set", "")
    shown = selectors.get_set(user, int(set_id)) if set_id.isdigit() else None
    return all_sets, shown or next((s for s in all_sets if s.is_default), None)


def sets(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_SELF_ASSESSMENTS)
    user = request.user
    chosen, shown = _chosen_set(request)
    # Before first use the default set is shown from code: a page that is read stores nothing.
    return page(
        request,
        "audits/self_assessment/sets.html",
        "Sets of practice issues",
        sets=chosen,
        shown=shown,
        default_name=DEFAULT_SET_NAME,
        default_source=DEFAULT_SOURCE,
        issues=presenters.issues_of_set(selectors.issues_of(shown) if shown else None),
        versions=selectors.versions_of(shown) if shown else [],
        can_manage=user.has_perm(Permission.MANAGE_ISSUE_SETS),
    )


@require_POST
def adapt_default(request: HttpRequest) -> HttpResponse:
    """Store the default set (seed 003) so that the business unit can change it: a page that is
    read stores nothing, so this is a button."""
    require(request, Permission.MANAGE_ISSUE_SETS)
    issue_set = services.ensure_default_set(request.user.partnership)
    return redirect(reverse("audits:self_assessment:sets") + f"?set={issue_set.pk}")


@once.replay_safe
def add_set(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_ISSUE_SETS)
    user = request.user
    form = IssueSetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once.claim(request) as receipt:
                issue_set = services.add_set(
                    user, user.partnership, data["name"], data["source"], data["issues"]
                )
                url = reverse("audits:self_assessment:sets") + f"?set={issue_set.pk}"
                receipt.saved(issue_set, url)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The set '{issue_set.name}' is added.")
            return redirect(receipt.url)
    return page(
        request,
        "audits/self_assessment/set_form.html",
        "Add a set of practice issues",
        form=form,
        errors=error_summary(form) if form.is_bound else [],
    )


def partnership_picture(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_SELF_ASSESSMENT_PICTURE)
    user = request.user
    all_sets, shown = _chosen_set(request)
    shown = shown or (all_sets[0] if all_sets else None)
    result = None
    if shown is not None:
        latest = selectors.latest_completed(user, shown)
        result = presenters.picture(
            selectors.series_issues(shown), latest, selectors.answers_for(latest)
        )
    return page(
        request,
        "audits/self_assessment/picture.html",
        "Self-assessments across the partnership",
        sets=all_sets,
        shown=shown,
        picture=result,
        chart=result.chart() if result else None,
    )
