from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running an installation: backup and restore (``openenforce backup``/``restore``)."""

    name = "openenforce.operations"
    label = "operations"
    verbose_name = _("Operations")
