"""Import an exported change impact assessment (JSON) as a new assessment, e.g. from another environment."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import policy
from mva import exchange


class Command(BaseCommand):
    help = "Import an exported MVA assessment (JSON file) as a new assessment. Needs a coordinator's user name."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--by", required=True, help="User name of the coordinator doing the import.")

    def handle(self, *args, path: Path, by: str, **options):
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None or not policy.can_portfolio(user, "import_mva"):
            raise CommandError(f"{by!r} is not an active coordinator.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            assessment, notes = exchange.assessment_import(data=data, by=user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported assessment {assessment.pk}: {assessment.title}"))
        for note in notes:
            self.stdout.write(note)
