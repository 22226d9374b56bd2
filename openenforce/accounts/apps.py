from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openenforce.accounts"
    label = "accounts"
    verbose_name = _("Agencies and accounts")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from openenforce.accounts import security  # noqa: F401  (log-in and log-out receivers)
        from openenforce.accounts.permissions import record_entry_agencies
        from openenforce.accounts.services import SECURITY_EVENTS
        from openenforce.ledger import labels
        from openenforce.ledger.access import register_entry_scope

        register_entry_scope(record_entry_agencies)
        for event_type, label in SECURITY_EVENTS.items():
            labels.register_label(event_type, label)
        user_locked_out.connect(_locked_out, dispatch_uid="openenforce.accounts.locked_out")


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """django-axes refused ``username`` from ``ip_address``. Record the lock-out once, when
    the failure that reached the limit locks it (not every refused attempt after it: an
    attacker hammering would otherwise flood the record); the address is logged, not
    recorded."""
    import logging

    from axes.models import AccessAttempt
    from django.conf import settings

    from openenforce.accounts.services import record_lockout

    failures = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .values_list("failures_since_start", flat=True)
        .first()
    )
    if failures != settings.AXES_FAILURE_LIMIT:
        return
    logging.getLogger("openenforce.accounts").warning(
        "log-in locked out: user name %r from %s", username, ip_address
    )
    record_lockout(username or "")
