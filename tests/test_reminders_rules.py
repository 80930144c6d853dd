"""Each reminder rule, and the sweep's repeat / answer / escalation logic, with frozen time (time-machine)."""

import datetime

import pytest
import time_machine
from django.core import mail

from consolidation import services as consolidation_services
from consolidation.models import ContinuationPlan, Handover, Milestone
from experiments.services import status_update_create
from reminders import rules, services
from reminders.models import ExperimentReminderSettings, Message, Reminder, Thread
from reminders.testing import at, sweep_on
from tests.factories import ExperimentFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def stale_experiment(owner, due_on, **kwargs):
    return ExperimentFactory(
        owner=owner,
        status_due_on=due_on,
        last_update_on=due_on - datetime.timedelta(days=30),
        health="on_track",
        **kwargs,
    )


def sweep_range(start, end, **kwargs):
    day = start
    while day <= end:
        sweep_on(day, **kwargs)
        day += datetime.timedelta(days=1)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def reminder_dates(user, rule=None):
    rows = Reminder.objects.filter(recipient=user)
    if rule:
        rows = rows.filter(rule=rule)
    return list(rows.order_by("sent_on").values_list("sent_on", flat=True))


# --- status not confirmed within the cadence ------------------------------------------------


def test_status_overdue_reminds_the_owner_the_day_after_the_due_date(owner):
    stale_experiment(owner, D(2023, 2, 13))

    sweep_on(D(2023, 2, 13))
    assert mail.outbox == []

    sweep_on(D(2023, 2, 14))
    [email] = mails_to(owner)
    reminder = Reminder.objects.get()
    assert (reminder.rule, reminder.recipient, reminder.sequence, reminder.escalated) == (
        "status_overdue",
        owner,
        1,
        False,
    )


def test_status_overdue_follows_each_experiments_own_cadence(owner, other_owner):
    """GIVEN two experiments updated on the same day, one with a 7-day and one with a 30-day cadence
    WHEN the sweep runs 8 days later THEN only the weekly one is overdue."""
    weekly = ExperimentFactory(owner=owner, status_cadence_days=7)
    monthly = ExperimentFactory(owner=other_owner, status_cadence_days=30)
    with time_machine.travel(at(D(2023, 2, 1)), tick=False):
        for experiment in (weekly, monthly):
            status_update_create(experiment=experiment, author=experiment.owner, health="on_track", what_happened="x")

    sweep_on(D(2023, 2, 9))  # weekly was due on 8.2.
    assert [r.experiment for r in Reminder.objects.all()] == [weekly]


def test_no_sweep_on_weekends_or_public_holidays(owner):
    stale_experiment(owner, D(2023, 4, 1))
    for day in (D(2023, 4, 7), D(2023, 4, 8), D(2023, 4, 9), D(2023, 4, 10)):  # Good Friday .. Easter Monday
        assert sweep_on(day).skipped
    assert mail.outbox == [] and not Reminder.objects.exists()
    sweep_on(D(2023, 4, 11))
    assert len(mails_to(owner)) == 1


def test_quiet_period_holds_personal_reminders_until_it_ends(owner):
    stale_experiment(owner, D(2023, 6, 30))
    sweep_range(D(2023, 7, 1), D(2023, 7, 31))
    assert mail.outbox == []
    sweep_on(D(2023, 8, 1))
    assert reminder_dates(owner) == [D(2023, 8, 1)]


def test_a_reminder_repeats_every_7_working_days_and_the_third_is_escalated(owner, coordinator_user, steering_user):
    stale_experiment(owner, D(2023, 2, 1))
    sweep_range(D(2023, 2, 2), D(2023, 3, 10))

    # 2.2. + 7 working days = 13.2., + 7 = 22.2., + 7 = 3.3. (no holidays in between)
    assert reminder_dates(owner) == [D(2023, 2, 2), D(2023, 2, 13), D(2023, 2, 22), D(2023, 3, 3)]
    assert list(Reminder.objects.filter(recipient=owner).values_list("sequence", "escalated")) == [
        (4, True),
        (3, True),
        (2, False),
        (1, False),
    ]
    # The escalation (third reminder) goes to the coordinators and the steering group, once.
    assert reminder_dates(coordinator_user) == [D(2023, 2, 22)]
    assert reminder_dates(steering_user) == [D(2023, 2, 22)]
    thread = Thread.objects.get(recipient=owner)
    assert thread.escalated_at is not None and thread.sequence == 4


