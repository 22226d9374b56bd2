from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "openenforce.evidence"
    label = "evidence"
    verbose_name = _("Evidence and file storage")

    def ready(self) -> None:
        # Its section of the case page and the case's evidence (cases.registry).
        from openenforce.evidence import extensions

        extensions.register()
