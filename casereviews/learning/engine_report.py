"""How often people accepted what the theme engine suggested, per theme (ADR 0007: the tags and
their events are the data): `casereviews engine report`.

A tag counts as the engine's when it has a "suggested" event, whatever happened to it since;
its current state says what people decided. Themes people added that the engine never
suggested are what it missed. The reasons people gave for rejecting are listed with their
counts, except those on restricted reviews (counted, not quoted: only a restricted review's
members may read its records).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Q

from casereviews.learning import themes
from casereviews.learning.models import TagEvent, TagEventKind, TagState, ThemeTag


def _tags(partnership) -> Any:
    tags = ThemeTag.objects.all()
    if partnership is not None:
        tags = tags.filter(
            Q(finding__review__partnership=partnership) | Q(report__review__partnership=partnership)
        )
    return tags


def engine_decisions(partnership=None) -> dict[str, Any]:
    """Per theme of the framework: suggested, accepted, rejected, awaiting a decision,
    withdrawn, added by people; the acceptance rate among decided suggestions, the mean score
    of accepted and of rejected ones, and the reasons for rejecting."""
    tags = _tags(partnership)
    suggested = set(
        TagEvent.objects.filter(kind=TagEventKind.SUGGESTED, tag__in=tags).values_list(
            "tag_id", flat=True
        )
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    reasons: dict[str, Counter] = defaultdict(Counter)
    hidden: Counter = Counter()
    rows = tags.values_list(
        "id",
        "theme_id",
        "state",
        "score",
        "reason",
        "finding__review__restricted",
        "report__review__restricted",
    )
    for pk, theme_id, state, score, reason, f_restricted, r_restricted in rows.iterator():
        c = counts[theme_id]
        if pk not in suggested:
            c["added_by_people"] += 1
            continue
        c["by_engine"] += 1  # ("suggested" is also a state: awaiting a decision)
        c[state] += 1
        if score is not None and state in (TagState.ACCEPTED, TagState.REJECTED):
            scores[(theme_id, state)].append(score)
        if state == TagState.REJECTED and reason.strip():
            if f_restricted or r_restricted:
                hidden[theme_id] += 1
            else:
                reasons[theme_id][" ".join(reason.split())] += 1

    names = themes.theme_names()
    order = list(names) + sorted(set(counts) - set(names))
    out = []
    for theme_id in order:
        c = counts.get(theme_id, Counter())
        decided = c[TagState.ACCEPTED] + c[TagState.REJECTED]
        out.append(
            {
                "id": theme_id,
                "name": names.get(theme_id, theme_id),
                "suggested": c["by_engine"],
                "accepted": c[TagState.ACCEPTED],
                "rejected": c[TagState.REJECTED],
                "awaiting": c[TagState.SUGGESTED],
                "withdrawn": c[TagState.WITHDRAWN],
                "added_by_people": c["added_by_people"],
                "acceptance_rate": round(c[TagState.ACCEPTED] / decided, 3) if decided else None,
                "mean_score_accepted": _mean(scores.get((theme_id, TagState.ACCEPTED))),
                "mean_score_rejected": _mean(scores.get((theme_id, TagState.REJECTED))),
                "rejected_reasons": [
                    {"reason": r, "count": n}
                    for r, n in sorted(reasons[theme_id].items(), key=lambda x: (-x[1], x[0]))
                ],
                "restricted_reasons_not_shown": hidden[theme_id],
            }
        )
    total = Counter()
    for row in out:
        for key in ("suggested", "accepted", "rejected", "awaiting", "withdrawn"):
            total[key] += row[key]
        total["added_by_people"] += row["added_by_people"]
    decided = total["accepted"] + total["rejected"]
    return {
        "partnership": partnership.slug if partnership is not None else None,
        "totals": {
            **{k: total[k] for k in ("suggested", "accepted", "rejected", "awaiting")},
            "withdrawn": total["withdrawn"],
            "added_by_people": total["added_by_people"],
            "acceptance_rate": round(total["accepted"] / decided, 3) if decided else None,
        },
        "themes": out,
    }


def _mean(values: list[float] | None) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def as_text(report: dict[str, Any], partnership_name: str) -> str:
    """The report for a terminal: a table per theme, then the reasons for rejecting."""
    t = report["totals"]
    lines = [
        f"The theme engine's suggestions and what people decided: {partnership_name}",
        "",
        f"{t['suggested']} suggestions: {t['accepted']} accepted, {t['rejected']} rejected "
        f"(accepted {_pct(t['acceptance_rate'])} of those decided), {t['awaiting']} awaiting a "
        f"decision, {t['withdrawn']} withdrawn. {t['added_by_people']} themes added by people "
        "that the engine had not suggested.",
        "",
    ]
    header = ["Theme", "Suggested", "Accepted", "Rejected", "Awaiting", "Accepted %", "Added"]
    rows = [header]
    for th in report["themes"]:
        rows.append(
            [
                th["name"],
                str(th["suggested"]),
                str(th["accepted"]),
                str(th["rejected"]),
                str(th["awaiting"]),
                _pct(th["acceptance_rate"]),
                str(th["added_by_people"]),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines += [
        "",
        "Accepted %: of the suggestions people decided, the share they accepted. Added: themes "
        "people gave that the engine had not suggested (what it missed).",
        "",
    ]
    rejected = [
        th
        for th in report["themes"]
        if th["rejected_reasons"] or th["restricted_reasons_not_shown"]
    ]
    if rejected:
        lines.append("Reasons given for rejecting")
        for th in rejected:
            lines.append(f"  {th['name']}")
            for r in th["rejected_reasons"]:
                times = f" ({r['count']} times)" if r["count"] > 1 else ""
                lines.append(f"    - {r['reason']}{times}")
            if th["restricted_reasons_not_shown"]:
                lines.append(
                    f"    - {th['restricted_reasons_not_shown']} reason(s) on restricted reviews, "
                    "not shown"
                )
    else:
        lines.append("No reasons were given for rejecting a suggestion.")
    return "\n".join(lines) + "\n"
