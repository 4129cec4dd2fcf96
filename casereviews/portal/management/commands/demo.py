"""`casereviews demo`: load the fictional demo partnership (seed 002's year)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casereviews.accounts.models import User
from casereviews.library import indexing
from casereviews.portal.demo.loader import demo_exists, load_demo, load_learning_demo, sign_ins


class Command(BaseCommand):
    help = (
        "Load the demo partnership (Northshire, modelled on seed 002's 2016-17 year). "
        "Running it again creates only what is missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any partnership already exists (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and demo_exists():
            self.stdout.write("The database already has a partnership: demo data not loaded.")
            if User.objects.filter(username=sign_ins()[0][0]).exists():
                self._print_sign_ins()
            return
        result = load_demo()
        trackers = load_learning_demo()
        indexing.rebuild()  # the demo loaders write rows directly: index them all (ADR 0038)
        if result.created:
            made = ", ".join(f"{n} {kind}" for kind, n in sorted(result.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo partnership loaded: created {made}."))
        else:
            self.stdout.write("Demo partnership already loaded: nothing to create.")
        self._print_sign_ins()
        self.stdout.write(
            "\nSeed 002's 2016-17 action trackers (its history: targets and updates of that year), "
            "to try Import an action tracker:"
        )
        for path in trackers:
            self.stdout.write(f"  {path}")

    def _print_sign_ins(self) -> None:
        self.stdout.write("\nDemo sign-ins (fictional accounts, for the demo only):")
        rows = sign_ins()
        width = max(len(username) for username, _, _ in rows)
        for username, password, what in rows:
            self.stdout.write(f"  {username:<{width}}  {password:<20} {what}")
