"""The partnership's case audit framework: read by everyone who audits, adapted by the business
unit, each change a new version (docs/adr/0022)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from casereviews.accounts.roles import Permission
from casereviews.core.forms import add_service_errors, checkboxes_params, error_summary
from casereviews.core.views_helpers import page, require
from casereviews.learning.themes import theme_name

from . import selectors, services
from .forms import RetireForm, ThemeForm
from .framework import DEFAULT_NAME, DEFAULT_THEMES


def framework(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_CASE_AUDITS)
    current = selectors.current_framework(request.user)
    # Not stored until first used: show the default it will be.
    name, version = (DEFAULT_NAME, 1) if current is None else (current.name, current.version)
    stored = DEFAULT_THEMES if current is None else selectors.themes_of(current)
    themes = [
        {
            "number": t.number,
            "title": t.title,
            "problem": t.problem,
            "questions": t.questions,
            "taxonomy": [theme_name(i) for i in t.taxonomy_ids],
            "local": t.local,
        }
        for t in stored
    ]
    return page(
        request,
        "audits/framework.html",
        "The case audit framework",
        name=name,
        version=version,
        themes=themes,
        versions=selectors.framework_versions(request.user),
        can_manage=request.user.has_perm(Permission.MANAGE_AUDIT_FRAMEWORK),
    )


def change_theme(request: HttpRequest, number: int | None = None) -> HttpResponse:
    """Reword a theme (number given) or add a local one (none): either way, a new version."""
    require(request, Permission.MANAGE_AUDIT_FRAMEWORK)
    theme = None
    if number is not None:
        current = selectors.current_framework(request.user)
        theme = selectors.get_theme(current, number) if current else None
        if theme is None and current is not None:
            raise Http404
    if request.method == "POST":
        form = ThemeForm(request.POST)
        if form.is_valid():
            fields = {
                k: form.cleaned_data[k] for k in ("title", "problem", "guidance", "taxonomy_ids")
            }
            change = {number: fields} if number is not None else None
            try:
                framework_ = services.new_version(
                    request.user,
                    request.user.partnership,
                    note=form.cleaned_data["note"],
                    change=change,
                    add=None if number is not None else fields,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Version {framework_.version} of the framework is now in use for new "
                    "audits. Audits already started keep the version they were filled against.",
                )
                return redirect("audits:framework")
    else:
        initial = {}
        if theme is not None:
            initial = {
                "title": theme.title,
                "problem": theme.problem,
                "guidance": theme.guidance,
                "taxonomy_ids": theme.taxonomy_ids,
            }
        elif number is not None:  # the default, not stored yet
            spec = next((t for t in DEFAULT_THEMES if t.number == number), None)
            if spec is None:
                raise Http404
            initial = {
                "title": spec.title,
                "problem": spec.problem,
                "guidance": "\n".join(spec.guidance),
                "taxonomy_ids": list(spec.taxonomy_ids),
            }
        form = ThemeForm(initial=initial)
    title = f"Change theme {number}" if number is not None else "Add a local theme"
    return page(
        request,
        "audits/theme_form.html",
        title,
        form=form,
        number=number,
        errors=error_summary(form),
        checkboxes_params=checkboxes_params,
    )


def retire_theme(request: HttpRequest, number: int) -> HttpResponse:
    require(request, Permission.MANAGE_AUDIT_FRAMEWORK)
    form = RetireForm(request.POST if request.method == "POST" else None)
    theme_title = next((t.title for t in DEFAULT_THEMES if t.number == number), None)
    current = selectors.current_framework(request.user)
    if current is not None:
        theme = selectors.get_theme(current, number)
        theme_title = theme.title if theme else None
    if theme_title is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            framework_ = services.new_version(
                request.user,
                request.user.partnership,
                note=form.cleaned_data["note"],
                retire=[number],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Theme {number} is retired from version {framework_.version}. Audits already "
                "started keep it.",
            )
            return redirect("audits:framework")
    return page(
        request,
        "audits/retire.html",
        f"Retire theme {number}",
        form=form,
        number=number,
        theme_title=theme_title,
        errors=error_summary(form),
    )
