"""Inputs and actions shared by several lifecycles: handlers, recusal, the clock,
closing and archiving."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Role
from openenforce.cases.lifecycles.base import ANY_OPEN, Action, Input, Label, Lifecycle, State

OFFICER, HEAD, REVIEWER = Role.OFFICER.value, Role.HEAD.value, Role.REVIEWER.value
STAFF = (OFFICER, HEAD)

HANDLER_ROLES = (("lead", _("Lead handler")), ("assistant", _("Assisting handler")))
REQUESTERS = (
    ("party", _("The party")),
    ("officer", _("Another officer")),
    ("self", _("The officer themself")),
)
DECISIONS = (("granted", _("Granted")), ("refused", _("Refused")))
SUSPENSION_KINDS = (
    ("hearing", _("Hearing")),
    ("testing", _("Testing, inspection or expert opinion")),
    ("announcement", _("Announcement")),
    ("other", _("Other")),
)


def date_input(name: str, label, required: bool = False) -> Input:
    return Input(name, label, "date", required=required, help=_("Today when left empty."))


NOTE = Input("note", _("Note"), "text", required=False)
REASON = Input("reason", _("Reason"), "text")
SERVICE_INPUTS = (
    date_input("served_on", _("Served on")),
    Input("method", _("Service method"), "text"),
)

CLOSED = State("closed", _("Closed"), "行政处罚法 Art 47")
ARCHIVED = State("archived", _("Archived"), "行政处罚法 Art 47", terminal=True)


def closing_states(*terminal: State) -> tuple[State, ...]:
    """The states every lifecycle ends in: closed, other terminal states, archived."""
    return (CLOSED, *terminal, ARCHIVED)


DECISION, DECISION_TEXT, DECIDED_ON = _("Decision"), _("Decision text"), _("Decided on")


def decision_inputs(
    choices: tuple[tuple[str, Label], ...],
    label: Label = DECISION,
    text: Label = DECISION_TEXT,
    on: Label = DECIDED_ON,
) -> tuple[Input, ...]:
    """The outcome (one of ``choices``), the decision text and the day decided."""
    return (
        Input("outcome", label, "choice", choices=choices),
        Input("decision_text", text, "text"),
        date_input("decided_on", on),
    )


# Facts of a penalty decision the statistics count (行政处罚法 Art 30–33; the annual
# report's 不予处罚/减轻处罚 and 不罚/轻罚金额, and 罚没金额 only for determined values).
# They set the case fields of the same name (``cases.engine``); the effect ``decide``
# checks they fit the outcome. The last is entered negatively, so an unticked box keeps
# the usual case (the value was determined).
MITIGATED = Input(
    "mitigated",
    _("Penalty mitigated below the legal range (Art 32)"),
    "bool",
    required=False,
)
AMOUNT_FORGONE = Input(
    "amount_forgone",
    _("Amount forgone (yuan)"),
    "decimal",
    required=False,
    help=_(
        "The fine not imposed: for a mitigated penalty, the legal minimum less the fine "
        "imposed; for no penalty, the fine otherwise due."
    ),
)
CONFISCATION_UNDETERMINED = Input(
    "confiscation_value_undetermined",
    _("The value of the confiscated property could not be determined"),
    "bool",
    required=False,
)
LENIENCY_INPUTS = (MITIGATED, AMOUNT_FORGONE)


def handler_actions() -> tuple[Action, ...]:
    """Handlers and recusal (行政处罚法 Art 42, 43), in every open state."""
    return (
        Action(
            "assign_handler",
            _("Assign a handler"),
            "行政处罚法 Art 42",
            (ANY_OPEN,),
            STAFF,
            inputs=(
                Input("officer", _("Officer"), "officer"),
                Input("role", _("Role"), "choice", choices=HANDLER_ROLES),
            ),
            effects=("assign_handler",),
        ),
        Action(
            "release_handler",
            _("Release a handler"),
            "行政处罚法 Art 42",
            (ANY_OPEN,),
            (HEAD,),
            inputs=(Input("officer", _("Officer"), "officer"), REASON),
            effects=("release_handler",),
        ),
        Action(
            "request_recusal",
            _("Request or declare a recusal"),
            "行政处罚法 Art 43",
            (ANY_OPEN,),
            STAFF,
            inputs=(
                Input("officer", _("Officer"), "officer"),
                Input("requested_by", _("Requested by"), "choice", choices=REQUESTERS),
                REASON,
            ),
            effects=("request_recusal",),
        ),
        Action(
            "decide_recusal",
            _("Decide a recusal"),
            "行政处罚法 Art 43",
            (ANY_OPEN,),
            (HEAD,),
            inputs=(
                Input("recusal", _("Recusal"), "id"),
                Input("decision", _("Decision"), "choice", choices=DECISIONS),
            ),
            effects=("decide_recusal",),
        ),
    )


def clock_actions(states: tuple[str, ...], article: str) -> tuple[Action, ...]:
    """Suspending and resuming the decision clock (hearing, testing, announcement)."""
    return (
        Action(
            "suspend_clock",
            _("Suspend the time limit"),
            article,
            states,
            STAFF,
            inputs=(
                Input("kind", _("Reason for suspension"), "choice", choices=SUSPENSION_KINDS),
                date_input("start", _("From")),
                Input("reason", _("Details"), "text", required=False),
            ),
            effects=("suspend_clock",),
        ),
        Action(
            "resume_clock",
            _("Resume the time limit"),
            article,
            states,
            STAFF,
            inputs=(date_input("end", _("Last day suspended")),),
            effects=("resume_clock",),
        ),
    )


def extension_action(states: tuple[str, ...], rule: str, article: str, label) -> Action:
    """An extension approved by the head, by the period's extension days."""
    return Action(
        f"extend_{rule}",
        label,
        article,
        states,
        (HEAD,),
        inputs=(Input("days", _("Extension (days)"), "int"), REASON),
        effects=(f"extend:{rule}",),
    )


