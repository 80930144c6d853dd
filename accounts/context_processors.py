"""Template context: the user's portfolio-wide roles, for showing or hiding navigation."""

from . import roles as role_checks


def roles(request):
    user = getattr(request, "user", None)
    return {
        "is_coordinator": role_checks.is_coordinator(user) if user else False,
        "is_steering_member": role_checks.is_steering_member(user) if user else False,
    }
