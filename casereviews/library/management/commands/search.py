"""`casereviews search "QUERY" --partnership SLUG --as USERNAME [--format json]`: the results
the user would see on the library page (for scripts and tests)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereviews.accounts.models import User
from casereviews.library import search
from casereviews.library.models import Kind
from casereviews.library.selectors import Filters


class Command(BaseCommand):
    help = "Search the learning library as a user would (their partnership, role and reach)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--as", dest="username", required=True, help="Search as this user")
        parser.add_argument("--kind", default="", choices=["", *Kind.values])
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--format", default="text", choices=["text", "json"])

    def handle(self, *args, query: str, partnership: str, username: str, **options) -> None:
        user = (
            User.objects.filter(username=username, partnership__slug=partnership, is_active=True)
            .select_related("partnership")
            .first()
        )
        if user is None:
            raise CommandError(f"No active user {username} in the partnership {partnership}")
        found = search.search(user, query, Filters(kind=options["kind"]), page=options["page"])
        rows = [
            {
                "kind": r.entry.kind,
                "title": r.entry.title,
                "part": r.entry.part_label,
                "more_in_record": r.more,
                "link": r.entry.link,
                "snippet": str(r.snippet),
                "themes": r.entry.themes,
            }
            for r in found.results
        ]
        if options["format"] == "json":
            out = {"query": query, "total": found.total, "page": found.page, "results": rows}
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{found.total} results for {query!r}")
        for row in rows:
            where = f"{row['part']} of " if row["part"] else ""
            self.stdout.write(f"- [{row['kind']}] {where}{row['title']}  {row['link']}")
