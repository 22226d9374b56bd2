from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Indicators and dashboards computed from the recorded facts."""

    name = "openenforce.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
