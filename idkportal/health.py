"""Health-check tasks: prove that a real worker can reach the broker, the result backend and the database.

Loaded by the worker through ``app.conf.imports`` in idkportal/celery.py (autodiscovery scans only apps' tasks.py).
Used by tests/integration/test_celery_worker.py; writes nothing.
"""

from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(name="idkportal.health.ping_database")
def ping_database(token: str) -> str:
    """Answer ``pong:<token>:<number of users>`` after one read-only database query."""
    count = get_user_model().objects.count()
    return f"pong:{token}:{count}"
