"""The disclosure REST API: allowed and forbidden, agency isolation, refusal shapes."""

from __future__ import annotations

import pytest

from openenforce.disclosure import services
from openenforce.testing.api import api_as

BASE = "/api/v1/disclosure"


@pytest.fixture
def draft(decided):
    return decided().publications.get()


@pytest.mark.django_db
def test_list_and_read_with_spans(publisher, draft):
    body = api_as(publisher).get(f"{BASE}/publications").json()
    assert body["count"] == 1 and body["items"][0]["status"] == "draft"
    item = api_as(publisher).get(f"{BASE}/publications/{draft.pk}").json()
    assert any(span["original"] == "张三" for span in item["spans"])
    assert "张某" in item["masked_text"]


@pytest.mark.django_db
def test_other_agency_and_anonymous_are_refused(outsider, draft):
    assert api_as(outsider).get(f"{BASE}/publications").json()["count"] == 0
    assert api_as(outsider).get(f"{BASE}/publications/{draft.pk}").status_code == 404
    assert api_as(None).get(f"{BASE}/publications").status_code == 401


@pytest.mark.django_db
def test_mask_approve_and_withdraw(publisher, officer, draft):
    url = f"{BASE}/publications/{draft.pk}"
    response = api_as(publisher).post(f"{url}/mask", {"strings": [draft.case.number]})
    assert response.status_code == 422 and response.json()["code"] == "mask_refused"
    assert api_as(officer).post(f"{url}/approve", {"secrecy_checked": True}).status_code == 403
    response = api_as(publisher).post(f"{url}/approve", {"secrecy_checked": False})
    assert response.status_code == 422 and response.json()["code"] == "secrecy_not_checked"
    assert (
        api_as(publisher).post(f"{url}/approve", {"secrecy_checked": True}).json()["status"]
        == "published"
    )
    response = api_as(publisher).post(f"{url}/withdraw", {"ground": "void", "reason": "确认无效"})
    assert response.json()["status"] == "withdrawn"


@pytest.mark.django_db
def test_corrections_listed_and_handled(publisher, outsider, draft, system_actor):
    pub = services.approve_publication(draft, actor=publisher, secrecy_checked=True)
    correction = services.request_correction(pub, actor=system_actor, description="错字")
    assert [c["id"] for c in api_as(publisher).get(f"{BASE}/corrections").json()] == [correction.pk]
    url = f"{BASE}/corrections/{correction.pk}/handle"
    assert api_as(outsider).post(url, {"accept": False, "response": "x"}).status_code == 404
    body = api_as(publisher).post(url, {"accept": False, "response": "内容准确"}).json()
    assert body["status"] == "rejected"
