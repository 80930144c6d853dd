"""PDFs: the meeting pack and the MVA report, rendered by WeasyPrint from the same templates and print
stylesheets as the pages. Tests that render a PDF take the `weasyprint` fixture, so they skip with the
reason when WeasyPrint's system libraries (Pango, HarfBuzz) are missing outside CI, and fail in CI."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from consolidation.models import Meeting
from experiments.lifecycle import Phase
from mva import services as mva_services
from reports.pdf import static_file_path

from .factories import ExperimentFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=datetime.UTC)


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def meeting(owner):
    ExperimentFactory(name_fi="Palautepalvelu", owner=owner, phase=Phase.PILOT)
    ExperimentFactory(name_fi="Kirjaston chatbot", owner=None, phase=Phase.PILOT)
    return Meeting.objects.create(date=datetime.date(2023, 3, 1))


@time_machine.travel(NOW, tick=False)
def test_meeting_pack_pdf_has_the_date_and_the_unowned_experiments(weasyprint, client_for, viewer, meeting):
    response = client_for(viewer).get(reverse("reports:meeting_pdf", args=[meeting.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="meeting-pack-2023-03-01.pdf"'
    text = pdf_text(response)
    assert "1.3.2023" in text  # the pack's date, in the Finnish user's format
    assert "Kirjaston chatbot" in text
    assert "Ei omistajaa (1)" in text
    # Print view: no navigation, no language switch, no download links.
    assert "Kirjaudu ulos" not in text
    assert "Lataa PDF" not in text and "Download PDF" not in text


@time_machine.travel(NOW, tick=False)
def test_meeting_pack_pdf_in_english(weasyprint, client_for, meeting):
    text = pdf_text(client_for(UserFactory(language="en")).get(reverse("reports:meeting_pdf", args=[meeting.pk])))
    assert "Meeting pack" in text
    assert "No owner (1)" in text


def test_meeting_pack_links_to_its_pdf(client_for, viewer, meeting):
    page = client_for(viewer).get(meeting.get_absolute_url()).content.decode()
    assert f'href="{reverse("reports:meeting_pdf", args=[meeting.pk])}" download' in page


def test_missing_meeting_is_404(client_for, viewer):
    assert client_for(viewer).get(reverse("reports:meeting_pdf", args=[999])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_mva_report_pdf(weasyprint, client_for, viewer, coordinator_user, owner):
    assessment = mva_services.assessment_create(
        by=coordinator_user, title="Asiakaspalautteen uusi kanava", what_changes="Palautekanava", assessor=owner
    )
    response = client_for(viewer).get(reverse("reports:mva_pdf", args=[assessment.pk]))
    assert response["Content-Disposition"].startswith(f'attachment; filename="mva-{assessment.pk}-r1-')
    text = pdf_text(response)
    assert "Asiakaspalautteen uusi kanava" in text
    assert "Kuopion kaupunki" in text


def test_missing_assessment_is_404(client_for, viewer):
    assert client_for(viewer).get(reverse("reports:mva_pdf", args=[999])).status_code == 404


def test_only_static_files_are_fetched_while_rendering():
    assert static_file_path("http://testserver/static/css/print.css").name == "print.css"
    assert static_file_path("/static/css/app.css").name == "app.css"
    assert static_file_path("http://testserver/static/../idkportal/settings.py") is None
    assert static_file_path("http://testserver/media/secret.pdf") is None
    assert static_file_path("file:///etc/passwd") is None


@pytest.mark.parametrize(
    "name, args",
    [
        ("reports:dashboard", []),
        ("reports:indicators", []),
        ("reports:portfolio_csv", []),
        ("reports:portfolio_xlsx", []),
        ("reports:meeting_pdf", [1]),
        ("reports:mva_pdf", [1]),
    ],
)
def test_anonymous_users_are_sent_to_login_from_every_reports_url(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
