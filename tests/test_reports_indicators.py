"""Programme indicators: seeded from the evaluation, shown as target vs actual, edited by coordinators."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from reports.models import ProgrammeIndicator

from .factories import UserFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
EDIT = reverse("reports:indicators")


def indicator(key):
    return ProgrammeIndicator.objects.get(key=key)


def test_the_evaluation_figures_are_seeded():
    assert [(i.key, i.target, i.actual, i.targeted) for i in ProgrammeIndicator.objects.all()] == [
        ("participants", 350, 721, True),
        ("experiments", 5, 14, True),
        ("training_days", None, None, True),  # the report gives neither figure
        ("organisations", None, 66, False),  # none were planned
    ]


def test_indicators_read_as_target_vs_actual_in_english():
    with translation.override("en"):
        assert indicator("participants").display() == "721 / 350 (206 %)"
        assert indicator("experiments").display() == "14 / 5 (280 %)"
        assert indicator("organisations").display() == "66 – not targeted"
        assert indicator("training_days").display() == "no data"
        assert indicator("organisations").name == "Companies and other organisations involved"


def test_percentage_rounds_half_up_and_needs_a_target():
    assert ProgrammeIndicator(target=8, actual=1).percent == 13  # 12.5 %
    assert ProgrammeIndicator(target=None, actual=1).percent is None
    assert ProgrammeIndicator(targeted=False, target=None, actual=66).percent is None
    with translation.override("en"):
        assert ProgrammeIndicator(target=None, actual=12).display() == "12 / target not recorded"


def test_dashboard_shows_the_indicators_to_an_english_user(client_for):
    page = client_for(UserFactory(language="en")).get(DASHBOARD).content.decode()
    assert "721 / 350 (206 %)" in page
    assert "66 – not targeted" in page
    training_row = re.search(r"<tr>\s*<th scope=\"row\">Training days.*?</tr>", page, re.S).group(0)
    assert "no data" in training_row
    assert "not recorded" in training_row  # the target exists but the report gives no figure


def test_only_coordinators_see_the_edit_link(client_for, coordinator_user, viewer):
    assert EDIT in client_for(coordinator_user).get(DASHBOARD).content.decode()
    assert EDIT not in client_for(viewer).get(DASHBOARD).content.decode()


def test_coordinator_edits_the_indicators(client_for, coordinator_user):
    client = client_for(coordinator_user)
    page = client.get(EDIT)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {"form-TOTAL_FORMS": "4", "form-INITIAL_FORMS": "4", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for index, form in enumerate(formset.forms):
        item = form.instance
        data[f"form-{index}-id"] = str(item.pk)
        if item.targeted:
            data[f"form-{index}-targeted"] = "on"
        data[f"form-{index}-target"] = "" if item.target is None else str(item.target)
        data[f"form-{index}-actual"] = "" if item.actual is None else str(item.actual)
        if item.key == "training_days":
            data[f"form-{index}-target"] = "40"
            data[f"form-{index}-actual"] = "15"

    response = client.post(EDIT, data)

    assert response.status_code == 302
    training = indicator("training_days")
    assert (training.target, training.actual, training.percent) == (40, 15, 38)
    assert indicator("participants").actual == 721


def test_a_target_for_an_untargeted_indicator_is_refused(client_for, coordinator_user):
    organisations = indicator("organisations")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(organisations.pk),
        "form-0-target": "10",
        "form-0-actual": "66",
    }
    response = client_for(coordinator_user).post(EDIT, data)
    assert response.status_code == 400
    assert indicator("organisations").target is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_viewer_and_steering_member_may_not_edit_indicators(client_for, viewer, steering_user, method):
    for user in (viewer, steering_user):
        assert getattr(client_for(user), method)(EDIT).status_code == 403
