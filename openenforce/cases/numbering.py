"""Case numbers and the record of a case's deadlines: what both the engine and opening a
case need, kept below them so neither imports the other."""

from __future__ import annotations

import datetime

from openenforce.cases.lifecycles.base import Lifecycle
from openenforce.cases.models import Case, CaseNumberCounter, Deadline
from openenforce.ledger.services import record_bulk


def assign_number(case: Case, lifecycle: Lifecycle, day: datetime.date) -> None:
    """The next number of the agency, procedure and year, without gaps: the counter row
    is locked until the transaction ends."""
    if case.number:
        return
    CaseNumberCounter.objects.get_or_create(
        agency_id=case.agency_id, procedure=lifecycle.code, year=day.year
    )
    counter = CaseNumberCounter.objects.select_for_update().get(
        agency_id=case.agency_id, procedure=lifecycle.code, year=day.year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = case.agency.short_name or case.agency.code
    case.number = f"{prefix}{lifecycle.number_word}〔{day.year}〕第{counter.last}号"


def record_deadlines(case: Case, since, actor) -> None:
    """Record every deadline of the case created or changed since ``since``."""
    changed = Deadline.objects.filter(case=case, updated_at__gte=since)
    events = [("cases.deadline.set", deadline) for deadline in changed]
    if events:
        record_bulk(actor=actor, events=events, agency=case.agency)
