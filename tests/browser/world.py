"""The demo portfolio plus the few things the demo lacks (a handover waiting for an answer, reminders with
one-click links), and the URL of every page type the browser tests visit."""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

# Demo users (experiments/demo_data.py).
COORDINATOR = "koordinaattori"
STEERING = "ohjausryhma"
OWNER = "omistaja1"  # Sari Kinnunen: owns palautepalvelu and tilavaraus
RECEIVER = "omistaja2"  # Juha Savolainen: asked to take tilavaraus on
VIEWER = "katselija"

OWNED_SLUG = "palautepalvelu"
HANDOVER_SLUG = "tilavaraus"
MVA_SLUG = "muutosvaikutusten-arviointi"
# The MVA workspace is one page per phase (mva.models.Assessment.Phase).
MVA_STEPS = ("launch", "background", "assessment", "risks", "decision", "model_update", "follow_up")


@dataclass(frozen=True)
class PageVisit:
    name: str
    persona: str | None  # demo username, None for an anonymous visitor
    path: str
    submit_empty: bool = False  # click the form's submit button to show the validation errors
    status: int = 200


# Data migrations whose rows a transactional test's flush removes (both seeds are idempotent).
SEED_MIGRATIONS = ("mva.migrations.0002_default_template", "reports.migrations.0002_seed_indicators")


def restore_seed_data() -> None:
    """Put back what the data migrations wrote: the published MVA template and the programme indicators.

    pytest-django's serialized_rollback would do this, but the serialized copy hangs on the connection object of
    the context that created the test database, which is not the one a test sees once Playwright's event loop
    runs in the thread (it depends on which test set the database up), so it is done explicitly here."""
    for module in SEED_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)


def build_world(language: str = "fi") -> dict:
    """Load the demo (all users speak `language`) and add a pending handover and reminders. Returns the objects."""
    from consolidation import services as consolidation
    from consolidation.models import Handover, Meeting, Milestone
    from experiments.models import Experiment
    from mva.models import Assessment, TemplateVersion
    from reminders import services as reminders
    from reminders.models import Reminder

    restore_seed_data()
    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    User.objects.update(language=language)
    users = {u.username: u for u in User.objects.filter(username__in=[COORDINATOR, STEERING, OWNER, RECEIVER, VIEWER])}

    handover_experiment = Experiment.objects.get(slug=HANDOVER_SLUG)
    Experiment.objects.filter(pk=handover_experiment.pk).update(receiving_owner=users[RECEIVER])
    handover_experiment.refresh_from_db()
    handover = consolidation.handover_propose(experiment=handover_experiment, by=users[OWNER], message="Ota vastaan.")

    reminders.sweep(force=True)
    reminder = next(r for r in Reminder.objects.order_by("pk") if reminders.link_actions(r))

    assessment = Assessment.objects.filter(experiment__slug=MVA_SLUG).get()
    meeting = Meeting.objects.order_by("-date").first()  # the upcoming one: its pack has items to decide
    return {
        "users": users,
        "handover": Handover.objects.get(pk=handover.pk),
        "reminder": reminder,
        "link_token": reminders.link_token(reminder, reminders.link_actions(reminder)[0]),
        "assessment": assessment,
        "meeting": meeting,
        "milestone": Milestone.objects.filter(experiment__slug=OWNED_SLUG).first(),
        "template_version": TemplateVersion.objects.order_by("-number").first(),
    }


def page_visits(world: dict) -> list[PageVisit]:
    """Every page type of the portal, with the persona who would normally see it."""
    assessment = world["assessment"].pk
    workspace = reverse("mva:edit", args=[assessment])
    visits = [
        PageVisit("login", None, reverse("login")),
        PageVisit("accessibility statement (anonymous)", None, reverse("accounts:accessibility")),
        PageVisit("one-click action", None, reverse("reminders:action", args=[world["link_token"]])),
        PageVisit("404", None, "/no-such-page/", status=404),
        PageVisit("portfolio", COORDINATOR, reverse("experiments:portfolio")),
        PageVisit(
            "portfolio filtered",
            COORDINATOR,
            reverse("experiments:portfolio") + "?phase=consolidating&phase=pilot&health=at_risk&readiness=incomplete",
        ),
        PageVisit("portfolio, no results", COORDINATOR, reverse("experiments:portfolio") + "?q=zzzz-nothing"),
        PageVisit("experiment detail", OWNER, reverse("experiments:detail", args=[OWNED_SLUG])),
        PageVisit(
            "status update form with errors",
            OWNER,
            reverse("experiments:status_create", args=[OWNED_SLUG]),
            submit_empty=True,
        ),
        PageVisit("plan form", OWNER, reverse("consolidation:plan", args=[OWNED_SLUG])),
        PageVisit(
            "milestone form with errors",
            OWNER,
            reverse("consolidation:milestone_create", args=[OWNED_SLUG]),
            submit_empty=True,
        ),
        PageVisit("handover answer", RECEIVER, reverse("consolidation:handover_answer", args=[world["handover"].pk])),
        PageVisit("decision form", STEERING, reverse("consolidation:decision_create", args=[OWNED_SLUG])),
        PageVisit("meeting list", STEERING, reverse("consolidation:meetings")),
        PageVisit("meeting pack", STEERING, reverse("consolidation:meeting", args=[world["meeting"].pk])),
        PageVisit("meeting form", COORDINATOR, reverse("consolidation:meeting_create")),
        PageVisit("my work", OWNER, reverse("consolidation:my_work")),
        PageVisit("MVA list", COORDINATOR, reverse("mva:list")),
        PageVisit("MVA detail", COORDINATOR, reverse("mva:detail", args=[assessment])),
        *(PageVisit(f"MVA workspace, step {step}", COORDINATOR, f"{workspace}?step={step}") for step in MVA_STEPS),
        PageVisit("MVA create form", COORDINATOR, reverse("mva:create")),
        PageVisit("MVA report", COORDINATOR, reverse("mva:report", args=[assessment])),
        PageVisit("experiment MVA page", COORDINATOR, reverse("mva:experiment", args=[MVA_SLUG])),
        PageVisit("MVA template list", COORDINATOR, reverse("mva:template_list")),
        PageVisit(
            "MVA template version",
            COORDINATOR,
            reverse("mva:template_version", args=[world["template_version"].number]),
        ),
        PageVisit("reminder log", COORDINATOR, reverse("reminders:log")),
        PageVisit("settings", OWNER, reverse("accounts:settings")),
        PageVisit("password change", OWNER, reverse("accounts:password_change")),
        PageVisit("accessibility statement", OWNER, reverse("accounts:accessibility")),
        PageVisit("dashboard", STEERING, reverse("reports:dashboard")),
        PageVisit("indicators form", COORDINATOR, reverse("reports:indicators")),
        PageVisit("403", VIEWER, reverse("reminders:log"), status=403),
        PageVisit("404 (signed in)", VIEWER, "/experiments/no-such-experiment/", status=404),
    ]
    if world["milestone"] is not None:
        milestone_url = reverse("consolidation:milestone_edit", args=[world["milestone"].pk])
        visits.insert(11, PageVisit("milestone edit", OWNER, milestone_url))
    return visits
