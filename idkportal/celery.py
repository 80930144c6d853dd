"""The Celery application: configured from Django settings (CELERY_*), tasks found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idkportal.settings")

app = Celery("idkportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.imports = ("idkportal.health",)  # health-check tasks (not in an app's tasks.py)
