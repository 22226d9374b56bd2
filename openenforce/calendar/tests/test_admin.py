"""The Django admin of the calendar: administrators only, saves through the services."""

import datetime

import pytest
from django.urls import reverse

from openenforce.calendar.models import CalendarDay, HolidayArrangement
from openenforce.ledger.models import Entry


def test_an_administrator_adds_a_day_and_the_record_has_it(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("admin:calendar_calendarday_add"),
        {"date": "2026-11-25", "kind": "holiday", "name": "示例假日"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=datetime.date(2026, 11, 25))
    assert day.source == "manual"
    entry = Entry.objects.order_by("-sequence").first()
    assert (entry.event_type, entry.actor_id) == ("calendar.calendarday.created", admin_user.pk)


def test_the_admin_form_refuses_a_make_up_day_on_a_weekday(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("admin:calendar_calendarday_add"),
        {"date": "2026-11-25", "kind": "workday", "name": "示例"},
    )
    assert response.status_code == 200
    assert "调休上班日必须是星期六或星期日" in response.content.decode()
    assert not CalendarDay.objects.filter(date=datetime.date(2026, 11, 25)).exists()


def test_an_administrator_marks_a_year_entered(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("admin:calendar_holidayarrangement_add"), {"year": "2027", "note": "手工录入"}
    )
    assert response.status_code == 302
    mark = HolidayArrangement.objects.get(year=2027)
    assert (mark.source, mark.entered_by) == ("manual", admin_user)


def test_an_administrator_deletes_a_day_through_the_service(client_for, admin_user):
    day = CalendarDay.objects.get(date=datetime.date(2026, 10, 10))
    response = client_for(admin_user).post(
        reverse("admin:calendar_calendarday_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert Entry.objects.order_by("-sequence").first().event_type == "calendar.calendarday.deleted"


@pytest.mark.tampers
def test_staff_without_the_administrator_role_cannot_edit(client_for, officer):
    officer.is_staff = True  # even with admin-site access, the calendar is not theirs
    officer.save()
    client = client_for(officer)
    assert client.get(reverse("admin:calendar_calendarday_changelist")).status_code == 403
    response = client.post(
        reverse("admin:calendar_calendarday_add"),
        {"date": "2026-11-25", "kind": "holiday", "name": "x"},
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date=datetime.date(2026, 11, 25)).exists()
