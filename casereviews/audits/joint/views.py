"""Joint audit pages: parse, authorise, call, render (reads in selectors, writes in services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require
from casereviews.core.word import DOCX_TYPE

from .. import documents
from ..forms import AnswersForm, errors_for
from ..services import PersonalDetailsFound
from ..views import WARNING_SUMMARY, send_download, stale_refusal, warning_items
from ..views_raise import raise_page, theme_row
from . import presenters, selectors, services
from .forms import ConveneForm, JointRaiseForm, LinkForm, discussion_forms
from .models import JointAudit, JointStatus


def joint_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_CASE_AUDITS)
    return page(
        request,
        "audits/joint/list.html",
        "Multi-agency case audits",
        joints=list(selectors.visible_joints(request.user)),
        can_start=request.user.has_perm(Permission.START_JOINT_AUDIT),
    )


@once.replay_safe
def start(request: HttpRequest) -> HttpResponse:
    require(request, Permission.START_JOINT_AUDIT)
    errors: list[dict] = []
    warnings: list[dict] = []
    if request.method == "POST":
        form = ConveneForm(request.POST)
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    joint = services.convene(
                        request.user,
                        request.user.partnership,
                        form.cleaned_data,
                        confirmed=form.cleaned_data["confirm_warnings"],
                    )
                    receipt.saved(joint, reverse("audits:joint:detail", args=[joint.pk]))
            except PersonalDetailsFound as exc:
                warnings, errors = warning_items(exc.warnings), [WARNING_SUMMARY]
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(
                    request,
                    f"The joint audit of {joint.case_reference} is convened. Link each "
                    "agency's audit of the case to it.",
                )
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
    else:
        form = ConveneForm(initial={"meeting_date": timezone.localdate()})
    return page(
        request,
        "audits/joint/start.html",
        "Convene a multi-agency audit",
        form=form,
        errors=errors,
        warnings=warnings,
    )


def detail(request: HttpRequest, joint_id: int) -> HttpResponse:
    joint = selectors.get_joint(request.user, joint_id)
    require(request, Permission.VIEW_JOINT_AUDIT, joint)
    if request.method == "POST":
        return _record(request, joint)
    rows = selectors.side_by_side(joint, request.user)
    can_record = request.user.has_perm(Permission.RECORD_JOINT_DISCUSSION, joint)
    head = AnswersForm(initial={"version": joint.version})
    return _detail_page(request, joint, rows, head, discussion_forms(rows) if can_record else [])


def _record(request: HttpRequest, joint: JointAudit) -> HttpResponse:
    """Save the discussion (and agree it, with "agree"): the anonymisation check's warnings,
    a stale page and refusals are shown on the page with what was written kept."""
    require(request, Permission.RECORD_JOINT_DISCUSSION, joint)
    rows = selectors.side_by_side(joint, request.user)
    head = AnswersForm(request.POST)
    forms_ = discussion_forms(rows, request.POST)
    if not (head.is_valid() and all(f.is_valid() for f in forms_)):
        return _detail_page(request, joint, rows, head, forms_, errors=error_summary(*forms_))
    agreeing = "agree" in request.POST
    try:
        joint = services.save_discussion(
            request.user,
            joint,
            {f.theme.number: f.cleaned_data for f in forms_},
            head.cleaned_data.get("version"),
            confirmed=head.cleaned_data["confirm_warnings"],
        )
    except PersonalDetailsFound as exc:
        warnings = warning_items(exc.warnings)
        return _detail_page(
            request, joint, rows, head, forms_, errors=[WARNING_SUMMARY], warnings=warnings
        )
    except StaleRecordError:
        current = selectors.get_joint(request.user, joint.pk)
        data, errors = stale_refusal(
            request,
            "This joint audit",
            current,
            selectors.last_change(current),
            "What you wrote is still below: check it against what is saved now, then save again.",
        )
        rows = selectors.side_by_side(current, request.user)
        return _detail_page(request, current, rows, AnswersForm(data), forms_, errors=errors)
    except ValidationError as exc:
        return _refused(request, joint, rows, head, forms_, exc)
    if agreeing:
        try:
            services.agree(request.user, joint)
        except ValidationError as exc:
            data = request.POST.copy()
            data["version"] = str(joint.version)  # saved: the page now holds the saved version
            saved = {
                "text": "The discussion is saved; it is not agreed yet",
                "href": "#main-content",
            }
            return _refused(request, joint, rows, AnswersForm(data), forms_, exc, first=saved)
    messages.success(
        request, "The joint audit is agreed." if agreeing else "The joint discussion is saved."
    )
    return redirect("audits:joint:detail", joint_id=joint.pk)


def _refused(request, joint, rows, head, forms_, exc: ValidationError, first=None):
    for form in forms_:
        add_service_errors(form, errors_for(form, exc))
    errors = error_summary(*forms_) or [{"text": m, "href": "#main-content"} for m in exc.messages]
    return _detail_page(
        request, joint, rows, head, forms_, errors=[first, *errors] if first else errors
    )


def _detail_page(request, joint, rows, head, forms_, errors=None, warnings=None) -> HttpResponse:
    user = request.user
    audits = selectors.linked_audits(joint)
    return page(
        request,
        "audits/joint/detail.html",
        f"Multi-agency audit of {joint.case_reference}",
        joint=joint,
        rows=rows,
        agencies=audits,
        sees_every_agency=selectors.sees_every_agency(user, joint, audits),
        head=head,
        forms={f.theme.number: f for f in forms_},
        can_record=bool(forms_),
        can_link=user.has_perm(Permission.LINK_JOINT_AUDIT, joint),
        can_raise=user.has_perm(Permission.RAISE_JOINT_ACTION, joint),
        can_open_actions=user.has_perm(Permission.VIEW_ACTION_PLAN),
        can_download=user.has_perm(Permission.DOWNLOAD_JOINT_AUDIT, joint),
        agreed=joint.status == JointStatus.AGREED,
        errors=errors or [],
        warnings=warnings or [],
    )


DOWNLOADS = {
    "pdf": (documents.joint_pdf, documents.PDF_TYPE),
    "docx": (documents.joint_docx, DOCX_TYPE),
}


def download(request: HttpRequest, joint_id: int, kind: str) -> HttpResponse:
    """The agreed joint audit for each agency's case record, as PDF or Word."""
    if kind not in DOWNLOADS:
        raise Http404
    joint = selectors.get_joint(request.user, joint_id)
    require(request, Permission.VIEW_JOINT_AUDIT, joint)
    require(request, Permission.DOWNLOAD_JOINT_AUDIT, joint)
    audits = selectors.linked_audits(joint)
    document = presenters.document_of(joint, selectors.side_by_side(joint), audits)
    return send_download(request, joint, DOWNLOADS[kind], document, kind, "Multi-agency audit")


