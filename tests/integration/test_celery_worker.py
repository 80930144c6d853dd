"""End-to-end smoke test: a real Celery worker process, a real Redis broker + result backend, the test database.

The worker is a separate process, so it must see the rows this test commits: that needs a database both
processes can open. pytest-django's SQLite test database lives in memory, so this test is also marked
``postgres`` and runs in CI's PostgreSQL pass (.ci/run).
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.contrib.auth import get_user_model
from django.db import connection

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # committed rows, visible to the worker
]

ROOT = Path(__file__).resolve().parents[2]
RESULT_TIMEOUT = 60


def test_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created (test_<name>), for the worker process."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(s['NAME'], safe='')}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def worker_queue() -> str:
    return f"smoke-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def celery_worker_process(redis_url, worker_queue, tmp_path):
    """Start ``celery -A idkportal worker`` on a private queue; stop it cleanly (kill if it hangs)."""
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "idkportal.test_settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": test_database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable, "-m", "celery", "-A", "idkportal", "worker",
        "--pool", "solo", "--concurrency", "1", "-Q", worker_queue, "-n", f"{worker_queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log_path
    try:
        yield process
    finally:
        process.terminate()  # SIGTERM: warm shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def celery_client(redis_url):
    """A bare Celery client on the same broker/backend (leaves the project's app configuration alone)."""
    client = Celery("idkportal-smoke-client", broker=redis_url, backend=redis_url)
    client.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    yield client
    client.close()


def test_worker_answers_ping_database_from_the_test_database(celery_worker_process, celery_client, worker_queue):
    # A committed row that only the test database has: the worker's count proves it reads that database.
    get_user_model().objects.create_user(username=f"smoke-{worker_queue}")
    expected_count = get_user_model().objects.count()
    token = uuid.uuid4().hex

    result = celery_client.send_task("idkportal.health.ping_database", args=[token], queue=worker_queue)
    try:
        answer = result.get(timeout=RESULT_TIMEOUT)
    except Exception as exc:
        log = celery_worker_process.log_path.read_text(errors="replace")[-4000:]
        pytest.fail(f"no answer from the worker ({exc.__class__.__name__}: {exc}); worker log tail:\n{log}")

    assert answer == f"pong:{token}:{expected_count}"
