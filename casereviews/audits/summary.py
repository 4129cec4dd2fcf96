"""What case audits add up to: for each theme, how often it was evident and not yet addressed,
the next actions set and those past their date, and training needs by theme and agency; with a
server-rendered SVG bar chart whose numbers are the table beside it.

Themes are counted by number across framework versions (a number stays with its theme), under
the title of the newest version that has it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import AuditAnswer, Judgement


@dataclass
class ThemeCount:
    number: int
    title: str
    audits: int = 0
    by_judgement: Counter = field(default_factory=Counter)
    actions: int = 0
    actions_past_date: int = 0
    training: Counter = field(default_factory=Counter)  # agency name -> needs

    @property
    def not_addressed(self) -> int:
        return self.by_judgement[Judgement.EVIDENT_NOT_ADDRESSED]

    @property
    def addressed(self) -> int:
        return self.by_judgement[Judgement.EVIDENT_ADDRESSED]

    @property
    def training_total(self) -> int:
        return sum(self.training.values())


@dataclass
class Summary:
    audits: int
    themes: list[ThemeCount]
    agencies: list[str]  # those with a training need, for the table's columns

    def chart(self, width: int = 640, bar: int = 22, gap: int = 10, label: int = 250) -> dict:
        """Bars for the SVG: evident and not yet addressed, and evident and addressed."""
        top = max([t.not_addressed + t.addressed for t in self.themes] + [1])
        scale = (width - label - 40) / top
        bars = []
        for row, theme in enumerate(self.themes):
            y = row * (bar + gap)
            open_w = round(theme.not_addressed * scale)
            bars.append(
                {
                    "y": y,
                    "label": f"{theme.number}. {theme.title}",
                    "open_w": open_w,
                    "done_x": label + open_w,
                    "done_w": round(theme.addressed * scale),
                    "text_x": label + open_w + round(theme.addressed * scale) + 6,
                    "text": f"{theme.not_addressed} / {theme.addressed}",
                }
            )
        return {
            "width": width,
            "height": len(self.themes) * (bar + gap) + 30,
            "bar": bar,
            "label": label,
            "bars": bars,
            "legend_y": len(self.themes) * (bar + gap) + 14,
        }


def summarise(answers: Iterable[AuditAnswer], today: dt.date) -> Summary:
    themes: dict[int, ThemeCount] = {}
    newest: dict[int, int] = {}
    audits: set[int] = set()
    agencies: set[str] = set()
    per_theme_audits: dict[int, set[int]] = defaultdict(set)
    for answer in answers:
        number = answer.theme.number
        count = themes.setdefault(number, ThemeCount(number, answer.theme.title))
        if answer.theme.framework_id >= newest.get(number, 0):
            newest[number] = answer.theme.framework_id
            count.title = answer.theme.title
        audits.add(answer.audit_id)
        per_theme_audits[number].add(answer.audit_id)
        if answer.judgement:
            count.by_judgement[answer.judgement] += 1
        if answer.next_action.strip():
            count.actions += 1
            if answer.action_due and answer.action_due < today:
                count.actions_past_date += 1
        if answer.training_need.strip():
            agency = str(answer.audit.agency)
            count.training[agency] += 1
            agencies.add(agency)
    for number, ids in per_theme_audits.items():
        themes[number].audits = len(ids)
    return Summary(
        audits=len(audits),
        themes=[themes[n] for n in sorted(themes)],
        agencies=sorted(agencies),
    )
