"""Helpers for the browser tests: sign a persona into a browser context, run axe-core, watch the console.

The session-wide ``browser`` fixture (tests/conftest.py) drives Debian's Chromium. Each test uses pytest-django's
``live_server`` with ``transaction=True``, so the server thread sees the test's data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# Sync Playwright runs an asyncio loop in this thread; the test's own ORM calls are synchronous, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core rules switched off for every page, with the reason. Keep this empty unless a rule cannot be met
# for a reason outside the templates; docs/A11Y_NOTES.md lists whatever is here.
AXE_DISABLED_RULES: dict[str, str] = {}

CSP_MARKERS = ("content security policy", "content-security-policy")


def axe_options() -> dict:
    options: dict = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if AXE_DISABLED_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in AXE_DISABLED_RULES}
    return options


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the page as readable lines: rule, impact, help, and the first few nodes."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=axe_options())
    lines = []
    for violation in results.response["violations"]:
        targets = [" ".join(str(t) for t in node["target"]) for node in violation["nodes"]]
        summary = (violation["nodes"][0].get("failureSummary") or "").replace("\n", " ")
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {len(targets)} node(s): "
            f"{', '.join(targets[:4])}{' …' if len(targets) > 4 else ''} | {summary[:300]}"
        )
    return lines


@dataclass
class ConsoleWatch:
    """Console errors and uncaught page errors seen by a page; CSP violations are the ones we care about."""

    errors: list[str] = field(default_factory=list)

    @property
    def csp_errors(self) -> list[str]:
        return [e for e in self.errors if any(marker in e.lower() for marker in CSP_MARKERS)]


def watch_console(page) -> ConsoleWatch:
    watch = ConsoleWatch()

    def on_console(msg) -> None:
        if msg.type == "error":
            watch.errors.append(f"console.error: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
    return watch


def sign_in(context, live_server, user) -> None:
    """Give the browser context a session for `user` (no login form round trip)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": live_server.url}])


def set_anonymous_language(context, live_server, language: str) -> None:
    from django.conf import settings

    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.fixture
def new_context(browser):
    """Factory for extra browser contexts (one per persona); all are closed after the test."""
    contexts = []

    def make(**kwargs):
        options = {"locale": "fi-FI", "viewport": {"width": 1280, "height": 900}, **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
