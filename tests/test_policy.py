"""The permission policy module, action by action and persona by persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import policy

pytestmark = pytest.mark.django_db

# Hand-written matrix: persona -> actions allowed on the `experiment` fixture (owned by `owner`).
EXPECTED = {
    "owner": {"view", "post_status"},
    "other_owner": {"view"},
    "coordinator_user": {"view", "post_status", "change_phase", "edit"},
    "steering_user": {"view"},
    "viewer": {"view"},
}


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("action", ["view", "post_status", "change_phase", "edit"])
def test_experiment_actions(request, experiment, persona, action):
    user = request.getfixturevalue(persona)
    assert policy.can(user, action, experiment) is (action in EXPECTED[persona])


def test_anonymous_may_do_nothing(experiment):
    for action in policy.EXPERIMENT_RULES:
        assert not policy.can(AnonymousUser(), action, experiment)


def test_deactivated_owner_loses_rights(experiment, owner):
    owner.is_active = False
    owner.save()
    assert not policy.can(owner, "post_status", experiment)


def test_access_helper_raises_403_and_404(viewer, experiment):
    assert policy.get_experiment_for_user(viewer, experiment.slug, "view") == experiment
    with pytest.raises(PermissionDenied):
        policy.get_experiment_for_user(viewer, experiment.slug, "post_status")
    with pytest.raises(Http404):
        policy.get_experiment_for_user(viewer, "no-such-slug", "view")


def test_unknown_action_is_a_programming_error(viewer, experiment):
    with pytest.raises(KeyError):
        policy.can(viewer, "fly", experiment)
