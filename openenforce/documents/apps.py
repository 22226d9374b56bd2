from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "openenforce.documents"
    label = "documents"
    verbose_name = _("Enforcement documents")

    def ready(self) -> None:
        # Its section of the case page (cases.registry; the page order is by ``order``).
        from openenforce.cases import registry
        from openenforce.documents import checks  # noqa: F401  (registers the system check)
        from openenforce.documents.panels import case_panel

        registry.register_panel("documents", case_panel, order=10)
