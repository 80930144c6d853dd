"""axe-core on every page type of the portal, in Finnish and in English: zero WCAG 2.1 A/AA violations.

One test per language loads the demo once and visits every page with the persona who would normally see it, so
one run reports every violation at once. The same visits check that the page is served in the right language
and that the browser reports no Content-Security-Policy violation or script error.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from .conftest import axe_violations, set_anonymous_language, sign_in, watch_console  # noqa: E402
from .world import build_world, page_visits  # noqa: E402

# transaction=True: the live server thread must see the test's rows (world.build_world restores the seed data).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_page_has_no_wcag_21_aa_violations(language, live_server, new_context):
    world = build_world(language)
    visits = page_visits(world)
    pages = {}  # persona -> page in that persona's own browser context

    def page_for(persona):
        if persona not in pages:
            context = new_context()
            set_anonymous_language(context, live_server, language)
            if persona is not None:
                sign_in(context, live_server, world["users"][persona])
            page = context.new_page()
            pages[persona] = (page, watch_console(page))
        return pages[persona]

    problems: list[str] = []
    for visit in visits:
        page, console = page_for(visit.persona)
        console.errors.clear()
        response = page.goto(live_server.url + visit.path)
        status = response.status if response else None
        if visit.submit_empty:
            with page.expect_navigation():
                page.locator("main form button[type=submit]").first.click()
            status = 400 if page.locator("#error-summary").count() else status
        expected = 400 if visit.submit_empty else visit.status
        label = f"[{language}] {visit.name} ({visit.path[:60]})"
        if status != expected:
            problems.append(f"{label}: HTTP {status}, expected {expected}")
            continue
        lang = page.evaluate("document.documentElement.lang")
        if lang != language:
            problems.append(f"{label}: <html lang={lang!r}>, expected {language!r}")
        problems.extend(f"{label}: {line}" for line in axe_violations(page))
        # Collapsed <details> are skipped by axe while closed: open them all and check what they hold, too.
        if page.evaluate("document.querySelectorAll('details:not([open])').length"):
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            problems.extend(f"{label} (details opened): {line}" for line in axe_violations(page))
        # The browser logs the page's own 4xx status as a console error; that one is expected here.
        own_status = f"status of {expected} "
        problems.extend(f"{label}: {error}" for error in console.errors if own_status not in error)

    assert not problems, f"{len(problems)} problem(s) on {len(visits)} pages:\n" + "\n".join(problems)