def test_repeat_interval_is_configurable_and_overridable_per_experiment(owner, other_owner, settings):
    settings.REMINDERS_REPEAT_WORKING_DAYS = 3
    stale_experiment(owner, D(2023, 2, 1))
    custom = stale_experiment(other_owner, D(2023, 2, 1))
    ExperimentReminderSettings.objects.create(experiment=custom, repeat_working_days=10)
    sweep_range(D(2023, 2, 2), D(2023, 2, 20))
    assert reminder_dates(owner) == [D(2023, 2, 2), D(2023, 2, 7), D(2023, 2, 10), D(2023, 2, 15), D(2023, 2, 20)]
    assert reminder_dates(other_owner) == [D(2023, 2, 2), D(2023, 2, 16)]


def test_a_status_update_answers_the_reminders_and_ends_them(owner, coordinator_user):
    experiment = stale_experiment(owner, D(2023, 2, 1))
    sweep_range(D(2023, 2, 2), D(2023, 2, 14))
    assert reminder_dates(owner) == [D(2023, 2, 2), D(2023, 2, 13)]

    with time_machine.travel(at(D(2023, 2, 15), 9), tick=False):
        status_update_create(experiment=experiment, author=owner, health="at_risk", what_happened="Edistyy.")
    sweep_range(D(2023, 2, 15), D(2023, 3, 16))  # next status due 17.3.

    assert reminder_dates(owner) == [D(2023, 2, 2), D(2023, 2, 13)]
    assert not Reminder.objects.filter(answered_at__isnull=True).exists()
    assert set(Reminder.objects.values_list("answered_how", flat=True)) == {Reminder.Answer.RESOLVED}
    assert reminder_dates(coordinator_user) == []  # never escalated


def test_acting_after_a_reminder_restarts_the_count_even_if_the_item_is_still_due(owner, coordinator_user):
    """GIVEN two unanswered reminders WHEN the owner posts a (backdated) update that leaves the status still
    overdue THEN the reminders count as answered: the next one is number 1 again, and nothing is escalated."""
    experiment = stale_experiment(owner, D(2023, 2, 1))
    sweep_range(D(2023, 2, 2), D(2023, 2, 14))
    with time_machine.travel(at(D(2023, 2, 15), 9), tick=False):
        status_update_create(
            experiment=experiment, author=owner, health="at_risk", what_happened="Vanha.", effective_date=D(2022, 12, 1)
        )
    sweep_range(D(2023, 2, 15), D(2023, 3, 10))

    sequences = list(Reminder.objects.filter(recipient=owner).order_by("sent_on").values_list("sent_on", "sequence"))
    # answered on 15.2. -> next due 15.2. + 7 working days = 24.2. as number 1, then 7.3. as number 2
    assert sequences == [(D(2023, 2, 2), 1), (D(2023, 2, 13), 2), (D(2023, 2, 24), 1), (D(2023, 3, 7), 2)]
    assert Reminder.objects.filter(answered_how=Reminder.Answer.ACTED).count() == 2
    assert reminder_dates(coordinator_user) == []


def test_snoozing_pauses_the_reminders_for_14_days_and_counts_as_an_answer(owner):
    stale_experiment(owner, D(2023, 2, 1))
    sweep_on(D(2023, 2, 2))
    thread = Thread.objects.get()
    with time_machine.travel(at(D(2023, 2, 2), 12), tick=False):
        until = services.thread_snooze(thread, days=14)
    assert until == D(2023, 2, 16)
    sweep_range(D(2023, 2, 3), D(2023, 2, 16))
    assert reminder_dates(owner) == [D(2023, 2, 2), D(2023, 2, 16)]
    assert Reminder.objects.get(sent_on=D(2023, 2, 16)).sequence == 1
    assert Reminder.objects.get(sent_on=D(2023, 2, 2)).answered_how == Reminder.Answer.SNOOZED


