from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OnsiteConfig(AppConfig):
    """On-site work sent from the field app (docs/field.md)."""

    name = "openenforce.onsite"
    label = "onsite"
    verbose_name = _("On-site enforcement")

    def ready(self) -> None:
        from openenforce.cases import registry
        from openenforce.ledger import labels
        from openenforce.onsite.panels import case_panel

        registry.register_panel("onsite", case_panel, order=62)

        # The record's events in words (the timeline, the transparency pages).
        for event_type, label in (
            ("onsite.submission.received", pgettext_lazy("record event", "On-site item received")),
            (
                "onsite.submission.filed",
                pgettext_lazy("record event", "On-the-spot decision filed"),
            ),
            (
                "onsite.submission.resolved",
                pgettext_lazy("record event", "On-site conflict resolved"),
            ),
            ("onsite.signature.signed", pgettext_lazy("record event", "Party signed on site")),
            ("onsite.signature.refused", pgettext_lazy("record event", "Party refused to sign")),
        ):
            labels.register_label(event_type, label)
