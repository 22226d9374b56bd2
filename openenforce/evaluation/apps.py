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
    "evaluation.campaign.created": pgettext_lazy("record event", "Evaluation campaign created"),
    "evaluation.campaign.edited": pgettext_lazy("record event", "Evaluation campaign edited"),
    "evaluation.campaign.announced": pgettext_lazy("record event", "Evaluation campaign announced"),
    "evaluation.campaign.drawn": pgettext_lazy("record event", "Evaluation sample drawn"),
    "evaluation.evaluator.added": pgettext_lazy("record event", "Evaluator added"),
    "evaluation.recusal.added": pgettext_lazy("record event", "Evaluator recused from a file"),
    "evaluation.recusal.removed": pgettext_lazy("record event", "Evaluator's recusal withdrawn"),
    "evaluation.sampledfile.drawn": pgettext_lazy("record event", "Case file drawn for evaluation"),
    "evaluation.assignment.drawn": pgettext_lazy(
        "record event", "Case file assigned to an evaluator"
    ),
    "evaluation.assignment.viewed": pgettext_lazy(
        "record event", "Assigned case file opened by its evaluator"
    ),
    # rectification notices
    "evaluation.rectificationnotice.drafted": pgettext_lazy(
        "record event", "Rectification notice drafted"
    ),
    "evaluation.rectificationnotice.edited": pgettext_lazy(
        "record event", "Rectification notice edited"
    ),
    "evaluation.rectificationnotice.issued": pgettext_lazy(
        "record event", "Rectification notice issued"
    ),
    "evaluation.rectificationnotice.replied": pgettext_lazy(
        "record event", "Rectification notice replied to"
    ),
    "evaluation.rectificationnotice.accepted": pgettext_lazy(
        "record event", "Rectification accepted"
    ),
    "evaluation.rectificationnotice.returned": pgettext_lazy(
        "record event", "Rectification reply returned"
    ),
    "evaluation.rectificationreply.submitted": pgettext_lazy(
        "record event", "Rectification reply submitted"
    ),
    "evaluation.rectificationreply.accepted": pgettext_lazy(
        "record event", "Rectification reply accepted"
    ),
    "evaluation.rectificationreply.returned": pgettext_lazy(
        "record event", "Rectification reply returned"
    ),
    "evaluation.rectificationattachment.added": pgettext_lazy(
        "record event", "Rectification evidence attached"
    ),
    "evaluation.campaign.scoring": pgettext_lazy("record event", "Evaluation scoring started"),
    "evaluation.campaign.graded": pgettext_lazy("record event", "Evaluation campaign graded"),
    "evaluation.campaign.published": pgettext_lazy(
        "record event", "Evaluation campaign report published"
    ),
    "evaluation.campaign.closed": pgettext_lazy("record event", "Evaluation campaign closed"),
    "evaluation.score.opened": pgettext_lazy("record event", "Evaluation score opened"),
    "evaluation.score.saved": pgettext_lazy("record event", "Evaluation score saved"),
    "evaluation.score.submitted": pgettext_lazy("record event", "Evaluation score submitted"),
    "evaluation.itemscore.opened": pgettext_lazy(
        "record event", "Evaluation item opened with its pre-filled finding"
    ),
    "evaluation.itemscore.saved": pgettext_lazy("record event", "Evaluation item scored"),
    "evaluation.fileresult.agreed": pgettext_lazy(
        "record event", "Evaluation scores agreed: file graded"
    ),
    "evaluation.fileresult.disputed": pgettext_lazy(
        "record event", "Evaluation scores differ: re-check to settle"
    ),
    "evaluation.fileresult.settled": pgettext_lazy("record event", "Evaluation re-check settled"),
    "evaluation.itemsettlement.settled": pgettext_lazy(
        "record event", "Evaluation item settled by the supervisor"
    ),
    # re-check of selected files (recheck.py)
    "evaluation.recheck.selected": pgettext_lazy("record event", "Case file selected for re-check"),
    "evaluation.recheck.lot_drawn": pgettext_lazy(
        "record event", "Case files drawn by lot for re-check"
    ),
    "evaluation.objection.filed": pgettext_lazy(
        "record event", "Objection to a first evaluation score filed"
    ),
    "evaluation.campaign.first_round_closed": pgettext_lazy(
        "record event", "First evaluation scores confirmed"
    ),
}


class EvaluationConfig(AppConfig):
    """Case-file evaluation (案卷评查): the rubrics files are scored against."""

    name = "openenforce.evaluation"
    label = "evaluation"
    verbose_name = _("Case-file evaluation")

    def ready(self) -> None:
        from openenforce.cases import registry
        from openenforce.core import todo
        from openenforce.evaluation.campaigns import reader_check
        from openenforce.evaluation.todo import evaluation_tasks, rectification_tasks
        from openenforce.ledger import labels

        registry.register_reader("evaluation", reader_check)
        todo.register("evaluation", evaluation_tasks)
        todo.register("evaluation_rectification", rectification_tasks)

        for event_type, label in EVENT_LABELS.items():
            labels.register_label(event_type, label)