# --- milestones -----------------------------------------------------------------------------


def test_milestone_due_within_7_days_or_overdue_reminds_the_responsible_person(owner, other_owner):
    experiment = ExperimentFactory(owner=owner)
    soon = Milestone.objects.create(
        experiment=experiment, title="Päätös", due_date=D(2023, 3, 9), responsible=other_owner
    )
    Milestone.objects.create(experiment=experiment, title="Myöhemmin", due_date=D(2023, 3, 10), responsible=other_owner)
    Milestone.objects.create(experiment=experiment, title="Tehty", due_date=D(2023, 2, 1), done_on=D(2023, 2, 1))

    sweep_on(D(2023, 3, 2))
    [reminder] = Reminder.objects.all()
    assert (reminder.item_key, reminder.recipient) == (f"milestone:{soon.pk}", other_owner)
    assert "Päätös" in mail.outbox[0].body


def test_overdue_milestone_without_a_responsible_person_goes_to_the_owner(owner):
    experiment = ExperimentFactory(owner=owner)
    Milestone.objects.create(experiment=experiment, title="Vanha", due_date=D(2023, 1, 31))
    sweep_on(D(2023, 3, 2))
    assert reminder_dates(owner, "milestone_due") == [D(2023, 3, 2)]
    assert "myöhässä" in mail.outbox[0].body.lower() or "overdue" in mail.outbox[0].body.lower()


def test_milestone_lead_time_is_configurable_and_overridable_per_experiment(owner, other_owner, settings):
    settings.REMINDERS_MILESTONE_LEAD_DAYS = 2
    plain = ExperimentFactory(owner=owner)
    early = ExperimentFactory(owner=other_owner)
    ExperimentReminderSettings.objects.create(experiment=early, milestone_lead_days=14)
    Milestone.objects.create(experiment=plain, title="A", due_date=D(2023, 3, 12))
    Milestone.objects.create(experiment=early, title="B", due_date=D(2023, 3, 12))
    sweep_on(D(2023, 3, 6))
    assert [r.recipient for r in Reminder.objects.all()] == [other_owner]


def test_marking_the_milestone_done_answers_it(owner):
    experiment = ExperimentFactory(owner=owner)
    milestone = Milestone.objects.create(experiment=experiment, title="A", due_date=D(2023, 3, 1))
    sweep_on(D(2023, 3, 2))
    with time_machine.travel(at(D(2023, 3, 3), 9), tick=False):
        consolidation_services.milestone_mark_done(milestone=milestone, by=owner)
    sweep_range(D(2023, 3, 3), D(2023, 3, 31))
    assert reminder_dates(owner) == [D(2023, 3, 2)]
    assert Reminder.objects.get().answered_at is not None


# --- post-programme reviews -----------------------------------------------------------------


def test_review_due_reminds_the_owner_and_the_benefit_owner_until_a_status_is_posted(owner, other_owner):
    experiment = ExperimentFactory(owner=owner, benefit_owner=other_owner, last_update_on=D(2023, 3, 1))
    ContinuationPlan.objects.create(experiment=experiment, review_months=[3, 6])  # 31.3.2023, 30.6.2023
    sweep_on(D(2023, 3, 23))
    assert not Reminder.objects.exists()
    sweep_on(D(2023, 3, 24))  # opens 7 days before 31.3.
    assert sorted(r.recipient.username for r in Reminder.objects.all()) == sorted(
        [owner.username, other_owner.username]
    )
    assert Reminder.objects.first().item_key == f"review:{experiment.pk}:2023-03-31"

    with time_machine.travel(at(D(2023, 3, 27), 9), tick=False):
        status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="Katselmoitu.")
    sweep_range(D(2023, 3, 27), D(2023, 4, 20))
    assert Reminder.objects.count() == 2
    assert not Reminder.objects.filter(answered_at__isnull=True).exists()


