"""Run the reminder sweep by hand.

manage.py run_reminders                      # today, like the 07:30 beat task (skips weekends/holidays)
manage.py run_reminders --dry-run            # print what would be sent; send and keep nothing
manage.py run_reminders --today 2023-03-06   # simulate a date
manage.py run_reminders --force-today        # today even on a weekend, holiday or quiet period (start-up)
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Run the reminder sweep (reminders, escalations, digests) for today or a given date."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")
        parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="Simulate this date.")
        parser.add_argument(
            "--force-today",
            action="store_true",
            help="Ignore the working-day and quiet-period checks and send the weekly digests too "
            "(the quick start runs this once at start-up).",
        )

    def handle(self, *args, dry_run=False, today=None, force_today=False, **options):
        result = services.sweep(today, force=force_today, dry_run=dry_run)
        day = result.day.strftime("%a %d.%m.%Y")
        if result.skipped:
            self.stdout.write(f"{day}: no sweep ({result.skipped}); use --force-today to run anyway.")
            return
        notes = [n for n, on in (("quiet period", result.quiet), ("weekly digest day", result.weekly_day)) if on]
        header = f"{day}{' (' + ', '.join(notes) + ')' if notes else ''}"
        if dry_run:
            self.stdout.write(f"DRY RUN {header}: nothing is sent or saved.")
            for entry in result.preview:
                if not entry["subject"]:
                    continue
                items = f" ({entry['items']} items)" if entry["items"] is not None else ""
                self.stdout.write(f"  would send to {entry['to']}: {entry['subject']}{items}")
                if options["verbosity"] >= 2:
                    self.stdout.write("    " + entry["body"].replace("\n", "\n    "))
            self.stdout.write(
                f"{result.reminders} reminders and {result.steering_digests} steering-group digests would be sent "
                f"in {len([e for e in result.preview if e['subject']])} e-mails."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{header}: {result.reminders} reminders planned, {result.steering_digests} steering-group digests, "
                f"{result.sent} e-mails sent."
            )
        )
