from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVENT_LABELS = {
    "alerts.warning.raised": pgettext_lazy("record event", "Warning raised"),
    "alerts.warning.acknowledged": pgettext_lazy("record event", "Warning acknowledged"),
    "alerts.warning.resolved": pgettext_lazy("record event", "Warning resolved"),
    "alerts.rule.changed": pgettext_lazy("record event", "Warning rule changed"),
}


class AlertsConfig(AppConfig):
    """Warning rules and the warnings they raise."""

    name = "openenforce.alerts"
    label = "alerts"
    verbose_name = _("Warnings")

    def ready(self) -> None:
        from openenforce.alerts.services import daily_step
        from openenforce.alerts.todo import warning_tasks
        from openenforce.core import daily, todo
        from openenforce.ledger import labels

        daily.register("alerts", daily_step)
        for event_type, label in EVENT_LABELS.items():
            labels.register_label(event_type, label)
        todo.register("alerts", warning_tasks)
