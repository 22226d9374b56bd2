"""Every change to remedies: registering one against a case's decision and recording its
outcome. Each writes its record entry in the same transaction (``ledger.services.record``).

Who may: the people who answer for the decision (``permissions.may_handle``): the case's
handlers, the agency head and the agency's legal reviewers (the legal office answers
reconsideration and litigation: 行政复议法 Art 48, 行政诉讼法 Art 3, 67).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.cases.models import Case
from openenforce.core.errors import FieldProblem, InvalidInput, WrongState
from openenforce.ledger.services import record
from openenforce.remedies.models import Remedy
from openenforce.remedies.permissions import check_may_handle

MAX_BODY = 200


def _invalid(problems: list[FieldProblem]) -> InvalidInput:
    details = "; ".join(p.message for p in problems)
    return InvalidInput(
        _("Invalid input: %(details)s") % {"details": details},
        code="invalid_input",
        problems=problems,
    )


def _choice(value: str, choices, field: str, problems: list[FieldProblem]) -> None:
    if value not in [c for c in choices if c]:
        problems.append(FieldProblem(field, _("Choose one of the listed values.")))


@transaction.atomic
def register_remedy(
    case: Case,
    *,
    actor: User,
    kind: str,
    body: str,
    filed_on: datetime.date,
    instance: str = "",
) -> Remedy:
    """A reconsideration or a litigation against ``case``'s decision: the case must have
    been decided. A litigation names its instance (first by default); a second instance
    needs a first one decided. Recorded as ``remedies.remedy.registered``."""
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    check_may_handle(actor, case)
    if case.decided_on is None:
        raise WrongState(
            _("Only a decided case can be challenged by reconsideration or litigation."),
            code="case_not_decided",
        )
    problems: list[FieldProblem] = []
    _choice(kind, Remedy.Kind.values, "kind", problems)
    body = (body or "").strip()
    if not body:
        problems.append(FieldProblem("body", _("Name the reconsideration body or the court.")))
    elif len(body) > MAX_BODY:
        problems.append(FieldProblem("body", _("The name is too long.")))
    if kind == Remedy.Kind.LITIGATION:
        instance = instance or Remedy.Instance.FIRST
        _choice(instance, Remedy.Instance.values, "instance", problems)
        first_decided = case.remedies.filter(
            kind=Remedy.Kind.LITIGATION, instance=Remedy.Instance.FIRST
        ).exclude(result="")
        if instance == Remedy.Instance.SECOND and not first_decided.exists():
            problems.append(
                FieldProblem(
                    "instance",
                    _("An appeal needs a first-instance judgment recorded on this case."),
                )
            )
    elif instance:
        problems.append(
            FieldProblem("instance", _("Only litigation has a first or second instance."))
        )
    if filed_on > timezone.localdate():
        problems.append(FieldProblem("filed_on", _("The day filed cannot be in the future.")))
    elif filed_on < case.decided_on:
        problems.append(FieldProblem("filed_on", _("The day filed cannot be before the decision.")))
    if problems:
        raise _invalid(problems)
    remedy = Remedy.objects.create(
        case=case, kind=kind, instance=instance, body=body, filed_on=filed_on
    )
    record(actor=actor, event_type="remedies.remedy.registered", subject=remedy, agency=case.agency)
    return remedy


@transaction.atomic
def record_remedy_outcome(
    remedy: Remedy,
    *,
    actor: User,
    result: str,
    decided_on: datetime.date,
    note: str = "",
) -> Remedy:
    """The reconsideration decision or judgment: its result, the day and a note. Once
    only (a further instance is a new remedy). Recorded as ``remedies.remedy.decided``."""
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    case = Case.objects.select_related("agency").get(pk=remedy.case_id)
    check_may_handle(actor, case)
    if remedy.result:
        raise WrongState(
            _("The outcome of this remedy is already recorded."), code="remedy_decided"
        )
    problems: list[FieldProblem] = []
    _choice(result, Remedy.Result.values, "result", problems)
    if decided_on > timezone.localdate():
        problems.append(FieldProblem("decided_on", _("The day decided cannot be in the future.")))
    elif decided_on < remedy.filed_on:
        problems.append(
            FieldProblem("decided_on", _("The day decided cannot be before the day filed."))
        )
    if len(note or "") > 20000:
        problems.append(FieldProblem("note", _("The note is too long.")))
    if problems:
        raise _invalid(problems)
    remedy.result, remedy.decided_on, remedy.note = result, decided_on, (note or "").strip()
    remedy.save(update_fields=["result", "decided_on", "note", "updated_at"])
    record(actor=actor, event_type="remedies.remedy.decided", subject=remedy, agency=case.agency)
    return remedy
