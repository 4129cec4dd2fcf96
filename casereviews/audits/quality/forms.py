"""The rating form: one small form per marker of a stage (prefixed by the marker's key), plus
the version of the review's assessment the page was opened at."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.core.forms import FreeTextField, VersionedForm

from .markers import Marker
from .models import QualityRating, Rating
from .services import EVIDENCE_LIMIT


class HeadForm(VersionedForm):
    """Carries only the version (empty when the review has never been rated)."""


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating", choices=[("", "Not rated yet"), *Rating.choices], required=False
    )
    evidence = FreeTextField(
        label="Evidence",
        required=False,
        max_length=EVIDENCE_LIMIT,
        widget=forms.Textarea,
        error_messages={"max_length": f"The evidence must be {EVIDENCE_LIMIT} characters or fewer"},
    )

    def __init__(self, marker: Marker, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", marker.key)
        super().__init__(*args, **kwargs)
        self.marker = marker


def rating_forms(
    markers: list[Marker], saved: dict[str, QualityRating], data=None
) -> list[RatingForm]:
    forms_ = []
    for marker in markers:
        row = saved.get(marker.key)
        initial = {"rating": row.rating, "evidence": row.evidence} if row else {}
        forms_.append(RatingForm(marker, data, initial=initial))
    return forms_
