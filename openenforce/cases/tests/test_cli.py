"""``openenforce cases …`` commands."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from openenforce.calendar.models import CalendarDay
from openenforce.testing.cases import WRITTEN, D, act, set_deadline

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


def run(*args) -> str:
    out = io.StringIO()
    call_command("cases", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_due_soon_lists_overdue_deadlines(team, officer, head):
    act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 6, 1))
    lines = run("due-soon", "--days", "3", "--agency", "cnna-sa").splitlines()
    assert len(lines) == 1
    due, status, number, _rule, article = lines[0].split("\t")
    assert (due, status, number) == ("2026-08-31", "overdue", "长新社罚立字〔2026〕第1号")
    assert article == "行政处罚法 Art 60"


@pytest.mark.django_db
def test_due_soon_marks_an_emergency_report_overdue_from_its_hour(team, officer):
    case = team.open("coercion", actor=officer)
    taken = timezone.now() - datetime.timedelta(hours=24, minutes=1)
    set_deadline(case, "emergency_report", taken.date(), actor=officer, start_at=taken)
    lines = run("due-soon", "--days", "3").splitlines()
    assert [line.split("\t")[1] for line in lines] == ["overdue"]


@pytest.mark.django_db
def test_due_soon_refuses_an_unknown_agency(team):
    with pytest.raises(CommandError):
        run("due-soon", "--agency", "nope")


@pytest.mark.django_db
def test_recompute_deadlines(team, officer, head, system_actor):
    act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 9, 1))
    # a day written behind the services' back (a restored table): the command catches up
    CalendarDay.objects.create(date=D(2026, 11, 30), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    assert run("recompute-deadlines", "--since", "2026-11-01").strip().startswith("1")
    with pytest.raises(CommandError):
        run("recompute-deadlines", "--since", "tomorrow")


def test_docs_command_prints_the_generated_document():
    assert run("docs").startswith("# Case lifecycles")
