"""Forms of the self-assessment pages, rendered with the GOV.UK macros (core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.accounts.roles import Role
from casereviews.core.forms import LONG_TEXT_MAX_CHARS, FreeTextField, GovDateField, VersionedForm

from . import selectors
from .issues import DEFAULT_SET_NAME
from .models import Rating
from .services import ANSWER_FIELDS


class StartForm(forms.Form):
    issue_set = forms.ModelChoiceField(
        label="Set of practice issues", queryset=None, required=False, empty_label=None
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Select the agency",
        error_messages={"required": "Select the agency that is assessing itself"},
    )
    team = forms.CharField(
        label="Team (optional)",
        required=False,
        max_length=120,
        help_text="Leave blank when the whole agency assesses itself",
    )
    period = forms.CharField(
        label="Reporting year",
        max_length=7,
        help_text="For example, 2016-17 (reporting years run 1 April to 31 March)",
        error_messages={"required": "Enter the reporting year, for example 2016-17"},
    )

    def __init__(self, user, sets, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issue_set"].queryset = sets
        if not any(s.is_default for s in sets):
            # Not stored yet: choosing none starts against the default, stored on first use.
            self.fields["issue_set"].empty_label = DEFAULT_SET_NAME
        agencies = selectors.agencies_of(user)
        if getattr(user, "role", None) != Role.BUSINESS_UNIT:
            agencies = agencies.filter(pk=user.agency_id)
            self.fields["agency"].empty_label = None
        self.fields["agency"].queryset = agencies

    def details(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in ("issue_set", "agency", "team", "period")}


class AnswerForm(forms.Form):
    """One question: every field may be left for later."""

    rating = forms.ChoiceField(
        label="Rating",
        choices=[("", "Not yet"), *Rating.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    evidence = FreeTextField(
        label="Evidence",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How you know: audits, data, feedback, what staff told you",
    )
    action = FreeTextField(
        label="Improvement action",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action_owner = forms.CharField(label="Who will do it", required=False, max_length=120)
    action_due = GovDateField(label="By when", required=False, earliest_year=2000)

    def __init__(self, question, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"q{question.pk}", **kwargs)
        self.question = question


def answer_forms(answers, data=None) -> list[AnswerForm]:
    return [
        AnswerForm(a.question, data, initial={f: getattr(a, f) for f in ANSWER_FIELDS})
        for a in answers
    ]


class AnswersHead(VersionedForm):
    """The version the user opened; the questions' own forms ride beside it."""


class IssueSetForm(forms.Form):
    name = forms.CharField(
        label="Name of the set",
        max_length=200,
        error_messages={"required": "Enter the name of the set"},
    )
    source = FreeTextField(
        label="Where the issues come from (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the national review or the local learning it is based on",
    )
    issues = FreeTextField(
        label="Issues and their questions",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Write each issue on a line of its own, then each of its questions on a line "
        "starting with a dash (-)",
        error_messages={"required": "Enter at least one issue, with its questions"},
        max_length=LONG_TEXT_MAX_CHARS,
    )


class ReopenForm(forms.Form):
    reason = FreeTextField(
        label="Why are you reopening it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the agency found more evidence for issue 6. The reason is kept "
        "in the audit log and shown on the self-assessment",
        error_messages={"required": "Enter why the self-assessment is being reopened"},
    )


class IssueWordsForm(forms.Form):
    """An issue's title and summary, as a new issue or a change to one has them."""

    title = forms.CharField(
        label="Issue",
        max_length=300,
        error_messages={"required": "Enter the title of the issue"},
    )
    summary = FreeTextField(
        label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IssueChangeForm(IssueWordsForm):
    """An issue of the newest version: its words, each question's (or retire it), new ones."""

    new_questions = FreeTextField(
        label="New questions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A question a line; each takes the next free number",
    )
    retire_issue = forms.BooleanField(
        label="Retire the whole issue from the next version", required=False
    )

    def __init__(self, issue, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": issue.title,
                "summary": issue.summary,
                **{f"question_{q.number}": q.text for q in issue.questions.all()},
            },
        )
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.question_fields = []
        for q in issue.questions.all():
            self.fields[f"question_{q.number}"] = FreeTextField(
                label=f"Question {issue.number}.{q.number}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"retire_{q.number}"] = forms.BooleanField(
                label=f"Retire question {issue.number}.{q.number}", required=False
            )
            self.question_fields.append((f"question_{q.number}", f"retire_{q.number}"))
        # The error summary lists problems in the page's order.
        self.order_fields(["title", "summary", *(n for pair in self.question_fields for n in pair)])

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        numbers = [q.number for q in self.issue.questions.all()]
        return {
            "title": data["title"],
            "summary": data.get("summary") or "",
            "questions": {n: data.get(f"question_{n}") or "" for n in numbers},
            "retire": {n for n in numbers if data.get(f"retire_{n}")},
            "new_questions": data.get("new_questions") or "",
            "retire_issue": bool(data.get("retire_issue")),
        }


class AddIssueForm(IssueWordsForm):
    questions = FreeTextField(
        label="Questions",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A question a line",
        error_messages={"required": "Enter at least one question, a line each"},
    )
