"""The case's record events in words, for ``ledger.labels``: ``cases.case.<action>`` is
the lifecycle action's label (the first procedure that has the action names it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.cases.lifecycles import LIFECYCLES

# Events the engine writes that are not actions of a lifecycle.
OUTSIDE_ACTIONS = {
    "opened": _("Case opened"),
    "deemed_accepted": _("Deemed accepted: not answered within 5 working days"),
    "judiciary_accepted": _("Accepted by the judiciary"),
}


def case_event_label(verb: str) -> str:
    if verb in OUTSIDE_ACTIONS:
        return str(OUTSIDE_ACTIONS[verb])
    for lifecycle in LIFECYCLES.values():
        action = lifecycle.action(verb)
        if action is not None:
            return str(action.label)
    return ""


# Events about a case's parts whose generic name ("thing · verb") reads poorly.
PART_LABELS = {
    "cases.party.added": pgettext_lazy("record event", "Party added"),
    "cases.casehandler.assigned": pgettext_lazy("record event", "Handler assigned"),
    "cases.casehandler.released": pgettext_lazy("record event", "Handler released"),
    "cases.deadline.recomputed": pgettext_lazy("record event", "Deadline recomputed"),
}
