from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    """The party's pages (no staff login): open the case with the code of a served
    document and one's identity; see the served documents, the deadlines and the record;
    file a statement and defence or a hearing request; keep and check the receipt. The
    rules and the record entries are ``openenforce.partyaccess``'s."""

    name = "openenforce.party"
    label = "party"
    verbose_name = _("The party's pages")
