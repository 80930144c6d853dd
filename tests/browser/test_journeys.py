"""User journeys in a real browser: an owner posting a status update, a steering-group member filtering the
portfolio and deciding inline in the meeting pack, the filter without JavaScript and with the keyboard only,
and the portfolio at phone width. Every journey also checks that the browser saw no Content-Security-Policy
violation (htmx runs under the strict CSP)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re  # noqa: E402

import pytest  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from .conftest import axe_violations, sign_in, watch_console  # noqa: E402
from .world import OWNED_SLUG, OWNER, STEERING, build_world  # noqa: E402

# transaction=True: the live server thread must see the test's rows (world.build_world restores the seed data).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, id: el.id, text: (el.textContent || '').trim().slice(0, 60), href: el.getAttribute('href'),
    type: el.getAttribute('type'), name: el.getAttribute('name'),
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
  };
}"""


def results_total(page) -> int:
    return int(page.locator("#results .summary-total strong").inner_text())


def wait_for_htmx(page) -> None:
    """Wait until htmx has no request in flight and the last swap has settled."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def wait_for_live_region(page, text: str) -> None:
    """app.js copies the swapped region's announcement into the polite live region (after a short delay)."""
    page.wait_for_function(
        "text => document.getElementById('live-region').textContent === text", arg=text, timeout=5_000
    )


def test_owner_logs_in_posts_a_status_update_and_sees_it_on_the_portfolio(live_server, page):
    from experiments.models import Experiment

    build_world("en")
    name = Experiment.objects.get(slug=OWNED_SLUG).name_en
    console = watch_console(page)

    page.goto(live_server.url + reverse("experiments:portfolio"))
    assert "/accounts/login/" in page.url  # every page asks for a login first
    page.fill("#id_username", OWNER)
    page.fill("#id_password", "idk-demo-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("experiments:portfolio"))

    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(rf"/experiments/{OWNED_SLUG}/$"))
    assert page.locator("h1").all_inner_texts() == [f"1. {name}"]  # a whole page, not swapped into the results
    form = page.locator("form.status-form")
    form.locator("input[name=health][value=off_track]").check()
    form.locator("[name=what_happened]").fill("Integraatio asiakasjärjestelmään viivästyi toimittajan vuoksi.")
    form.locator("[name=next_steps]").fill("Uusi aikataulu sovitaan toimittajan kanssa tammikuussa.")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/experiments/{OWNED_SLUG}/$"))
    assert page.locator(".messages").inner_text().strip() == "Status update saved."
    assert "Integraatio asiakasjärjestelmään viivästyi" in page.locator("main").inner_text()

    page.get_by_role("link", name="Portfolio", exact=True).first.click()
    row = page.locator("#results tbody tr", has=page.get_by_role("link", name=name, exact=True))
    assert row.locator(".health-off_track").count() == 1, row.inner_html()
    assert console.csp_errors == [] and console.errors == []


