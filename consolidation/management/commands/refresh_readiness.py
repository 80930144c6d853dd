"""Recompute the stored readiness checklist of every experiment (e.g. after deploying a new checklist item)."""

from django.core.management.base import BaseCommand

from consolidation import readiness


class Command(BaseCommand):
    help = "Recompute every experiment's stored readiness (n/N ready and the missing items)."

    def handle(self, *args, **options):
        count = readiness.refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Readiness refreshed for {count} experiments."))
