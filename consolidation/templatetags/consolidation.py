"""The consolidation panel on the experiment page, as an inclusion tag so experiments/ does not
depend on this app."""

from django import template
from django.utils import timezone

from accounts import policy

from .. import readiness
from ..forms import HandoverProposeForm
from ..models import Handover
from ..services import plan_get_or_new

register = template.Library()


@register.inclusion_tag("consolidation/experiment_panel.html", takes_context=True)
def consolidation_panel(context, experiment):
    user = context["request"].user
    today = timezone.localdate()
    plan = plan_get_or_new(experiment)
    handovers = list(experiment.handovers.select_related("to_user", "proposed_by"))
    open_handover = next((h for h in handovers if h.status == Handover.Status.PROPOSED), None)
    return {
        "request": context["request"],
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "experiment": experiment,
        "today": today,
        "checklist": readiness.stored_results(experiment, today),
        "plan": plan if plan.pk else None,
        "milestones": list(experiment.milestones.select_related("responsible")),
        "handovers": handovers,
        "open_handover": open_handover,
        "decisions": list(experiment.decisions.select_related("recorded_by", "meeting", "revokes")),
        "can_edit_plan": policy.can(user, "edit_plan", experiment),
        "can_manage_milestones": policy.can(user, "manage_milestones", experiment),
        "can_propose_handover": policy.can(user, "propose_handover", experiment) and open_handover is None,
        "can_answer_handover": open_handover is not None
        and policy.can_on(policy.HANDOVER_RULES, user, "answer", open_handover),
        "can_withdraw_handover": open_handover is not None
        and policy.can_on(policy.HANDOVER_RULES, user, "withdraw", open_handover),
        "can_decide": policy.can(user, "decide", experiment),
        "handover_form": HandoverProposeForm(),
    }


@register.filter
def readiness_label(key):
    return readiness.label_for(key)