def test_steering_member_filters_goes_back_and_records_a_decision_inline(live_server, page):
    from experiments.models import Experiment

    world = build_world("en")
    sign_in(page.context, live_server, world["users"][STEERING])
    console = watch_console(page)
    consolidating = Experiment.objects.filter(phase="consolidating").count()
    consolidating_at_risk = Experiment.objects.filter(phase="consolidating", health="at_risk").count()
    assert 0 < consolidating_at_risk < consolidating < Experiment.objects.count()

    portfolio = live_server.url + reverse("experiments:portfolio")
    page.goto(portfolio)
    everything = results_total(page)

    # Each change swaps the results with htmx and pushes the filter into the URL.
    page.check("input[name=phase][value=consolidating]")
    page.wait_for_url(re.compile(r"\?.*phase=consolidating"))
    wait_for_htmx(page)
    assert results_total(page) == consolidating
    wait_for_live_region(page, f"{consolidating} experiments found.")

    page.check("input[name=health][value=at_risk]")
    page.wait_for_url(re.compile(r"health=at_risk"))
    wait_for_htmx(page)
    assert results_total(page) == consolidating_at_risk

    # Back restores the previous filter: URL, results and the form's fields.
    page.go_back()
    page.wait_for_url(lambda url: "phase=consolidating" in url and "health" not in url)
    wait_for_htmx(page)
    assert results_total(page) == consolidating
    assert page.is_checked("input[name=phase][value=consolidating]")
    assert not page.is_checked("input[name=health][value=at_risk]")
    page.go_back()
    page.wait_for_url(portfolio)
    assert results_total(page) == everything
    assert not page.is_checked("input[name=phase][value=consolidating]")

    # Sorting is boosted into the results (the row links are not: see the owner's journey).
    page.locator("#results thead a").first.click()
    page.wait_for_url(re.compile(r"sort="))
    wait_for_htmx(page)
    assert page.locator("h1").count() == 1 and results_total(page) == everything

    # The meeting pack: open the inline decision form (htmx) for the first experiment awaiting a decision.
    page.goto(live_server.url + reverse("consolidation:meeting", args=[world["meeting"].pk]))
    item = page.locator("section[aria-labelledby=awaiting-heading] article").first
    name = item.locator("h3").inner_text().strip()
    item.locator("summary").click()
    item.get_by_role("link", name="Open the decision form").click()
    form = item.locator(".decision-inline form")
    form.wait_for()
    form.locator("select[name$=kind]").select_option("continue")
    # The date defaults to the meeting's, and the upcoming meeting is in the future: decide today.
    form.locator("input[name$=decided_on]").fill(timezone.localdate().isoformat())
    form.locator("textarea[name$=rationale]").fill("Jatketaan kokeilua seuraavaan kokoukseen.")
    form.get_by_role("button", name="Record decision").click()

    message = item.locator(".decision-inline [data-announce]")
    item.locator(".decision-inline [data-announce], .decision-inline .error-summary").first.wait_for()
    assert item.locator(".decision-inline .error-summary").count() == 0, item.locator(".decision-inline").inner_text()
    expected = message.inner_text().strip()
    assert expected.startswith(f"Decision recorded for {name.split('. ', 1)[-1]}: Continue experimenting.")
    wait_for_live_region(page, expected)
    assert page.evaluate("document.activeElement.hasAttribute('data-announce')")  # focus follows the swap
    assert axe_violations(page) == []
    assert console.csp_errors == [] and console.errors == []


def test_portfolio_filter_works_without_javascript(live_server, new_context):
    from experiments.models import Experiment

    world = build_world("fi")
    context = new_context(java_script_enabled=False)
    sign_in(context, live_server, world["users"][STEERING])
    page = context.new_page()
    page.goto(live_server.url + reverse("experiments:portfolio"))
    page.check("input[name=phase][value=pilot]")
    page.check("input[name=health][value=off_track]")
    page.locator("#portfolio-filter button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?.*phase=pilot.*health=off_track|\?.*health=off_track.*phase=pilot"))
    expected = Experiment.objects.filter(phase="pilot", health="off_track")
    assert results_total(page) == expected.count() > 0
    names = page.locator("#results tbody th").all_inner_texts()
    assert sorted(n.strip() for n in names) == sorted(e.name_fi for e in expected)


