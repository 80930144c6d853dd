from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class MvaConfig(AppConfig):
    name = "mva"
    verbose_name = _("Change impact assessment (MVA)")

    def ready(self) -> None:
        from consolidation import readiness

        from . import gate

        # The gate: 'MVA approved' on the readiness checklist, which consolidation's guard requires
        # before an experiment can be made permanent.
        readiness.register("mva", _("MVA approved"), order=45)(gate.mva_gate_passed)

        if apps.is_installed("reminders"):
            from reminders import rules

            from .reminder_rules import OverdueMvaAction

            rules.register(OverdueMvaAction())
