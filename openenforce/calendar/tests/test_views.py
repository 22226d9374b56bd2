"""The calendar staff page, the due-date calculator and the arrangement upload."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openenforce.calendar.models import CalendarDay, HolidayArrangement


def test_the_page_needs_a_login(client):
    response = client.get(reverse("calendar:calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_officer_sees_an_entered_year_without_the_import_form(client_for, officer):
    response = client_for(officer).get(reverse("calendar:calendar"), {"year": 2026})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026 年工作日历" in page and "2026-02-14" in page and "调休上班" in page
    assert "暂定" not in page
    assert "录入年度放假安排" not in page


def test_a_provisional_year_is_marked_on_the_page(client_for, officer):
    page = client_for(officer).get(reverse("calendar:calendar"), {"year": 2027}).content.decode()
    assert "2027 年的国务院放假安排尚未录入" in page
    assert page.count('badge-warn">暂定') >= 13


def test_a_year_that_cannot_be_computed_shows_the_reason(client_for, officer):
    response = client_for(officer).get(reverse("calendar:calendar"), {"year": 2003})
    assert response.status_code == 200
    assert "2003 年的放假安排尚未录入" in response.content.decode()


def test_the_calculator_answers_htmx_with_a_fragment(client_for, officer):
    response = client_for(officer).get(
        reverse("calendar:calendar_due"),
        {"start": "2026-09-28", "days": "7", "unit": "working"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "到期日: 2026-10-13" in page or "到期日：2026-10-13" in page
    assert "2026-10-10 计入：调休上班日（国庆节）" in page


def test_the_calculator_marks_provisional_results(client_for, officer):
    page = (
        client_for(officer)
        .get(
            reverse("calendar:calendar_due"),
            {"start": "2026-12-25", "days": "7", "unit": "calendar"},
        )
        .content.decode()
    )
    assert "2027-01-04" in page and 'badge-warn">暂定' in page


def test_the_calculator_refuses_bad_input(client_for, officer):
    response = client_for(officer).get(
        reverse("calendar:calendar_due"), {"start": "2026-02-30", "days": "-1", "unit": "working"}
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_the_calculator_needs_a_login(client):
    assert (
        client.get(
            reverse("calendar:calendar_due"), {"start": "2026-09-28", "days": "7"}
        ).status_code
        == 302
    )


def upload(client, data: bytes):
    return client.post(
        reverse("calendar:calendar_import") + "?year=2027",
        {"file": SimpleUploadedFile("2027.txt", data, content_type="text/plain")},
    )


def test_an_administrator_uploads_an_arrangement(client_for, admin_user, example_2027):
    client = client_for(admin_user)
    assert "录入年度放假安排" in client.get(reverse("calendar:calendar")).content.decode()
    response = upload(client, example_2027)
    assert response.status_code == 302
    assert HolidayArrangement.objects.get(year=2027).entered_by == admin_user
    page = client.get(response["Location"]).content.decode()
    assert "2027 年已录入：新增 35 天" in page
    assert "尚未录入" not in page


def test_a_bad_upload_names_the_line_and_changes_nothing(client_for, admin_user):
    response = upload(client_for(admin_user), "year 2027\n2027-13-01 元旦 holiday\n".encode())
    assert response.status_code == 422
    assert "第2行：“2027-13-01”不是 YYYY-MM-DD 格式的日期" in response.content.decode()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_large_upload_is_refused_without_reading_it_all(client_for, admin_user):
    response = upload(client_for(admin_user), b"year 2027\n" + b"#" * 5_000_000)
    assert response.status_code == 422
    assert "64 KB" in response.content.decode()
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_others_may_not_upload(client_for, officer, head, supervisor, example_2027):
    for user in (officer, head, supervisor):
        assert upload(client_for(user), example_2027).status_code == 403
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_the_calculator_shows_a_refusal_in_the_htmx_fragment(client_for, officer):
    response = client_for(officer).get(
        reverse("calendar:calendar_due"),
        {"start": "2003-03-03", "days": "1", "unit": "working"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "2003 年的放假安排尚未录入" in response.content.decode()
