"""The one permission policy: "may this user do this action on this object?"

Portfolio-wide roles are groups (accounts.roles); relations to one object (owner, receiving owner,
benefit owner, responsible person) are predicates here. Views call one access helper per object type
as their first line (`get_experiment_for_user`), never their own checks.
The README's permission matrix is checked against this module by tests/test_permission_matrix.py.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from . import roles


@rules.predicate
def is_coordinator(user) -> bool:
    return roles.is_coordinator(user)


@rules.predicate
def is_steering_member(user) -> bool:
    return roles.is_steering_member(user)


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


@rules.predicate
def is_experiment_owner(user, experiment) -> bool:
    return experiment is not None and experiment.owner_id is not None and experiment.owner_id == user.pk


@rules.predicate
def is_receiving_owner(user, experiment) -> bool:
    return (
        experiment is not None
        and experiment.receiving_owner_id is not None
        and experiment.receiving_owner_id == user.pk
    )


@rules.predicate
def is_milestone_responsible(user, milestone) -> bool:
    return milestone is not None and milestone.responsible_id is not None and milestone.responsible_id == user.pk


@rules.predicate
def is_handover_recipient(user, handover) -> bool:
    return handover is not None and handover.to_user_id == user.pk


_runs_it = is_coordinator | is_experiment_owner | is_receiving_owner

# Actions on an experiment. Keys are the `action` argument of get_experiment_for_user.
EXPERIMENT_RULES = {
    "view": is_staff_member,
    "post_status": is_staff_member & _runs_it,
    "change_phase": is_staff_member & is_coordinator,
    "edit": is_staff_member & is_coordinator,
    "edit_plan": is_staff_member & _runs_it,
    "manage_milestones": is_staff_member & _runs_it,
    "propose_handover": is_staff_member & (is_coordinator | is_experiment_owner),
    "decide": is_staff_member & (is_coordinator | is_steering_member),
}

# Actions on the portfolio as a whole (no object).
PORTFOLIO_RULES = {
    "view": is_staff_member,
    "manage": is_staff_member & is_coordinator,
    "decide": is_staff_member & (is_coordinator | is_steering_member),
    "manage_meetings": is_staff_member & (is_coordinator | is_steering_member),
}

# Actions on a milestone; the experiment's rules apply through milestone.experiment.
MILESTONE_RULES = {
    "view": is_staff_member,
    "edit": is_staff_member & rules.predicate(lambda user, m: _runs_it.test(user, m.experiment)),
    "mark_done": is_staff_member
    & (is_milestone_responsible | rules.predicate(lambda user, m: _runs_it.test(user, m.experiment))),
}

HANDOVER_RULES = {
    "view": is_staff_member,
    "answer": is_staff_member & is_handover_recipient,
    "withdraw": is_staff_member
    & rules.predicate(lambda user, h: is_coordinator.test(user) or is_experiment_owner.test(user, h.experiment)),
}

MEETING_RULES = {
    "view": is_staff_member,
    "edit": is_staff_member & (is_coordinator | is_steering_member),
}

for _action, _predicate in EXPERIMENT_RULES.items():
    rules.add_perm(f"experiments.{_action}_experiment", _predicate)


def can(user, action: str, experiment=None) -> bool:
    """True when the user may do `action` on the experiment (used by templates and helpers)."""
    predicate = EXPERIMENT_RULES.get(action)
    if predicate is None:
        raise KeyError(f"Unknown experiment action {action!r}")
    return bool(predicate.test(user, experiment))


def can_portfolio(user, action: str) -> bool:
    return bool(PORTFOLIO_RULES[action].test(user))


def require_portfolio(user, action: str) -> None:
    if not can_portfolio(user, action):
        raise PermissionDenied


def can_on(rules_table: dict, user, action: str, obj) -> bool:
    predicate = rules_table.get(action)
    if predicate is None:
        raise KeyError(f"Unknown action {action!r}")
    return bool(predicate.test(user, obj))


def _get_for_user(rules_table: dict, queryset, user, action: str, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    if not can_on(rules_table, user, action, obj):
        raise PermissionDenied
    return obj


def get_milestone_for_user(user, pk: int, action: str = "view"):
    from consolidation.models import Milestone

    return _get_for_user(MILESTONE_RULES, Milestone.objects.select_related("experiment"), user, action, pk=pk)


def get_handover_for_user(user, pk: int, action: str = "view"):
    from consolidation.models import Handover

    return _get_for_user(HANDOVER_RULES, Handover.objects.select_related("experiment", "to_user"), user, action, pk=pk)


def get_meeting_for_user(user, pk: int, action: str = "view"):
    from consolidation.models import Meeting

    return _get_for_user(MEETING_RULES, Meeting.objects.all(), user, action, pk=pk)


def require(user, action: str, experiment=None) -> None:
    if not can(user, action, experiment):
        raise PermissionDenied


def get_experiment_for_user(user, slug: str, action: str = "view", queryset=None):
    """The experiment with this slug if the user may do `action` on it; 404 if missing, 403 if not allowed."""
    from experiments.models import Experiment

    experiment = get_object_or_404(queryset if queryset is not None else Experiment.objects.all(), slug=slug)
    require(user, action, experiment)
    return experiment


# =============================================================================================
# MVA (change impact assessment) — owned by the mva app. Appended section; keep it at the end.
# Coordinators: everything (incl. template editing, exemptions, import). Responsible assessor: edit
# their assessment (areas, workshops, actions). Steering group: record the decision + read.
# Experiment owner and everyone else: read. An action's responsible person may mark it done.
# =============================================================================================


@rules.predicate
def is_mva_assessor(user, assessment) -> bool:
    return assessment is not None and assessment.assessor_id == user.pk


@rules.predicate
def is_mva_action_responsible(user, action) -> bool:
    return action is not None and action.responsible_id == user.pk


_runs_assessment = is_coordinator | is_mva_assessor

ASSESSMENT_RULES = {
    "view": is_staff_member,
    "export": is_staff_member,
    "edit": is_staff_member & _runs_assessment,
    "manage_actions": is_staff_member & _runs_assessment,
    "revise": is_staff_member & _runs_assessment,
    "decide": is_staff_member & (is_coordinator | is_steering_member),
}

MVA_ACTION_RULES = {
    "view": is_staff_member,
    "edit": is_staff_member & rules.predicate(lambda user, a: _runs_assessment.test(user, a.assessment)),
    "mark_done": is_staff_member
    & (is_mva_action_responsible | rules.predicate(lambda user, a: _runs_assessment.test(user, a.assessment))),
}

PORTFOLIO_RULES.update(
    {
        "create_mva": is_staff_member & is_coordinator,
        "import_mva": is_staff_member & is_coordinator,
        "manage_mva_template": is_staff_member & is_coordinator,
        "manage_mva_exemptions": is_staff_member & is_coordinator,
    }
)


def can_assessment(user, action: str, assessment) -> bool:
    return can_on(ASSESSMENT_RULES, user, action, assessment)


def get_assessment_for_user(user, pk: int, action: str = "view", queryset=None):
    """The assessment if the user may do `action` on it; 404 if missing, 403 if not allowed."""
    from mva.models import Assessment

    queryset = queryset if queryset is not None else Assessment.objects.select_related("experiment", "assessor")
    return _get_for_user(ASSESSMENT_RULES, queryset, user, action, pk=pk)


def get_mva_action_for_user(user, pk: int, action: str = "view"):
    from mva.models import Action

    return _get_for_user(
        MVA_ACTION_RULES, Action.objects.select_related("assessment", "responsible"), user, action, pk=pk
    )


# =============================================================================================
# Reminders — owned by the reminders app. Appended section; keep it at the end.
# The reminder log (who was reminded of what, delivered, answered, escalated) and bouncing addresses:
# coordinators only. An experiment's own reminder history is also shown to its owner
# (reminders.templatetags.reminders). One-click e-mail links need no login: a signed token per reminder.
# =============================================================================================

PORTFOLIO_RULES.update(
    {
        "view_reminders": is_staff_member & is_coordinator,
    }
)


# =============================================================================================
# Reports — owned by the reports app. Appended section; keep it at the end.
# The dashboard, portfolio exports and PDFs are readable by all staff ("view" above, and the meeting and
# assessment helpers for their PDFs). Programme indicators (target vs actual): coordinators edit them.
# =============================================================================================

PORTFOLIO_RULES.update(
    {
        "edit_indicators": is_staff_member & is_coordinator,
    }
)
