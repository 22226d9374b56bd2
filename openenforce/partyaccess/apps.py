from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartyAccessConfig(AppConfig):
    """The party's own access to their case (行政相对人): opening it with the code of a
    served document and their identity, and their statements, defence and hearing
    requests with receipts. The pages are the ``party`` app's; the rules and the record
    entries are here."""

    name = "openenforce.partyaccess"
    label = "partyaccess"
    verbose_name = _("The party's access")

    def ready(self) -> None:
        from openenforce.cases import registry
        from openenforce.ledger import labels
        from openenforce.partyaccess.panels import case_panel, party_steps

        registry.register_panel("partyaccess", case_panel, order=22)
        registry.register_party_steps("partyaccess", party_steps)
        for event, label in (
            (
                "partyaccess.accessevent.opened",
                pgettext_lazy("record event", "Party opened their page"),
            ),
            (
                "partyaccess.accessevent.downloaded",
                pgettext_lazy("record event", "Party downloaded a document"),
            ),
            (
                "partyaccess.lockout.started",
                pgettext_lazy("record event", "Party page locked after wrong tries"),
            ),
            ("partyaccess.submission.filed", pgettext_lazy("record event", "Party filed online")),
        ):
            labels.register_label(event, label)
