"""Lifecycle guards added by consolidation: permanent and stopped only by a steering-group decision,
and permanent only when the readiness checklist is complete."""

from django.utils.translation import gettext as _

from experiments.lifecycle import Phase

from . import readiness


def decisions_only(experiment, to_phase, context) -> list[str]:
    if to_phase in (Phase.PERMANENT, Phase.STOPPED) and not context.get("decision"):
        return [_("Only a steering-group decision can make an experiment permanent or stop it.")]
    return []


def readiness_complete(experiment, to_phase, context) -> list[str]:
    if to_phase != Phase.PERMANENT:
        return []
    missing = readiness.missing(experiment)
    if not missing:
        return []
    return [
        _("The experiment is not ready to be made permanent. Missing: %(items)s.")
        % {"items": ", ".join(str(item.label) for item in missing)}
    ]