# --- handovers ------------------------------------------------------------------------------


def test_handover_unanswered_for_14_days_reminds_the_receiving_owner(owner, other_owner):
    experiment = ExperimentFactory(owner=owner, receiving_owner=other_owner)
    handover = Handover.objects.create(experiment=experiment, to_user=other_owner, proposed_on=D(2023, 3, 1))
    sweep_on(D(2023, 3, 14))
    assert not Reminder.objects.exists()
    sweep_on(D(2023, 3, 15))
    [reminder] = Reminder.objects.all()
    assert (reminder.recipient, reminder.item_key) == (other_owner, f"handover:{handover.pk}")
    assert reminder.url == f"/consolidation/handovers/{handover.pk}/answer/"


def test_an_accepted_handover_switches_the_recipient_of_the_status_reminders(owner, other_owner):
    """GIVEN a stale experiment whose owner has had reminders and a handover waiting for an answer
    WHEN the receiving owner accepts THEN the handover reminders end and the status reminders go to the new
    owner, starting from number 1; the old owner's thread counts as answered."""
    experiment = stale_experiment(owner, D(2023, 3, 1))
    experiment.receiving_owner = other_owner
    experiment.save()
    handover = Handover.objects.create(experiment=experiment, to_user=other_owner, proposed_on=D(2023, 2, 1))
    sweep_range(D(2023, 3, 2), D(2023, 3, 13))
    assert reminder_dates(owner, "status_overdue") == [D(2023, 3, 2), D(2023, 3, 13)]
    assert reminder_dates(other_owner, "handover_unanswered") == [D(2023, 3, 2), D(2023, 3, 13)]

    with time_machine.travel(at(D(2023, 3, 14), 9), tick=False):
        consolidation_services.handover_answer(handover=handover, by=other_owner, accept=True)
    sweep_range(D(2023, 3, 14), D(2023, 3, 24))  # 14.3. + 7 working days = 23.3.

    assert reminder_dates(owner, "status_overdue") == [D(2023, 3, 2), D(2023, 3, 13)]
    assert reminder_dates(other_owner, "handover_unanswered") == [D(2023, 3, 2), D(2023, 3, 13)]
    new_owner_reminders = Reminder.objects.filter(recipient=other_owner, rule="status_overdue")
    assert list(new_owner_reminders.order_by("sent_on").values_list("sent_on", "sequence")) == [
        (D(2023, 3, 14), 1),
        (D(2023, 3, 23), 2),
    ]
    assert not Reminder.objects.filter(recipient=owner, answered_at__isnull=True).exists()


# --- unowned / unreachable owner ------------------------------------------------------------


@pytest.mark.parametrize("problem", ["unowned", "deactivated", "bounced"])
def test_an_experiment_without_a_reachable_owner_goes_to_the_coordinators_and_steering_group(
    problem, owner, coordinator_user, steering_user, viewer
):
    if problem == "deactivated":
        owner.is_active = False
        owner.save()
    elif problem == "bounced":
        owner.email_bounced_at = at(D(2023, 1, 1))
        owner.save()
    experiment = stale_experiment(None if problem == "unowned" else owner, D(2023, 2, 1))
    sweep_on(D(2023, 2, 6))
    rows = Reminder.objects.filter(rule="no_reachable_owner")
    assert sorted(r.recipient.username for r in rows) == sorted([coordinator_user.username, steering_user.username])
    assert not Reminder.objects.filter(recipient__in=[owner, viewer]).exists()
    assert {r.experiment for r in rows} == {experiment}
    assert not mails_to(owner)


def test_reminders_about_unowned_experiments_repeat_but_never_escalate(coordinator_user, steering_user):
    stale_experiment(None, D(2023, 2, 1))
    sweep_range(D(2023, 2, 6), D(2023, 3, 10))
    assert reminder_dates(coordinator_user) == [D(2023, 2, 6), D(2023, 2, 15), D(2023, 2, 24), D(2023, 3, 7)]
    assert not Reminder.objects.filter(escalated=True).exists()


