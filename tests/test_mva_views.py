"""MVA pages: permissions per role (incl. direct POSTs), the htmx per-area save with and without JS,
the printable report, exports, import page and the list's filters and query budget."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import csv
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mva import services
from mva.models import Action, Assessment, Exemption, TemplateVersion

from .factories import ExperimentFactory
from .test_mva_support import D, action_person, approved, assessment, assessor, move_to, rate_all  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator_user", "assessor", "owner", "steering_user", "viewer"]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(D(2023, 2, 1), tick=False):
        yield


def as_user(request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return client


def area_url(assessment, area):
    return reverse("mva:area_save", args=[assessment.pk, area.pk])


def area_post(area, **values):
    prefix = f"area-{area.pk}-"
    data = {"rating": "", "description": "", "risks": "", "version": str(area.version)}
    data.update(values)
    return {prefix + key: value for key, value in data.items()}


# --- Permissions per role -------------------------------------------------------------------

# Hand-written: which personas may do what on `assessment` (assessor = its responsible assessor;
# owner = owner of its experiment).
MAY_EDIT = {"coordinator_user", "assessor"}
MAY_DECIDE = {"coordinator_user", "steering_user"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_may_read_and_export(request, client, assessment, persona):
    client = as_user(request, client, persona)
    for name in ("mva:detail", "mva:report", "mva:export_json", "mva:export_csv"):
        assert client.get(reverse(name, args=[assessment.pk])).status_code == 200, name
    assert client.get(reverse("mva:list")).status_code == 200
    assert client.get(reverse("mva:experiment", args=[assessment.experiment.slug])).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_area_save_per_role(request, client, assessment, persona):
    area = assessment.areas.get(key="security")
    response = as_user(request, client, persona).post(area_url(assessment, area), area_post(area, rating="minor"))
    area.refresh_from_db()
    if persona in MAY_EDIT:
        assert response.status_code == 302
        assert area.rating == "minor"
    else:
        assert response.status_code == 403
        assert area.rating == ""


@pytest.mark.parametrize("persona", PERSONAS)
def test_workspace_writes_per_role(request, client, assessment, persona, action_person):
    client = as_user(request, client, persona)
    expected = 302 if persona in MAY_EDIT else 403
    posts = {
        "mva:launch_save": {"part": "background", "background": "Nykyinen järjestelmä", "version": "1"},
        "mva:workshop_add": {"workshop-held_on": "2023-01-10", "workshop-title": "Paja"},
        "mva:action_add": {
            "action-title": "Toimenpide",
            "action-responsible": str(action_person.pk),
            "action-due_date": "2023-03-01",
        },
        "mva:phase_set": {"phase": "background", "version": ""},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[assessment.pk]), data).status_code == expected, name
    assert Action.objects.filter(assessment=assessment).count() == (1 if persona in MAY_EDIT else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_decision_per_role(request, client, assessment, assessor, persona):
    rate_all(assessment, assessor)
    move_to(assessment, Assessment.Phase.DECISION, assessor)
    data = {
        "decision-outcome": "approved",
        "decision-decided_on": "2022-12-14",
        "decision-decision_maker": "MVA-päätöspalaveri",
    }
    response = as_user(request, client, persona).post(reverse("mva:decision", args=[assessment.pk]), data)
    assessment.refresh_from_db()
    if persona in MAY_DECIDE:
        assert response.status_code == 302
        assert assessment.outcome == "approved"
    else:
        assert response.status_code == 403
        assert assessment.outcome == ""


@pytest.mark.parametrize("persona", [*PERSONAS, "action_person"])
def test_action_responsible_may_mark_their_action_done(request, client, assessment, assessor, action_person, persona):
    action = services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Päivitä malli", "responsible": action_person, "due_date": D(2023, 1, 15)},
    )
    response = as_user(request, client, persona).post(reverse("mva:action_done", args=[action.pk]))
    action.refresh_from_db()
    if persona in {"coordinator_user", "assessor", "action_person"}:
        assert response.status_code == 302
        assert action.done_on == D(2023, 2, 1)
    else:
        assert response.status_code == 403
        assert action.done_on is None


def test_action_responsible_cannot_edit_the_action(client, assessment, assessor, action_person):
    action = services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Päivitä malli", "responsible": action_person, "due_date": D(2023, 1, 15)},
    )
    client.force_login(action_person)
    assert client.get(reverse("mva:action_edit", args=[action.pk])).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_coordinator_only_pages(request, client, experiment, persona):
    client = as_user(request, client, persona)
    expected_get = 200 if persona == "coordinator_user" else 403
    assert client.get(reverse("mva:create")).status_code == expected_get
    assert client.get(reverse("mva:import")).status_code == expected_get
    response = client.post(
        reverse("mva:exemption_record", args=[experiment.slug]), {"reason": "Syy", "granted_on": "2023-01-01"}
    )
    assert response.status_code == (302 if persona == "coordinator_user" else 403)
    assert Exemption.objects.count() == (1 if persona == "coordinator_user" else 0)
    response = client.post(reverse("mva:template_draft"))
    assert response.status_code == (302 if persona == "coordinator_user" else 403)
    assert TemplateVersion.objects.count() == (2 if persona == "coordinator_user" else 1)


def test_direct_post_to_another_persons_assessment_is_forbidden(client, assessment, other_owner, coordinator_user):
    """other_owner is the responsible assessor of their own assessment, not of `assessment`."""
    own = services.assessment_create(by=coordinator_user, title="Oma", what_changes="x", assessor=other_owner)
    client.force_login(other_owner)
    own_area = own.areas.get(key="security")
    assert client.post(area_url(own, own_area), area_post(own_area, rating="major")).status_code == 302
    area = assessment.areas.get(key="security")
    assert client.post(area_url(assessment, area), area_post(area, rating="major")).status_code == 403
    # Nor by pointing the other assessment's URL at one's own area.
    assert client.post(area_url(assessment, own_area), area_post(own_area, rating="none")).status_code == 403
    assert client.post(area_url(own, area), area_post(area, rating="none")).status_code == 404
    area.refresh_from_db()
    assert area.rating == ""


def test_read_only_users_are_sent_from_the_workspace_to_the_read_only_view(client, assessment, viewer, owner):
    for user in (viewer, owner):
        client.force_login(user)
        response = client.get(reverse("mva:edit", args=[assessment.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("mva:detail", args=[assessment.pk])


# --- The per-area form: htmx and without JavaScript -----------------------------------------


def test_htmx_area_save_returns_only_the_fragment(client, assessment, assessor):
    area = assessment.areas.get(key="security")
    client.force_login(assessor)
    response = client.post(
        area_url(assessment, area),
        area_post(area, rating="major", description="Kirjautuminen muuttuu"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"area-{area.pk}",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith(f'<section id="area-{area.pk}"')
    assert "<html" not in page
    assert 'role="status"' in page
    area.refresh_from_db()
    assert (area.rating, area.description, area.version) == ("major", "Kirjautuminen muuttuu", 2)


def test_htmx_area_error_keeps_what_was_typed(client, assessment, assessor):
    area = assessment.areas.get(key="security")
    client.force_login(assessor)
    response = client.post(
        area_url(assessment, area),
        area_post(area, rating="catastrophic", description="Pitkä kirjoitettu kuvaus", risks="Tärkeä riski"),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx; the fragment carries the error
    assert "Pitkä kirjoitettu kuvaus" in page and "Tärkeä riski" in page
    assert 'aria-invalid="true"' in page
    assert f'aria-describedby=" id_area-{area.pk}-rating_errors"' in page  # the error is tied to the fieldset
    area.refresh_from_db()
    assert (area.rating, area.description) == ("", "")


def test_area_save_without_javascript_redirects_or_shows_the_page_with_errors(client, assessment, assessor):
    area = assessment.areas.get(key="archiving")
    client.force_login(assessor)
    response = client.post(area_url(assessment, area), area_post(area, rating="minor", risks="Säilytysaika"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mva:edit", args=[assessment.pk]) + f"?step=assessment#area-{area.pk}"
    response = client.post(area_url(assessment, area), area_post(area, rating="nope", description="Kirjoitettu"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "<html" in page and "Kirjoitettu" in page
    area.refresh_from_db()
    assert (area.rating, area.risks) == ("minor", "Säilytysaika")


def test_stale_area_save_keeps_typed_values_and_shows_the_other_version(client, assessment, assessor, coordinator_user):
    area = assessment.areas.get(key="systems")
    services.area_save(area=area, by=coordinator_user, data={"description": "Koordinaattorin teksti"})
    client.force_login(assessor)
    response = client.post(
        area_url(assessment, area), area_post(area, description="Arvioijan teksti", version="1"), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Arvioijan teksti" in page and "Koordinaattorin teksti" in page
    assert f'name="area-{area.pk}-version" value="2"' in page
    area.refresh_from_db()
    assert area.description == "Koordinaattorin teksti"


def test_workspace_is_split_by_phase(client, assessment, assessor):
    client.force_login(assessor)
    url = reverse("mva:edit", args=[assessment.pk])
    launch = client.get(url).content.decode()
    assert 'name="what_changes"' in launch and "hx-post" not in launch
    areas = client.get(url + "?step=assessment").content.decode()
    assert areas.count('hx-post="') == 12
    assert 'name="what_changes"' not in areas


def test_action_without_responsible_person_is_refused_on_the_page(client, assessment, assessor):
    assessor.language = "en"
    assessor.save()
    client.force_login(assessor)
    response = client.post(
        reverse("mva:action_add", args=[assessment.pk]), {"action-title": "Toimenpide", "action-due_date": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Name the person responsible for the action." in page
    assert "Give a due date." in page
    assert Action.objects.count() == 0


# --- Report and exports ---------------------------------------------------------------------


@pytest.fixture
def decided(assessment, assessor, steering_user, action_person):
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Päivitä tiedonohjaussuunnitelma", "responsible": action_person, "due_date": D(2023, 3, 31)},
    )
    services.workshop_add(assessment=assessment, by=assessor, held_on=D(2022, 11, 1), title="MVA-paja 1")
    return approved(assessment, assessor, steering_user)


def test_printable_report_contains_every_area_and_the_document_facts(client, decided, viewer):
    client.force_login(viewer)
    page = client.get(reverse("mva:report", args=[decided.pk])).content.decode()
    assert "Kuopion kaupunki" in page
    assert "Palautepalvelun uusi järjestelmä" in page
    assert "14.12.2022" in page  # document date = decision date
    assert "Aino Arvioija" in page and "Istekki Oy" in page
    for area in decided.areas.all():
        assert area.name_fi in page
        assert f"Kuvaus {area.key}" in page and f"Riski {area.key}" in page
    assert page.count('class="mva-doc-area"') == 12
    assert "Päivitä tiedonohjaussuunnitelma" in page and "MVA-paja 1" in page
    assert "MVA-päätöspalaveri" in page
    assert "css/mva-print.css" in page and 'media="print"' in page
    assert "style=" not in page and "<script" not in page


def test_report_shows_revision_info(client, decided, assessor, viewer):
    new = services.revision_start(assessment=decided, by=assessor, reason="Toimittaja vaihtui")
    client.force_login(viewer)
    page = client.get(reverse("mva:report", args=[new.pk])).content.decode()
    assert "Toimittaja vaihtui" in page
    old_page = client.get(reverse("mva:report", args=[decided.pk])).content.decode()
    assert "Palautepalvelun uusi järjestelmä" in old_page


def test_csv_export_neutralises_formulas(client, assessment, assessor, viewer, action_person):
    area = assessment.areas.get(key="security")
    services.area_save(
        area=area, by=assessor, data={"rating": "major", "description": '=HYPERLINK("http://x")', "risks": "+1"}
    )
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "@SUM(A1)", "responsible": action_person, "due_date": D(2023, 3, 1), "area": area},
    )
    client.force_login(viewer)
    response = client.get(reverse("mva:export_csv", args=[assessment.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["type", "area_key", "area", "impact"]
    assert len(rows) == 1 + 12 + 1
    security = next(row for row in rows if row[:2] == ["area", "security"])
    assert security[5:7] == ['\'=HYPERLINK("http://x")', "'+1"]
    action = rows[-1]
    assert (action[0], action[1], action[7], action[8], action[9]) == (
        "action",
        "security",
        "'@SUM(A1)",
        "Teemu Tekijä",
        "2023-03-01",
    )


def test_json_export_and_import_page(client, decided, coordinator_user):
    client.force_login(coordinator_user)
    response = client.get(reverse("mva:export_json", args=[decided.pk]))
    data = json.loads(response.content)
    assert data["format"] == "idkportal.mva.assessment"
    assert data["assessment"]["decision"]["outcome"] == "approved"
    upload = SimpleUploadedFile("mva.json", response.content, content_type="application/json")
    response = client.post(reverse("mva:import"), {"file": upload})
    imported = Assessment.objects.exclude(pk=decided.pk).get()
    assert response.status_code == 302 and response["Location"] == imported.get_absolute_url()
    assert (imported.title, imported.outcome, imported.areas.count()) == (decided.title, "approved", 12)


def test_import_page_refuses_bad_json(client, coordinator_user):
    client.force_login(coordinator_user)
    upload = SimpleUploadedFile("mva.json", b"{not json", content_type="application/json")
    response = client.post(reverse("mva:import"), {"file": upload})
    assert response.status_code == 400
    assert Assessment.objects.count() == 0


# --- List: filters and query budget ---------------------------------------------------------


def test_list_filters(client, viewer, assessment, decided_other, assessor, action_person):
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Myöhässä", "responsible": action_person, "due_date": D(2023, 1, 1)},
    )
    client.force_login(viewer)
    url = reverse("mva:list")

    def titles(**params):
        page = client.get(url, params).content.decode()
        return {t for t in ("Palautepalvelun uusi järjestelmä", "Toinen arviointi") if t in page}

    assert titles() == {"Palautepalvelun uusi järjestelmä", "Toinen arviointi"}
    assert titles(outcome="approved") == {"Toinen arviointi"}
    assert titles(outcome="awaiting") == {"Palautepalvelun uusi järjestelmä"}
    assert titles(phase="launch") == {"Palautepalvelun uusi järjestelmä"}
    assert titles(overdue="true") == {"Palautepalvelun uusi järjestelmä"}
    assert titles(experiment=decided_other.experiment.pk) == {"Toinen arviointi"}


@pytest.fixture
def decided_other(assessor, coordinator_user, steering_user):
    other = services.assessment_create(
        by=coordinator_user,
        experiment=ExperimentFactory(slug="toinen"),
        title="Toinen arviointi",
        what_changes="x",
        assessor=assessor,
    )
    return approved(other, assessor, steering_user)


def test_list_shows_exemptions(client, viewer, experiment, coordinator_user):
    services.exemption_record(
        experiment=experiment,
        by=coordinator_user,
        reason="Luovutettu 2021 ennen menettelyä",
        granted_on=D(2022, 12, 15),
    )
    client.force_login(viewer)
    page = client.get(reverse("mva:list")).content.decode()
    assert "Luovutettu 2021 ennen menettelyä" in page and "15.12.2022" in page
    page = client.get(reverse("mva:experiment", args=[experiment.slug])).content.decode()
    assert "Luovutettu 2021 ennen menettelyä" in page


def make_assessments(count, assessor, coordinator_user):
    experiments = [ExperimentFactory() for _ in range(3)]
    for number in range(count):
        services.assessment_create(
            by=coordinator_user,
            experiment=experiments[number % 3] if number % 4 else None,
            title=f"Arviointi {number}",
            what_changes="x",
            assessor=assessor,
        )


def test_list_query_count_does_not_grow_with_rows(
    client, viewer, assessor, coordinator_user, django_assert_num_queries
):
    make_assessments(10, assessor, coordinator_user)
    client.force_login(viewer)
    url = reverse("mva:list")
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= 10  # hand-written budget
    make_assessments(190, assessor, coordinator_user)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Arviointi ") >= 50  # a full page of rows
