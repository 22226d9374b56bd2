from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Warning rules and the warnings they raise."""

    name = "openenforce.alerts"
    label = "alerts"
    verbose_name = _("Warnings")
