from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Indicators and dashboards computed from the recorded facts."""

    name = "openenforce.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # The kept figures follow every recorded change of a case or deadline (kept.py).
        from openenforce.ledger import observers
        from openenforce.supervision import kept

        observers.observe("cases.Case", kept.cases_recorded)
        observers.observe("cases.Deadline", kept.deadlines_recorded)
