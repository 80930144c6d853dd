"""End to end on real components: a real Celery worker process on a real Redis runs the reminder sweep task
against the test database (PostgreSQL, so both processes see the same rows) and writes the e-mail with the
file-based backend into a temporary directory that the test reads."""

import datetime
import os
import subprocess
import sys
import uuid
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import pytest
from celery import Celery

from reminders.models import Message, Reminder
from tests.factories import ExperimentFactory, UserFactory
from tests.integration.test_celery_worker import test_database_url

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
RESULT_TIMEOUT = 90


@pytest.fixture
def reminder_worker(redis_url, tmp_path):
    """`celery -A idkportal worker` on a private queue with the real settings module (so EMAIL_BACKEND comes
    from the environment: file-based, under IDK_VAR_DIR=tmp_path)."""
    queue = f"reminders-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "idkportal.settings",
        "DEBUG": "true",
        "IDK_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": test_database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable, "-m", "celery", "-A", "idkportal", "worker",
        "--pool", "solo", "--concurrency", "1", "-Q", queue, "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.queue, process.log_path, process.mail_dir = queue, log_path, tmp_path / "var" / "mail"
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def celery_client(redis_url):
    client = Celery("idkportal-reminders-client", broker=redis_url, backend=redis_url)
    client.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    yield client
    client.close()


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
