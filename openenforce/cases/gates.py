"""Gates: conditions an action needs besides state and role, each naming its article.

A gate is ``gate(case, data, today) -> GateResult``; ``data`` is the action's cleaned
input when the action is being performed, ``None`` when the pages only ask whether it
is available (gates that read the input then let it through). Lifecycles name gates
by their key in ``GATES``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from openenforce.cases import registry, rules
from openenforce.cases.lifecycles.base import Action
from openenforce.cases.models import Case, CaseHandler, Deadline, Recusal
from openenforce.catalog.models import Certificate, Officer, PenaltyKind


@dataclass(frozen=True)
class GateResult:
    """Whether a gate lets an action through; if not, why, and under which article."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    article: str = ""


OPEN = GateResult(ok=True)

# Heavy penalties that give the party the right to a hearing (行政处罚法 Art 63).
HEARING_KINDS = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENCE,
        PenaltyKind.RESTRICT_OPERATION,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSURE,
        PenaltyKind.RESTRICT_EMPLOYMENT,
    }
)


def _refuse(reason: str, article: str) -> GateResult:
    return GateResult(ok=False, reasons=[reason], article=article)


def certified_officer_ids(case: Case, officer_ids: list[int], today: datetime.date) -> set[int]:
    """Officers among ``officer_ids`` who may enforce on ``case`` today: staff of the
    agency (never contract staff), active, with a certificate valid today covering the
    matter's field (行政处罚法 Art 42; 行政强制法 Art 17)."""
    eligible = Officer.objects.filter(
        pk__in=officer_ids, agency_id=case.agency_id, status=Officer.Status.ACTIVE
    ).exclude(employment=Officer.Employment.CONTRACT)
    certified = Certificate.objects.valid_on(today).filter(
        officer__in=eligible, fields__id=case.matter.field_id
    )
    return set(certified.values_list("officer_id", flat=True))


