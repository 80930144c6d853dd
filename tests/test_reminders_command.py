"""manage.py run_reminders: --dry-run, --today, --force-today; and the Celery tasks (eager)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reminders import tasks
from reminders.models import Message, Reminder, Thread
from reminders.testing import at
from tests.factories import ExperimentFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(owner, steering_user):
    return ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1))


def run(*args) -> str:
    out = StringIO()
    call_command("run_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_what_would_be_sent_and_sends_and_keeps_nothing(stale, owner, time_machine):
    time_machine.move_to(at(D(2023, 2, 6)), tick=False)
    output = run("--dry-run")
    assert "DRY RUN" in output and f"would send to {owner.email}" in output
    assert "steering" in output.lower() or "ohjausryh" in output.lower()
    assert mail.outbox == []
    assert not Reminder.objects.exists() and not Message.objects.exists() and not Thread.objects.exists()


def test_today_simulates_a_date(stale, owner, time_machine):
    time_machine.move_to(at(D(2023, 5, 1)), tick=False)  # real "today" is May Day, a holiday
    output = run("--today", "2023-02-06")
    assert "06.02.2023" in output
    assert Reminder.objects.get(recipient=owner).sent_on == D(2023, 2, 6)
    assert len(mail.outbox) == 2  # the owner's digest and the steering group's Monday digest


def test_weekends_are_skipped_unless_forced(stale, owner, time_machine):
    time_machine.move_to(at(D(2023, 2, 11)), tick=False)  # Saturday
    assert "no sweep (weekend)" in run()
    assert mail.outbox == []
    output = run("--force-today")
    assert "weekly digest day" in output
    assert {m.to[0] for m in mail.outbox} == {owner.email, "jussi.johtoryhma@kuopio.invalid"}
    mail.outbox.clear()
    run("--force-today")  # a second start-up the same day sends nothing again
    assert mail.outbox == []


def test_force_today_ignores_quiet_periods(stale, owner, time_machine):
    time_machine.move_to(at(D(2023, 7, 10)), tick=False)
    run()
    assert mail.outbox == []
    run("--force-today")
    assert [m.to[0] for m in mail.outbox if m.to[0] == owner.email]


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        run("--today", "6.2.2023")


def test_sweep_task_runs_the_sweep(stale, owner, time_machine):
    time_machine.move_to(at(D(2023, 2, 6)), tick=False)
    result = tasks.run_sweep.delay().get()
    assert result["reminders"] == 1 and result["sent"] == 2
    assert tasks.run_sweep.delay("2023-02-11").get()["skipped"] == "weekend"
    assert tasks.deliver_outbox.delay().get() == 0


def test_beat_schedule_runs_the_sweep_at_the_configured_local_time(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-daily-sweep"]
    assert entry["task"] == "reminders.run_sweep"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {30}
    assert settings.CELERY_TIMEZONE == "Europe/Helsinki"
    assert entry["options"]["expires"] < 24 * 3600
    assert settings.CELERY_BEAT_SCHEDULE["reminders-deliver-outbox"]["task"] == "reminders.deliver_outbox"
