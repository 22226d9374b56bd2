from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openenforce.workbench"
    verbose_name = "Workbench"

    def ready(self) -> None:
        # Every hand-off (core.todo.hand_off) becomes a notice to the people it waits for.
        from openenforce.core.todo import handed_off
        from openenforce.workbench.services import on_handed_off

        handed_off.connect(on_handed_off, dispatch_uid="workbench.handoff")