def two_certified_handlers(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    article = rules.THRESHOLDS["minimum_handlers"].article
    needed = int(rules.threshold("minimum_handlers"))
    handlers = list(case.handlers.active().select_related("officer"))
    ok_ids = certified_officer_ids(case, [h.officer_id for h in handlers], today)
    if len(ok_ids) >= needed:
        return GateResult(ok=True, article=article)
    reasons = [
        _(
            "At least %(n)s officers holding certificates valid today for the matter's "
            "field must handle the case; it has %(have)s."
        )
        % {"n": needed, "have": len(ok_ids)}
    ]
    reasons += [
        _(
            "%(officer)s does not count: no valid certificate for this field, contract staff, "
            "or not active."
        )
        % {"officer": h.officer}
        for h in handlers
        if h.officer_id not in ok_ids
    ]
    return GateResult(ok=False, reasons=reasons, article=article)


def no_pending_recusal(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    pending = case.recusals.filter(decision=Recusal.Decision.PENDING).exists()
    if pending:
        return _refuse(
            _("A recusal request is pending; the agency head must decide it first."),
            "行政处罚法 Art 43",
        )
    return OPEN


def prior_notice_served(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    if case.prior_notice_served_on is None:
        return _refuse(
            _("The party must be notified of the intended penalty and of their rights first."),
            "行政处罚法 Art 44",
        )
    return OPEN


def defence_period_passed(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """The defence and hearing-request periods must have run out, unless waived in
    writing; a statement does not end them (the party may add to it)."""
    if case.defence_waived:
        return OPEN
    running = (
        Deadline.objects.filter(
            case=case,
            kind__in=("defence", "hearing_request"),
            status=Deadline.Status.OPEN,
            due__gte=today,
        )
        .order_by("-due")
        .first()
    )
    if running is None:
        return OPEN
    return _refuse(
        _(
            "The period for statement, defence or a hearing request runs until %(due)s; "
            "decide after it, or record a written waiver."
        )
        % {"due": running.due.isoformat()},
        running.article,
    )


def no_pending_hearing(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    if case.hearing_requested and not case.hearing_held:
        return _refuse(
            _("A hearing was requested; no decision before it has been held."),
            "行政处罚法 Art 63, 64",
        )
    return OPEN


def collective_discussion_held(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    if case.is_complex and not case.details.get("collective_discussion"):
        return _refuse(
            _("A complex or serious case needs the leaders' collective discussion first."),
            "行政处罚法 Art 57",
        )
    return OPEN


def collective_discussion_needed(case: Case, data: dict | None, today) -> GateResult:
    if not case.is_complex:
        return _refuse(
            _("Only complex or serious cases go to collective discussion from here."),
            "行政处罚法 Art 57",
        )
    return OPEN


def review_required(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """Submitting for review makes sense only for a major decision (Art 58). The reviews
    app registers the gate; this fallback keeps the action closed while it is missing."""
    return _refuse(_("The legal review module is not installed."), "行政处罚法 Art 58")


def review_passed(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """Delegated to the reviews app (行政处罚法 Art 58), which registers the gate; this
    fallback keeps the decision closed while it is missing."""
    return _refuse(_("The legal review module is not installed."), "行政处罚法 Art 58")


def hearing_eligible(case: Case) -> bool:
    """Whether the intended penalty gives the right to a hearing (行政处罚法 Art 63)."""
    if HEARING_KINDS.intersection(case.proposed_penalty_kinds or ()):
        return True
    is_org = case.parties.filter(kind="organisation").exists()
    suffix = "org" if is_org else "person"
    limit = rules.threshold(f"hearing_fine_{suffix}")
    amounts = (case.proposed_fine, case.proposed_confiscation)
    return any(amount is not None and amount >= limit for amount in amounts)


def hearing_available(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    if not hearing_eligible(case):
        return _refuse(
            _("The intended penalty does not give the right to a hearing."),
            "行政处罚法 Art 63",
        )
    period = Deadline.objects.filter(case=case, kind="hearing_request").first()
    day = (data or {}).get("requested_on") or today
    if period is None or period.status != Deadline.Status.OPEN or day > period.due:
        return _refuse(
            _("A hearing must be requested within 5 days of the prior notice."),
            "行政处罚法 Art 64",
        )
    return OPEN


def hearing_chair_independent(case: Case, data: dict | None, today) -> GateResult:
    chair = (data or {}).get("chair")
    if chair is None:
        return OPEN
    if CaseHandler.objects.filter(case=case, officer=chair).exists():
        return _refuse(
            _("The hearing must be chaired by someone who did not investigate the case."),
            "行政处罚法 Art 64",
        )
    return OPEN


def simplified_thresholds(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """On the spot: a warning, or a fine up to 200 yuan (person) / 3,000 (organisation)."""
    source = data if data is not None else {}
    kinds = set(source.get("proposed_penalty_kinds") or ())
    allowed = {PenaltyKind.WARNING.value, PenaltyKind.FINE.value}
    is_org = case.parties.filter(kind="organisation").exists()
    limit = rules.threshold("simplified_fine_org" if is_org else "simplified_fine_person")
    fine = source.get("proposed_fine") or Decimal(0)
    if kinds - allowed or fine > limit:
        return _refuse(
            _(
                "The simplified procedure allows only a warning or a fine of at most %(limit)s "
                "yuan for this party; use the ordinary procedure."
            )
            % {"limit": limit},
            "行政处罚法 Art 51",
        )
    return OPEN


def recording_made(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """The agency's recording list (音像记录事项清单) may require an audio/video recording
    of this step: then a recording of it, or a recorded reason why none exists, must be
    there first (行政处罚法 Art 47). The recordings app registers the gate; this fallback
    is open without it."""
    return OPEN


def _payment_open(case: Case) -> bool:
    return Deadline.objects.filter(case=case, kind="payment", status=Deadline.Status.OPEN).exists()


def payment_outstanding(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """A payment is recorded while the fine is outstanding (its payment period is open)."""
    if _payment_open(case):
        return OPEN
    return _refuse(_("No fine is outstanding on this case."), "行政处罚法 Art 67")


def fine_settled(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """A penalty case closes when the decision has been carried out (执行完毕): a fine is
    paid, or, unpaid, the agency has applied to the court for enforcement."""
    if not _payment_open(case) or case.details.get("court_application"):
        return OPEN
    return _refuse(
        _(
            "The fine has not been paid: record the payment, or apply to the court for "
            "enforcement, before closing the case."
        ),
        "行政处罚法 Art 67, 72",
    )


GATES: dict[str, Callable[[Case, dict | None, datetime.date], GateResult]] = {
    fn.__name__: fn
    for fn in (
        two_certified_handlers,
        no_pending_recusal,
        prior_notice_served,
        defence_period_passed,
        no_pending_hearing,
        collective_discussion_held,
        collective_discussion_needed,
        review_required,
        review_passed,
        hearing_available,
        hearing_chair_independent,
        simplified_thresholds,
        recording_made,
        payment_outstanding,
        fine_settled,
    )
}
"""The gates the lifecycles may name; those an extension app registers
(``cases.registry.register_gate``) replace the fallback of the same name here."""


def resolve(name: str) -> Callable[[Case, dict | None, datetime.date], GateResult]:
    """The gate called ``name``: the one an installed app registered, else cases' own."""
    return registry.gate(name) or GATES[name]


def check_gates(
    case: Case, action: Action, data: dict | None, today: datetime.date
) -> list[tuple[str, GateResult]]:
    """The gates of ``action`` that are shut, with their results."""
    shut = []
    for name in action.gates:
        result = resolve(name)(case, data, today)
        if not result.ok:
            shut.append((name, result))
    return shut