def test_portfolio_journey_with_the_keyboard_only(live_server, page):
    from experiments.models import Experiment

    world = build_world("fi")
    sign_in(page.context, live_server, world["users"][STEERING])
    console = watch_console(page)
    page.goto(live_server.url + reverse("experiments:portfolio"))
    pilot_id = page.locator("input[name=phase][value=pilot]").get_attribute("id")
    unfocused = []

    def tab(times: int = 1) -> dict:
        for _ in range(times):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_STYLE_JS)
            if not focused["visible"]:
                unfocused.append(focused)
        return focused

    # The first Tab lands on the skip link, which shows itself; Enter moves to the main content.
    focused = tab()
    assert focused["href"] == "#main", focused
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Into the filters: the search box comes first, then the phase checkboxes.
    focused = tab()
    assert focused["name"] == "q", focused
    while focused["name"] != "phase" or focused["id"] != pilot_id:
        focused = tab()
    page.keyboard.press("Space")
    assert page.is_checked("input[name=phase][value=pilot]")
    wait_for_htmx(page)

    # On to the submit button, Enter submits.
    for _ in range(40):
        focused = tab()
        if focused["tag"] == "BUTTON" and focused["type"] == "submit":
            break
    assert focused["tag"] == "BUTTON", focused
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"phase=pilot"))
    wait_for_htmx(page)
    assert results_total(page) == Experiment.objects.filter(phase="pilot").count() > 0

    # Tab to the first experiment in the results and open it with Enter.
    for _ in range(40):
        focused = tab()
        if focused["href"] and re.fullmatch(r"/experiments/[\w-]+/", focused["href"]):
            break
    assert focused["href"] and focused["href"].startswith("/experiments/"), focused
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + focused["href"])
    assert page.locator("h1").count() == 1
    assert unfocused == [], f"focus was not visible on: {unfocused}"
    assert console.csp_errors == [] and console.errors == []


PHONE_WIDTH = 375
OVERFLOW_JS = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  body: document.body.scrollWidth})"""


def test_portfolio_fits_a_phone_screen(live_server, new_context, tmp_path):
    world = build_world("fi")
    context = new_context(viewport={"width": PHONE_WIDTH, "height": 812})
    sign_in(context, live_server, world["users"][STEERING])
    page = context.new_page()
    console = watch_console(page)
    page.goto(live_server.url + reverse("experiments:portfolio"))
    screenshot = page.screenshot(path=tmp_path / "portfolio-375.png", full_page=True)
    assert len(screenshot) > 10_000
    widths = page.evaluate(OVERFLOW_JS)
    assert widths["inner"] == PHONE_WIDTH
    assert widths["scroll"] <= PHONE_WIDTH + 1 and widths["body"] <= PHONE_WIDTH + 1, widths
    # The wide table scrolls inside its own container instead.
    container = page.evaluate(
        "() => { const c = document.querySelector('#results .table-container');"
        " return {scroll: c.scrollWidth, client: c.clientWidth}; }"
    )
    assert container["scroll"] > container["client"], container

    # The other pages with wide content fit as well, and a table that scrolls can be scrolled with the keyboard.
    overflowing, violations = {}, []
    for path in (
        reverse("experiments:detail", args=[OWNED_SLUG]),
        reverse("consolidation:meeting", args=[world["meeting"].pk]),
        reverse("consolidation:my_work"),
        reverse("mva:list"),
        reverse("mva:detail", args=[world["assessment"].pk]),
        reverse("reports:dashboard"),
        reverse("experiments:portfolio") + "?phase=pilot",
    ):
        page.goto(live_server.url + path)
        widths = page.evaluate(OVERFLOW_JS)
        if widths["scroll"] > PHONE_WIDTH + 1:
            overflowing[path] = widths
        violations.extend(f"{path}: {line}" for line in axe_violations(page))
    assert overflowing == {}
    assert violations == []
    assert console.csp_errors == [] and console.errors == []


def test_anonymous_visitor_switches_language_under_the_strict_csp(live_server, page):
    console = watch_console(page)
    response = page.goto(live_server.url + reverse("login"))
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.evaluate("document.documentElement.lang") == "fi"
    assert page.evaluate("typeof htmx") == "object"  # the vendored htmx loads under the policy

    page.locator(".language-form button[value=en]").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "Log in to IDK Portal"
    assert {c["name"]: c["value"] for c in page.context.cookies()}.get("django_language") == "en"
    page.goto(live_server.url + reverse("accounts:accessibility"))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert console.errors == []