# Audio/video recording (the recordings app registers this effect, cases.registry): every
# action carrying the ``recording_made`` gate names it with its own code, so that the step
# the agency's recording list requires is kept as a fact when it is taken.
RECORDING_NOTED = "recordings.note_required"


def recording_noted(code: str) -> str:
    return f"{RECORDING_NOTED}:{code}"


# Publication (the disclosure app registers these effects, cases.registry): the decision
# actions draft the item to publish; a decision changed, revoked, confirmed illegal or
# void has it withdrawn (行政处罚法 Art 48).
PUBLISH = "disclosure.draft_for_decision"
CHANGE_GROUNDS = (
    ("changed", _("The decision was changed")),
    ("revoked", _("The decision was revoked")),
    ("illegal", _("The decision was confirmed illegal")),
    ("void", _("The decision was confirmed void")),
)


def decision_change_action(sources: tuple[str, ...]) -> Action:
    """Record that the decision was changed, revoked, confirmed illegal or void (by the
    agency, on reconsideration or by a court): its publication is withdrawn within 3
    working days with the reason made public (行政处罚法 Art 48, 85)."""
    return Action(
        "record_decision_change",
        _("Record that the decision was changed or revoked"),
        "行政处罚法 Art 48",
        sources,
        (HEAD,),
        inputs=(
            Input("ground", _("What happened"), "choice", choices=CHANGE_GROUNDS),
            date_input("changed_on", _("On")),
            Input("reason", _("Reason made public"), "text"),
        ),
        effects=("disclosure.decision_changed",),
    )


# Archiving (归档, one case one file), once the case is closed.
ARCHIVE = Action(
    "archive",
    _("Archive the case file"),
    "行政处罚法 Art 47",
    ("closed",),
    STAFF,
    target="archived",
    inputs=(NOTE,),
)


def closing_actions(
    sources: tuple[str, ...], article: str, gates: tuple[str, ...] = ()
) -> tuple[Action, ...]:
    """Closing (结案) and archiving."""
    close = Action(
        "close_case",
        _("Close the case"),
        article,
        sources,
        STAFF,
        target="closed",
        gates=gates,
        inputs=(date_input("closed_on", _("Closed on")), NOTE),
        effects=("close",),
    )
    return (close, ARCHIVE)


def decide_action(
    article: str,
    sources: tuple[str, ...],
    gates: tuple[str, ...],
    choices,
    limit: str,
    extra_inputs: tuple[Input, ...] = (),
) -> Action:
    """The head's decision: it meets the decision time limit ``limit``, starts the period
    of service and drafts the publication. ``extra_inputs`` are facts entered with it
    (a penalty decision's leniency, ``LENIENCY_INPUTS``)."""
    return Action(
        "decide",
        _("Make the decision"),
        article,
        sources,
        (HEAD,),
        target="decided",
        gates=gates,
        inputs=(*decision_inputs(choices), *extra_inputs),
        effects=("decide", PUBLISH),
        stops=(limit,),
        starts=("service",),
        start_input="decided_on",
    )


def serve_decision_action(article: str, target: str, start_input: str = "") -> Action:
    """Serving the decision document, recorded (执法全过程记录)."""
    return Action(
        "serve_decision",
        _("Serve the decision"),
        article,
        ("decided",),
        (OFFICER,),
        target=target,
        gates=("recording_made",),
        inputs=SERVICE_INPUTS,
        effects=("serve_decision", recording_noted("serve_decision")),
        stops=("service",),
        start_input=start_input,
    )


def payment_action(article: str) -> Action:
    """A payment received during execution; it meets the payment period."""
    return Action(
        "record_payment",
        _("Record a payment"),
        article,
        ("execution",),
        (OFFICER,),
        gates=("payment_outstanding",),
        inputs=(
            date_input("paid_on", _("Paid on")),
            Input("amount", _("Amount (yuan)"), "decimal"),
        ),
        effects=("record_payment",),
        stops=("payment",),
    )


def procedure(
    *,
    states: tuple[State, ...],
    actions: tuple[Action, ...],
    closing: tuple[Action, ...] = (ARCHIVE,),
    terminal: tuple[State, ...] = (),
    **header: Any,
) -> Lifecycle:
    """A lifecycle: ``states``, then closed, the other ``terminal`` states and archived;
    ``actions``, then the handler and recusal actions and ``closing`` (by default only
    archiving, for the procedures whose own actions close the case)."""
    return Lifecycle(
        states=(*states, *closing_states(*terminal)),
        actions=(*actions, *handler_actions(), *closing),
        **header,
    )
