"""Every URL × every role, from tests/permission_matrix.py, against the running code.

GIVEN one experiment with a plan, milestone, open handover, meeting, MVA assessment (with an area,
workshop and action), an exemption on a second experiment and a draft MVA template
WHEN each persona GETs or POSTs (empty form) each URL
THEN the response is what the matrix says: served, 403, a redirect to log in, or to a read-only page.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import permission_matrix as pm
from .worlds import build_world

README = Path(__file__).resolve().parent.parent / "README.md"


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns == "admin":  # Django's own admin: staff-only by Django, reference data for coordinators
                    continue
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_has_a_row_in_the_matrix():
    missing = [name for name in url_names() if name not in pm.MATRIX]
    assert not missing, f"URLs without a permission-matrix row: {missing}"
    stale = [name for name in pm.MATRIX if name not in url_names()]
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


def test_readme_shows_the_matrix():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- permission-matrix:start -->\n(.*?)\n<!-- permission-matrix:end -->", text, re.S)
    assert block, "README.md has no permission-matrix block"
    assert block.group(1).strip() == pm.markdown_table().strip(), "Regenerate: python -m tests.permission_matrix"


@pytest.fixture
def world(db):
    return build_world()


CASES = [
    (name, method, role)
    for name, rule in pm.MATRIX.items()
    for method in ("GET", "POST")
    if rule[method] is not None
    for role in pm.ROLES
]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_matrix_cell(world, name, method, role, settings):
    settings.AXES_ENABLED = False
    rule = pm.MATRIX[name]
    expected = pm.verdict(rule[method], role)
    url = reverse(name, kwargs=world["kwargs"].get(name, {}))
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["people"][role])
    response = client.get(url) if method == "GET" else client.post(url, {})
    location = response.get("Location", "")
    to_login = response.status_code == 302 and location.startswith(reverse("login"))
    if expected == "login":
        assert to_login, (name, method, role, response.status_code, location)
    elif expected == "any":
        assert response.status_code < 500 and response.status_code != 403, (name, method, role, response.status_code)
    elif expected == "public":
        assert response.status_code < 500 and response.status_code != 403 and not to_login, (
            name,
            method,
            role,
            response.status_code,
        )
    elif expected == "deny":
        if rule["denied"] == "redirect":
            assert response.status_code == 302 and not to_login, (name, method, role, response.status_code)
        else:
            assert response.status_code == 403, (name, method, role, response.status_code, location)
    else:
        assert response.status_code not in (403, 404, 405) and response.status_code < 500 and not to_login, (
            name,
            method,
            role,
            response.status_code,
            location,
        )


def test_idor_post_to_another_owners_experiment_changes_nothing(world):
    from experiments.models import StatusUpdate

    client = Client()
    client.force_login(world["people"]["other_owner"])
    response = client.post(
        reverse("experiments:status_create", kwargs={"slug": "kohde"}), {"health": "on_track", "what_happened": "x"}
    )
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()
