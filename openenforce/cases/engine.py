"""The lifecycle engine: which actions a user may take on a case now, and taking one.

``available_actions(case, user)`` lists the actions the case's state and the user's
roles allow, each with whether its gates are open and, if not, why (so pages can show
"why not"). ``perform_action(case, code, actor=, data=)`` takes one in a transaction:
scope, state, role, input, gates, effects, next state, deadlines, record entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.permissions import can_read_agency
from openenforce.accounts.services import get_system_actor
from openenforce.cases import deadlines, effects, inputs, lifecycles, registry
from openenforce.cases.articles import cite
from openenforce.cases.gates import GateResult, check_gates
from openenforce.cases.lifecycles.base import Action, Lifecycle
from openenforce.cases.models import Case
from openenforce.cases.numbering import assign_number, record_deadlines
from openenforce.cases.permissions import can_act, handles, may_write
from openenforce.cases.todo import announce, awaiting
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.ledger.services import record

CASE_FIELDS = {f.name for f in Case._meta.concrete_fields} - {"id", "agency", "state", "number"}


@dataclass(frozen=True)
class ActionOffer:
    """One action the user could take now; ``allowed`` is False when a gate is shut,
    ``reasons`` then say why (with ``articles``)."""

    code: str
    label: str
    article: str
    inputs: list[dict[str, Any]]
    targets: list[str]
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "article": self.article,
            "inputs": self.inputs,
            "targets": self.targets,
            "allowed": self.allowed,
            "reasons": self.reasons,
            "articles": self.articles,
        }


def lifecycle_of(case: Case) -> Lifecycle:
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None:
        raise WrongState(_("Unknown procedure."), code="procedure_unknown")
    return lifecycle


def available_actions(case: Case, user, *, today: datetime.date | None = None) -> list[ActionOffer]:
    """The actions of the case's current state that ``user``'s roles allow, each with
    its gates evaluated. Empty for someone who may only read."""
    if not may_write(user, case):
        return []
    lifecycle, today = lifecycle_of(case), today or timezone.localdate()
    handler = handles(user, case)
    offers = []
    for action in lifecycle.actions:
        if case.state not in lifecycle.sources_of(action):
            continue
        if not can_act(user, case, action, handler=handler) or _pointless(case, action):
            continue
        offer = _offer(case, action, today)
        if not _nothing_to_choose(offer):
            offers.append(offer)
    return offers


def _pointless(case: Case, action: Action) -> bool:
    """Suspending a clock already suspended, or resuming one that runs, is not offered
    (the effect would refuse it anyway)."""
    if action.code not in ("suspend_clock", "resume_clock"):
        return False
    suspended = case.suspensions.filter(end__isnull=True).exists()
    return suspended == (action.code == "suspend_clock")


def _nothing_to_choose(offer: ActionOffer) -> bool:
    """An action about a row of the case (deciding a recusal) when there is none."""
    return any(spec["type"] == "id" and not spec["choices"] for spec in offer.inputs)


def _offer(case: Case, action: Action, today: datetime.date) -> ActionOffer:
    shut = check_gates(case, action, None, today)
    return ActionOffer(
        code=action.code,
        label=str(action.label),
        article=cite(action.article),
        inputs=[inputs.describe(case, spec) for spec in action.inputs],
        targets=action.targets(),
        allowed=not shut,
        reasons=[reason for _name, result in shut for reason in result.reasons],
        articles=[cite(result.article) for _name, result in shut],
    )


def _refuse_gate(name: str, result: GateResult) -> WrongState:
    message = " ".join(result.reasons) or _("A condition of this action is not met.")
    return WrongState(message, code=f"gate_{name}", article=cite(result.article))


def _check(case: Case, lifecycle: Lifecycle, action: Action | None, actor) -> Action:
    if not _reads(actor, case):
        raise NotFound(_("Not found."), code="not_found")
    if action is None:
        raise InvalidInput(_("This procedure has no such action."), code="action_unknown")
    if case.state not in lifecycle.sources_of(action):
        state = lifecycle.state(case.state).label if lifecycle.has_state(case.state) else ""
        raise WrongState(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": action.label, "state": state},
            code="case_wrong_state",
            article=cite(action.article),
        )
    if not can_act(actor, case, action):
        raise NotPermitted(
            _("Your role does not allow “%(action)s” on this case.") % {"action": action.label},
            code="case_role_required",
            article=cite(action.article),
        )
    return action


def _reads(actor, case: Case) -> bool:
    return can_read_agency(actor, case.agency_id)


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "code") and hasattr(value, "pk"):
        return value.code  # an officer
    if isinstance(value, list | str | bool | int) or value is None:
        return value
    return str(value)


def _apply_inputs(case: Case, action: Action, data: dict) -> None:
    """Inputs named like a case field set it; the others are kept in ``details``."""
    kept = {}
    for name, value in data.items():
        if name in CASE_FIELDS and (name != "outcome" or value in Case.Outcome.values):
            setattr(case, name, value)
        else:
            kept[name] = _json(value)
    if kept:
        case.details[action.code] = kept


def resolve_effect(name: str):
    """The effect called ``name`` (without its ``:arg``): one of ``cases.effects``, or,
    for a dotted ``<app>.<name>``, the one that app registered (None while it is not
    installed: the action then goes without it)."""
    return registry.effect(name) if "." in name else getattr(effects, name)


def _run_effects(case: Case, action: Action, actor, data: dict) -> str | None:
    outcome = data.get("outcome") or None
    for name in action.effects:
        base, _sep, arg = name.partition(":")
        fn = resolve_effect(base)
        if fn is None:
            continue
        result = fn(case, arg, actor=actor, data=data) if arg else fn(case, actor=actor, data=data)
        outcome = result or outcome
    return outcome


def _next_state(case: Case, action: Action, outcome: str | None) -> str:
    if action.outcomes:
        if outcome not in action.outcomes:
            raise InvalidInput(_("Unknown outcome."), code="outcome_unknown")
        return action.outcomes[outcome]
    return action.target or case.state


def effective_date(action: Action, data: dict, today: datetime.date) -> datetime.date:
    """The day the action took effect: its ``start_input``, else its first date input
    given (a waiver's "waived on"), else today. Deadlines start and are met on it."""
    names = [action.start_input] if action.start_input else []
    names += [spec.name for spec in action.inputs if spec.type == "date"]
    for name in names:
        if isinstance(data.get(name), datetime.datetime):
            return timezone.localdate(data[name])  # a moment: its local day
        if isinstance(data.get(name), datetime.date):
            return data[name]
    return today


def _meet(case: Case, action: Action, data: dict, today: datetime.date) -> None:
    if action.stops:
        deadlines.meet(case, action.stops, effective_date(action, data, today))


def _start(case: Case, action: Action, data: dict, today: datetime.date) -> None:
    moment = data.get(action.start_input)
    start_at = moment if isinstance(moment, datetime.datetime) else None
    for code in action.starts:
        day = effective_date(action, data, today)
        deadlines.new_deadline(case, code, day, start_at=start_at)


@transaction.atomic
def perform_action(case: Case, action_code: str, *, actor, data: dict | None = None) -> Case:
    """Take ``action_code`` on ``case`` as ``actor`` with ``data`` (the action's inputs).

    Refusals: NotFound (another agency's case), InvalidInput (unknown action, bad input),
    WrongState (state, or a gate: code ``gate_<name>`` with the rule's article),
    NotPermitted (role). Writes ``cases.case.<action>`` to the record.
    """
    started = timezone.now()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked = Case.objects.select_related("agency", "matter").get(pk=locked.pk)
    lifecycle, today = lifecycle_of(locked), timezone.localdate()
    action = _check(locked, lifecycle, lifecycle.action(action_code), actor)
    return _carry_out(locked, lifecycle, action, data, actor=actor, today=today, started=started)


def _carry_out(
    locked: Case,
    lifecycle,
    action: Action,
    data: dict | None,
    *,
    actor,
    today: datetime.date,
    started: datetime.datetime,
) -> Case:
    """An allowed action on the locked case, the same for staff and party: the inputs,
    the gates, the effects, the next state, the deadlines, the record, the hand-off."""
    waiting = awaiting(locked, today)  # to tell whom the action hands the case to
    cleaned = inputs.clean(locked, action.inputs, data or {})
    shut = check_gates(locked, action, cleaned, today)
    if shut:
        raise _refuse_gate(*shut[0])
    _apply_inputs(locked, action, cleaned)
    _meet(locked, action, cleaned, today)
    outcome = _run_effects(locked, action, actor, cleaned)
    if lifecycle.number_at == action.code:
        assign_number(locked, lifecycle, effective_date(action, cleaned, today))
    locked.state = _next_state(locked, action, outcome)
    _start(locked, action, cleaned, today)
    locked.save()
    deadlines.refresh_case(locked)
    record(actor=actor, event_type=f"cases.case.{action.code}", subject=locked)
    record_deadlines(locked, started, actor)
    announce(locked, waiting, actor=actor, today=today)
    return locked


# The actions the party takes itself, from the party's page (行政处罚法 Art 45, 63, 64):
# a statement and defence, and a request for a hearing. Officers take the same actions for
# a party who writes or calls; the gates and periods are the same for both.
PARTY_ACTIONS = ("record_statement", "request_hearing")


@transaction.atomic
def perform_party_action(case: Case, action_code: str, *, data: dict | None = None) -> Case:
    """Take one of ``PARTY_ACTIONS`` on ``case`` for its party, who has no account: the
    caller (the party's own service) has checked the party's identity. The state and the
    gates are checked as for ``perform_action`` and the entry ``cases.case.<action>`` is
    written with the system actor. Refusals: InvalidInput (not a party action, bad input),
    WrongState (state, gate)."""
    if action_code not in PARTY_ACTIONS:
        raise InvalidInput(_("This procedure has no such action."), code="action_unknown")
    started, actor = timezone.now(), get_system_actor()
    Case.objects.select_for_update().get(pk=case.pk)
    locked = Case.objects.select_related("agency", "matter").get(pk=case.pk)
    lifecycle, today = lifecycle_of(locked), timezone.localdate()
    action = lifecycle.action(action_code)
    if action is None or locked.state not in lifecycle.sources_of(action):
        raise WrongState(
            _("This step is not open for the case now."),
            code="case_wrong_state",
            article=cite(action.article if action else ""),
        )
    return _carry_out(locked, lifecycle, action, data, actor=actor, today=today, started=started)
