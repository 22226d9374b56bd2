"""The daily deadline notifications: raised once per day, shown in the nav and the list."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openenforce.testing.cases import WRITTEN, act, set_deadline
from openenforce.workbench.models import Notification
from openenforce.workbench.services import notify_deadlines

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


@pytest.fixture
def overdue_case(team, officer, head):
    return act(team.open(actor=officer), "approve_filing", head, filed_on=datetime.date(2025, 1, 6))


def test_overdue_deadline_notifies_each_handler_once_per_day(overdue_case, officer):
    today = datetime.date(2026, 11, 27)
    raised = notify_deadlines(today=today)
    assert raised == 2  # both handlers have a user
    assert notify_deadlines(today=today) == 0
    note = Notification.objects.exclude(kind="handoff").get(user=officer)
    assert note.kind == "overdue" and overdue_case.number in note.message
    assert notify_deadlines(today=today + datetime.timedelta(days=1)) == 2


def test_nothing_due_raises_nothing(team, officer):
    team.open(actor=officer)  # a lead runs no deadline
    assert notify_deadlines(today=datetime.date(2026, 11, 27)) == 0


def test_command_and_pages(overdue_case, officer, client_for, capsys):
    call_command("workbench", "notify")
    client = client_for(officer)
    home = client.get(reverse("home")).text
    assert reverse("workbench:notifications") in home and "badge-warn" in home
    page = client.get(reverse("workbench:notifications"))
    assert overdue_case.number in page.text
    client.post(reverse("workbench:notifications_read"))
    assert not Notification.objects.unread().filter(user=officer).exists()


def test_notifications_are_private(overdue_case, outsider, client_for):
    notify_deadlines()
    assert (
        overdue_case.number not in client_for(outsider).get(reverse("workbench:notifications")).text
    )


def test_the_daily_background_task_is_queued_and_raises_them_once(overdue_case, officer):
    from django_tasks_db.models import DBTaskResult

    from openenforce.workbench.tasks import notify_deadlines_task

    call_command("workbench", "notify", "--enqueue", "--date", "2026-11-27")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "openenforce.workbench.tasks.notify_deadlines_task"
    assert queued.args_kwargs["args"] == ["2026-11-27"]
    # What the worker runs (the worker itself closes connections, so not inside a test).
    assert notify_deadlines_task.call("2026-11-27") == 2
    assert notify_deadlines_task.call("2026-11-27") == 0


def test_the_daily_run_deems_unanswered_applications_accepted(team, officer):
    case = team.open("licensing", actor=officer, opened_on=datetime.date(2026, 9, 28))
    call_command("workbench", "notify", "--date", "2026-10-12")
    case.refresh_from_db()
    assert case.state == "under_review"


def test_an_emergency_report_past_its_hour_today_is_overdue(team, officer, client_for):
    case = team.open("coercion", actor=officer)
    taken = timezone.now() - datetime.timedelta(hours=24, minutes=1)
    set_deadline(case, "emergency_report", taken.date(), actor=officer, start_at=taken)
    notify_deadlines()
    due = Notification.objects.exclude(kind=Notification.Kind.HANDOFF).get(user=officer, case=case)
    assert due.kind == Notification.Kind.OVERDUE
    listed = client_for(officer).get(reverse("workbench:list") + "?scope=agency&due=overdue")
    assert reverse("workbench:case", args=[case.pk]) in listed.text
