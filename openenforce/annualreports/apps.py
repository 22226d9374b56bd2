from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    """The annual enforcement data report of each agency."""

    name = "openenforce.annualreports"
    label = "annualreports"
    verbose_name = _("Annual enforcement data reports")

    def ready(self) -> None:
        from openenforce.annualreports.todo import report_tasks
        from openenforce.core import todo

        todo.register("annualreports", report_tasks)
