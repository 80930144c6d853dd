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


# Actions on an experiment. Keys are the `action` argument of get_experiment_for_user.
EXPERIMENT_RULES = {
    "view": is_staff_member,
    "post_status": is_staff_member & (is_coordinator | is_experiment_owner | is_receiving_owner),
    "change_phase": is_staff_member & is_coordinator,
    "edit": is_staff_member & is_coordinator,
}

PORTFOLIO_RULES = {
    "view": is_staff_member,
    "manage": is_staff_member & is_coordinator,
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


def require(user, action: str, experiment=None) -> None:
    if not can(user, action, experiment):
        raise PermissionDenied


def get_experiment_for_user(user, slug: str, action: str = "view", queryset=None):
    """The experiment with this slug if the user may do `action` on it; 404 if missing, 403 if not allowed."""
    from experiments.models import Experiment

    experiment = get_object_or_404(queryset if queryset is not None else Experiment.objects.all(), slug=slug)
    require(user, action, experiment)
    return experiment
