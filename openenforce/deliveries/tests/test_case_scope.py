"""Only the people who work on a case record the service of its documents
(cases.permissions.may_work_on): its handlers and the agency head (issue 22)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from openenforce.cases.models import Case
from openenforce.deliveries.models import Delivery
from openenforce.testing.api import api_as
from openenforce.testing.cases import to_report
from openenforce.testing.deliveries import issue
from openenforce.testing.record import record_state
from openenforce.testing.team import bystander

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(team, officer, head):
    """The prior notice of a penalty case whose investigation report is in."""
    case = to_report(team, officer, head, proposed_penalty_kinds=["warning"])
    return issue(case, officer, "prior_notice", intended_penalty="警告")


def _direct(**extra):
    today = timezone.localdate().isoformat()
    return {
        "method": "direct",
        "recipient": "张三",
        "served_on": today,
        "signed_by": "张三",
    } | extra


def test_a_bystanders_service_record_is_refused_and_the_case_does_not_move(notice, team):
    api = api_as(bystander(team))
    before = record_state()
    response = api.post(f"/api/v1/deliveries/documents/{notice.pk}", _direct())
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "case_not_handler"
    assert not Delivery.objects.exists()
    assert Case.objects.get(pk=notice.case_id).state == "report"
    assert record_state() == before


def test_the_service_form_refuses_the_bystander(notice, team, client_for):
    client = client_for(bystander(team))
    page = client.get(reverse("workbench:case", args=[notice.case_id])).content.decode()
    assert reverse("deliveries:serve", args=[notice.pk]) not in page
    form = {"method": "direct", "recipient": "张三", "served_on": _direct()["served_on"]}
    response = client.post(
        reverse("deliveries:serve", args=[notice.pk]),
        form | {"direct__signed_by": "张三"},
        follow=True,
    )
    assert "只有本案的承办人员和机关负责人可以办理本案" in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_handler_records_the_service_and_the_case_moves(notice, officer):
    # (The case action this service takes, serve_prior_notice, is the officers' by the
    # lifecycle; the head is refused by it, not by may_work_on.)
    response = api_as(officer).post(f"/api/v1/deliveries/documents/{notice.pk}", _direct())
    assert response.status_code == 201, response.content
    assert Case.objects.get(pk=notice.case_id).state == "notified"
