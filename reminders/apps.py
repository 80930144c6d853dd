from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from . import builtin_rules, rules

        for rule in builtin_rules.BUILTIN_RULES:
            if rules.get(rule.key) is None:
                rules.register(rule)
