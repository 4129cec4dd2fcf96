"""Case audit pages: parse, authorise, call, render (reads in selectors, writes in services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import attachment, page, require
from casereviews.core.word import DOCX_TYPE

from . import checks, documents, presenters, prompts, selectors, services
from .forms import AnswersForm, AuditDetailsForm, SignOffForm, answer_forms, errors_for
from .models import AuditStatus, CaseAudit


def audit_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_CASE_AUDITS)
    user = request.user
    business_unit = user.has_perm(Permission.MANAGE_AUDIT_FRAMEWORK)
    others = selectors.visible_audits(user).exclude(author=user) if business_unit else None
    return page(
        request,
        "audits/list.html",
        "Case audits",
        own=[presenters.list_row(a) for a in selectors.own_audits(user)],
        to_sign=[
            presenters.list_row(a, show_author=True) for a in selectors.awaiting_sign_off(user)
        ],
        others=None
        if others is None
        else [presenters.list_row(a, show_author=True) for a in others],
        can_start=user.has_perm(Permission.START_CASE_AUDIT),
        can_summarise=user.has_perm(Permission.VIEW_CASE_AUDIT_SUMMARY),
    )


def warning_items(warnings: list[checks.Warning]) -> list[dict]:
    return [
        {
            "where": w.where,
            "href": f"#{w.field_id}",
            "kind": checks.kind_words(w.kind),
            "text": w.text,
        }
        for w in warnings
    ]


WARNING_SUMMARY = {
    "text": "The anonymisation check found something that may name or identify someone: "
    "change it, or confirm it is not a personal detail",
    "href": "#warnings",
}


def _details_page(request, form, save, title: str, **context) -> HttpResponse:
    """The case details form (starting an audit, or changing a draft's): `save(form)` calls the
    service and returns the page to go to; warnings and refusals are shown on the form."""
    warnings: list[dict] = []
    errors: list[dict] = []
    if request.method == "POST":
        if not form.is_valid():
            errors = error_summary(form)
        else:
            try:
                return save(form)
            except services.PersonalDetailsFound as exc:
                warnings, errors = warning_items(exc.warnings), [WARNING_SUMMARY]
            except StaleRecordError:
                errors = [STALE_DETAILS]
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
    return page(
        request, "audits/start.html", title, form=form, warnings=warnings, errors=errors, **context
    )


STALE_DETAILS = {
    "text": "Someone saved this audit after you opened it. Open it again to see what is saved, "
    "then make your change.",
    "href": "#main-content",
}


@once.replay_safe
def start(request: HttpRequest) -> HttpResponse:
    require(request, Permission.START_CASE_AUDIT)
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = AuditDetailsForm(user, data, initial={"audit_date": timezone.localdate()})

    def save(form) -> HttpResponse:
        with once.claim(request) as receipt:
            audit = services.start_audit(
                user,
                user.partnership,
                form.details(),
                confirmed=form.cleaned_data["confirm_warnings"],
            )
            receipt.saved(audit, reverse("audits:fill", args=[audit.pk]))
        messages.success(
            request,
            f"The audit of {audit.case_reference} has started. Write what you see for each "
            "theme; save as you go and finish later.",
        )
        return redirect(receipt.url)

    return _details_page(
        request, form, save, "Start a case audit", framework=selectors.current_framework(user)
    )


def _themes_and_answers(audit: CaseAudit):
    return [(a.theme, a) for a in selectors.answers_of(audit)]


def detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    return _detail_page(request, audit, SignOffForm())


def _detail_page(request, audit: CaseAudit, sign_off_form, errors=None) -> HttpResponse:
    user = request.user
    answers = selectors.answers_of(audit)
    doc = presenters.document_of(audit, answers)
    judged, total = presenters.judged_count(doc)
    return page(
        request,
        "audits/detail.html",
        doc.title,
        audit=audit,
        doc=doc,
        judged=judged,
        total=total,
        prompts=prompts.prompts_for(answers),
        status_tag=presenters.status_tag(audit.status),
        can_change=user.has_perm(Permission.CHANGE_CASE_AUDIT, audit),
        can_reopen=user.has_perm(Permission.REOPEN_CASE_AUDIT, audit),
        can_sign_off=user.has_perm(Permission.SIGN_OFF_CASE_AUDIT, audit),
        can_download=user.has_perm(Permission.DOWNLOAD_CASE_AUDIT, audit),
        can_raise=user.has_perm(Permission.RAISE_AUDIT_ACTION, audit),
        can_open_actions=user.has_perm(Permission.VIEW_ACTION_PLAN),
        raised={a.theme.number: a.raised_action for a in answers if a.raised_action_id},
        sign_off_form=sign_off_form,
        errors=errors or [],
    )


def _refuse_unless_draft(request, audit: CaseAudit) -> HttpResponse | None:
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    if audit.status == AuditStatus.DRAFT:
        require(request, Permission.CHANGE_CASE_AUDIT, audit)
        return None
    messages.info(request, "This audit is no longer a draft, so it can no longer be changed.")
    return redirect("audits:detail", audit_id=audit.pk)


def _posted_answers(forms_) -> dict[int, dict]:
    return {f.theme.number: f.cleaned_data for f in forms_}


def fill(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    refused = _refuse_unless_draft(request, audit)
    if refused:
        return refused
    pairs = _themes_and_answers(audit)
    if request.method != "POST":
        return _fill_page(
            request,
            audit,
            pairs,
            AnswersForm(initial={"version": audit.version}),
            answer_forms(pairs),
        )
    head = AnswersForm(request.POST)
    forms_ = answer_forms(pairs, request.POST)
    if not (head.is_valid() and all(f.is_valid() for f in forms_)):
        return _fill_page(request, audit, pairs, head, forms_, errors=error_summary(*forms_))
    finishing = "complete" in request.POST
    try:
        services.save_answers(
            request.user,
            audit,
            _posted_answers(forms_),
            head.cleaned_data.get("version"),
            confirmed=head.cleaned_data["confirm_warnings"],
        )
    except services.PersonalDetailsFound as exc:
        return _fill_page(
            request,
            audit,
            pairs,
            head,
            forms_,
            errors=[WARNING_SUMMARY],
            warnings=warning_items(exc.warnings),
        )
    except StaleRecordError:
        current = selectors.get_audit(request.user, audit_id)
        data, errors = stale_refusal(
            request,
            "This audit",
            current,
            selectors.last_change(current),
            "Your entries are still below: check them against the audit's page, then save again.",
        )
        return _fill_page(request, current, pairs, AnswersForm(data), forms_, errors=errors)
    except ValidationError as exc:
        for form in forms_:
            add_service_errors(form, errors_for(form, exc))
        return _fill_page(request, audit, pairs, head, forms_, errors=error_summary(*forms_))
    if not finishing:
        messages.success(
            request,
            "Your audit is saved as a draft. You can come back to it from Case audits at any time.",
        )
        return redirect("audits:detail", audit_id=audit.pk)
    try:
        services.complete(request.user, audit)
    except ValidationError as exc:
        forms_ = answer_forms(_themes_and_answers(audit), request.POST)
        for form in forms_:
            form.is_valid()
            add_service_errors(form, errors_for(form, exc))
        head = AnswersForm(initial={"version": audit.version})
        errors = [
            {
                "text": "Your entries are saved as a draft. To complete the audit, select a "
                "judgement for each theme below",
                "href": "#main-content",
            },
            *error_summary(*forms_),
        ]
        return _fill_page(request, audit, pairs, head, forms_, errors=errors)
    messages.success(
        request,
        "The audit is completed. Your supervisor can now review and sign it off; you can "
        "download it for the case record.",
    )
    return redirect("audits:detail", audit_id=audit.pk)


def stale_refusal(
    request, subject: str, current, change, advice: str
) -> tuple[QueryDict, list[dict]]:
    """After a save refused as stale (core.concurrency): what the user posted, now carrying the
    record's current version (saving again is deliberate), and the error naming who saved last
    (`change`, an audit entry, if known)."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    message = stale_message(subject, change and change.actor_name, change and change.at, advice)
    return data, [{"text": message, "href": "#main-content"}]


def _fill_page(request, audit, pairs, head, forms_, errors=None, warnings=None) -> HttpResponse:
    return page(
        request,
        "audits/fill.html",
        f"Audit {audit.case_reference} against the themes",
        audit=audit,
        head=head,
        forms=forms_,
        warnings=warnings or [],
        errors=errors or [],
    )


def change_details(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    refused = _refuse_unless_draft(request, audit)
    if refused:
        return refused
    initial = {f: getattr(audit, f) for f in services.DETAIL_FIELDS}
    initial.update(agency=audit.agency_id, supervisor=audit.supervisor_id, version=audit.version)
    data = request.POST if request.method == "POST" else None
    form = AuditDetailsForm(request.user, data, initial=initial)

    def save(form) -> HttpResponse:
        services.update_details(
            request.user,
            audit,
            form.details(),
            form.cleaned_data.get("version"),
            confirmed=form.cleaned_data["confirm_warnings"],
        )
        messages.success(request, "The case details are saved.")
        return redirect("audits:detail", audit_id=audit.pk)

    return _details_page(
        request, form, save, "Change the case details", audit=audit, framework=audit.framework
    )


@require_POST
def reopen(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    require(request, Permission.REOPEN_CASE_AUDIT, audit)
    services.reopen(request.user, audit)
    messages.success(request, "The audit is a draft again: it can be changed and completed.")
    return redirect("audits:detail", audit_id=audit.pk)


@require_POST
def sign_off(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    require(request, Permission.SIGN_OFF_CASE_AUDIT, audit)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, audit, form, errors=error_summary(form))
    services.sign_off(request.user, audit, form.cleaned_data["note"])
    messages.success(request, f"You have signed off the audit of {audit.case_reference}.")
    return redirect("audits:detail", audit_id=audit.pk)


DOWNLOADS = {
    "pdf": (documents.audit_pdf, documents.PDF_TYPE),
    "docx": (documents.audit_docx, DOCX_TYPE),
    "json": (documents.audit_json, documents.JSON_TYPE),
}


def download(request: HttpRequest, audit_id: int, kind: str) -> HttpResponse:
    if kind not in DOWNLOADS:
        raise Http404
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    require(request, Permission.DOWNLOAD_CASE_AUDIT, audit)
    document = presenters.document_of(audit, selectors.answers_of(audit))
    return send_download(request, audit, DOWNLOADS[kind], document, kind, "Case audit")


def send_download(request, record, maker_and_type, document, kind: str, label: str):
    """`document` made into a file (`maker_and_type`: the maker and its content type) for the
    case record, named after the record's case reference; the copy taken out is audited."""
    maker, content_type = maker_and_type
    body = maker(document)
    services.record_download(request.user, record, kind, label)
    name = f"{label.lower().replace(' ', '-')}-{safe_name(record.case_reference)}.{kind}"
    return attachment(body, name, content_type)


def safe_name(reference: str) -> str:
    """A case reference as part of a file name: letters, digits, - and _ only."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in reference)
