from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Warning rules and the warnings they raise."""

    name = "openenforce.alerts"
    label = "alerts"
    verbose_name = _("Warnings")

    def ready(self) -> None:
        from openenforce.alerts.services import daily_step
        from openenforce.alerts.todo import warning_tasks
        from openenforce.core import daily, todo

        daily.register("alerts", daily_step)
        todo.register("alerts", warning_tasks)