@once.replay_safe
def raise_action(request: HttpRequest, joint_id: int, number: int) -> HttpResponse:
    joint = selectors.get_joint(request.user, joint_id)
    require(request, Permission.VIEW_JOINT_AUDIT, joint)
    require(request, Permission.RAISE_JOINT_ACTION, joint)
    row = theme_row(selectors.discussions_of(joint), number, "agreed_actions")
    agencies = selectors.agencies_of(joint)
    return raise_page(
        request,
        row=row,
        form_class=lambda *args, **kwargs: JointRaiseForm(agencies, *args, **kwargs),
        initial={},
        save=lambda data: services.raise_action(request.user, joint, number, **data),
        back=reverse("audits:joint:detail", args=[joint.pk]) + f"#theme-{number}",
        back_text="Back to the joint audit",
        title=f"Raise theme {number}'s agreed actions into the action plan",
        caption=f"Multi-agency audit {joint.case_reference}",
        text=row.agreed_actions,
        explanation=(
            "The agreed actions join the partnership's composite action plan as one action, "
            "led by the agency you choose, where the board tracks it with its status and "
            "evidence of impact. The plan says it came from a multi-agency case audit on theme "
            f"{number}, {row.theme.title}, and names the agencies taking part; it does not show "
            "the case's reference or the child."
        ),
    )


@once.replay_safe
def link(request: HttpRequest, joint_id: int) -> HttpResponse:
    joint = selectors.get_joint(request.user, joint_id)
    require(request, Permission.LINK_JOINT_AUDIT, joint)
    audits = selectors.linkable_audits(request.user, joint)
    errors: list[dict] = []
    form = LinkForm(audits, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    row = services.link(request.user, joint, form.cleaned_data["audit"])
                    receipt.saved(row, reverse("audits:joint:detail", args=[joint.pk]))
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, "The audit is part of the joint audit.")
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
    return page(
        request,
        "audits/joint/link.html",
        "Link an agency's audit",
        joint=joint,
        form=form,
        has_choices=audits.exists(),
        errors=errors,
    )
