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
