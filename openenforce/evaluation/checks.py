"""The checks the record can answer, by machine key.

A rubric item may name one of these keys: when a file is scored (next step of issue 17),
the check of that key reads the case's record and pre-fills the item with its evidence;
the evaluator confirms or overrides it with a reason. Only the keys and what each will
check are defined here; the checks themselves come with the scoring.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHECKS = {
    "two_certified_officers": _(
        "At least two officers with a valid enforcement certificate covering the field "
        "took part in each investigation step (行政处罚法 Art 42)."
    ),
    "filed_in_time": _("The case was filed within the period after the lead was found."),
    "rights_notified": _(
        "The party was told of the intended decision and of their rights to state, defend "
        "and ask for a hearing before the decision (行政处罚法 Art 44, 45, 63)."
    ),
    "review_before_decision": _(
        "A major case passed legal review (and collective discussion) before the decision "
        "(行政处罚法 Art 57, 58)."
    ),
    "art59_elements": _("The decision document holds every element 行政处罚法 Art 59 requires."),
    "served_within_period": _(
        "The decision was served within the statutory period (行政处罚法 Art 61: 7 days)."
    ),
    "service_receipts": _("Every document served has its service receipt on file."),
    "recordings_complete": _(
        "Every step that requires an audio-visual recording has one (全过程记录)."
    ),
    "payment": _("Payment or performance is recorded, through the separate collection account."),
    "decision_published": _("The decision was published within the period the rules set."),
    "file_complete": _("The closed case file holds every required document, in order."),
}


def label(key: str) -> str:
    return str(CHECKS.get(key, key))
