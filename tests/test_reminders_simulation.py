"""A simulated 2023, the first post-programme year, on the 14 demo experiments as they stand on 31.12.2022.

The expected values below were worked out by hand from the demo data and the 2023 calendar, not by running
the code (the first run then disagreed only where the demo data had grown milestones and plans since the
table was first written; the table was redone by hand and now agrees).

The demo on 31.12.2022:
* Status due (last status update + 30-day cadence): experiments 1 and 7 on 30.12.2022, 2 on 28.12.2022,
  4, 5 and 8 on 11.1.2023, 13 on 13.1.2023. Experiments 3, 6, 9, 10, 11, 12 and 14 have no owner.
* Continuation plans of owned experiments: 1, 2, 5, 8, 13 (no benefit owners; the default reviews at 3, 6 and
  12 months: 31.3., 30.6. and 31.12.2023, each opening 7 days earlier).
* Open milestones with someone to remind: exp 8 and exp 13 due 31.1. (responsible innovaatiopaallikko and
  omistaja2), exp 5 due 28.2. (omistaja2). The others belong to unowned experiments and have no responsible
  person. Both handovers were accepted in 2021.
* MVA (registered by the mva app): two open actions of the MVA assessment of experiment 13, responsible
  omistaja2, due 31.3.2023 and 30.6.2023.

The calendar: repeats every 7 working days (holidays skipped: 6.1., 7.4., 10.4., 1.5., 18.5., 23.6., 6.12.,
25.12., 26.12.); nothing personal in the quiet periods 1.1.–6.1., July and 24.12.–31.12.: a repeat that falls
due in July waits until Tuesday 1.8. From 1.8. on every thread that was running is therefore in step:
POST = 1.8., 10.8., 21.8., 30.8., 8.9., 19.9., 28.9., 9.10., 18.10., 27.10., 7.11., 16.11., 27.11., 7.12.,
18.12. (15 days; the next one, 29.12., is quiet).

Schedules before July (first reminder, then every 7 working days):
  A  status of 1, 2, 7 (overdue since 2.1., quiet until 6.1.) and all "no reachable owner" alerts:
     9.1., 18.1., 27.1., 7.2., 16.2., 27.2., 8.3., 17.3., 28.3., 6.4., 19.4., 28.4., 10.5., 22.5., 31.5., 9.6.,
     20.6., 30.6. (18)
  B  status of 4, 5, 8 (overdue 12.1.): 12.1., 23.1., 1.2., 10.2., 21.2., 2.3., 13.3., 22.3., 31.3., 13.4.,
     24.4., 4.5., 15.5., 25.5., 5.6., 14.6., 26.6. (17)
  C  status of 13 (overdue Saturday 14.1.): 16.1., 25.1., 3.2., 14.2., 23.2., 6.3., 15.3., 24.3., 4.4., 17.4.,
     26.4., 8.5., 17.5., 29.5., 7.6., 16.6., 28.6. (17)
  R1 first review (opens Friday 24.3.): 24.3., 4.4., 17.4., 26.4., 8.5., 17.5., 29.5., 7.6., 16.6. (9, the same
     days as C from 24.3.); it ends when the second review opens (23.6. is a holiday, so on 26.6.).
  R2 second review: 26.6., then POST (its third reminder, the escalation, is on 10.8.).
  MJ milestones due 31.1. (reminded from 24.1.): 24.1., 2.2., 13.2., 22.2., 3.3., 14.3., 23.3., 3.4., 14.4.,
     25.4., 5.5., 16.5., 26.5., 6.6., 15.6., 27.6. (16)
  MF milestone due 28.2. (from 21.2.): the same days as B from 21.2.
  V1 MVA action due 31.3. (overdue from Saturday 1.4.): 3.4., then the same days as MJ (3.4., 14.4., 25.4., ...).
  V2 MVA action due 30.6. (overdue from 1.7., quiet): POST.

E-mails per person (one digest a day; the union of their schedules):
  omistaja1 (1, 7, plan 1):            A 18 + R1 9 + R2 26.6. 1 + POST 15 = 43
  arkistopaallikko (2, plan 2):        the same = 43
  hyvinvointipaallikko (4):            B 17 + POST 15 = 32
  innovaatiopaallikko (8, plan 8, MJ): B 17 + R1 9 + MJ 16 + POST 15 = 57 (26.6. is already a B day)
  omistaja2 (5, 13, plans, MJ, MF, V1, V2): B 17 + C 17 + MJ 16 + POST 15 = 65 (R1 = C days, MF = B days,
     26.6. in B, V1 = MJ days, V2 = POST days)
  coordinators (koordinaattori, hankepaallikko): A 18 + POST 15 = 33 for the unowned experiments, plus the
     first-escalation days that are not A days: 1.2. (B), 3.2. (C), 13.2. (MJ), 13.3. (MF), 17.4. (R1),
     25.4. (V1) = 39 (27.1. is an A day; 10.8. (R2) and 21.8. (V2) are POST days)
  ohjausryhma: the same 39 + the weekly steering-group digest on the first working day of each ISO week
     outside quiet periods: 52 weeks - week 1 (quiet) - five weeks starting in July - week 52 (27.12.) = 45;
     total 84.
  katselija: nothing.
First escalations (the third unanswered reminder) by rule and experiment: status 1, 2, 7 on 27.1., 4, 5, 8 on
1.2., 13 on 3.2.; review 1, 2, 5, 8, 13 on 17.4. (and the second review on 10.8.); milestones of 8 and 13 on
13.2., of 5 on 13.3.; MVA actions of 13 on 25.4. (and 21.8.). That is 7 + 5 + 5 + 3 + 2 = 22 escalated items,
each copied to 3 people: 66 copies.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db.models import Q

from consolidation.models import ContinuationPlan, Handover, Milestone
from consolidation.services import milestone_mark_done
from experiments.models import Experiment
from experiments.services import status_confirm
from mva import services as mva_services
from reminders.models import Reminder
from reminders.testing import at, sweep_on

D = datetime.date
pytestmark = pytest.mark.django_db

# Hand-written expectations (see the module docstring).
EXPECTED_EMAILS = {
    "omistaja1": 43,
    "arkistopaallikko": 43,
    "hyvinvointipaallikko": 32,
    "innovaatiopaallikko": 57,
    "omistaja2": 65,
    "koordinaattori": 39,
    "hankepaallikko": 39,
    "ohjausryhma": 84,
}
FIRST_ESCALATION = {
    ("status_overdue", 1): D(2023, 1, 27),
    ("status_overdue", 2): D(2023, 1, 27),
    ("status_overdue", 7): D(2023, 1, 27),
    ("status_overdue", 4): D(2023, 2, 1),
    ("status_overdue", 5): D(2023, 2, 1),
    ("status_overdue", 8): D(2023, 2, 1),
    ("status_overdue", 13): D(2023, 2, 3),
    ("milestone_due", 8): D(2023, 2, 13),
    ("milestone_due", 13): D(2023, 2, 13),
    ("milestone_due", 5): D(2023, 3, 13),
    ("review_due", 1): D(2023, 4, 17),
    ("review_due", 2): D(2023, 4, 17),
    ("review_due", 5): D(2023, 4, 17),
    ("review_due", 8): D(2023, 4, 17),
    ("review_due", 13): D(2023, 4, 17),
    ("mva_action_overdue", 13): D(2023, 4, 25),
}
ESCALATED_ITEMS = 22
STATUS_DUE_ON_31_12_2022 = {
    1: D(2022, 12, 30),
    2: D(2022, 12, 28),
    4: D(2023, 1, 11),
    5: D(2023, 1, 11),
    7: D(2022, 12, 30),
    8: D(2023, 1, 11),
    13: D(2023, 1, 13),
}
UNOWNED = {3, 6, 9, 10, 11, 12, 14}


@pytest.fixture
def demo_portfolio():
    with time_machine.travel(at(D(2022, 12, 31), 12), tick=False):
        call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    owned = dict(Experiment.objects.filter(owner__isnull=False).values_list("number", "status_due_on"))
    assert owned == STATUS_DUE_ON_31_12_2022, "the demo data changed: update the hand-written table"
    assert set(Experiment.objects.filter(owner__isnull=True).values_list("number", flat=True)) == UNOWNED
    remindable_milestones = Milestone.objects.open().filter(
        Q(responsible__isnull=False) | Q(experiment__owner__isnull=False)
    )
    assert sorted(remindable_milestones.values_list("experiment__number", "due_date")) == [
        (5, D(2023, 2, 28)),
        (8, D(2023, 1, 31)),
        (13, D(2023, 1, 31)),
    ], "the demo milestones changed: update the hand-written table"
    owned_plans = ContinuationPlan.objects.filter(experiment__owner__isnull=False)
    assert sorted(owned_plans.values_list("experiment__number", flat=True)) == [1, 2, 5, 8, 13]
    assert not owned_plans.exclude(review_months=[]).exists()
    assert not Handover.objects.filter(status=Handover.Status.PROPOSED).exists()
    assert sorted(mva_actions().values_list("assessment__experiment__number", "due_date", "responsible__username")) == [
        (13, D(2023, 3, 31), "omistaja2"),
        (13, D(2023, 6, 30), "omistaja2"),
    ], "the demo's MVA actions changed: update the hand-written table"


def mva_actions():
    from mva.models import Action

    return Action.objects.open().filter(assessment__is_current=True).select_related("responsible")


def emails_per_person() -> dict[str, int]:
    counts: dict[str, int] = {}
    for email in mail.outbox:
        username = email.to[0].split("@")[0]
        counts[username] = counts.get(username, 0) + 1
    return counts


def each_day_of_2023():
    day = D(2023, 1, 1)
    while day.year == 2023:
        yield day
        day += datetime.timedelta(days=1)


def test_2023_with_nobody_acting(demo_portfolio):
    for day in each_day_of_2023():
        sweep_on(day)

    assert emails_per_person() == EXPECTED_EMAILS
    first_escalations = {}
    for rule, number, sent_on in (
        Reminder.objects.filter(escalated=True, role=Reminder.Role.RESPONSIBLE)
        .order_by("sent_on")
        .values_list("rule", "experiment__number", "sent_on")
    ):
        first_escalations.setdefault((rule, number), sent_on)
    assert first_escalations == FIRST_ESCALATION
    # Each escalated item is copied once to both coordinators and the steering-group member.
    copies = Reminder.objects.filter(role=Reminder.Role.ESCALATION)
    assert copies.count() == ESCALATED_ITEMS * 3
    assert {r.sent_on for r in copies.filter(rule="review_due")} == {D(2023, 4, 17), D(2023, 8, 10)}


def test_2023_with_owners_acting_on_time_has_no_escalations(demo_portfolio):
    """Owners confirm the status on the day it is due and mark their milestones and MVA actions done on the
    due date."""
    owned = list(Experiment.objects.filter(owner__isnull=False).select_related("owner"))
    milestones = list(Milestone.objects.open().filter(experiment__in=owned))
    actions = list(mva_actions())
    for day in each_day_of_2023():
        with time_machine.travel(at(day, 7, 0), tick=False):
            for experiment in owned:
                experiment.refresh_from_db()
                if experiment.status_due_on <= day:
                    status_confirm(experiment=experiment, author=experiment.owner)
            for milestone in milestones:
                if milestone.due_date == day:
                    milestone_mark_done(milestone=milestone, by=milestone.responsible or milestone.experiment.owner)
            for action in actions:
                if action.due_date == day:
                    mva_services.action_mark_done(action=action, by=action.responsible)
        sweep_on(day)

    assert not Reminder.objects.filter(escalated=True).exists()
    assert not Reminder.objects.filter(role=Reminder.Role.ESCALATION).exists()
    assert not Reminder.objects.filter(rule="status_overdue").exists()
    # Reminders that came before the due dates (milestones 7 days ahead, reviews when they open) were answered.
    assert (
        not Reminder.objects.filter(recipient__in=[e.owner for e in owned], answered_at__isnull=True)
        .exclude(sent_on__gte=D(2023, 12, 1))
        .exists()
    )
    # The unowned experiments still reach the coordinators and the steering group (not escalations): A + POST.
    assert emails_per_person()["koordinaattori"] == 33
