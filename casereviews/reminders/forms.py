from __future__ import annotations

from django import forms


class PreferenceForm(forms.Form):
    weekly = forms.BooleanField(
        label="Send me a weekly email of what falls due for me",
        required=False,
        help_text="On Mondays, only when something falls due: your agency's actions, "
        "briefings to share, clocks, case audits and events.",
    )
    daily = forms.BooleanField(
        label="Send me a daily email as well",
        required=False,
        help_text="For the business unit: every morning something falls due.",
    )

    def __init__(self, *args, offer_daily: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not offer_daily:
            del self.fields["daily"]
