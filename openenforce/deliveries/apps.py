from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    name = "openenforce.deliveries"
    label = "deliveries"
    verbose_name = _("Service of documents")

    def ready(self) -> None:
        # Its section of the case page (cases.registry; the page order is by ``order``).
        from openenforce.cases import registry
        from openenforce.deliveries.panels import case_panel

        registry.register_panel("deliveries", case_panel, order=20)
        from django.utils.translation import pgettext_lazy

        from openenforce.ledger import labels

        labels.register_label(
            "deliveries.electronicconsent.given",
            pgettext_lazy("record event", "Consent to electronic service recorded"),
        )
