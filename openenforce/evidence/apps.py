from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "openenforce.evidence"
    label = "evidence"
    verbose_name = _("Evidence and file storage")

    def ready(self) -> None:
        # Its section of the case page (cases.registry; the page order is by ``order``).
        from openenforce.cases import registry
        from openenforce.evidence.panels import case_panel

        registry.register_panel("evidence", case_panel, order=30)
