"""backup_portfolio / restore_portfolio: a full round trip through an emptied database, and the refusals."""

from __future__ import annotations

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.management.commands.backup_portfolio import project_app_configs, project_models
from accounts.models import User
from accounts.roles import COORDINATORS, STEERING_GROUP
from consolidation.models import Meeting
from experiments import lifecycle, services
from experiments.lifecycle import Phase
from experiments.models import Experiment, Partner, PhaseChange, StatusUpdate, Technology

from .factories import ExperimentFactory, PartnerFactory, UserFactory

# Not transactional: a flush inside the test is rolled back, so rows seeded by data migrations survive for
# the rest of the suite. restore_portfolio's atomic block then runs as a savepoint, which is all or nothing too.
pytestmark = pytest.mark.django_db


def flush() -> None:
    """Empty the database like `manage.py flush`, inside the test's transaction."""
    # PostgreSQL refuses TRUNCATE while deferred foreign-key checks are pending: run them first.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def all_counts() -> dict[str, int]:
    """Rows per model in the project apps (M2M tables included) and in the auth group tables."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in _project_labels()]
    models += [Group, Group.permissions.through]
    return {m._meta.label: m._base_manager.count() for m in models}


def _project_labels() -> set[str]:
    return {config.label for config in project_app_configs()}


@pytest.fixture
def portfolio():
    """A small portfolio built through the real services, so history rows exist as they do in production."""
    coordinator = UserFactory(username="kaisa", first_name="Kaisa", email="kaisa@kuopio.invalid", roles=[COORDINATORS])
    owner = UserFactory(username="olli", first_name="Olli", last_name="Omistaja", roles=[STEERING_GROUP])
    UserFactory(username="ville", language="en")
    Group.objects.get(name=COORDINATORS).permissions.add(Permission.objects.get(codename="change_experiment"))
    partner = PartnerFactory(name="Savonia Oy")
    experiment = ExperimentFactory(
        number=7, slug="palautepalvelu", name_fi="Palautepalvelu", name_en="Feedback service",
        owner=owner, phase=Phase.IDEA, start_date=datetime.date(2021, 3, 1),
    )  # fmt: skip
    experiment.partners.add(partner)
    services.status_update_create(
        experiment=experiment, author=owner, health="on_track", what_happened="Kysely tehty.", next_steps="Pilotti."
    )
    lifecycle.transition(experiment, to_phase=Phase.CONCEPT, by=coordinator, reason="Konsepti valmis")
    meeting = Meeting.objects.create(date=datetime.date(2022, 5, 4), title="Ohjausryhmä 5/2022")
    meeting.attendees.add(owner, coordinator)
    return experiment


def test_project_apps_are_discovered_from_base_dir():
    labels = _project_labels()
    assert {"accounts", "experiments", "consolidation"} <= labels
    assert labels.isdisjoint({"auth", "axes", "simple_history", "admin", "sessions", "contenttypes"})
    model_labels = {m._meta.label for m in project_models()}
    assert {"accounts.HistoricalUser", "experiments.HistoricalExperiment", "consolidation.Meeting"} <= model_labels


def test_round_trip_restores_everything(portfolio, tmp_path):
    backup = tmp_path / "portfolio.json"
    before = all_counts()
    experiment_pk = portfolio.pk
    # The fixture really produced rows everywhere that matters (so equal counts below mean something).
    assert before["accounts.User"] == 3
    assert before["accounts.User_groups"] == 2
    assert before["experiments.Experiment"] == 1
    assert before["experiments.StatusUpdate"] == 1
    assert before["experiments.PhaseChange"] == 1
    assert before["experiments.Experiment_partners"] == 1
    assert before["consolidation.Meeting_attendees"] == 2
    assert before["auth.Group"] == 2
    assert before["auth.Group_permissions"] == 1
    assert before["experiments.HistoricalExperiment"] >= 2
    assert before["accounts.HistoricalUser"] >= 3
    assert before["consolidation.HistoricalMeeting_attendees"] >= 1

    call_command("backup_portfolio", str(backup), verbosity=0)
    flush()
    assert User.objects.count() == 0 and Group.objects.count() == 0
    call_command("restore_portfolio", str(backup), verbosity=0)

    assert all_counts() == before

    experiment = Experiment.objects.get(slug="palautepalvelu")
    assert experiment.pk == experiment_pk
    assert (experiment.number, experiment.name_fi, experiment.name_en) == (7, "Palautepalvelu", "Feedback service")
    assert experiment.phase == "concept"
    assert experiment.health == "on_track"
    assert experiment.next_steps == "Pilotti."
    assert experiment.owner.username == "olli"
    assert [p.name for p in experiment.partners.all()] == ["Savonia Oy"]
    assert experiment.start_date == datetime.date(2021, 3, 1)

    update = StatusUpdate.objects.get()
    assert (update.what_happened, update.author.username) == ("Kysely tehty.", "olli")
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.reason) == ("idea", "concept", "Konsepti valmis")
    assert change.changed_by.username == "kaisa"

    # Roles and memberships, matched by group name.
    assert set(User.objects.get(username="kaisa").groups.values_list("name", flat=True)) == {"coordinators"}
    assert set(User.objects.get(username="olli").groups.values_list("name", flat=True)) == {"steering_group"}
    assert list(Group.objects.get(name="coordinators").permissions.values_list("codename", flat=True)) == [
        "change_experiment"
    ]
    # Passwords survive (the user can still log in) and profile fields too.
    kaisa = User.objects.get(username="kaisa")
    assert kaisa.check_password("salasana-testi-123")
    assert kaisa.email == "kaisa@kuopio.invalid"
    assert User.objects.get(username="ville").language == "en"

    # History rows are the original ones: the phase change is recorded with its reason and author.
    latest = experiment.history.order_by("-history_id").first()
    assert latest.phase == "concept"
    assert latest.history_change_reason == "Konsepti valmis"
    assert experiment.history.filter(phase="idea").exists()
    meeting = Meeting.objects.get()
    assert sorted(meeting.attendees.values_list("username", flat=True)) == ["kaisa", "olli"]

    # New rows get fresh ids after the restore (sequences were reset) and history keeps working.
    services.status_update_create(experiment=experiment, author=kaisa, health="at_risk", what_happened="Viive.")
    assert StatusUpdate.objects.count() == 2
    assert experiment.history.count() == before["experiments.HistoricalExperiment"] + 1


def test_backup_file_is_a_fixture_with_groups_by_name(portfolio, tmp_path):
    backup = tmp_path / "portfolio.json"
    call_command("backup_portfolio", str(backup), verbosity=0)
    objects = json.loads(backup.read_text(encoding="utf-8"))
    assert objects[0] == {"model": "auth.group", "fields": {"name": "coordinators", "permissions": [
        ["change_experiment", "experiments", "experiment"]
    ]}}  # fmt: skip
    kaisa = next(o for o in objects if o["model"] == "accounts.user" and o["fields"]["username"] == "kaisa")
    assert kaisa["fields"]["groups"] == [["coordinators"]]
    models_in_file = {o["model"] for o in objects}
    assert {"experiments.historicalexperiment", "accounts.historicaluser", "consolidation.historicalmeeting"} <= (
        models_in_file
    )
    assert "sessions.session" not in models_in_file
    assert "axes.accessattempt" not in models_in_file


def test_restore_refuses_a_non_empty_database_and_changes_nothing(portfolio, tmp_path):
    backup = tmp_path / "portfolio.json"
    call_command("backup_portfolio", str(backup), verbosity=0)
    before = all_counts()
    with pytest.raises(CommandError, match="The database is not empty, nothing was restored"):
        call_command("restore_portfolio", str(backup), verbosity=0)
    assert all_counts() == before


def test_rows_created_by_migrate_are_replaced_only_where_the_backup_has_the_table(portfolio, tmp_path):
    """A freshly migrated database may hold reference rows (data migrations); they must not block a restore."""
    backup = tmp_path / "portfolio.json"
    call_command("backup_portfolio", str(backup), verbosity=0)  # holds one Partner, no Technology
    flush()
    Partner.objects.create(pk=1, name="Seeded partner")  # as a data migration would
    Technology.objects.create(name="Seeded technology")

    call_command("restore_portfolio", str(backup), verbosity=0)

    assert list(Partner.objects.values_list("name", flat=True)) == ["Savonia Oy"]
    assert list(Technology.objects.values_list("name", flat=True)) == ["Seeded technology"]
    assert Experiment.objects.get().partners.get().name == "Savonia Oy"


def test_restore_is_all_or_nothing(portfolio, tmp_path):
    backup = tmp_path / "portfolio.json"
    call_command("backup_portfolio", str(backup), verbosity=0)
    objects = json.loads(backup.read_text(encoding="utf-8"))
    # Break one row near the end: a status update pointing at an experiment that does not exist.
    broken = next(o for o in objects if o["model"] == "experiments.statusupdate")
    broken["fields"]["experiment"] = 999_999
    backup.write_text(json.dumps(objects), encoding="utf-8")

    flush()
    with pytest.raises(CommandError, match="Restore failed, nothing was restored"):
        call_command("restore_portfolio", str(backup), verbosity=0)
    assert User.objects.count() == 0
    assert Experiment.objects.count() == 0
    assert Group.objects.count() == 0


def test_restore_rejects_foreign_models(tmp_path):
    backup = tmp_path / "other.json"
    backup.write_text(
        json.dumps([{"model": "sessions.session", "pk": "x", "fields": {"session_data": "", "expire_date": None}}])
    )
    with pytest.raises(CommandError, match="contains sessions.Session objects"):
        call_command("restore_portfolio", str(backup), verbosity=0)


@pytest.mark.postgres
def test_sequences_are_reset_after_restore_on_postgresql(portfolio, tmp_path):
    backup = tmp_path / "portfolio.json"
    call_command("backup_portfolio", str(backup), verbosity=0)
    highest_user = User.objects.order_by("-pk").first().pk
    highest_history = portfolio.history.order_by("-history_id").first().history_id
    flush()  # also restarts the sequences at 1
    call_command("restore_portfolio", str(backup), verbosity=0)

    assert UserFactory(username="uusi").pk == highest_user + 1
    experiment = Experiment.objects.get(slug="palautepalvelu")
    services.status_update_create(experiment=experiment, author=experiment.owner, health="on_track", what_happened="x")
    assert experiment.history.order_by("-history_id").first().history_id == highest_history + 1
