from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openenforce.accounts"
    label = "accounts"
    verbose_name = _("Agencies and accounts")

    def ready(self) -> None:
        from openenforce.accounts.permissions import record_entry_agencies
        from openenforce.ledger.access import register_entry_scope

        register_entry_scope(record_entry_agencies)
