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
