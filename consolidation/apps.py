from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsolidationConfig(AppConfig):
    name = "consolidation"
    verbose_name = _("Consolidation")

    def ready(self) -> None:
        from experiments import derived, lifecycle

        from . import guards, readiness

        lifecycle.register_guard(guards.decisions_only)
        lifecycle.register_guard(guards.readiness_complete)
        derived.register_refresher(readiness.refresh_readiness)
