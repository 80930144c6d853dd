"""The 'overdue MVA action' reminder rule: candidates on its own, then through the real sweep with frozen
time (reminds the responsible person, repeats, escalates the third reminder, stops when done)."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from mva import services
from mva.reminder_rules import OverdueMvaAction
from reminders import rules
from reminders.models import Reminder
from reminders.rules import SweepContext
from reminders.testing import at, sweep_on

from .test_mva_support import D, action_person, approved, assessment, assessor  # noqa: F401

pytestmark = pytest.mark.django_db


def ctx(day):
    return SweepContext(today=day, now=at(day), staff_ids=(), coordinator_ids=(), steering_ids=())


@pytest.fixture
def action(assessment, assessor, action_person):
    with time_machine.travel(at(D(2023, 1, 2)), tick=False):
        return services.action_save(
            assessment=assessment,
            by=assessor,
            data={"title": "Päivitä tiedonohjaussuunnitelma", "responsible": action_person, "due_date": D(2023, 2, 1)},
        )


def test_rule_is_registered():
    assert isinstance(rules.get("mva_action_overdue"), OverdueMvaAction)


def test_an_action_is_a_candidate_from_the_day_after_its_due_date(action, action_person, assessment):
    rule = OverdueMvaAction()
    assert list(rule.candidates(ctx(D(2023, 2, 1)))) == []
    [candidate] = rule.candidates(ctx(D(2023, 2, 2)))
    assert candidate.item_key == f"mva-action:{action.pk}"
    assert candidate.recipient_ids == (action_person.pk,)
    assert candidate.experiment_id == assessment.experiment_id
    assert candidate.url == f"/mva/{assessment.pk}/#actions"
    assert candidate.params == {"title": "Päivitä tiedonohjaussuunnitelma", "due_date": "2023-02-01"}


def test_done_actions_and_superseded_revisions_are_not_candidates(action, assessment, assessor, steering_user):
    with time_machine.travel(at(D(2023, 2, 10)), tick=False):
        decided = approved(assessment, assessor, steering_user)
        new = services.revision_start(assessment=decided, by=assessor, reason="Muutos")
    [candidate] = OverdueMvaAction().candidates(ctx(D(2023, 2, 10)))
    copy = new.actions.get()
    assert candidate.item_key == f"mva-action:{copy.pk}"  # only the current revision's copy
    with time_machine.travel(at(D(2023, 2, 10)), tick=False):
        services.action_mark_done(action=copy, by=assessor)
    assert list(OverdueMvaAction().candidates(ctx(D(2023, 2, 10)))) == []


def test_sweep_reminds_the_responsible_person_and_escalates_the_third(
    action, action_person, coordinator_user, steering_user, assessor
):
    day = D(2023, 2, 2)
    while day <= D(2023, 3, 3):
        sweep_on(day)
        day += datetime.timedelta(days=1)
    sent = list(
        Reminder.objects.filter(rule="mva_action_overdue", recipient=action_person)
        .order_by("sent_on")
        .values_list("sent_on", "sequence", "escalated")
    )
    # 2.2., then every 7 working days: 13.2., 22.2. (third: escalated), 3.3.
    assert sent == [
        (D(2023, 2, 2), 1, False),
        (D(2023, 2, 13), 2, False),
        (D(2023, 2, 22), 3, True),
        (D(2023, 3, 3), 4, True),
    ]
    assert list(Reminder.objects.filter(recipient=coordinator_user).values_list("sent_on", flat=True)) == [
        D(2023, 2, 22)
    ]
    assert list(Reminder.objects.filter(recipient=steering_user).values_list("sent_on", flat=True)) == [D(2023, 2, 22)]
    assert not Reminder.objects.filter(recipient=assessor).exists()
    first = next(m for m in mail.outbox if m.to == [action_person.email])
    with translation.override("en"):
        assert OverdueMvaAction().describe(Reminder.objects.filter(recipient=action_person).first()) == (
            "Change impact assessment action “Päivitä tiedonohjaussuunnitelma” is overdue: it was due on 02/01/2023."
        )
    assert "Päivitä tiedonohjaussuunnitelma" in first.body


def test_marking_the_action_done_stops_the_reminders(action, action_person):
    sweep_on(D(2023, 2, 2))
    with time_machine.travel(at(D(2023, 2, 3)), tick=False):
        services.action_mark_done(action=action, by=action_person)
    sweep_on(D(2023, 2, 13))
    assert list(Reminder.objects.filter(recipient=action_person).values_list("sent_on", flat=True)) == [D(2023, 2, 2)]
