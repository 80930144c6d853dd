"""The benchmark data generator (bench/generator.py) on a tiny portfolio: exact counts, consistent stored
fields, and the same data from the same seed. The benchmarks themselves never run in the test suite."""

import datetime
from collections import Counter

import pytest

from bench import generator
from consolidation import readiness
from consolidation.models import ContinuationPlan, Decision, Handover, Meeting, Milestone
from experiments.models import Experiment, PhaseChange, StatusUpdate

pytestmark = pytest.mark.django_db

N, SEED = 20, 1

# Worked out by hand from the rules in bench/generator.py's docstring, for N = 20:
# phases: idea 3, concept 3, pilot 5 (4 + 1 rounding), consolidating 3, permanent 3, paused 1, stopped 2.
EXPECTED = {
    "accounts.User": 20,  # max(16 load users + 4 steering, N // 100)
    "experiments.Team": 10,
    "experiments.OrgUnit": 20,  # 5 service areas + 15 units
    "experiments.Partner": 20,
    "experiments.Technology": 30,
    "consolidation.Meeting": 12,
    "experiments.Experiment": 20,
    # 1,000 on the big experiment + sum(9 + i % 4 for i in 1..19) = 1000 + 171 + 30
    "experiments.StatusUpdate": 1201,
    # concept 3×1 + pilot 5×2 + consolidating 3×3 + permanent 3×4 + paused 1×3 + stopped 2×2
    "experiments.PhaseChange": 41,
    # pilot 5×2 + consolidating 3×3 + permanent 3×3 + the other 9 experiments × 1
    "consolidation.Milestone": 37,
    "consolidation.ContinuationPlan": 6,  # consolidating + permanent
    "consolidation.Handover": 3,  # permanent
    "consolidation.Decision": 9,  # consolidating + permanent + paused + stopped
}


def _snapshot():
    return list(
        Experiment.objects.order_by("slug").values_list(
            "slug", "name_fi", "name_en", "phase", "owner__username", "health", "last_update_on", "readiness_done"
        )
    )


def test_tiny_portfolio_has_exactly_the_expected_rows_and_consistent_stored_fields():
    result = generator.generate(N, SEED, log=lambda _msg: None)

    for label, rows in EXPECTED.items():
        assert result["counts"][label] == rows, label
    db_counts = {
        "experiments.Experiment": Experiment.objects.count(),
        "experiments.StatusUpdate": StatusUpdate.objects.count(),
        "experiments.PhaseChange": PhaseChange.objects.count(),
        "consolidation.Milestone": Milestone.objects.count(),
        "consolidation.ContinuationPlan": ContinuationPlan.objects.count(),
        "consolidation.Handover": Handover.objects.count(),
        "consolidation.Decision": Decision.objects.count(),
        "consolidation.Meeting": Meeting.objects.count(),
    }
    assert db_counts == {label: EXPECTED[label] for label in db_counts}
    assert dict(Counter(Experiment.objects.values_list("phase", flat=True))) == {
        "idea": 3,
        "concept": 3,
        "pilot": 5,
        "consolidating": 3,
        "permanent": 3,
        "paused": 1,
        "stopped": 2,
    }
    assert Experiment.objects.filter(owner__isnull=True).count() == 4  # 20 %
    assert StatusUpdate.objects.filter(experiment__slug=generator.BIG_SLUG).count() == 1000

    from django.apps import apps

    if apps.is_installed("mva") and generator.table_exists(apps.get_model("mva", "Assessment")):
        assert result["counts"]["mva.Assessment"] == 6
    else:
        assert any("mva" in note for note in result["skipped"])
    if apps.is_installed("reminders") and generator.table_exists(apps.get_model("reminders", "Reminder")):
        assert result["counts"].get("reminders.Reminder", 0) > 0
    else:
        assert any("reminder" in note for note in result["skipped"])

    for experiment in Experiment.objects.all():
        updates = list(experiment.status_updates.all())
        assert len(updates) >= 9
        latest = max(updates, key=lambda u: (u.effective_date, u.created_at))
        assert (experiment.health, experiment.last_update_on) == (latest.health, latest.effective_date)
        assert experiment.status_due_on == latest.effective_date + datetime.timedelta(
            days=experiment.status_cadence_days
        )
        results = readiness.evaluate(experiment)
        assert experiment.readiness_total == len(results)
        assert experiment.readiness_done == sum(r.ok for r in results), experiment.slug
        assert experiment.readiness_missing == [r.item.key for r in results if not r.ok]
        techs = [t.end_of_support for t in experiment.technologies.all() if t.end_of_support]
        assert experiment.platform_end_of_support == (min(techs) if techs else None)
    for plan in ContinuationPlan.objects.select_related("experiment"):
        assert plan.awaiting_decision == plan.awaits_approval()


def test_same_seed_gives_the_same_portfolio():
    generator.generate(N, SEED, big_updates=20, log=lambda _msg: None)
    first = _snapshot()
    generator.reset_database(log=lambda _msg: None)
    generator.generate(N, SEED, big_updates=20, log=lambda _msg: None)
    assert _snapshot() == first
    generator.reset_database(log=lambda _msg: None)
    generator.generate(N, SEED + 1, big_updates=20, log=lambda _msg: None)
    assert _snapshot() != first
