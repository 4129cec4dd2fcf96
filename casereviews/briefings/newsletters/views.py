"""Newsletter pages: parse, authorise, call, render (reads in newsletters.selectors, writes in
newsletters.services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.briefings import correcting, withdrawal
from casereviews.briefings.forms import WithdrawForm
from casereviews.briefings.models import BriefingStatus, NewsletterItemKind
from casereviews.briefings.newsletters import presenters as presenters
from casereviews.briefings.newsletters import selectors as selectors
from casereviews.briefings.newsletters import services as services
from casereviews.briefings.newsletters.forms import (
    BriefingItemForm,
    EventItemForm,
    NewsletterForm,
    PublishForm,
    UpdateItemForm,
)
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, checkbox_params, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import attachment, page, require

ITEM_FORMS = {NewsletterItemKind.UPDATE: UpdateItemForm, NewsletterItemKind.EVENT: EventItemForm}
ITEM_TITLES = {
    NewsletterItemKind.BRIEFING: "Add a briefing",
    NewsletterItemKind.UPDATE: "Add an update",
    NewsletterItemKind.EVENT: "Add an event",
}


def _draft_or_back(request: HttpRequest, newsletter) -> HttpResponse | None:
    """A published or withdrawn issue is final: back to it with a message instead of a form."""
    if newsletter.status != BriefingStatus.DRAFT:
        messages.info(request, services.published_message())
        return redirect("newsletters:detail", newsletter_id=newsletter.pk)
    return None


def index(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFINGS)
    can_manage = request.user.has_perm(Permission.MANAGE_NEWSLETTERS)
    newsletters = list(selectors.newsletters_for(request.user))
    return page(
        request,
        "briefings/newsletter_list.html",
        "Newsletters",
        rows=presenters.list_rows(newsletters, show_status=can_manage),
        can_manage=can_manage,
    )


@once.replay_safe
def new(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_NEWSLETTERS)
    form = NewsletterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                newsletter = services.create_newsletter(request.user, **form.newsletter_data())
                receipt.saved(newsletter, reverse("newsletters:detail", args=[newsletter.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{newsletter.title} has been started as a draft")
            return redirect(receipt.url)
    return page(
        request,
        "briefings/newsletter_form.html",
        "Start a newsletter issue",
        form=form,
        newsletter=None,
        errors=error_summary(form),
    )


def detail(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.VIEW_NEWSLETTER, newsletter)
    user = request.user
    can_manage = user.has_perm(Permission.MANAGE_NEWSLETTERS)
    newer = newsletter.corrections.order_by("-id").first() if can_manage else None
    return page(
        request,
        "briefings/newsletter_detail.html",
        newsletter.title,
        newsletter=newsletter,
        introduction=presenters.paragraphs(newsletter.introduction),
        items=presenters.items_view(selectors.items_of(newsletter)),
        tag=presenters.status_tag(newsletter),
        editable=can_manage and newsletter.status == BriefingStatus.DRAFT,
        show_tag=can_manage,
        corrected_on=presenters.corrected_on(newsletter),
        can_withdraw=withdrawal.may_withdraw.test(user, newsletter),
        can_correct=newer is None and withdrawal.may_correct.test(user, newsletter),
        newer=newer,
    )


def pdf(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.VIEW_NEWSLETTER, newsletter)
    body = presenters.pdf_bytes(newsletter, selectors.items_of(newsletter))
    return attachment(body, presenters.pdf_filename(newsletter), "application/pdf")


def _stale_message(newsletter) -> str:
    change = selectors.last_change(newsletter)
    return stale_message("This issue", change and change.actor_name, change and change.at)


def edit(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    errors: list = []
    saved = None
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        if form.is_valid():
            try:
                services.update_newsletter(
                    request.user, newsletter, form.newsletter_data(), form.cleaned_data["version"]
                )
            except StaleRecordError:
                current = selectors.get_newsletter(request.user, newsletter_id)
                data = request.POST.copy()
                data["version"] = str(current.version)  # saving again is now deliberate
                form = NewsletterForm(data)
                form.is_valid()
                errors = [{"text": _stale_message(current), "href": "#saved-values"}]
                saved = current
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, f"{newsletter.title} has been saved")
                return redirect("newsletters:detail", newsletter_id=newsletter.pk)
        else:
            errors = error_summary(form)
    else:
        form = NewsletterForm(initial=NewsletterForm.initial_for(newsletter))
    return page(
        request,
        "briefings/newsletter_form.html",
        f"Edit {newsletter.title}",
        form=form,
        newsletter=newsletter,
        saved=saved,
        errors=errors,
    )


@once.replay_safe
def add_item(request: HttpRequest, newsletter_id: int, kind: str) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    if kind not in ITEM_TITLES:
        raise Http404
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    data = request.POST if request.method == "POST" else None
    if kind == NewsletterItemKind.BRIEFING:
        form = BriefingItemForm(selectors.briefing_choices(request.user, newsletter), data)
    else:
        form = ITEM_FORMS[kind](data)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                item = services.add_item(request.user, newsletter, kind=kind, **form.item_data())
                receipt.saved(item, reverse("newsletters:detail", args=[newsletter.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The {kind} has been added to the end of the issue")
            return redirect(receipt.url)
    return page(
        request,
        "briefings/newsletter_item_form.html",
        ITEM_TITLES[kind],
        newsletter=newsletter,
        form=form,
        kind=kind,
        errors=error_summary(form),
    )


def edit_item(request: HttpRequest, newsletter_id: int, item_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    item = selectors.get_item(newsletter, item_id)
    if item.kind not in ITEM_FORMS:
        raise Http404
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    form_class = ITEM_FORMS[item.kind]
    if request.method == "POST":
        form = form_class(request.POST)
    else:
        form = form_class(initial=form_class.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, newsletter, item, **form.item_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{item.heading} has been saved")
            return redirect("newsletters:detail", newsletter_id=newsletter.pk)
    return page(
        request,
        "briefings/newsletter_item_form.html",
        f"Edit the {item.kind}",
        newsletter=newsletter,
        form=form,
        kind=item.kind,
        item=item,
        errors=error_summary(form),
    )


@require_POST
def move_item(request: HttpRequest, newsletter_id: int, item_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    item = selectors.get_item(newsletter, item_id)
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    direction = request.POST.get("direction", "")
    if services.move_item(request.user, newsletter, item, direction):
        messages.success(request, f"{presenters.item_view(item)['heading']} moved {direction}")
    response = redirect("newsletters:detail", newsletter_id=newsletter.pk)
    response["Location"] += f"#item-{item.pk}"
    return response


@require_POST
def remove_item(request: HttpRequest, newsletter_id: int, item_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    item = selectors.get_item(newsletter, item_id)
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    heading = presenters.item_view(item)["heading"]
    services.remove_item(request.user, newsletter, item)
    messages.success(request, f"{heading} has been removed from the issue")
    return redirect("newsletters:detail", newsletter_id=newsletter.pk)


def withdraw(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    """Withdraw a published issue, with a reason: practitioners no longer see it."""
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    if not withdrawal.may_withdraw.test(request.user, newsletter):
        messages.info(request, "Only a published issue can be withdrawn")
        return redirect("newsletters:detail", newsletter_id=newsletter.pk)
    data = request.POST if request.method == "POST" else None
    form = WithdrawForm(data, initial={"version": newsletter.version})
    form.fields[
        "reason"
    ].help_text = (
        "The business unit sees this on the issue's page. Do not repeat a personal detail."
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(
                request.user, newsletter, form.cleaned_data["reason"], form.cleaned_data["version"]
            )
        except StaleRecordError:
            messages.info(request, _stale_message(newsletter))
            return redirect("newsletters:detail", newsletter_id=newsletter.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{newsletter.title} is withdrawn: practitioners no longer see it"
            )
            return redirect("newsletters:detail", newsletter_id=newsletter.pk)
    return page(
        request,
        "briefings/newsletter_withdraw.html",
        f"Withdraw {newsletter.title}",
        newsletter=newsletter,
        form=form,
        errors=error_summary(form),
    )


@require_POST
def correct(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    """Start a corrected issue: a new draft copied from this one."""
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    return correcting.start_correction(
        request,
        newsletter,
        services.start_correction,
        back=reverse("newsletters:detail", args=[newsletter.pk]),
        onward=lambda draft: reverse("newsletters:detail", args=[draft.pk]),
        message="A corrected issue has been started as a draft, copied from the issue. Change "
        "it, then publish it: publishing it withdraws the issue it corrects",
    )


def publish(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = selectors.get_newsletter(request.user, newsletter_id)
    require(request, Permission.MANAGE_NEWSLETTERS)
    if (back := _draft_or_back(request, newsletter)) is not None:
        return back
    findings = services.text_findings(newsletter)
    form = PublishForm(bool(findings), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(request.user, newsletter, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{newsletter.title} is published: everyone of the partnership can read it"
            )
            return redirect("newsletters:detail", newsletter_id=newsletter.pk)
    return page(
        request,
        "briefings/newsletter_publish.html",
        f"Publish {newsletter.title}",
        newsletter=newsletter,
        form=form,
        findings=findings,
        item_count=len(items := selectors.items_of(newsletter)),
        withdrawn_items=sum(
            1 for i in items if i.briefing and i.briefing.status != BriefingStatus.PUBLISHED
        ),
        checked_params=checkbox_params(form["checked"]),
        errors=error_summary(form),
    )
