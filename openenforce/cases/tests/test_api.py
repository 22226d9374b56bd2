"""The cases REST API: allowed and forbidden, agency isolation, refusal shapes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from openenforce.cases.models import Case
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, act

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md

NEW = {
    "procedure": "penalty_ordinary",
    "matter": "M-penalty",
    "title": "未建立评估制度",
    "source": "complaint",
    "parties": [{"kind": "organisation", "name": "某养老院"}],
    "handlers": ["O1", "O2"],
}


@pytest.mark.django_db
def test_open_a_case_and_read_it_with_its_actions(team, officer, head):
    response = api_as(officer).post("/api/v1/cases/", NEW)
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["parties"][0]["name"]) == ("lead", "某养老院")
    assert {h["officer"] for h in body["handlers"]} == {"O1", "O2"}
    detail = api_as(head).get(f"/api/v1/cases/{body['id']}").json()
    codes = {offer["code"]: offer for offer in detail["available_actions"]}
    assert codes["approve_filing"]["allowed"] and codes["approve_filing"]["inputs"]


@pytest.mark.django_db
def test_open_answers_422_naming_a_party_number_that_fails_its_check(team, officer):
    party = {"kind": "organisation", "name": "某养老院", "credit_code": "91220101MA0000000X"}
    response = api_as(officer).post("/api/v1/cases/", {**NEW, "parties": [party]})
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
    assert [p["field"] for p in response.json()["problems"]] == ["credit_code"]
    assert "统一社会信用代码校验位不正确" in response.json()["message"]
    party = {
        "kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "220102199001011234",
    }
    response = api_as(officer).post("/api/v1/cases/", {**NEW, "parties": [party]})
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["problems"]] == ["id_number"]
    assert not Case.objects.filter(title=NEW["title"]).exists()


@pytest.mark.django_db
def test_open_is_refused_without_role_and_for_an_unknown_matter(team, officer, publisher):
    assert api_as(publisher).post("/api/v1/cases/", NEW).status_code == 403
    response = api_as(officer).post("/api/v1/cases/", {**NEW, "matter": "NOPE"})
    assert response.status_code == 404
    response = api_as(officer).post("/api/v1/cases/", {**NEW, "procedure": "duel"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
    assert api_as(None).post("/api/v1/cases/", NEW).status_code == 401


@pytest.mark.django_db
def test_actions_answer_409_and_422_with_stable_codes(team, officer, head):
    case = team.open(actor=officer)
    url = f"/api/v1/cases/{case.pk}/actions/"
    response = api_as(head, language="zh-hans").post(url + "decide", {"outcome": "penalty"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "case_wrong_state" and "不" in body["message"]
    assert body["article"].startswith("《行政处罚法》第") and body["article"] in body["message"]
    response = api_as(head).post(url + "approve_filing", {"filed_on": "someday"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "filed_on"
    response = api_as(head).post(url + "approve_filing", {"filed_on": "2026-09-01"})
    assert response.status_code == 200 and response.json()["state"] == "investigation"
    assert api_as(officer).post(url + "approve_filing", {}).status_code == 409


@pytest.mark.django_db
def test_action_without_the_role_is_403(team, officer):
    case = team.open(actor=officer)
    response = api_as(officer).post(f"/api/v1/cases/{case.pk}/actions/approve_filing", {})
    assert response.status_code == 403 and response.json()["code"] == "case_role_required"


@pytest.mark.django_db
def test_other_agencies_cases_are_not_found(team, officer, outsider):
    case = team.open(actor=officer)
    client = api_as(outsider)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    response = client.post(f"/api/v1/cases/{case.pk}/actions/approve_filing", {})
    assert response.status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0


@pytest.mark.django_db
def test_supervisor_reads_but_may_not_act(team, officer, supervisor):
    case = team.open(actor=officer)
    client = api_as(supervisor)
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["available_actions"] == []
    response = client.post(f"/api/v1/cases/{case.pk}/actions/assign_handler", {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_list_filters_and_pages(team, officer, head):
    first = team.open(actor=officer)
    act(team.open(actor=officer), "approve_filing", head)
    client = api_as(officer)
    assert client.get("/api/v1/cases/?state=lead").json()["count"] == 1
    assert client.get("/api/v1/cases/?procedure=penalty_ordinary").json()["count"] == 2
    assert client.get("/api/v1/cases/?mine=true").json()["count"] == 2
    assert client.get("/api/v1/cases/?open=false").json()["count"] == 0
    page = client.get("/api/v1/cases/?page_size=1&page=2").json()
    assert (page["count"], [c["id"] for c in page["items"]]) == (2, [first.pk])
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_list_needs_a_bounded_number_of_queries(team, officer, django_assert_max_num_queries):
    for _ in range(5):
        team.open(actor=officer)
    client = api_as(officer)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/cases/").json()["count"] == 5


@pytest.mark.django_db
def test_emergency_report_due_moment_and_bad_time_input(team, officer):
    case = team.open("coercion", actor=officer)
    url = f"/api/v1/cases/{case.pk}/actions/take_emergency_measure"
    data = {"measure": "扣押药品", "reason": "情况紧急"}
    response = api_as(officer).post(url, {**data, "taken_at": "30 Sept, teatime"})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "taken_at"
    assert api_as(officer).post(url, {**data, "taken_at": "2026-09-30T16:45"}).status_code == 200
    detail = api_as(officer).get(f"/api/v1/cases/{case.pk}").json()
    report = next(d for d in detail["deadlines"] if d["kind"] == "emergency_report")
    due_at = timezone.localtime(datetime.datetime.fromisoformat(report["due_at"]))
    assert due_at.strftime("%Y-%m-%d %H:%M") == "2026-10-01 16:45" and report["overdue"] is True
    seizure = next(d for d in detail["deadlines"] if d["kind"] == "seizure")
    assert seizure["due_at"] is None and seizure["start"] == "2026-09-30"


@pytest.mark.django_db
def test_a_stopped_decision_clock_shows_since_when(team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on="2026-09-01")
    act(case, "suspend_clock", officer, kind="hearing", start="2026-09-10", reason="听证")

    def limit():
        detail = api_as(officer).get(f"/api/v1/cases/{case.pk}").json()
        return next(d for d in detail["deadlines"] if d["kind"] == "decision_limit")

    assert limit()["suspended_since"] == "2026-09-10"
    act(case, "resume_clock", officer, end="2026-09-19")
    assert limit()["suspended_since"] is None
