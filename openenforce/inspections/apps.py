from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "openenforce.inspections"
    label = "inspections"
    verbose_name = _("Double random inspections")

    def ready(self) -> None:
        # Its section of the case page (cases.registry; the page order is by ``order``).
        from openenforce.cases import registry
        from openenforce.inspections.panels import case_panel

        registry.register_panel("inspections", case_panel, order=60)

        # A draw may run only after its announcement is in a witnessed checkpoint
        # (docs/draws.md §1): keep the first cosigned checkpoint covering one.
        from openenforce.ledger import witnessing

        witnessing.witness_promptly("inspections.plan.announced")

        # What the draw's seed waits for: the bureau's commitment and reveal, the draw.
        from openenforce.core import todo
        from openenforce.inspections.todo import seed_tasks

        todo.register("inspections", seed_tasks)
