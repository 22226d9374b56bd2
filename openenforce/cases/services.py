"""The one write path for cases: opening one, its parties, transfers, and recomputing
deadlines. Actions on an open case go through ``perform_action`` (the engine)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.calendar.engine import WorkingCalendar
from openenforce.cases import deadlines
from openenforce.cases.engine import perform_action
from openenforce.cases.models import Case, Deadline
from openenforce.cases.numbering import record_deadlines
from openenforce.cases.opening import add_party, file_case, open_lead, transfer_to_penalty
from openenforce.cases.permissions import check_may_work_on
from openenforce.core.errors import FieldProblem, InvalidInput, WrongState
from openenforce.ledger.services import record

__all__ = [
    "add_party",
    "record_judiciary_acceptance",
    "deem_applications_accepted",
    "file_case",
    "open_lead",
    "perform_action",
    "recompute_deadlines",
    "transfer_to_penalty",
]


@transaction.atomic
def on_calendar_changed(sender: object, *, actor: User, **kwargs: object) -> None:
    """Receiver of ``calendar.signals.calendar_changed``: recompute every open deadline."""
    recompute_deadlines(actor=actor)


def recompute_deadlines(*, actor: User, since: datetime.date | None = None) -> int:
    """Recompute open deadlines (the calendar changed, or suspensions ran on); only
    those due on or after ``since`` when given. Each changed one is recorded as
    ``cases.deadline.recomputed``. Returns how many changed."""
    calendar = WorkingCalendar()
    open_deadlines = Deadline.objects.open().select_related("case__agency")
    if since is not None:
        open_deadlines = open_deadlines.filter(due__gte=since)
    changed = 0
    for deadline in open_deadlines.iterator():
        if deadlines.refresh(deadline, calendar):
            record(
                actor=actor,
                event_type="cases.deadline.recomputed",
                subject=deadline,
                agency=deadline.case.agency,
            )
            changed += 1
    return changed


@transaction.atomic
def deem_applications_accepted(*, actor: User, today: datetime.date | None = None) -> int:
    """行政许可法 Art 32: an application neither accepted, rejected nor sent back for
    supplement within 5 working days is accepted from the day it was received. Moves each
    such licensing case to review, starts the 20-day decision period from the receipt and
    records ``cases.case.deemed_accepted``. Returns how many were accepted."""
    today = today or timezone.localdate()
    late = (
        Deadline.objects.open()
        .filter(
            kind="licence_completeness",
            due__lt=today,
            case__state="applied",
            case__procedure="licensing",
        )
        .select_related("case__agency")
    )
    count = 0
    for deadline in late:
        started = timezone.now()
        case = Case.objects.select_for_update().get(pk=deadline.case_id)
        deadline.status = Deadline.Status.CANCELLED
        deadline.save(update_fields=["status", "updated_at"])
        case.state, case.filed_on = "under_review", case.opened_on
        case.details["deemed_accepted"] = {
            "on": today.isoformat(),
            "after": deadline.due.isoformat(),
        }
        case.save()
        deadlines.new_deadline(case, "licence_decision", case.opened_on)
        record(actor=actor, event_type="cases.case.deemed_accepted", subject=case)
        record_deadlines(case, started, actor)
        count += 1
    return count


@transaction.atomic
def record_judiciary_acceptance(case: Case, *, actor: User, accepted_on: datetime.date) -> Case:
    """The judiciary accepted (立案/受理) a case the agency transferred to it as a suspected
    crime (行政处罚法 Art 27; 行政执法机关移送涉嫌犯罪案件的规定 Art 8): ``accepted_on`` is
    kept on the case and recorded as ``cases.case.judiciary_accepted``. Only the case's
    handlers and the agency head (``may_work_on``), once, on or after the decision and
    not in the future."""
    locked = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    check_may_work_on(actor, locked)
    if locked.outcome != Case.Outcome.TRANSFER_JUDICIARY:
        raise WrongState(
            _("Only a case transferred to the judiciary can be accepted by it."),
            code="not_transferred",
        )
    if locked.judiciary_accepted_on is not None:
        raise WrongState(
            _("The judiciary's acceptance is already recorded."), code="already_accepted"
        )
    problem = ""
    if accepted_on > timezone.localdate():
        problem = _("The day of acceptance cannot be in the future.")
    elif locked.decided_on is not None and accepted_on < locked.decided_on:
        problem = _("The judiciary cannot accept the case before it was transferred.")
    if problem:
        raise InvalidInput(
            _("Invalid input: %(details)s") % {"details": problem},
            code="invalid_input",
            problems=[FieldProblem("accepted_on", problem)],
        )
    locked.judiciary_accepted_on = accepted_on
    locked.save(update_fields=["judiciary_accepted_on", "updated_at"])
    record(actor=actor, event_type="cases.case.judiciary_accepted", subject=locked)
    case.judiciary_accepted_on = accepted_on
    return locked
