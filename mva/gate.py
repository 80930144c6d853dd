"""The MVA gate: an experiment may become permanent only with an approved current assessment or an
active exemption. Registered as the readiness item "MVA approved" (MvaConfig.ready), so the
consolidation guard refuses `make_permanent` while it is missing."""

from __future__ import annotations

import datetime

from .models import Assessment, Exemption


def mva_gate_passed(experiment, today: datetime.date | None = None) -> bool:
    if experiment.pk is None:
        return False
    return (
        Assessment.objects.current().approved().filter(experiment=experiment).exists()
        or Exemption.objects.active().filter(experiment=experiment).exists()
    )


def gate_state(experiment) -> dict:
    """What the experiment's MVA section shows: approved assessment, active exemption, or missing."""
    approved = (
        Assessment.objects.current().approved().filter(experiment=experiment).order_by("-decided_on", "-id").first()
    )
    exemption = Exemption.objects.active().filter(experiment=experiment).select_related("granted_by").first()
    return {"passed": bool(approved or exemption), "approved": approved, "exemption": exemption}
