from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVENT_LABELS = {
    "appraisal.scheme.created": pgettext_lazy("record event", "Appraisal scheme created"),
    "appraisal.scheme.published": pgettext_lazy("record event", "Appraisal scheme published"),
    "appraisal.indicator.created": pgettext_lazy("record event", "Appraisal indicator created"),
    "appraisal.scheme.edited": pgettext_lazy("record event", "Appraisal scheme edited"),
    "appraisal.scheme.discarded": pgettext_lazy("record event", "Draft appraisal scheme discarded"),
    "appraisal.indicator.edited": pgettext_lazy("record event", "Appraisal indicator edited"),
    "appraisal.indicator.added": pgettext_lazy("record event", "Appraisal indicator added"),
    "appraisal.indicator.removed": pgettext_lazy("record event", "Appraisal indicator removed"),
    "appraisal.scorecard.computed": pgettext_lazy("record event", "Scorecard computed"),
    "appraisal.scorecard.recomputed": pgettext_lazy("record event", "Scorecard recomputed"),
    "appraisal.scorecard.entered": pgettext_lazy("record event", "Scorecard points entered"),
    "appraisal.scorecard.adjusted": pgettext_lazy(
        "record event", "Scorecard bonus or deduction entered"
    ),
    "appraisal.scorecard.adjustment_withdrawn": pgettext_lazy(
        "record event", "Scorecard bonus or deduction withdrawn"
    ),
    "appraisal.scorecard.confirmed": pgettext_lazy("record event", "Scorecard confirmed"),
}


class AppraisalConfig(AppConfig):
    """Yearly appraisal (评议考核): schemes, indicators and scorecards."""

    name = "openenforce.appraisal"
    label = "appraisal"
    verbose_name = _("Yearly appraisal")

    def ready(self) -> None:
        from openenforce.appraisal.evaluation_source import register_evaluation
        from openenforce.appraisal.sources import register_all
        from openenforce.appraisal.todo import appraisal_tasks
        from openenforce.core import todo
        from openenforce.ledger import labels

        register_all()
        register_evaluation()
        for event_type, label in EVENT_LABELS.items():
            labels.register_label(event_type, label)
        todo.register("appraisal", appraisal_tasks)
