"""{% load reminders %}{% reminder_history experiment %}: an experiment's reminder history, for those who may see it."""

from django import template

from accounts import policy

from .. import selectors

register = template.Library()


@register.inclusion_tag("reminders/experiment_history.html", takes_context=True)
def reminder_history(context, experiment):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    allowed = user is not None and (
        policy.can_portfolio(user, "view_reminders") or policy.is_experiment_owner.test(user, experiment)
    )
    return {
        "experiment": experiment,
        "show_reminders": allowed,
        "reminders": selectors.history_for_experiment(experiment) if allowed else [],
    }