# --- quiet periods and escalations ----------------------------------------------------------


def test_in_a_quiet_period_only_the_escalation_to_the_steering_group_goes_out(owner, coordinator_user, steering_user):
    stale_experiment(owner, D(2023, 6, 15))
    sweep_range(D(2023, 6, 16), D(2023, 7, 31))
    # 16.6. + 7 working days (Midsummer Eve 23.6. is a holiday) = 28.6.; the third falls on 7.7., in July
    assert reminder_dates(owner) == [D(2023, 6, 16), D(2023, 6, 28)]
    assert reminder_dates(steering_user) == [D(2023, 7, 7)]
    assert reminder_dates(coordinator_user) == []
    assert Reminder.objects.get(recipient=steering_user).escalated
    sweep_on(D(2023, 8, 1))  # after the quiet period the owner's reminders resume (escalated, no. 4)
    assert Reminder.objects.get(recipient=owner, sent_on=D(2023, 8, 1)).sequence == 4


# --- weekly digests -------------------------------------------------------------------------


def test_weekly_digest_users_get_personal_reminders_on_the_weeks_first_working_day_only(coordinator_user):
    weekly = UserFactory(reminder_frequency="weekly")
    stale_experiment(weekly, D(2023, 2, 1))
    sweep_range(D(2023, 2, 2), D(2023, 2, 10))
    assert reminder_dates(weekly) == [D(2023, 2, 6)]
    assert Reminder.objects.get(recipient=weekly).period == "2023-W06"
    assert Message.objects.get(recipient=weekly).period == "2023-W06"


def test_escalations_reach_weekly_digest_users_on_the_day(owner):
    weekly = UserFactory(reminder_frequency="weekly")
    stale_experiment(weekly, D(2023, 2, 1))
    sweep_range(D(2023, 2, 2), D(2023, 3, 31))
    # 6.2. (Mon), then due 15.2. -> next Monday 20.2.; due 1.3. -> the third one, escalated, on 1.3. (a Wednesday)
    assert list(Reminder.objects.filter(recipient=weekly).order_by("sent_on").values_list("sent_on", "period"))[:3] == [
        (D(2023, 2, 6), "2023-W06"),
        (D(2023, 2, 20), "2023-W08"),
        (D(2023, 3, 1), "2023-03-01"),
    ]


# --- one e-mail per person per day ----------------------------------------------------------


def test_all_of_a_persons_items_come_in_one_digest(owner):
    for _ in range(3):
        stale_experiment(owner, D(2023, 2, 1))
    Milestone.objects.create(experiment=ExperimentFactory(owner=owner), title="M", due_date=D(2023, 2, 3))
    sweep_on(D(2023, 2, 2))
    [email] = mails_to(owner)
    assert Reminder.objects.filter(recipient=owner).count() == 4
    assert Message.objects.filter(recipient=owner).count() == 1


# --- the registry ---------------------------------------------------------------------------


class CustomRule(rules.BaseRule):
    key = "test_custom"
    label = "Custom thing overdue"

    def __init__(self, recipient_id):
        self.recipient_id = recipient_id

    def candidates(self, ctx):
        yield rules.Candidate(
            item_key="custom:1", recipient_ids=(self.recipient_id,), url="/x/", params={"title": "X1"}
        )


def test_other_apps_can_register_rules(owner):
    rule = rules.register(CustomRule(owner.pk))
    try:
        sweep_on(D(2023, 2, 2))
        [email] = mails_to(owner)
        assert "Custom thing overdue: X1" in email.body
        assert "http://127.0.0.1:8000/x/" in email.body or "/x/" in email.body
    finally:
        rules.unregister(rule.key)


def test_a_rule_must_implement_the_protocol():
    with pytest.raises(TypeError):
        rules.register(object())


def test_builtin_rules_are_registered():
    assert {"status_overdue", "milestone_due", "review_due", "handover_unanswered", "no_reachable_owner"} <= {
        r.key for r in rules.all_rules()
    }
