from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "openenforce.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Open deadlines follow the working-day calendar when it changes.
        from openenforce.calendar.signals import calendar_changed
        from openenforce.cases.services import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="cases.deadlines")
