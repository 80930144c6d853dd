"""Test-only URLconf: the real URLs plus views that fail on purpose (used by tests/test_security_settings.py)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from idkportal.urls import handler400, handler403, handler404, handler500
from idkportal.urls import urlpatterns as real_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("kaboom-internal-detail")


def bad_request(request):
    raise SuspiciousOperation("kaboom-internal-detail")


def denied(request):
    raise PermissionDenied("kaboom-internal-detail")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/public-boom/", login_not_required(boom)),
    path("test-errors/bad-request/", bad_request),
    path("test-errors/denied/", denied),
    *real_urlpatterns,
]
