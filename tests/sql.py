"""What SQL a page ran: for tests that a page asks a question once, or in a cheaper shape."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statements_of_get(client, url: str, data: dict | None = None) -> tuple[list[str], str]:
    """(the SQL statements one GET of `url` ran, its page text); the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response.content.decode()


def starting_with(statements: list[str], prefix: str) -> list[str]:
    return [sql for sql in statements if sql.startswith(prefix)]
