"""Export the whole portfolio to one JSON file: `manage.py backup_portfolio portfolio.json`.

What is exported: every model of every project app (an installed app whose code lives in this repository,
so apps added later are included automatically), their simple-history tables, and the auth groups (roles)
with their memberships and permissions. Sessions, axes log-in attempts and the admin log are not exported.

The file is an ordinary Django fixture (a JSON list of objects), written object by object. Primary keys are
kept, so relations between rows, including history rows pointing at deleted objects, stay intact. Groups,
permissions and content types are referred to by natural keys (names), which are the same in every database.
Restore it with `manage.py restore_portfolio` into an empty database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, router

# Referred to by natural key, never by database id (ids of these differ between databases).
NATURAL_KEY_MODELS = (ContentType, Permission, Group)


def project_app_configs():
    """Installed apps whose code is inside BASE_DIR (but not in a virtualenv or site-packages there)."""
    base = Path(settings.BASE_DIR).resolve()
    outside = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    found = []
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if not path.is_relative_to(base) or "site-packages" in path.parts:
            continue
        if any(path.is_relative_to(prefix) for prefix in outside):
            continue
        found.append(app_config)
    return found


def project_models() -> list:
    """Concrete models of the project apps, history models included, in a stable order."""
    models = []
    for app_config in project_app_configs():
        for model in app_config.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            models.append(model)
    return models


def backup_models() -> list:
    """Everything a backup holds, in load order: the groups first (users refer to them by name)."""
    return [Group, *project_models()]


class PortfolioSerializer(JSONSerializer):
    """Django's JSON serializer, using natural keys only for groups, permissions and content types."""

    def get_dump_object(self, obj):
        self.use_natural_primary_keys = isinstance(obj, Group)
        return super().get_dump_object(obj)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL_KEY_MODELS)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL_KEY_MODELS)
        super().handle_m2m_field(obj, field)


class Command(BaseCommand):
    help = "Export the whole portfolio (project apps, history, groups and memberships) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write (overwritten if it exists).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database to read from.")

    def handle(self, *args, path: str, database: str, **options):
        models = [m for m in backup_models() if router.allow_migrate_model(database, m)]
        counts: dict[str, int] = {}

        def objects():
            for model in models:
                counts[model._meta.label] = 0
                queryset = model._base_manager.using(database).order_by(model._meta.pk.name)
                for obj in queryset.iterator(chunk_size=2000):
                    counts[model._meta.label] += 1
                    yield obj

        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                PortfolioSerializer().serialize(objects(), stream=stream, indent=1)
            partial.replace(target)  # never leave a half-written file under the real name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Could not write {path}: {exc}") from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Wrote {total} objects of {len(counts)} models to {path}."))
        if options["verbosity"] >= 2:
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")
