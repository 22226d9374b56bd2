from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediesConfig(AppConfig):
    """Reconsideration and litigation against a case's decision, and their outcomes."""

    name = "openenforce.remedies"
    label = "remedies"
    verbose_name = _("Remedies")
