"""End-to-end smoke test: a real Celery worker process, a real Redis broker + result backend, the test database.

The worker is a separate process, so it must see the rows this test commits: that needs a database both
processes can open. pytest-django's SQLite test database lives in memory, so this test is also marked
``postgres`` and runs in CI's PostgreSQL pass (.ci/run).
"""

import uuid

import pytest
from django.contrib.auth import get_user_model

from . import workers
from .workers import celery_worker, private_queue

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # committed rows, visible to the worker
]

RESULT_TIMEOUT = 60


@pytest.fixture
def worker_queue() -> str:
    return private_queue("smoke")


@pytest.fixture
def celery_worker_process(redis_url, worker_queue, tmp_path):
    with celery_worker(queue=worker_queue, redis_url=redis_url, log_path=tmp_path / "worker.log") as process:
        yield process


@pytest.fixture
def celery_client(redis_url):
    with workers.celery_client(redis_url, "idkportal-smoke-client") as client:
        yield client


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
