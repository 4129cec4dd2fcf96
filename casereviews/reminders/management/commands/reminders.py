"""`casereviews reminders send [--kind weekly|daily|escalation] [--today YYYY-MM-DD]`.

Without --kind it sends all three: run it every weekday morning and each person gets the weekly
digest once a week, the business unit its daily digest (if chosen) and the escalation once a
fortnight; a second run in the same period sends nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casereviews.reminders.models import ReminderKind
from casereviews.reminders.services import send_reminders


class Command(BaseCommand):
    help = "Send the reminder emails (weekly and daily digests, the fortnightly escalation)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send what is due to be sent for this period")
        send.add_argument("--kind", choices=ReminderKind.values, help="Only this kind")
        send.add_argument("--today", help="The day to send for (YYYY-MM-DD); default today")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date like 2026-12-01") from exc
        kinds = [options["kind"]] if options.get("kind") else ReminderKind.values
        failed = 0
        for kind in kinds:
            result = send_reminders(kind, today)
            self.stdout.write(
                f"{kind}: {len(result.sent)} sent, {result.skipped} with nothing new, "
                f"{len(result.failed)} failed"
            )
            for line in result.failed:
                self.stderr.write(f"  not sent: {line}")
            failed += len(result.failed)
        if failed:
            raise CommandError(f"{failed} reminder(s) not sent; run again to retry them")
