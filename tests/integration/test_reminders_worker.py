"""End to end on real components: a real Celery worker process on a real Redis runs the reminder sweep task
against the test database (PostgreSQL, so both processes see the same rows) and writes the e-mail with the
file-based backend into a temporary directory that the test reads."""

import datetime
from email import message_from_bytes
from email import policy as email_policy

import pytest

from reminders.models import Message, Reminder
from tests.factories import ExperimentFactory, UserFactory

from . import workers
from .workers import celery_worker, private_queue

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

RESULT_TIMEOUT = 90


@pytest.fixture
def reminder_worker(redis_url, tmp_path):
    """A worker with the real settings module, so EMAIL_BACKEND comes from the environment: file-based,
    under IDK_VAR_DIR=tmp_path."""
    env = {
        "DJANGO_SETTINGS_MODULE": "idkportal.settings",
        "DEBUG": "true",
        "IDK_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    queue = private_queue("reminders")
    with celery_worker(queue=queue, redis_url=redis_url, log_path=tmp_path / "worker.log", env=env) as process:
        process.mail_dir = tmp_path / "var" / "mail"
        yield process


@pytest.fixture
def celery_client(redis_url):
    with workers.celery_client(redis_url, "idkportal-reminders-client") as client:
        yield client


def test_worker_runs_the_sweep_and_the_reminder_is_delivered(reminder_worker, celery_client):
    owner = UserFactory(username=f"omistaja-{reminder_worker.queue}")
    experiment = ExperimentFactory(owner=owner, status_due_on=datetime.date(2023, 2, 1), name_fi="Työkalu")

    result = celery_client.send_task("reminders.run_sweep", kwargs={"day": "2023-02-06"}, queue=reminder_worker.queue)
    try:
        answer = result.get(timeout=RESULT_TIMEOUT)
    except Exception as exc:
        log = reminder_worker.log_path.read_text(errors="replace")[-4000:]
        pytest.fail(f"no answer from the worker ({exc.__class__.__name__}: {exc}); worker log tail:\n{log}")

    assert answer["reminders"] == 1 and answer["sent"] == 1
    reminder = Reminder.objects.get(experiment=experiment)
    assert reminder.recipient == owner and reminder.message.status == Message.Status.SENT
    files = list(reminder_worker.mail_dir.glob("*.log"))
    assert len(files) == 1
    raw = files[0].read_bytes()
    # The file-based backend writes the message followed by a separator line of dashes.
    message = message_from_bytes(raw.rsplit(b"\n" + b"-" * 79, 1)[0].strip(b"\n"), policy=email_policy.default)
    assert message["To"] == owner.email
    assert "Työkalu" in message.get_body(("plain",)).get_content()
    assert "Työkalu" in message.get_body(("html",)).get_content()
