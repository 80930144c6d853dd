"""Shared test infrastructure.

Sections:
  1. Service markers: postgres / redis / celery_worker / smtp / browser tests skip with a reason when their
     service is absent -- except in "require services" mode (CI=true or IDK_REQUIRE_SERVICES=1), where any
     skip of such a test is turned into a failure. Each test's kind is recorded as a JUnit property
     (``kind``) for scripts/count_tests.py.
  2. Hypothesis profiles ("ci", "dev"), chosen by HYPOTHESIS_PROFILE (default dev).
  3. Service fixtures: ``redis_url``, ``smtp_server``, ``weasyprint``, ``browser`` and ``page`` (sync
     Playwright on the system Chromium).
  (Factory and persona fixtures follow below these sections.)
"""

from __future__ import annotations

import functools
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# =============================================================================================
# 1. Service markers and skip-to-fail
# =============================================================================================

SERVICE_MARKERS = ("postgres", "redis", "celery_worker", "smtp", "browser")
# A test's kind for the CI count: the first service marker it carries in this order, else "unit".
KIND_ORDER = ("browser", "celery_worker", "redis", "smtp", "postgres")
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def services_required() -> bool:
    """True in CI: a service test that cannot run is a failure, not a skip."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("IDK_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip outside CI; fail in CI (for missing services and system packages)."""
    if services_required():
        pytest.fail(f"required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url_for_tests() -> str:
    return os.environ.get("REDIS_URL", DEFAULT_TEST_REDIS_URL)


@functools.cache
def redis_unavailable(url: str) -> str | None:
    """None if a Redis at ``url`` answers PING, else why not."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        error = f"{exc.__class__.__name__}: {exc}"
        return f"no Redis answering PING at {url} ({error}); start redis-server or set REDIS_URL"
    return None


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    candidates = (configured,) if configured else CHROMIUM_CANDIDATES
    return next((p for p in candidates if p and Path(p).is_file() and os.access(p, os.X_OK)), None)


@functools.cache
def browser_unavailable() -> str | None:
    if chromium_path() is None:
        return "no Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def service_unavailable(marker: str) -> str | None:
    """None if the service behind ``marker`` can be used in this run, else the reason it cannot."""
    if marker == "postgres":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            return f"needs PostgreSQL, database engine is {engine} (set DATABASE_URL=postgres://...)"
    elif marker in ("redis", "celery_worker"):
        return redis_unavailable(redis_url_for_tests())
    elif marker == "smtp":
        try:
            import aiosmtpd  # noqa: F401
        except ImportError:
            return "aiosmtpd is not installed (pip install -r requirements-dev.txt)"
    elif marker == "browser":
        return browser_unavailable()
    return None


def kind_of(item: pytest.Item) -> str:
    return next((m for m in KIND_ORDER if item.get_closest_marker(m)), "unit")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # JUnit properties: written into <testcase><properties> even with junit_family=xunit2.
    for item in items:
        markers = [m for m in SERVICE_MARKERS if item.get_closest_marker(m)]
        item.user_properties.append(("kind", kind_of(item)))
        item.user_properties.append(("markers", ",".join(markers)))


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Runs before fixtures are set up, so a skipped test creates no database or browser.
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) and (reason := service_unavailable(marker)):
            pytest.skip(f"[{marker}] {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    # In CI a service test must really run: any skip (from our setup hook, a fixture or the test itself)
    # becomes a failure. Expected failures (xfail) are left alone.
    if report.skipped and not hasattr(report, "wasxfail") and services_required():
        markers = [m for m in SERVICE_MARKERS if item.get_closest_marker(m)]
        if markers:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            report.outcome = "failed"
            report.longrepr = (
                f"SKIPPED service test counts as a failure in CI (markers: {', '.join(markers)}).\n"
                f"Skip reason: {reason}\n"
                "Start the service (see .ci/run), or deselect the test with -m for this pass."
            )
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    # A whole module skipped at import time (pytest.importorskip / allow_module_level) hides its tests'
    # markers, so in CI it is an error: use the service markers and fixtures here instead.
    if report.skipped and services_required() and isinstance(collector, pytest.Module):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"module skipped at collection, not allowed in CI: {reason}"
    return report


# =============================================================================================
# 2. Hypothesis profiles
# =============================================================================================

try:
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True, print_blob=True)
    hypothesis_settings.register_profile("dev", max_examples=25)
    hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
except ImportError:  # pragma: no cover - hypothesis is in requirements-dev.txt
    pass


# =============================================================================================
# 3. Service fixtures
# =============================================================================================


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a live Redis for tests (REDIS_URL, default db 15); skips (fails in CI) if none answers."""
    url = redis_url_for_tests()
    if reason := redis_unavailable(url):
        skip_or_fail(reason)
    return url


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SMTPServer:
    host: str
    port: int
    messages: list = field(default_factory=list)  # aiosmtpd Envelope objects, in arrival order


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port; Django's e-mail is pointed at it."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        skip_or_fail("aiosmtpd is not installed")

    server = SMTPServer(host="127.0.0.1", port=free_tcp_port())

    class Handler:
        async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            server.messages.append(envelope)
            return "250 OK"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def weasyprint():
    """The weasyprint module; skips (fails in CI) when its system libraries (Pango, HarfBuzz) are missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        skip_or_fail(f"WeasyPrint cannot load its system libraries (scripts/bootstrap installs them): {exc}")
    return weasyprint


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium driven by sync Playwright, shared by the session."""
    if reason := browser_unavailable():
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    # Sync Playwright keeps an asyncio loop in this thread; Django would then refuse ORM calls made by the
    # test itself ("SynchronousOnlyOperation"). Tests run code synchronously, so this is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context + page per test (Finnish locale, no shared cookies)."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# =============================================================================================
# 4. Personas (an owner, another owner, a coordinator, a steering-group member, a viewer)
# =============================================================================================

from .personas import *  # noqa: E402,F401,F403
