"""Only the people who work on a case add evidence to it (cases.permissions.may_work_on):
its handlers and the agency head; another officer of the agency is refused (issue 22)."""

import pytest
from django.urls import reverse

from openenforce.evidence.models import EvidenceItem
from openenforce.testing.api import api_as
from openenforce.testing.record import record_state
from openenforce.testing.team import bystander

pytestmark = pytest.mark.django_db

ITEM = {
    "kind": "documentary",
    "step": "approve_filing",
    "title": "营业执照复印件",
    "collected_at": "2026-09-02T10:00:00+08:00",
    "place": "现场",
    "method": "复印",
}


def test_an_officer_who_does_not_handle_the_case_is_refused_and_nothing_is_written(case, team):
    api = api_as(bystander(team))
    before = record_state()
    response = api.post(f"/api/v1/evidence/cases/{case.pk}/items", ITEM)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "case_not_handler"
    assert not EvidenceItem.objects.exists()
    assert record_state() == before


def test_the_page_refuses_the_bystander_and_hides_the_form(case, team, client_for):
    officer3 = bystander(team)
    client = client_for(officer3)
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert reverse("evidence:add", args=[case.pk]) not in page
    form = ITEM | {"collected_at": "2026-09-02T10:00"}
    response = client.post(reverse("evidence:add", args=[case.pk]), form, follow=True)
    assert "只有本案的承办人员和机关负责人可以办理本案" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_handler_and_the_head_add_evidence(case, officer, head):
    url = f"/api/v1/evidence/cases/{case.pk}/items"
    assert api_as(officer).post(url, ITEM).status_code == 201
    assert api_as(head).post(url, ITEM | {"title": "现场照片"}).status_code == 201
    assert EvidenceItem.objects.count() == 2
