"""Joint audit pages: parse, authorise, call, render (reads in selectors, writes in services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require

from . import selectors, services
from .forms import ConveneForm, LinkForm, discussion_forms
from .models import JointStatus


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
    if request.method == "POST":
        form = ConveneForm(request.POST)
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    joint = services.convene(
                        request.user, request.user.partnership, form.cleaned_data
                    )
                    receipt.saved(joint, reverse("audits:joint:detail", args=[joint.pk]))
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
        request, "audits/joint/start.html", "Convene a multi-agency audit", form=form, errors=errors
    )


def detail(request: HttpRequest, joint_id: int) -> HttpResponse:
    joint = selectors.get_joint(request.user, joint_id)
    require(request, Permission.VIEW_JOINT_AUDIT, joint)
    rows = selectors.side_by_side(joint)
    can_record = request.user.has_perm(Permission.RECORD_JOINT_DISCUSSION, joint)
    errors: list[dict] = []
    forms_ = discussion_forms(rows) if can_record else []
    if request.method == "POST":
        require(request, Permission.RECORD_JOINT_DISCUSSION, joint)
        forms_ = discussion_forms(rows, request.POST)
        if all(f.is_valid() for f in forms_):
            try:
                services.save_discussion(
                    request.user, joint, {f.theme.number: f.cleaned_data for f in forms_}
                )
                if "agree" in request.POST:
                    services.agree(request.user, joint)
            except ValidationError as exc:
                for form in forms_:
                    add_service_errors(form, _errors_for(form, exc))
                errors = error_summary(*forms_) or [
                    {"text": m, "href": "#main-content"} for m in exc.messages
                ]
                if "agree" in request.POST:
                    errors.insert(
                        0,
                        {
                            "text": "The discussion is saved; it is not agreed yet",
                            "href": "#main-content",
                        },
                    )
            else:
                messages.success(
                    request,
                    "The joint audit is agreed."
                    if "agree" in request.POST
                    else "The joint discussion is saved.",
                )
                return redirect("audits:joint:detail", joint_id=joint.pk)
        else:
            errors = error_summary(*forms_)
    return page(
        request,
        "audits/joint/detail.html",
        f"Multi-agency audit of {joint.case_reference}",
        joint=joint,
        rows=rows,
        agencies=selectors.linked_audits(joint),
        forms=dict(zip([r.theme.number for r in rows], forms_, strict=False)),
        can_record=can_record,
        can_link=request.user.has_perm(Permission.LINK_JOINT_AUDIT, joint),
        agreed=joint.status == JointStatus.AGREED,
        errors=errors,
    )


def _errors_for(form, exc: ValidationError) -> ValidationError:
    """The service's errors that belong to this theme's form ("t3-judgement" -> judgement)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({})
    prefix = f"{form.prefix}-"
    return ValidationError(
        {k[len(prefix) :]: v for k, v in exc.message_dict.items() if k.startswith(prefix)}
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
