"""The portfolio-wide roles, as Django groups. Relations to single objects (owner etc.) are not roles."""

from django.utils.translation import gettext_lazy as _

COORDINATORS = "coordinators"
STEERING_GROUP = "steering_group"

ROLE_GROUPS = {
    COORDINATORS: _("Coordinator"),
    STEERING_GROUP: _("Steering-group member"),
}


def role_names(user) -> frozenset[str]:
    """The user's group names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_idk_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._idk_role_names = cached
    return cached


def is_coordinator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or COORDINATORS in role_names(user)


def is_steering_member(user) -> bool:
    return STEERING_GROUP in role_names(user)
