"""REST: /api/v1/calendar/due and /api/v1/calendar/years/{year}."""

from openenforce.testing.api import api_as


def test_due_date_with_its_explanation(officer):
    body = api_as(officer).get("/api/v1/calendar/due?start=2026-09-28&days=7").json()
    assert body["due"] == "2026-10-13"
    assert body["provisional"] is False
    assert [d["date"] for d in body["makeup_counted"]] == ["2026-10-10"]
    assert body["skipped"][0] == {
        "date": "2026-10-01",
        "kind": "holiday",
        "name": "国庆节",
        "provisional": False,
    }
    assert body["explanation"][-1] == "到期日：2026-10-13。"


def test_calendar_days_into_a_provisional_year(officer):
    body = api_as(officer).get("/api/v1/calendar/due?start=2026-12-25&days=7&unit=calendar").json()
    assert (body["due"], body["provisional"], body["provisional_years"]) == (
        "2027-01-04",
        True,
        [2027],
    )


def test_refusals_answer_422_with_a_code(officer):
    client = api_as(officer)
    response = client.get("/api/v1/calendar/due?start=2026-09-28&days=-1")
    assert (response.status_code, response.json()["code"]) == (422, "calendar_bad_days")
    response = client.get("/api/v1/calendar/due?start=2003-03-03&days=1")
    assert (response.status_code, response.json()["code"]) == (422, "calendar_year_unknown")
    response = client.get("/api/v1/calendar/years/99999")
    assert (response.status_code, response.json()["code"]) == (422, "calendar_bad_year")


def test_a_provisional_year(officer):
    body = api_as(officer).get("/api/v1/calendar/years/2027").json()
    assert body["provisional"] is True
    assert len(body["days"]) == 13 and all(day["provisional"] for day in body["days"])


def test_anonymous_callers_are_refused(db):
    assert api_as(None).get("/api/v1/calendar/due?start=2026-09-28&days=7").status_code == 401
    assert api_as(None).get("/api/v1/calendar/years/2026").status_code == 401
