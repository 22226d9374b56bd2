"""Deadlines on the working-day calendar: 2026 Spring Festival and National Day with their
make-up working days, provisional years, recomputation and the due lists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from openenforce.calendar.models import CalendarDay
from openenforce.calendar.services import delete_calendar_day, save_calendar_day
from openenforce.cases import deadlines, services
from openenforce.cases.models import Case, Deadline
from openenforce.ledger.models import Entry
from openenforce.testing.cases import WRITTEN, D, act, set_deadline, to_notified
from openenforce.testing.record import tamper

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


@pytest.mark.django_db
def test_defence_and_hearing_periods_across_the_spring_festival(team, officer, head):
    case = to_notified(
        team,
        officer,
        head,
        filed=D(2026, 2, 2),
        served=D(2026, 2, 12),
        proposed_penalty_kinds=["fine"],
        proposed_fine=Decimal("20000"),
    )
    defence = case.deadlines.get(kind="defence")
    # 13 Feb, Saturday 14 Feb (make-up working day), then 15–23 Feb off: 24 Feb.
    assert defence.due == D(2026, 2, 24)
    assert defence.unit == "working" and defence.article == "行政处罚法 Art 44, 45"
    assert any("2026-02-14" in line for line in defence.explanation)
    assert any("2026-02-16" in line for line in defence.explanation)
    assert case.deadlines.get(kind="hearing_request").due == D(2026, 2, 26)


@pytest.mark.django_db
def test_ninety_days_ending_in_the_spring_festival_move_to_the_next_working_day(
    team, officer, head
):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2025, 11, 20))
    limit = case.deadlines.get(kind="decision_limit")
    assert (limit.start, limit.days, limit.unit) == (D(2025, 11, 20), 90, "calendar")
    assert limit.due == D(2026, 2, 24)  # nominally 18 February, a holiday
    assert "《行政处罚法》第六十条" in limit.explanation[0]
    assert not limit.provisional


@pytest.mark.django_db
def test_service_period_across_national_day_counts_the_make_up_saturday(team, officer, head):
    case = to_notified(team, officer, head)
    case = act(
        case, "decide", head, outcome="penalty", decision_text="警告", decided_on=D(2026, 9, 30)
    )
    service = case.deadlines.get(kind="service")
    # 1–7 October off; 8, 9, Saturday 10 (make-up), 12, 13, 14, 15.
    assert service.due == D(2026, 10, 15)
    assert any("2026-10-10" in line for line in service.explanation)


@pytest.mark.django_db
def test_a_year_without_arrangement_is_provisional(team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2027, 3, 1))
    limit = case.deadlines.get(kind="decision_limit")
    assert limit.provisional
    assert "2027" in limit.explanation[-1]


@pytest.mark.django_db
def test_recompute_after_a_calendar_change(team, officer, head, system_actor):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 9, 1))
    assert case.deadlines.get(kind="decision_limit").due == D(2026, 11, 30)
    save_calendar_day(
        CalendarDay(date=D(2026, 11, 30), kind=CalendarDay.Kind.HOLIDAY, name="测试"),
        actor=system_actor,
    )
    # the single-day edit recomputed the stored deadline in its own transaction
    limit = case.deadlines.get(kind="decision_limit")
    assert limit.due == D(2026, 12, 1) and any("测试" in line for line in limit.explanation)
    assert Entry.objects.filter(event_type="cases.deadline.recomputed").count() == 1
    assert services.recompute_deadlines(actor=system_actor) == 0
    delete_calendar_day(CalendarDay.objects.get(date=D(2026, 11, 30)), actor=system_actor)
    assert case.deadlines.get(kind="decision_limit").due == D(2026, 11, 30)


@pytest.mark.django_db
def test_overdue_and_due_soon_lists(team, officer, head):
    late = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 6, 1))
    soon = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 9, 1))
    today = D(2026, 11, 27)
    assert list(Case.objects.overdue(today)) == [late]
    assert list(Case.objects.due_soon(5, today)) == [soon]
    assert list(Case.objects.due_soon(2, today)) == []
    assert Deadline.objects.open().overdue(today).get().case == late
    act(late, "extend_decision_limit", head, days=100, reason="批准延期")
    assert list(Case.objects.overdue(today)) == []


@pytest.mark.django_db
def test_rules_are_listed_with_their_articles(settings):
    from openenforce.cases import rules

    settings.OPENENFORCE_RULES = {"defence": {"days": 5}}
    periods = {p.code: p for p in rules.all_periods()}
    assert periods["defence"].days == 5 and periods["defence"].article
    assert all(p.article for p in periods.values())
    assert all(t.article for t in rules.all_thresholds())
    settings.OPENENFORCE_REVIEW_DAYS = 7
    assert rules.period("legal_review").days == 7


@pytest.mark.django_db
def test_emergency_report_is_counted_in_hours(team, officer):
    case = team.open("coercion", actor=officer)
    taken = datetime.datetime(2026, 10, 3, 22, 15, tzinfo=timezone.get_current_timezone())
    deadline = set_deadline(case, "emergency_report", D(2026, 10, 3), actor=officer, start_at=taken)
    # 24 hours to the minute; holidays do not stop the clock (行政强制法 Art 19)
    assert deadline.due_at == taken + datetime.timedelta(hours=24)
    assert deadline.due == D(2026, 10, 4)
    assert "2026-10-03 22:15" in " ".join(deadline.explanation)


@pytest.mark.tampers
@pytest.mark.django_db
def test_emergency_report_is_overdue_from_the_exact_moment(team, officer):
    case = team.open("coercion", actor=officer)
    taken = timezone.now() - datetime.timedelta(hours=23, minutes=59)
    deadline = set_deadline(case, "emergency_report", taken.date(), actor=officer, start_at=taken)
    assert not deadline.is_overdue()
    assert not Deadline.objects.filter(pk=deadline.pk).overdue().exists()
    tamper(
        Deadline.objects.filter(pk=deadline.pk),
        due_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    deadline.refresh_from_db()
    assert deadline.is_overdue()  # on the same day as its due date, yet past the hour
    assert Deadline.objects.filter(pk=deadline.pk).overdue().exists()
    assert not Deadline.objects.filter(pk=deadline.pk).due_soon().exists()


@pytest.mark.django_db
def test_emergency_report_recomputation_keeps_the_moment(team, officer):
    case = team.open("coercion", actor=officer)
    taken = datetime.datetime(2026, 10, 3, 22, 15, tzinfo=timezone.get_current_timezone())
    deadline = set_deadline(case, "emergency_report", D(2026, 10, 3), actor=officer, start_at=taken)
    assert deadlines.refresh_case(case) == []
    deadline.refresh_from_db()
    assert deadline.due_at == taken + datetime.timedelta(hours=24)
