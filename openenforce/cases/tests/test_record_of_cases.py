"""Case actions that change other rows (deadlines, handlers) record each row they change,
so that ``ledger verify`` stays silent after them (it reported these rows as tampered)."""

import datetime

import pytest
from django.utils import timezone

from openenforce.ledger import verify
from openenforce.ledger.models import Entry
from openenforce.testing.cases import act, decide_on_spot


def entries_about(row) -> list[str]:
    kind = row._meta.label_lower
    found = Entry.objects.filter(subject_kind=kind, subject_id=str(row.pk)).order_by("sequence")
    return list(found.values_list("event_type", flat=True))


@pytest.mark.django_db
def test_closing_with_an_unpaid_fine_records_the_cancelled_payment_deadline(team, officer, head):
    decided_on = timezone.localdate() - datetime.timedelta(days=3)
    case = team.open("penalty_simplified", actor=officer)
    case = decide_on_spot(case, officer, decided_on=decided_on)
    payment = case.deadlines.get(kind="payment")
    assert payment.status == "open"
    # Unpaid, the case closes once the court has been applied to (行政处罚法 Art 72).
    case = act(case, "apply_to_court", head, applied_on=timezone.localdate())
    act(case, "close_case", officer)
    payment.refresh_from_db()
    assert payment.status == "cancelled"
    assert entries_about(payment)[-1] == "cases.deadline.set"
    assert verify.check_rows() == []


@pytest.mark.django_db
def test_a_new_lead_handler_records_the_old_lead_becoming_an_assistant(team, officer):
    team.officer("O3")
    case = team.open(actor=officer)
    old_lead = case.handlers.get(officer__code="O1")
    act(case, "assign_handler", officer, officer="O3", role="lead")
    old_lead.refresh_from_db()
    assert old_lead.role == "assistant"
    assert entries_about(old_lead)[-1] == "cases.casehandler.demoted"
    assert verify.check_rows() == []
