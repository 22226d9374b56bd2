from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "openenforce.casefiles"
    label = "casefiles"
    verbose_name = _("Case files")

    def ready(self) -> None:
        # Its section of the case page (cases.registry; the page order is by ``order``).
        from openenforce.casefiles.panels import case_panel
        from openenforce.cases import registry

        registry.register_panel("casefiles", case_panel, order=70)
        from openenforce.casefiles.package import verify_package
        from openenforce.ledger.packages import register_package_verifier

        register_package_verifier(verify_package)  # ``openenforce ledger verify --package``
