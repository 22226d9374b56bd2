from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RemediesConfig(AppConfig):
    """Reconsideration and litigation against a case's decision, and their outcomes."""

    name = "openenforce.remedies"
    label = "remedies"
    verbose_name = _("Remedies")

    def ready(self) -> None:
        from openenforce.cases import registry
        from openenforce.ledger import labels
        from openenforce.remedies.panels import case_panel

        # After the documents, deliveries and disclosure sections; before the case file.
        registry.register_panel("remedies", case_panel, order=65)
        labels.register_label(
            "remedies.remedy.registered",
            pgettext_lazy("record event", "Reconsideration or litigation registered"),
        )
        labels.register_label(
            "remedies.remedy.decided",
            pgettext_lazy("record event", "Reconsideration or litigation outcome recorded"),
        )
