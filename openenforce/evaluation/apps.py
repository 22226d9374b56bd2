from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVENT_LABELS = {
    "evaluation.rubric.created": pgettext_lazy("record event", "Evaluation rubric created"),
    "evaluation.rubricversion.imported": pgettext_lazy(
        "record event", "Evaluation rubric version imported"
    ),
    "evaluation.rubricversion.published": pgettext_lazy(
        "record event", "Evaluation rubric version published"
    ),
    "evaluation.rubricversion.discarded": pgettext_lazy(
        "record event", "Evaluation rubric draft discarded"
    ),
    "evaluation.rubricitem.imported": pgettext_lazy("record event", "Evaluation item imported"),
}


class EvaluationConfig(AppConfig):
    """Case-file evaluation (案卷评查): the rubrics files are scored against."""

    name = "openenforce.evaluation"
    label = "evaluation"
    verbose_name = _("Case-file evaluation")

    def ready(self) -> None:
        from openenforce.ledger import labels

        for event_type, label in EVENT_LABELS.items():
            labels.register_label(event_type, label)
