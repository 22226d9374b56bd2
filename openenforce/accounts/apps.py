from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openenforce.accounts"
    label = "accounts"
    verbose_name = _("Agencies and accounts")

    def ready(self) -> None:
        from openenforce.accounts.permissions import may_read_record_entries
        from openenforce.ledger.access import register_entry_reader_check

        register_entry_reader_check(may_read_record_entries)
