"""Restore a `backup_portfolio` file into an EMPTY database: `manage.py restore_portfolio portfolio.json`.

Create the database first with `manage.py migrate` (same code version as the backup). The restore refuses to
run if the database already has users or experiments (there is deliberately no --force: merging two
portfolios would silently mix ids). Reference rows that `migrate` itself created (e.g. assessment templates)
are replaced by the backup's copy of the same table; tables the backup does not hold are left as migrate made
them. Groups are matched by name.

It is all or nothing: one transaction, foreign keys checked before commit. On PostgreSQL the id sequences
are reset afterwards so new rows do not collide with restored ids. No history rows are written for restored
objects (the backup brings its own history).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction

from .backup_portfolio import backup_models, project_models


def content_models() -> list:
    """Tables whose rows mean real portfolio content: with any row here the database is not empty."""
    models = [get_user_model()]
    if apps.is_installed("experiments"):
        models.append(apps.get_model("experiments", "Experiment"))
    return models


class Command(BaseCommand):
    help = "Restore a portfolio backup (from backup_portfolio) into an empty database, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Backup file written by backup_portfolio.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database to restore into.")

    def handle(self, *args, path: str, database: str, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such backup file: {path}")

        existing = {
            model._meta.label: count
            for model in content_models()
            if (count := model._base_manager.using(database).count())
        }
        if existing:
            listed = ", ".join(f"{label} ({count})" for label, count in sorted(existing.items()))
            raise CommandError(
                "The database is not empty, nothing was restored. restore_portfolio only restores into an empty "
                f"database (run migrate on a new database, or flush this one). Rows found: {listed}"
            )

        try:
            with source.open(encoding="utf-8") as stream:
                objects = json.load(stream)
            labels_in_file = {apps.get_model(item["model"])._meta.label for item in objects}
        except (ValueError, KeyError, TypeError, LookupError) as exc:
            raise CommandError(f"{path} is not a portfolio backup: {exc}") from exc
        allowed = {model._meta.label for model in backup_models()}
        if foreign := sorted(labels_in_file - allowed):
            raise CommandError(f"{path} contains {', '.join(foreign)} objects, which no portfolio backup holds.")

        connection = connections[database]
        loaded: dict[str, int] = {}
        try:
            with transaction.atomic(using=database):
                replaced = self._clear_seeded_rows(connection, database, labels_in_file)
                with connection.constraint_checks_disabled():
                    deferred = []
                    for item in serializers.deserialize(
                        "python", objects, using=database, handle_forward_references=True
                    ):
                        # Restored rows bring their own history; saving them must not add history rows.
                        item.object.skip_history_when_saving = True
                        item.save(using=database)
                        if item.deferred_fields:
                            deferred.append(item)
                        label = item.object._meta.label
                        loaded[label] = loaded.get(label, 0) + 1
                    for item in deferred:
                        item.save_deferred_fields(using=database)
                models = [model for model in backup_models() if model._meta.label in loaded]
                connection.check_constraints(table_names=[model._meta.db_table for model in models])
                statements = connection.ops.sequence_reset_sql(no_style(), models)
                if statements:
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
        except (DeserializationError, IntegrityError, DatabaseError, ValueError) as exc:
            raise CommandError(f"Restore failed, nothing was restored: {exc}") from exc

        if replaced:
            listed = ", ".join(f"{label} ({count})" for label, count in replaced.items())
            self.stdout.write(f"Replaced rows created by migrate with the backup's copy: {listed}")
        total = sum(loaded.values())
        self.stdout.write(self.style.SUCCESS(f"Restored {total} objects of {len(loaded)} models from {path}."))
        if options["verbosity"] >= 2:
            for label, count in loaded.items():
                self.stdout.write(f"  {label}: {count}")

    @staticmethod
    def _clear_seeded_rows(connection, database: str, labels_in_file: set[str]) -> dict[str, int]:
        """Delete rows that migrations put into project tables which the backup also holds.

        Plain SQL DELETE: no signals (so no history rows) and no cascades; the foreign-key check at the end
        of the restore catches anything left pointing at a removed row.
        """
        replaced: dict[str, int] = {}
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in project_models():
                if model._meta.label not in labels_in_file:
                    continue
                count = model._base_manager.using(database).count()
                if not count:
                    continue
                tables = [
                    field.remote_field.through._meta.db_table
                    for field in model._meta.local_many_to_many
                    if field.remote_field.through._meta.auto_created
                ]
                for table in [*tables, model._meta.db_table]:
                    cursor.execute(f"DELETE FROM {quote(table)}")
                replaced[model._meta.label] = count
        return replaced
