from __future__ import annotations

from casereviews.core.presenters import format_date, format_datetime

STATE_TAGS = {
    "active": ("Active", "green"),
    "expired": ("Expired", "grey"),
    "revoked": ("Revoked", "red"),
}


def token_rows(tokens) -> list[dict]:
    rows = []
    for token in tokens:
        label, colour = STATE_TAGS[token.state]
        rows.append(
            {
                "token": token,
                "label": label,
                "colour": colour,
                "created": format_date(token.created_at),
                "expires": format_date(token.expires_at),
                "last_used": format_datetime(token.last_used_at, "Never"),
            }
        )
    return rows
