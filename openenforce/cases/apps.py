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
        from openenforce.cases.todo import case_tasks
        from openenforce.core import todo

        calendar_changed.connect(on_calendar_changed, dispatch_uid="cases.deadlines")
        # The next step of each case waiting for the user, on their to-do list.
        todo.register("cases", case_tasks)
        # The case's record events in words (the timeline, the record pages).
        from openenforce.cases.labels import PART_LABELS, case_event_label
        from openenforce.ledger import labels

        labels.register_labeller("cases.case", case_event_label)
        for event_type, label in PART_LABELS.items():
            labels.register_label(event_type, label)
