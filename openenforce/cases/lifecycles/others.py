"""Licensing, inspection, coercion, and the generic application → review → decision →
service → close shape shared by levy, confirmation, payment, award and adjudication."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.cases.lifecycles.base import Action, Input, Lifecycle, State
from openenforce.cases.lifecycles.common import (
    HEAD,
    NOTE,
    OFFICER,
    PUBLISH,
    REASON,
    STAFF,
    clock_actions,
    closing_actions,
    date_input,
    decide_action,
    decision_change_action,
    decision_inputs,
    extension_action,
    procedure,
    recording_noted,
    serve_decision_action,
)
from openenforce.catalog.models import EnforcementCategory

GRANT = (("granted", _("Granted")), ("refused", _("Refused")))
DECISION_INPUTS = decision_inputs(GRANT)
INSPECTION_RESULTS = (
    ("no_problem", _("No problem found")),
    ("rectification", _("Rectification ordered")),
    ("transferred", _("Transferred into a penalty case")),
)
RECTIFICATION_RESULTS = (
    ("done", _("Rectified")),
    ("transferred", _("Not rectified: transfer into a penalty case")),
)
HANDLINGS = (
    ("disposed", _("Confiscated or destroyed by law")),
    ("released", _("Released")),
)

LICENSING = procedure(
    code="licensing",
    label=_("Administrative licensing"),
    category=EnforcementCategory.LICENSING,
    article="行政许可法 Art 29–50",
    number_word="许受字",
    opening_starts=("licence_completeness",),
    states=(
        State("applied", _("Application received"), "行政许可法 Art 29, 32"),
        State("supplementing", _("Materials to be supplemented"), "行政许可法 Art 32"),
        State("under_review", _("Accepted; under review"), "行政许可法 Art 34, 42"),
        State("certifying", _("Granted; certificate to issue"), "行政许可法 Art 39, 44"),
    ),
    actions=(
        Action(
            "accept_application",
            _("Accept the application"),
            "行政许可法 Art 32",
            ("applied", "supplementing"),
            (OFFICER,),
            target="under_review",
            inputs=(date_input("accepted_on", _("Accepted on")),),
            effects=("accept_application",),
            stops=("licence_completeness",),
            starts=("licence_decision",),
            start_input="accepted_on",
        ),
        Action(
            "request_supplement",
            _("Notify the materials to supplement (once)"),
            "行政许可法 Art 32",
            ("applied",),
            (OFFICER,),
            target="supplementing",
            inputs=(Input("materials", _("Materials to supplement"), "text"),),
            stops=("licence_completeness",),
        ),
        Action(
            "reject_application",
            _("Do not accept the application"),
            "行政许可法 Art 32",
            ("applied", "supplementing"),
            (OFFICER,),
            target="closed",
            inputs=(REASON,),
            effects=("close",),
            stops=("licence_completeness",),
        ),
        Action(
            "decide_licence",
            _("Decide on the licence"),
            "行政许可法 Art 37, 38, 42",
            ("under_review",),
            (HEAD,),
            outcomes={"granted": "certifying", "refused": "closed"},
            gates=("two_certified_handlers", "no_pending_recusal"),
            inputs=DECISION_INPUTS,
            effects=("decide", "licence_decided", PUBLISH),
            stops=("licence_decision",),
        ),
        Action(
            "issue_certificate",
            _("Issue the licence certificate"),
            "行政许可法 Art 39, 44",
            ("certifying",),
            (OFFICER,),
            target="closed",
            inputs=(
                Input("certificate_number", pgettext_lazy("licence", "Certificate number"), "text"),
                date_input("issued_on", _("Issued on")),
            ),
            effects=("close",),
            stops=("licence_certificate",),
        ),
        extension_action(
            ("under_review",),
            "licence_decision",
            "行政许可法 Art 42",
            _("Extend the decision period by up to 10 days (approved)"),
        ),
        *clock_actions(("under_review",), "行政许可法 Art 45"),
        decision_change_action(("certifying", "closed")),
    ),
)

INSPECTION = procedure(
    code="inspection",
    label=_("Administrative inspection"),
    category=EnforcementCategory.INSPECTION,
    article="行政处罚法 Art 54, 55; 国发〔2019〕5号",
    number_word="检字",
    states=(
        State("task", _("Inspection task"), "国发〔2019〕5号"),
        State("inspected", _("Inspected on site; record made"), "行政处罚法 Art 55"),
        State("rectification", _("Rectification ordered"), "行政处罚法 Art 28"),
    ),
    actions=(
        Action(
            "record_inspection",
            _("Record the on-site inspection"),
            "行政处罚法 Art 42, 55",
            ("task",),
            (OFFICER,),
            target="inspected",
            gates=("two_certified_handlers", "recording_made"),
            inputs=(
                date_input("inspected_on", _("Inspected on")),
                Input("record", _("On-site record"), "text"),
                Input(
                    "inspection_record_complete",
                    _("The record of the inspected object is complete and detailed"),
                    "bool",
                    required=False,
                    help=_(
                        "Only such an inspection counts as one in the statistics; a patrol "
                        "or a visit without a complete record does not."
                    ),
                ),
            ),
            effects=(recording_noted("record_inspection"),),
        ),
        Action(
            "conclude_inspection",
            _("Record the result"),
            "国发〔2019〕5号",
            ("inspected",),
            (OFFICER,),
            outcomes={
                "no_problem": "closed",
                "rectification": "rectification",
                "transferred": "closed",
            },
            inputs=decision_inputs(
                INSPECTION_RESULTS, _("Result"), _("Result text"), _("Concluded on")
            ),
            effects=("conclude_inspection", PUBLISH),
        ),
        Action(
            "verify_rectification",
            _("Verify the rectification"),
            "行政处罚法 Art 28",
            ("rectification",),
            (OFFICER,),
            outcomes={"done": "closed", "transferred": "closed"},
            inputs=(
                Input("outcome", _("Result"), "choice", choices=RECTIFICATION_RESULTS),
                Input("record", _("Verification record"), "text"),
            ),
            effects=("verify_rectification",),
            stops=("rectification",),
        ),
    ),
)

COERCION = procedure(
    code="coercion",
    label=_("Administrative coercive measure"),
    category=EnforcementCategory.COERCION,
    article="行政强制法 Art 17–33",
    number_word="强字",
    states=(
        State("proposed", _("Measure proposed"), "行政强制法 Art 18"),
        State("emergency", _("Emergency measure taken; report due"), "行政强制法 Art 19"),
        State("in_force", _("Seizure or freezing in force"), "行政强制法 Art 24, 25"),
        State("handled", _("Handling decision made"), "行政强制法 Art 27"),
    ),
    actions=(
        Action(
            "approve_measure",
            _("Approve and carry out the measure"),
            "行政强制法 Art 18",
            ("proposed",),
            (HEAD,),
            target="in_force",
            gates=("two_certified_handlers", "no_pending_recusal", "recording_made"),
            inputs=(
                date_input("started_on", _("Carried out on")),
                Input("measure", _("Measure and property"), "text"),
            ),
            effects=(recording_noted("approve_measure"),),
            starts=("seizure",),
            start_input="started_on",
        ),
        Action(
            "take_emergency_measure",
            _("Take an emergency measure"),
            "行政强制法 Art 19",
            ("proposed",),
            (OFFICER,),
            target="emergency",
            gates=("two_certified_handlers", "recording_made"),
            # The 24-hour report runs from the moment the measure was taken (Art 19).
            inputs=(
                Input(
                    "taken_at",
                    _("Taken at (date and time)"),
                    "datetime",
                    required=False,
                    help=_("Now when left empty."),
                ),
                Input("measure", _("Measure and property"), "text"),
                REASON,
            ),
            effects=(recording_noted("take_emergency_measure"),),
            starts=("emergency_report", "seizure"),
            start_input="taken_at",
        ),
        Action(
            "ratify_emergency_measure",
            _("Ratify the emergency measure"),
            "行政强制法 Art 19",
            ("emergency",),
            (HEAD,),
            target="in_force",
            inputs=(NOTE,),
            stops=("emergency_report",),
        ),
        Action(
            "reject_emergency_measure",
            _("Refuse ratification; release at once"),
            "行政强制法 Art 19",
            ("emergency",),
            (HEAD,),
            target="closed",
            inputs=(REASON,),
            effects=("close",),
            stops=("emergency_report", "seizure"),
        ),
        Action(
            "decide_handling",
            _("Decide how the property is handled"),
            "行政强制法 Art 27",
            ("in_force",),
            (HEAD,),
            outcomes={"disposed": "handled", "released": "handled"},
            inputs=decision_inputs(HANDLINGS, _("Handling")),
            effects=("decide",),
            stops=("seizure",),
        ),
        Action(
            "release_measure",
            _("Release the measure"),
            "行政强制法 Art 28",
            ("in_force", "handled"),
            STAFF,
            target="closed",
            inputs=(date_input("closed_on", _("Released on")), REASON),
            effects=("close",),
            stops=("seizure",),
        ),
        extension_action(
            ("in_force",),
            "seizure",
            "行政强制法 Art 25",
            _("Extend the seizure by up to 30 days (approved)"),
        ),
    ),
)


def generic(category: str, code: str, label, article: str, word: str) -> Lifecycle:
    """Application (or initiation) → review → decision → service → close."""
    return procedure(
        code=code,
        label=label,
        category=category,
        article=article,
        number_word=word,
        states=(
            State("applied", _("Application received or initiated"), article),
            State("under_review", _("Under review"), article),
            State("decided", _("Decided"), article),
            State("served", _("Decision served"), article),
        ),
        actions=(
            Action(
                "accept_application",
                _("Accept and start the review"),
                article,
                ("applied",),
                (OFFICER,),
                target="under_review",
                inputs=(date_input("accepted_on", _("Accepted on")),),
                effects=("accept_application", "start_generic_limit"),
            ),
            decide_action(
                article,
                ("under_review",),
                ("two_certified_handlers", "no_pending_recusal"),
                GRANT,
                "generic_decision",
            ),
            serve_decision_action(article, "served"),
            *clock_actions(("under_review",), article),
            decision_change_action(("decided", "served", "closed")),
        ),
        closing=closing_actions(("served",), article),
    )


LEVY = generic(
    EnforcementCategory.LEVY,
    "levy",
    _("Administrative levy and requisition"),
    "行政征收征用 (法律、法规)",
    "征字",
)
CONFIRMATION = generic(
    EnforcementCategory.CONFIRMATION,
    "confirmation",
    _("Administrative confirmation"),
    "行政确认 (法律、法规)",
    "确字",
)
PAYMENT = generic(
    EnforcementCategory.PAYMENT,
    "payment",
    _("Administrative payment"),
    "行政给付 (法律、法规)",
    "给字",
)
AWARD = generic(
    EnforcementCategory.AWARD, "award", _("Administrative award"), "行政奖励 (法律、法规)", "奖字"
)
ADJUDICATION = generic(
    EnforcementCategory.ADJUDICATION,
    "adjudication",
    _("Administrative adjudication"),
    "行政裁决 (法律、法规)",
    "裁字",
)
OTHER = generic(
    EnforcementCategory.OTHER, "other", _("Other enforcement action"), "法律、法规", "执字"
)
