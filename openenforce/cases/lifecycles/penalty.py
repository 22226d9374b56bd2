"""Administrative penalty: the ordinary procedure (普通程序) and the simplified
on-the-spot procedure (简易程序), 行政处罚法 Chapter V."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openenforce.cases.lifecycles.base import Action, Input, State
from openenforce.cases.lifecycles.common import (
    CONFISCATION_UNDETERMINED,
    HEAD,
    LENIENCY_INPUTS,
    NOTE,
    OFFICER,
    PUBLISH,
    REASON,
    REVIEWER,
    SERVICE_INPUTS,
    clock_actions,
    closing_actions,
    date_input,
    decide_action,
    decision_change_action,
    extension_action,
    payment_action,
    procedure,
    recording_noted,
    serve_decision_action,
)
from openenforce.catalog.models import EnforcementCategory, PenaltyKind

# Unpaid after the payment period, the agency applies to the court (行政处罚法 Art 72);
# the case may then close (the gate fine_settled).
COURT_ENFORCEMENT = Action(
    "apply_to_court",
    _("Apply to the court for enforcement"),
    "行政处罚法 Art 72",
    ("execution",),
    (HEAD,),
    inputs=(date_input("applied_on", _("Applied on")), NOTE),
    effects=("apply_to_court",),
)

REVIEWS = "reviews."  # effects the reviews app registers (cases.registry)
PENALTY_KINDS = tuple(PenaltyKind.choices)
DECISION_OUTCOMES = (
    ("penalty", _("Penalty")),
    ("no_penalty_minor", _("No penalty: minor violation")),
    ("no_penalty_unproven", _("No penalty: facts not established")),
    ("transfer_judiciary", _("Transferred to the judiciary")),
)
DECISION_GATES = (
    "two_certified_handlers",
    "no_pending_recusal",
    "prior_notice_served",
    "defence_period_passed",
    "no_pending_hearing",
    "collective_discussion_held",
    "review_passed",
)

PROPOSAL_INPUTS = (
    Input("facts", _("Facts found"), "text"),
    Input(
        "proposed_penalty_kinds",
        _("Proposed penalties"),
        "choices",
        required=False,
        choices=PENALTY_KINDS,
    ),
    Input("proposed_fine", _("Proposed fine (yuan)"), "decimal", required=False),
    Input("proposed_confiscation", _("Proposed confiscation (yuan)"), "decimal", required=False),
    Input(
        "departs_from_standard", _("Departs from the discretion standard"), "bool", required=False
    ),
    Input(
        "is_complex",
        _("Complex or serious (collective discussion, Art 57)"),
        "bool",
        required=False,
    ),
    Input("head_referral", _("Referred for legal review by the head"), "bool", required=False),
)

# The materials a review needs (docs/domain.md §3); the reviews app says which are missing.
# ``materials`` takes them together as a JSON object instead.
REVIEW_MATERIALS = (
    Input("investigation_report", _("Investigation report"), "text", required=False),
    Input("proposed_decision", _("Proposed decision and its reasons"), "text", required=False),
    Input("draft_decision", _("Draft decision document"), "text", required=False),
    Input(
        "evidence_list",
        _("Evidence list"),
        "evidence",
        required=False,
        help=_("The evidence items and recordings registered with the case."),
    ),
    Input("evidence_other", _("Other evidence (not registered)"), "text", required=False),
    Input("hearing_record", _("Hearing record"), "text", required=False),
    Input("materials", _("Materials submitted"), "text", required=False),
    NOTE,
)

WORKING_STATES = (
    "investigation",
    "report",
    "legal_review",
    "collective_discussion",
    "notified",
    "hearing",
)

ORDINARY = procedure(
    code="penalty_ordinary",
    label=_("Administrative penalty, ordinary procedure"),
    category=EnforcementCategory.PENALTY,
    article="行政处罚法 Art 54–65",
    number_word="罚立字",
    number_at="approve_filing",
    states=(
        State("lead", _("Lead registered"), "行政处罚法 Art 54"),
        State("investigation", _("Investigation and evidence"), "行政处罚法 Art 54, 55"),
        State("report", _("Investigation report"), "行政处罚法 Art 57"),
        State("legal_review", _("Legal review"), "行政处罚法 Art 58"),
        State("collective_discussion", _("Collective discussion"), "行政处罚法 Art 57"),
        State("notified", _("Prior notice served; statement and defence"), "行政处罚法 Art 44, 45"),
        State("hearing", _("Hearing"), "行政处罚法 Art 63–65"),
        State("decided", _("Decided"), "行政处罚法 Art 57, 59"),
        State("execution", _("Execution"), "行政处罚法 Art 66–73"),
    ),
    terminal=(State("not_filed", _("Not filed"), "行政处罚法 Art 54", terminal=True),),
    actions=(
        Action(
            "approve_filing",
            _("Approve filing"),
            "行政处罚法 Art 54",
            ("lead",),
            (HEAD,),
            target="investigation",
            inputs=(date_input("filed_on", _("Filed on")), NOTE),
            effects=("approve_filing",),
            starts=("decision_limit",),
            start_input="filed_on",
        ),
        Action(
            "decline_filing",
            _("Decline to file"),
            "行政处罚法 Art 54",
            ("lead",),
            (HEAD,),
            target="not_filed",
            inputs=(REASON,),
            effects=("close",),
        ),
        Action(
            "conclude_investigation",
            _("Submit the investigation report"),
            "行政处罚法 Art 57",
            ("investigation",),
            (OFFICER,),
            target="report",
            gates=("two_certified_handlers", "recording_made"),
            inputs=PROPOSAL_INPUTS,
            effects=(recording_noted("conclude_investigation"),),
        ),
        Action(
            "revise_proposal",
            _("Revise the proposed decision"),
            "行政处罚法 Art 57",
            ("report",),
            (OFFICER,),
            inputs=PROPOSAL_INPUTS,
        ),
        Action(
            "submit_review",
            _("Submit for legal review"),
            "行政处罚法 Art 58",
            ("report", "notified"),
            (OFFICER,),
            target="legal_review",
            gates=("review_required",),
            inputs=(date_input("submitted_on", _("Submitted on")), *REVIEW_MATERIALS),
            effects=(REVIEWS + "submit_review",),
            starts=("legal_review",),
            start_input="submitted_on",
        ),
        Action(
            "assign_reviewer",
            _("Assign a reviewer"),
            "行政处罚法 Art 58",
            ("legal_review",),
            (HEAD, REVIEWER),
            inputs=(Input("reviewer", _("Reviewer (user name)"), "text"),),
            effects=(REVIEWS + "assign_reviewer",),
        ),
        Action(
            "record_review_outcome",
            _("Record the review opinion"),
            "行政处罚法 Art 58",
            ("legal_review",),
            (REVIEWER,),
            outcomes={
                "agree": "report",
                "agree_with_changes": "report",
                "disagree": "collective_discussion",
                "return": "investigation",
            },
            inputs=(
                Input(
                    "outcome",
                    _("Opinion"),
                    "choice",
                    choices=(
                        ("agree", _("Agree")),
                        ("agree_with_changes", _("Agree after changes")),
                        ("disagree", _("Disagree")),
                        ("return", _("Return for investigation")),
                    ),
                ),
                Input("reasons", _("Reasons"), "text"),
                Input("checklist", _("Checklist"), "text", required=False),
                date_input("reviewed_on", _("Reviewed on")),
            ),
            effects=(REVIEWS + "record_review_outcome",),
            stops=("legal_review",),
        ),
        Action(
            "refer_to_collective_discussion",
            _("Refer to collective discussion"),
            "行政处罚法 Art 57",
            ("report",),
            (OFFICER, HEAD),
            target="collective_discussion",
            gates=("collective_discussion_needed",),
            inputs=(NOTE,),
        ),
        Action(
            "hold_collective_discussion",
            _("Record the collective discussion"),
            "行政处罚法 Art 57",
            ("collective_discussion",),
            (HEAD,),
            outcomes={"decide": "report", "return": "investigation"},
            inputs=(
                date_input("held_on", _("Held on")),
                Input("attendees", _("Attendees"), "text"),
                Input("opinions", _("Opinions"), "text"),
                Input("conclusion", _("Conclusion"), "text"),
                Input(
                    "outcome",
                    _("Result"),
                    "choice",
                    choices=(
                        ("decide", _("Proceed to a decision")),
                        ("return", _("Return for investigation")),
                    ),
                ),
            ),
            effects=(REVIEWS + "hold_collective_discussion", "collective_discussion_held"),
        ),
        Action(
            "return_to_investigation",
            _("Return for further investigation"),
            "行政处罚法 Art 55, 57",
            ("report", "legal_review", "collective_discussion"),
            (OFFICER, HEAD, REVIEWER),
            target="investigation",
            inputs=(REASON,),
            effects=(REVIEWS + "return_to_investigation",),
        ),
        Action(
            "serve_prior_notice",
            _("Serve the prior notice of the intended penalty"),
            "行政处罚法 Art 44, 63",
            ("report",),
            (OFFICER,),
            target="notified",
            gates=(
                "two_certified_handlers",
                "collective_discussion_held",
                "review_passed",
                "recording_made",
            ),
            inputs=SERVICE_INPUTS,
            effects=("serve_prior_notice", recording_noted("serve_prior_notice")),
            start_input="served_on",
        ),
        Action(
            "record_statement",
            _("Record the statement and defence"),
            "行政处罚法 Art 45",
            ("notified",),
            (OFFICER,),
            inputs=(
                date_input("received_on", _("Received on")),
                Input("statement", _("Statement and defence"), "text"),
                Input("adopted", _("Facts or reasons adopted"), "bool", required=False),
            ),
        ),
        Action(
            "waive_defence",
            _("Record a written waiver"),
            "行政处罚法 Art 45",
            ("notified",),
            (OFFICER,),
            inputs=(
                date_input("waived_on", _("Waived on")),
                Input("document", _("Written waiver (document reference)"), "text"),
            ),
            effects=("waive_defence",),
            stops=("defence", "hearing_request"),
        ),
        Action(
            "request_hearing",
            _("Register a hearing request"),
            "行政处罚法 Art 63, 64",
            ("notified",),
            (OFFICER,),
            target="hearing",
            gates=("hearing_available",),
            inputs=(date_input("requested_on", _("Requested on")),),
            effects=("request_hearing",),
            stops=("hearing_request",),
        ),
        Action(
            "hold_hearing",
            _("Record the hearing"),
            "行政处罚法 Art 64, 65",
            ("hearing",),
            (OFFICER, HEAD),
            target="notified",
            gates=("hearing_chair_independent", "recording_made"),
            inputs=(
                date_input("held_on", _("Held on")),
                Input("chair", _("Chair (not an investigator)"), "officer"),
                Input("record", _("Hearing record"), "text"),
            ),
            effects=("hold_hearing", recording_noted("hold_hearing")),
        ),
        decide_action(
            "行政处罚法 Art 57, 59",
            ("notified",),
            DECISION_GATES,
            DECISION_OUTCOMES,
            "decision_limit",
            extra_inputs=(*LENIENCY_INPUTS, CONFISCATION_UNDETERMINED),
        ),
        serve_decision_action("行政处罚法 Art 61", "execution", start_input="served_on"),
        payment_action("行政处罚法 Art 67, 72"),
        Action(
            "grant_instalments",
            _("Approve deferral or instalments"),
            "行政处罚法 Art 66",
            ("execution",),
            (HEAD,),
            inputs=(Input("schedule", _("Schedule"), "text"), REASON),
        ),
        COURT_ENFORCEMENT,
        extension_action(
            WORKING_STATES,
            "decision_limit",
            "行政处罚法 Art 60",
            _("Extend the decision time limit (approved)"),
        ),
        *clock_actions(WORKING_STATES, "行政处罚法 Art 60"),
        decision_change_action(("decided", "execution", "closed")),
    ),
    closing=closing_actions(("execution",), "行政处罚法 Art 73", gates=("fine_settled",)),
)

SIMPLIFIED = procedure(
    code="penalty_simplified",
    label=_("Administrative penalty, simplified on-the-spot procedure"),
    category=EnforcementCategory.PENALTY,
    article="行政处罚法 Art 51–53",
    number_word="罚简字",
    states=(
        State("on_spot", _("On the spot"), "行政处罚法 Art 51, 52"),
        State("execution", _("Execution"), "行政处罚法 Art 68, 69"),
    ),
    actions=(
        Action(
            "decide_on_spot",
            _("Decide on the spot"),
            "行政处罚法 Art 51, 52",
            ("on_spot",),
            (OFFICER,),
            target="execution",
            gates=("two_certified_handlers", "no_pending_recusal", "simplified_thresholds"),
            inputs=(
                Input("facts", _("Facts found"), "text"),
                Input(
                    "proposed_penalty_kinds",
                    _("Penalty"),
                    "choices",
                    choices=(
                        (PenaltyKind.WARNING.value, PenaltyKind.WARNING.label),
                        (PenaltyKind.FINE.value, PenaltyKind.FINE.label),
                    ),
                ),
                Input("proposed_fine", _("Fine (yuan)"), "decimal", required=False),
                Input(
                    "rights_informed",
                    _("Party told of the facts, reasons, basis and rights, and heard"),
                    "bool",
                ),
                Input("decision_text", _("Decision text"), "text"),
                date_input("decided_on", _("Decided on")),
                *LENIENCY_INPUTS,
            ),
            effects=("decide_on_spot", PUBLISH),
        ),
        payment_action("行政处罚法 Art 67–69"),
        COURT_ENFORCEMENT,
        decision_change_action(("execution", "closed")),
    ),
    closing=closing_actions(("execution",), "行政处罚法 Art 73", gates=("fine_settled",)),
)
