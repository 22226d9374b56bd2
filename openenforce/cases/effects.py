"""What actions do besides changing the state: the effects named in the lifecycles.

An effect is ``effect(case, *, actor, data) -> str | None``; it may change ``case`` in
memory (the engine saves it and writes the record), create rows of the case (writing
their own record entries), and return an outcome code that picks the next state. It
runs inside the engine's transaction. ``name:arg`` passes ``arg`` (e.g. ``extend:seizure``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.cases import deadlines, rules
from openenforce.cases.articles import cite
from openenforce.cases.gates import hearing_eligible
from openenforce.cases.models import Case, CaseHandler, ClockSuspension, Deadline, Recusal
from openenforce.cases.opening import transfer_to_penalty
from openenforce.core.errors import FieldProblem, InvalidInput, WrongState
from openenforce.ledger.services import record


def _log(actor, event_type: str, subject, case: Case) -> None:
    record(actor=actor, event_type=event_type, subject=subject, agency=case.agency)


def approve_filing(case: Case, *, actor, data: dict) -> None:
    case.filed_on = data["filed_on"]


def close(case: Case, *, actor, data: dict) -> None:
    case.closed_on = data.get("closed_on") or timezone.localdate()
    deadlines.cancel_open(case)


def serve_prior_notice(case: Case, *, actor, data: dict) -> None:
    """The defence period runs from service; the hearing-request period too when the
    intended penalty gives that right (行政处罚法 Art 44, 45, 63, 64)."""
    case.prior_notice_served_on = data["served_on"]
    case.defence_waived = False
    deadlines.new_deadline(case, "defence", data["served_on"])
    if hearing_eligible(case):
        deadlines.new_deadline(case, "hearing_request", data["served_on"])


def waive_defence(case: Case, *, actor, data: dict) -> None:
    case.defence_waived = True


def request_hearing(case: Case, *, actor, data: dict) -> None:
    """The hearing does not count towards the 90 days (行政处罚法 Art 60)."""
    case.hearing_requested = True
    suspension = ClockSuspension.objects.create(
        case=case,
        kind=ClockSuspension.Kind.HEARING,
        start=data["requested_on"],
        reason=_("Hearing requested"),
    )
    _log(actor, "cases.clocksuspension.started", suspension, case)


def hold_hearing(case: Case, *, actor, data: dict) -> None:
    case.hearing_held = True
    open_hearing = case.suspensions.filter(kind=ClockSuspension.Kind.HEARING, end__isnull=True)
    for suspension in open_hearing:
        suspension.end = max(data["held_on"], suspension.start)
        suspension.save(update_fields=["end", "updated_at"])
        _log(actor, "cases.clocksuspension.ended", suspension, case)


LENIENT_OUTCOMES = (Case.Outcome.PENALTY, Case.Outcome.NO_PENALTY_MINOR)
CONFISCATIONS = ("confiscate_gains", "confiscate_property")


def check_leniency(case: Case, outcome: str, data: dict) -> None:
    """The leniency entered with a penalty decision fits it (行政处罚法 Art 30–33): a
    mitigated penalty is a penalty; an amount forgone goes with a mitigated penalty or a
    decision not to penalise a minor violation (an unproven violation forgoes nothing);
    an undetermined confiscation value needs a confiscation. Sets the case fields."""
    problems = []
    mitigated, forgone = bool(data.get("mitigated")), data.get("amount_forgone")
    if mitigated and outcome != Case.Outcome.PENALTY:
        problems.append(
            FieldProblem("mitigated", _("Only a penalty decision can mitigate the penalty."))
        )
    if forgone is not None and not (
        (mitigated and outcome == Case.Outcome.PENALTY) or outcome == Case.Outcome.NO_PENALTY_MINOR
    ):
        problems.append(
            FieldProblem(
                "amount_forgone",
                _(
                    "The amount forgone is entered only for a mitigated penalty or a decision "
                    "not to penalise a minor violation."
                ),
            )
        )
    elif forgone is not None and forgone <= 0:
        problems.append(
            FieldProblem("amount_forgone", _("The amount forgone must be more than zero."))
        )
    undetermined = bool(data.get("confiscation_value_undetermined"))
    if undetermined and not (
        set(case.proposed_penalty_kinds or ()) & set(CONFISCATIONS)
        and outcome == Case.Outcome.PENALTY
    ):
        problems.append(
            FieldProblem(
                "confiscation_value_undetermined",
                _("The decision confiscates nothing whose value could be undetermined."),
            )
        )
    if problems:
        details = "; ".join(p.message for p in problems)
        raise InvalidInput(
            _("Invalid input: %(details)s") % {"details": details},
            code="invalid_input",
            article=cite("行政处罚法 Art 30–33"),
            problems=problems,
        )
    case.mitigated, case.amount_forgone = mitigated, forgone
    if "confiscation_value_undetermined" in data:
        case.confiscation_value_determined = not undetermined


def decide(case: Case, *, actor, data: dict) -> str:
    case.decided_on = data["decided_on"]
    if "mitigated" in data:  # a penalty decision (LENIENCY_INPUTS)
        check_leniency(case, data["outcome"], data)
    return data["outcome"]


def serve_decision(case: Case, *, actor, data: dict) -> None:
    """A fine is payable within 15 days of service (行政处罚法 Art 67)."""
    if case.outcome == Case.Outcome.PENALTY and case.proposed_fine:
        deadlines.new_deadline(case, "payment", data["served_on"])


def decide_on_spot(case: Case, *, actor, data: dict) -> str:
    if not data.get("rights_informed"):
        raise InvalidInput(
            _(
                "The party must be told the facts, reasons, basis and their rights, and be "
                "heard, before an on-the-spot decision."
            ),
            code="rights_not_informed",
            article=cite("行政处罚法 Art 44, 52"),
        )
    if not data.get("proposed_penalty_kinds"):
        raise InvalidInput(_("Choose the penalty."), code="invalid_input")
    case.decided_on, case.outcome = data["decided_on"], Case.Outcome.PENALTY
    check_leniency(case, Case.Outcome.PENALTY, data)
    if case.proposed_fine:
        deadlines.new_deadline(case, "payment", data["decided_on"])
    return Case.Outcome.PENALTY


def surcharge(fine: Decimal, due: datetime.date, paid_on: datetime.date) -> Decimal:
    """3% of the fine per day late, never more than the fine (行政处罚法 Art 72)."""
    days_late = max((paid_on - due).days, 0)
    rate = rules.threshold("surcharge_rate_percent") / 100
    return min(fine * rate * days_late, fine).quantize(Decimal("0.01"))


def record_payment(case: Case, *, actor, data: dict) -> None:
    due = Deadline.objects.filter(case=case, kind="payment").order_by("-id").first()
    extra = Decimal(0)
    if due is not None and case.proposed_fine:
        extra = surcharge(case.proposed_fine, due.due, data["paid_on"])
    payments = case.details.setdefault("payments", [])
    payments.append(
        {
            "paid_on": data["paid_on"].isoformat(),
            "amount": str(data["amount"]),
            "surcharge": str(extra),
        }
    )


def apply_to_court(case: Case, *, actor, data: dict) -> None:
    """Unpaid after the period: the application to the court (行政处罚法 Art 72) lets the
    case close (the court enforces)."""
    case.details["court_application"] = {"applied_on": data["applied_on"].isoformat()}


def accept_application(case: Case, *, actor, data: dict) -> None:
    case.filed_on = data["accepted_on"]


def licence_decided(case: Case, *, actor, data: dict) -> None:
    """Granted: the certificate within 10 days (行政许可法 Art 44); refused: closed."""
    if data["outcome"] == "granted":
        deadlines.new_deadline(case, "licence_certificate", data["decided_on"])
    else:
        close(case, actor=actor, data={"closed_on": data["decided_on"]})


def start_generic_limit(case: Case, *, actor, data: dict) -> None:
    """The matter's published time limit, else the installation's default."""
    matter = case.matter
    if matter.time_limit_days:
        deadlines.new_deadline(
            case,
            "generic_decision",
            data["accepted_on"],
            days=matter.time_limit_days,
            unit=matter.time_limit_kind,
        )
    else:
        deadlines.new_deadline(case, "generic_decision", data["accepted_on"])


def _transfer(case: Case, actor) -> Case:
    return transfer_to_penalty(case, actor=actor)


def counts_as_inspection(case: Case, outcome: str) -> bool:
    """The counting rule for one inspection (行政检查次数): an inspected object (a party
    of the case) with a complete, detailed record; not a patrol or visit without one, nor
    an inspection that led straight into a penalty case."""
    return (
        case.inspection_record_complete
        and outcome != Case.Outcome.TRANSFERRED
        and case.parties.exists()
    )


def conclude_inspection(case: Case, *, actor, data: dict) -> str:
    outcome = data["outcome"]
    case.decided_on = data["decided_on"]
    case.counted_inspection = counts_as_inspection(case, outcome)
    if outcome == "rectification":
        deadlines.new_deadline(case, "rectification", data["decided_on"])
        return outcome
    close(case, actor=actor, data={"closed_on": data["decided_on"]})
    if outcome == "transferred":
        _transfer(case, actor)
    return outcome


def verify_rectification(case: Case, *, actor, data: dict) -> str:
    outcome = data["outcome"]
    case.outcome = Case.Outcome.TRANSFERRED if outcome == "transferred" else case.outcome
    close(case, actor=actor, data={})
    if outcome == "transferred":
        _transfer(case, actor)
    return outcome


def collective_discussion_held(case: Case, *, actor, data: dict) -> None:
    if data.get("outcome") == "decide":
        case.details["collective_discussion"] = data["held_on"].isoformat()


def assign_handler(case: Case, *, actor, data: dict) -> None:
    officer = data["officer"]
    if case.handlers.filter(officer=officer, released_on__isnull=True).exists():
        raise InvalidInput(_("This officer already handles the case."), code="handler_exists")
    if data["role"] == CaseHandler.Role.LEAD:  # one lead at a time: the old one assists
        for old in case.handlers.filter(role=CaseHandler.Role.LEAD, released_on__isnull=True):
            old.role = CaseHandler.Role.ASSISTANT
            old.save(update_fields=["role", "updated_at"])
            _log(actor, "cases.casehandler.demoted", old, case)
    handler = CaseHandler.objects.create(case=case, officer=officer, role=data["role"])
    _log(actor, "cases.casehandler.assigned", handler, case)


def _active_handler(case: Case, officer) -> CaseHandler:
    handler = case.handlers.filter(officer=officer, released_on__isnull=True).first()
    if handler is None:
        raise InvalidInput(_("This officer does not handle the case."), code="not_a_handler")
    return handler


def release_handler(case: Case, *, actor, data: dict) -> None:
    handler = _active_handler(case, data["officer"])
    handler.released_on = timezone.localdate()
    handler.save(update_fields=["released_on", "updated_at"])
    _log(actor, "cases.casehandler.released", handler, case)


def _recuse(case: Case, officer, reason: str, actor) -> None:
    handler = case.handlers.filter(officer=officer, released_on__isnull=True).first()
    if handler is not None:
        handler.recused, handler.recusal_reason = True, reason
        handler.save(update_fields=["recused", "recusal_reason", "updated_at"])
        _log(actor, "cases.casehandler.recused", handler, case)


def request_recusal(case: Case, *, actor, data: dict) -> None:
    """A recusal the officer declares takes them off at once; one the party or another
    officer asks for waits for the head (行政处罚法 Art 43)."""
    recusal = Recusal.objects.create(
        case=case,
        officer=data["officer"],
        requested_by=data["requested_by"],
        reason=data["reason"],
    )
    _log(actor, "cases.recusal.requested", recusal, case)
    if recusal.requested_by == Recusal.RequestedBy.SELF:
        _recuse(case, recusal.officer, recusal.reason, actor)


def decide_recusal(case: Case, *, actor, data: dict) -> None:
    recusal = case.recusals.filter(pk=data["recusal"]).first()
    if recusal is None:
        raise InvalidInput(_("No such recusal on this case."), code="recusal_unknown")
    if recusal.decision != Recusal.Decision.PENDING:
        raise WrongState(_("This recusal has been decided."), code="recusal_decided")
    recusal.decision, recusal.decided_by = data["decision"], actor
    recusal.decided_on = timezone.localdate()
    recusal.save(update_fields=["decision", "decided_by", "decided_on", "updated_at"])
    _log(actor, "cases.recusal.decided", recusal, case)
    if recusal.decision == Recusal.Decision.GRANTED:
        _recuse(case, recusal.officer, recusal.reason, actor)


def suspend_clock(case: Case, *, actor, data: dict) -> None:
    if case.suspensions.filter(end__isnull=True).exists():
        raise WrongState(_("The time limit is already suspended."), code="clock_suspended")
    suspension = ClockSuspension.objects.create(
        case=case, kind=data["kind"], start=data["start"], reason=data["reason"]
    )
    _log(actor, "cases.clocksuspension.started", suspension, case)


def resume_clock(case: Case, *, actor, data: dict) -> None:
    suspension = case.suspensions.filter(end__isnull=True).first()
    if suspension is None:
        raise WrongState(_("The time limit is not suspended."), code="clock_running")
    if data["end"] < suspension.start:
        raise InvalidInput(
            _("The suspension cannot end before it started."), code="suspension_order"
        )
    suspension.end = data["end"]
    suspension.save(update_fields=["end", "updated_at"])
    _log(actor, "cases.clocksuspension.ended", suspension, case)


# The most an extension may add, where the law sets it (许可法 Art 42; 强制法 Art 25).
EXTENSION_LIMITS = {"licence_decision": "licence_extension", "seizure": "seizure_extension"}


def extend(case: Case, rule: str, *, actor, data: dict) -> None:
    deadline = Deadline.objects.filter(case=case, kind=rule).open().first()
    if deadline is None:
        raise WrongState(_("This time limit is not running."), code="deadline_not_open")
    limit_rule = EXTENSION_LIMITS.get(rule)
    total = deadline.extension_days + data["days"]
    if limit_rule and total > rules.period(limit_rule).days:
        limit = rules.period(limit_rule)
        raise InvalidInput(
            _("The extension may add at most %(n)s days in all.") % {"n": limit.days},
            code="extension_too_long",
            article=cite(limit.article),
        )
    deadline.extension_days = total
    deadline.save(update_fields=["extension_days", "updated_at"])
