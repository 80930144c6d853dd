"""Starting a real Celery worker process for integration tests, against the test database.

The worker is another process, so it must open the same database as the test: pytest-django's test
database on PostgreSQL (SQLite's is in memory), hence every such test is also marked ``postgres``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


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


def private_queue(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@contextlib.contextmanager
def celery_worker(*, queue: str, redis_url: str, log_path: Path, env: dict | None = None):
    """Run ``celery -A idkportal worker`` on a private queue; stop it cleanly (kill it if it hangs)."""
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "idkportal.test_settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": test_database_url(),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    cmd = [
        sys.executable, "-m", "celery", "-A", "idkportal", "worker",
        "--pool", "solo", "--concurrency", "1", "-Q", queue, "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=worker_env, stdout=log, stderr=subprocess.STDOUT)
    process.queue, process.log_path = queue, log_path
    try:
        yield process
    finally:
        process.terminate()  # SIGTERM: warm shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def celery_client(redis_url: str, name: str):
    """A bare Celery client on the same broker and backend (leaves the project's app configuration alone)."""
    client = Celery(name, broker=redis_url, backend=redis_url)
    client.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    try:
        yield client
    finally:
        client.close()
