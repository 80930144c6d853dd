"""Random and hostile input to every form and htmx endpoint of the app (from the permission matrix):
never a 500,
never a partial write; stored markup always renders escaped."""

import datetime
import string

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidation.models import Meeting

from . import permission_matrix as pm
from .factories import ExperimentFactory, plan_for
from .worlds import build_world

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=string.printable, max_size=6000),
    st.sampled_from([XSS, '=HYPERLINK("http://evil")', "' OR 1=1 --", "\x00", "🙂" * 50, "9" * 40, "-1", "2023-02-30"]),
)
form_values = st.dictionaries(
    keys=st.sampled_from(
        [
            "health",
            "what_happened",
            "next_steps",
            "effective_date",
            "to_phase",
            "reason",
            "intended_outcome",
            "target_state",
            "person_years_needed",
            "person_years_secured",
            "euros_needed",
            "euros_secured",
            "commitment_on",
            "review_months",
            "platform_end_of_support",
            "version",
            "title",
            "due_date",
            "responsible",
            "done_on",
            "note",
            "message",
            "answer",
            "answer_reason",
            "kind",
            "decided_on",
            "rationale",
            "follow_up_on",
            "transfer_to",
            "revokes",
            "date",
            "attendees",
        ]
    ),
    values=hostile_text,
    max_size=12,
)

PROJECT_APPS = ("accounts", "experiments", "consolidation", "mva", "reminders", "reports")


def counts() -> dict[str, int]:
    """Row counts of every table of the portal's own apps, in one query (a refused request must change none)."""
    tables = sorted(
        {model._meta.db_table for app in PROJECT_APPS for model in apps.get_app_config(app).get_models()}
    )
    select = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def post_endpoints(world):
    """Every URL that takes a POST (from the permission matrix), with a user allowed to use it."""
    for name, rule in pm.MATRIX.items():
        allowed = rule["POST"]
        if allowed is None or name in ("logout", "login", "accounts:password_change"):
            continue  # signing out/in and the password form are covered in test_login.py
        if allowed in (pm.PUBLIC, pm.ANY):
            role = "viewer"
        else:
            role = "coordinator" if "coordinator" in allowed else sorted(allowed)[0]
        yield name, world["people"][role], reverse(name, kwargs=world["kwargs"].get(name, {}))


@pytest.fixture
def world(db):
    return build_world()


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=form_values, htmx=st.booleans())
def test_no_form_crashes_or_half_writes(world, data, htmx):
    for name, user, url in post_endpoints(world):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        before = counts()
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url, data, **headers)
        assert response.status_code < 500, (name, data, response.status_code)
        if response.status_code >= 400:
            after = counts()
            changed = {label for label in before if before[label] != after[label]}
            assert not changed, (name, data, changed)


def test_stored_markup_is_escaped_everywhere(client_for, viewer, owner):
    experiment = ExperimentFactory(owner=owner, name_fi=XSS, summary_fi=XSS)
    from experiments import services

    services.status_update_create(
        experiment=experiment, author=owner, health="at_risk", what_happened=XSS, next_steps=XSS
    )
    plan_for(experiment, target_state=XSS)
    meeting = Meeting.objects.create(date=datetime.date(2023, 2, 1))
    client = client_for(viewer)
    for url in [
        reverse("experiments:portfolio"),
        reverse("experiments:detail", args=[experiment.slug]),
        reverse("consolidation:meeting", args=[meeting.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "onerror=alert" not in page or "&lt;img src=x onerror=alert(1)&gt;" in page, url


def test_stored_markup_is_escaped_in_emails_and_exports(client_for, owner, coordinator_user):
    """GIVEN an experiment whose name is a script WHEN its owner's reminder goes out and the portfolio is
    exported THEN the e-mail's HTML escapes it and the CSV keeps it verbatim as data."""
    import time_machine
    from django.core import mail

    from reminders import services as reminder_services

    with time_machine.travel(datetime.datetime(2023, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        ExperimentFactory(owner=owner, name_fi=XSS, status_due_on=datetime.date(2023, 2, 1))
        reminder_services.sweep(datetime.date(2023, 3, 1), force=True)
    sent = [m for m in mail.outbox if owner.email in m.to]
    assert sent, "the owner got no reminder"
    html = next(content for content, mime in sent[0].alternatives if mime == "text/html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    import csv
    import io

    body = b"".join(client_for(coordinator_user).get(reverse("reports:portfolio_csv")).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert XSS in rows[1]  # kept verbatim as text: a CSV cell is data, never HTML
