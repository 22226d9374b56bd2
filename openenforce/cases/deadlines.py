"""Deadlines on cases: computed on the working-day calendar, explained, recomputed.

A deadline's due date is its rule's period (``cases.rules``) plus an approved extension
plus, for suspendable rules, the days of the case's clock suspensions after its start
(hearing, testing, announcement: 行政处罚法 Art 60, 行政许可法 Art 45). The explanation
is stored with the deadline in the installation's language.

These are helpers of the engine and of ``services``: they run inside the caller's
transaction and the caller writes the record.
"""

from __future__ import annotations

import copy
import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openenforce.calendar.engine import (
    WorkingCalendar,
    add_calendar_days,
    add_working_days,
)
from openenforce.calendar.explain import explain
from openenforce.cases import rules
from openenforce.cases.articles import cite
from openenforce.cases.models import Case, ClockSuspension, Deadline


def _suspended(suspensions, start: datetime.date, unit: str, calendar, today) -> int:
    """Days of the suspensions after ``start``: calendar days, or working days for a
    period counted in working days."""
    total = 0
    for suspension in suspensions:
        first = max(suspension.start, start + datetime.timedelta(days=1))
        last = suspension.end or today
        day = first
        while day <= last:
            total += unit != rules.WORKING or calendar.day(day).is_working
            day += datetime.timedelta(days=1)
    return total


def _rule_lines(deadline: Deadline) -> list[str]:
    lines = [
        _("Rule: %(rule)s (%(article)s).")
        % {"rule": deadline.label, "article": cite(deadline.article)}
    ]
    if deadline.extension_days:
        lines.append(_("Extension approved: %(n)s days.") % {"n": deadline.extension_days})
    if deadline.suspended_days:
        lines.append(
            _("Not counted: %(n)s days suspended (hearing, testing or announcement).")
            % {"n": deadline.suspended_days}
        )
    return lines


def _hours_due(deadline: Deadline, start_at: datetime.datetime | None) -> list[str]:
    """Set ``due_at`` to the exact moment (行政强制法 Art 19: 24 hours from the measure),
    ``due`` to its local day. Without a known moment the start day's midnight is used,
    the earliest reading, so the report is never shown as due later than it is."""
    hours = datetime.timedelta(hours=deadline.days)
    if start_at is None and deadline.due_at is not None:
        start_at = deadline.due_at - hours  # a recomputation: the moment is unchanged
    if start_at is None:
        start_at = timezone.make_aware(datetime.datetime.combine(deadline.start, datetime.time.min))
    deadline.due_at = start_at + hours
    deadline.due = timezone.localdate(deadline.due_at)
    moment = timezone.localtime(start_at).strftime("%Y-%m-%d %H:%M")
    return [_("Within %(n)s hours of %(date)s.") % {"n": deadline.days, "date": moment}]


def compute(
    deadline: Deadline,
    *,
    calendar: WorkingCalendar | None = None,
    today=None,
    start_at: datetime.datetime | None = None,
    language: str | None = None,
) -> None:
    """Set ``due`` (and ``due_at`` for a period in hours), ``suspended_days``,
    ``explanation`` (in ``language``, by default the installation's) and ``provisional``
    in place."""
    calendar = calendar or WorkingCalendar()
    today = today or timezone.localdate()
    rule = rules.PERIODS.get(deadline.kind)
    if rule is not None and rule.suspendable:
        suspensions = ClockSuspension.objects.filter(case_id=deadline.case_id)
        deadline.suspended_days = _suspended(
            suspensions, deadline.start, deadline.unit, calendar, today
        )
    with translation.override(language or settings.LANGUAGE_CODE):
        if deadline.unit == rules.HOURS:
            lines, deadline.provisional = _hours_due(deadline, start_at), False
        else:
            add = add_working_days if deadline.unit == rules.WORKING else add_calendar_days
            total = deadline.days + deadline.extension_days + deadline.suspended_days
            result = add(deadline.start, total, calendar=calendar)
            deadline.due, lines = result.due, explain(result)
            deadline.provisional = result.provisional
        deadline.explanation = _rule_lines(deadline) + lines


def new_deadline(
    case: Case,
    code: str,
    start: datetime.date,
    *,
    days: int | None = None,
    unit: str = "",
    start_at: datetime.datetime | None = None,
) -> Deadline:
    """A deadline of rule ``code`` starting on ``start`` (saved), any open one of the
    same kind on the case being cancelled first (a restarted period). ``start_at`` is
    the exact moment, used by periods counted in hours."""
    _cancel(Deadline.objects.filter(case=case, kind=code, status=Deadline.Status.OPEN))
    rule = rules.period(code)
    deadline = Deadline(
        case=case,
        kind=code,
        rule=str(rule.label),
        article=rule.article,
        start=start,
        days=rule.days if days is None else days,
        unit=unit or rule.unit,
    )
    compute(deadline, start_at=start_at)
    deadline.save()
    return deadline


def meet(case: Case, codes: tuple[str, ...], day: datetime.date) -> list[Deadline]:
    """Mark the open deadlines of ``codes`` met on ``day``."""
    found = list(Deadline.objects.filter(case=case, kind__in=codes, status=Deadline.Status.OPEN))
    for deadline in found:
        deadline.status, deadline.met_on = Deadline.Status.MET, day
        deadline.save(update_fields=["status", "met_on", "updated_at"])
    return found


def cancel_open(case: Case) -> int:
    """Closing a case ends whatever still runs."""
    return len(_cancel(Deadline.objects.filter(case=case, status=Deadline.Status.OPEN)))


def _cancel(open_deadlines) -> list[Deadline]:
    """Cancel each deadline row by row: saving bumps ``updated_at``, so the caller's
    ``record_deadlines`` records every one (a queryset update would change them unseen)."""
    found = list(open_deadlines.select_for_update())
    for deadline in found:
        deadline.status = Deadline.Status.CANCELLED
        deadline.save(update_fields=["status", "updated_at"])
    return found


def explanation_in_reader_language(deadline: Deadline, calendar: WorkingCalendar) -> list[str]:
    """The stored explanation, or (for a reader of another language than the
    installation's) the same computation explained in theirs; nothing is saved. A closed
    deadline is explained afresh only where today's calendar still gives the due date it
    was closed with (else its stored words, which explain that date)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    same = language.lower() == settings.LANGUAGE_CODE.lower()
    if same or deadline.unit == rules.HOURS:
        return list(deadline.explanation)
    shown = copy.copy(deadline)
    compute(shown, calendar=calendar, language=language)
    if deadline.status != Deadline.Status.OPEN and shown.due != deadline.due:
        return list(deadline.explanation)
    return shown.explanation


def refresh(deadline: Deadline, calendar: WorkingCalendar, today=None) -> bool:
    """Recompute one stored deadline; True when its due date or explanation changed."""
    fields = ("due", "due_at", "suspended_days", "explanation", "provisional")
    before = [getattr(deadline, name) for name in fields]
    compute(deadline, calendar=calendar, today=today)
    after = [getattr(deadline, name) for name in fields]
    if before == after:
        return False
    deadline.save(update_fields=[*fields, "updated_at"])
    return True


def refresh_case(case: Case) -> list[Deadline]:
    """Recompute the case's open deadlines (after a suspension or extension)."""
    calendar = WorkingCalendar()
    return [d for d in Deadline.objects.filter(case=case).open() if refresh(d, calendar)]
