"""The demo loader: the 14 experiments from the evaluation report, their history, and the demo users."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.roles import COORDINATORS, STEERING_GROUP
from experiments import demo_data
from experiments.lifecycle import Phase
from experiments.models import Experiment, Health, PhaseChange, StatusUpdate, Technology

User = get_user_model()

# Written out by hand (domain.md, "Owners in the demo data"), not derived from demo_data.
UNOWNED = {3, 6, 9, 10, 11, 12, 14}
CHATBOTS = {9, 10, 11}
PRINTED_USERS = ["koordinaattori", "ohjausryhma", "omistaja1", "omistaja2", "katselija"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return load_demo()


def test_loads_exactly_fourteen_numbered_experiments(demo):
    assert Experiment.objects.count() == 14
    assert set(Experiment.objects.values_list("number", flat=True)) == set(range(1, 15))


def test_unowned_experiments_are_the_ones_the_report_leaves_without_owner(demo):
    assert set(Experiment.objects.unowned().values_list("number", flat=True)) == UNOWNED
    assert demo_data.UNOWNED_NUMBERS == UNOWNED


def test_owned_experiments_have_owners_with_job_titles(demo):
    owned = Experiment.objects.exclude(number__in=UNOWNED).select_related("owner")
    assert owned.count() == 7
    for experiment in owned:
        assert experiment.owner is not None
        assert experiment.owner.title, experiment.number


def test_auroraai_ends_2022_and_the_chatbots_inherit_it(demo):
    aurora = Technology.objects.get(name__icontains="AuroraAI")
    assert aurora.end_of_support == datetime.date(2022, 12, 31)
    for experiment in Experiment.objects.filter(number__in=CHATBOTS):
        assert experiment.platform_end_of_support == datetime.date(2022, 12, 31)
    assert not Experiment.objects.exclude(number__in=CHATBOTS).filter(platform_end_of_support__isnull=False).exists()


def test_every_experiment_has_a_status_history_ending_in_late_2022(demo):
    for experiment in Experiment.objects.all():
        updates = list(experiment.status_updates.order_by("effective_date"))
        assert len(updates) >= 3, experiment.number
        latest = updates[-1].effective_date
        assert latest.year == 2022 and latest.month in (11, 12), experiment.number
        assert experiment.last_update_on == latest
        assert experiment.health == updates[-1].health


def test_phase_history_is_a_valid_chain_from_idea(demo):
    for experiment in Experiment.objects.all():
        changes = list(experiment.phase_changes.order_by("effective_date", "id"))
        assert changes, experiment.number
        current = Phase.IDEA
        for change in changes:
            assert change.from_phase == current, (experiment.number, change)
            current = change.to_phase
        assert experiment.phase == current
        assert experiment.phase_changed_on == changes[-1].effective_date


def test_end_of_2022_states_match_the_report(demo):
    by_number = {e.number: e for e in Experiment.objects.all()}
    assert by_number[1].phase == by_number[2].phase == Phase.CONSOLIDATING
    assert by_number[6].health == Health.OFF_TRACK
    assert by_number[3].health == Health.AT_RISK
    assert {by_number[n].health for n in CHATBOTS} <= {Health.AT_RISK, Health.OFF_TRACK}
    assert not any(e.phase in (Phase.PERMANENT, Phase.STOPPED) for e in by_number.values())


def test_specific_facts_from_the_report(demo):
    assert "Business Kuopio" in Experiment.objects.get(number=9).name_fi
    assert "MVA" in Experiment.objects.get(number=13).name_fi
    assert Experiment.objects.get(number=14).partners.filter(name__contains="FCG").exists()
    assert Experiment.objects.get(number=3).partners.filter(name="Maptionnaire").exists()
    assert Experiment.objects.get(number=2).receiving_unit.name_fi == "Kaupunginarkisto"
    assert Experiment.objects.get(number=1).name_en == "Designing a customer-oriented feedback service"


def test_running_twice_changes_nothing(demo):
    def counts():
        return (
            Experiment.objects.count(),
            StatusUpdate.objects.count(),
            PhaseChange.objects.count(),
            User.objects.count(),
            Experiment.history.count(),
            User.history.count(),
        )

    before = counts()
    load_demo()
    assert counts() == before


def test_demo_users_have_their_roles_and_can_sign_in(demo, client):
    roles = {
        "koordinaattori": {COORDINATORS},
        "ohjausryhma": {STEERING_GROUP},
        "omistaja1": set(),
        "omistaja2": set(),
        "katselija": set(),
    }
    for username, groups in roles.items():
        user = User.objects.get(username=username)
        assert set(user.groups.values_list("name", flat=True)) == groups, username
        assert user.email == f"{username}@kuopio.invalid"
        assert user.language == "fi"
        assert user.first_name and user.last_name and user.title
        assert client.login(username=username, password="idk-demo-2026"), username
        client.logout()
    assert User.objects.get(username="koordinaattori").is_staff
    assert User.objects.get(username="omistaja1").owned_experiments.exists()
    assert User.objects.get(username="omistaja2").owned_experiments.exists()


def test_unprinted_people_cannot_sign_in(demo):
    assert not User.objects.get(username="hankepaallikko").has_usable_password()


def test_password_comes_from_the_environment(db, monkeypatch, client):
    monkeypatch.setenv("IDK_DEMO_PASSWORD", "toinen-demo-salasana-42")
    out = load_demo()
    assert "toinen-demo-salasana-42" in out
    assert client.login(username="katselija", password="toinen-demo-salasana-42")


def test_output_lists_credentials_and_url(demo):
    for username in PRINTED_USERS:
        assert username in demo
    assert "idk-demo-2026" in demo
    assert "http://127.0.0.1:8000/" in demo
    assert "hankepaallikko" not in demo


def test_demo_data_uses_valid_phases_and_health_values():
    for number, spec in demo_data.EXPERIMENTS.items():
        for event in spec["history"]:
            if isinstance(event, demo_data.PhaseEvent):
                assert event.to_phase in Phase.values, number
            else:
                assert event.health in Health.values, number
                assert event.what_happened.strip(), number


def test_refuses_a_weak_password(db, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("IDK_DEMO_PASSWORD", "short")
    with pytest.raises(CommandError, match="IDK_DEMO_PASSWORD"):
        load_demo()
    assert not Experiment.objects.exists()
