"""Load the IDK demo portfolio: reference data, the 14 experiments with their 2020–2022 history, and demo users.

Idempotent: reference data, experiment facts and users are created or brought in line with
experiments.demo_data (saved only when something differs); an experiment's history is replayed only while it has
no status updates and no phase changes. History goes through the same services the UI uses
(status_update_create, experiment_change_phase), so every lifecycle rule applies.
"""

from __future__ import annotations

import os
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import COORDINATORS, STEERING_GROUP
from experiments import demo_data as data
from experiments.models import Experiment, OrgUnit, Partner, Team, Technology
from experiments.services import experiment_change_phase, experiment_set_cadence, status_update_create

ROLE_GROUPS = {
    data.COORDINATOR: [COORDINATORS],
    data.STEERING: [STEERING_GROUP],
    data.OWNER: [],
    data.VIEWER: [],
}

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def demo_password() -> str:
    return os.environ.get(data.PASSWORD_ENV_VAR) or data.DEFAULT_PASSWORD


class DemoLoader:
    """Writes experiments.demo_data into the database; counts what it did per model."""

    def __init__(self, password: str):
        self.password = password
        self.counts: Counter[tuple[str, str]] = Counter()
        self.org_units: dict[str, OrgUnit] = {}
        self.teams: dict[str, Team] = {}
        self.partners: dict[str, Partner] = {}
        self.technologies: dict[str, Technology] = {}
        self.users: dict = {}

    # -- helpers ---------------------------------------------------------------------------------

    def sync(self, label: str, model, lookup: dict, values: dict):
        """Create the row, or update only the fields that differ (no save, no history row, if none do)."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.counts[(label, CREATED)] += 1
            return obj
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.save()
            self.counts[(label, UPDATED)] += 1
        else:
            self.counts[(label, UNCHANGED)] += 1
        return obj

    # -- reference data --------------------------------------------------------------------------

    def load_reference_data(self) -> None:
        for unit in data.ORG_UNITS:
            self.org_units[unit.key] = self.sync(
                "Organisational units",
                OrgUnit,
                {"name_fi": unit.name_fi},
                {
                    "name_en": unit.name_en,
                    "short_name": unit.short_name,
                    "kind": unit.kind,
                    "parent": self.org_units[unit.parent] if unit.parent else None,
                },
            )
        for team in data.TEAMS:
            self.teams[team.key] = self.sync("Teams", Team, {"name_fi": team.name_fi}, {"name_en": team.name_en})
        for partner in data.PARTNERS:
            self.partners[partner.name] = self.sync(
                "Partners", Partner, {"name": partner.name}, {"description": partner.description}
            )
        for tech in data.TECHNOLOGIES:
            self.technologies[tech.name] = self.sync(
                "Technologies",
                Technology,
                {"name": tech.name},
                {"description": tech.description, "end_of_support": tech.end_of_support},
            )

    # -- people ----------------------------------------------------------------------------------

    def load_users(self) -> None:
        User = get_user_model()
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in (COORDINATORS, STEERING_GROUP)}
        for person in data.PEOPLE:
            values = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "title": person.title,
                "email": person.email,
                "language": "fi",
                "is_staff": person.is_staff,
                "is_active": True,
            }
            user = User.objects.filter(username=person.username).first()
            if user is None:
                user = User(username=person.username, **values)
                if person.login:
                    user.set_password(self.password)
                else:
                    user.set_unusable_password()
                user.save()
                self.counts[("Users", CREATED)] += 1
            else:
                changed = [field for field, value in values.items() if getattr(user, field) != value]
                for field in changed:
                    setattr(user, field, values[field])
                if person.login and not user.check_password(self.password):
                    user.set_password(self.password)
                    changed.append("password")
                if changed:
                    user.save()
                    self.counts[("Users", UPDATED)] += 1
                else:
                    self.counts[("Users", UNCHANGED)] += 1
            user.groups.set([groups[name] for name in ROLE_GROUPS[person.role]])
            self.users[person.username] = user

    # -- experiments -----------------------------------------------------------------------------

    def load_experiments(self) -> None:
        for number, spec in sorted(data.EXPERIMENTS.items()):
            owner = self.users[spec["owner"]] if spec["owner"] else None
            values = {
                "slug": spec["slug"],
                "name_fi": spec["name_fi"],
                "name_en": spec["name_en"],
                "summary_fi": spec["summary_fi"],
                "summary_en": spec["summary_en"],
                "origin_fi": spec["origin_fi"],
                "origin_en": spec["origin_en"],
                "team": self.teams[spec["team"]],
                "start_date": spec["start_date"],
                "receiving_unit": self.org_units[spec["receiving_unit"]] if spec["receiving_unit"] else None,
                "owner": owner,
            }
            cadence = spec.get("cadence_days", data.DEFAULT_CADENCE_DAYS)
            is_new = not Experiment.objects.filter(number=number).exists()
            if is_new:
                values["status_cadence_days"] = cadence
            experiment = self.sync("Experiments", Experiment, {"number": number}, values)
            if not is_new and experiment.status_cadence_days != cadence:
                experiment_set_cadence(experiment=experiment, days=cadence)

            experiment.service_areas.set([self.org_units[key] for key in spec["service_areas"]])
            experiment.partners.set([self.partners[name] for name in spec["partners"]])
            experiment.technologies.set([self.technologies[name] for name in spec["technologies"]])
            experiment.refresh_platform_end_of_support()

            if experiment.status_updates.exists() or experiment.phase_changes.exists():
                self.counts[("History replayed", UNCHANGED)] += 1
                continue
            author = owner or self.users[data.PROJECT_MANAGER]
            self.replay_history(experiment, spec["history"], author)
            self.counts[("History replayed", CREATED)] += 1

    def replay_history(self, experiment: Experiment, events: list, author) -> None:
        dates = [event.effective_date for event in events]
        if dates != sorted(dates):
            raise CommandError(f"Experiment {experiment.number}: history events are not in date order.")
        for event in events:
            try:
                if isinstance(event, data.PhaseEvent):
                    experiment_change_phase(
                        experiment=experiment,
                        to_phase=event.to_phase,
                        by=author,
                        reason=event.reason,
                        effective_date=event.effective_date,
                    )
                    self.counts[("Phase changes", CREATED)] += 1
                else:
                    status_update_create(
                        experiment=experiment,
                        author=author,
                        health=event.health,
                        what_happened=event.what_happened,
                        next_steps=event.next_steps,
                        effective_date=event.effective_date,
                        allow_any_date=True,
                    )
                    self.counts[("Status updates", CREATED)] += 1
            except ValidationError as exc:
                raise CommandError(
                    f"Experiment {experiment.number}, event of {event.effective_date}: {'; '.join(exc.messages)}"
                ) from exc

    def load(self) -> None:
        self.load_reference_data()
        self.load_users()
        self.load_experiments()


class Command(BaseCommand):
    help = (
        "Load the IDK demo portfolio (14 experiments with their 2020–2022 history) and demo users. "
        f"Safe to run again. Password from {data.PASSWORD_ENV_VAR} (default {data.DEFAULT_PASSWORD})."
    )

    def handle(self, *args, **options):
        password = demo_password()
        User = get_user_model()
        for person in data.PEOPLE:
            if not person.login:
                continue
            try:
                validate_password(
                    password,
                    user=User(
                        username=person.username,
                        first_name=person.first_name,
                        last_name=person.last_name,
                        email=person.email,
                    ),
                )
            except ValidationError as exc:
                raise CommandError(
                    f"{data.PASSWORD_ENV_VAR} is not an acceptable password: {' '.join(exc.messages)}"
                ) from exc

        loader = DemoLoader(password)
        with transaction.atomic():
            loader.load()
            # Later workflows add their demo data through their own services.
            from consolidation.demo import load_consolidation_demo
            from mva.demo import load_mva_demo

            load_consolidation_demo(stdout=self.stdout)
            load_mva_demo(stdout=self.stdout)

        self.write_summary(loader.counts)
        self.write_credentials(password)

    def write_summary(self, counts: Counter) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        labels = []
        for label, _action in counts:
            if label not in labels:
                labels.append(label)
        for label in labels:
            created, updated, unchanged = (counts[(label, a)] for a in (CREATED, UPDATED, UNCHANGED))
            if label == "History replayed":
                line = f"{created} replayed, {unchanged} skipped (history already present)"
            elif label in ("Phase changes", "Status updates"):
                line = f"{created} created"
            else:
                line = f"{created + updated + unchanged} ({created} created, {updated} updated, {unchanged} unchanged)"
            self.stdout.write(f"  {label + ':':<24}{line}")
        for label in ("Phase changes", "Status updates"):
            if label not in labels:
                self.stdout.write(f"  {label + ':':<24}0 created")

    def write_credentials(self, password: str) -> None:
        rows = [
            (p.username, data.ROLE_LABELS[p.role] + (" (admin)" if p.is_staff else ""), p.title, password)
            for p in data.PEOPLE
            if p.login
        ]
        headers = ("username", "role", "title", "password")
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

        def fmt(row) -> str:
            return "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo users"))
        self.stdout.write(fmt(headers))
        self.stdout.write(fmt(["-" * w for w in widths]))
        for row in rows:
            self.stdout.write(fmt(row))
        self.stdout.write("")
        self.stdout.write(f"Open {data.DEMO_URL} and sign in with one of the users above.")
