"""Only the people who work on a case issue its numbered documents
(cases.permissions.may_work_on): its handlers and the agency head (issue 22)."""

import pytest
from django.urls import reverse

from openenforce.documents.models import Document, DocumentNumberCounter
from openenforce.testing.api import api_as
from openenforce.testing.record import record_state
from openenforce.testing.team import bystander

pytestmark = pytest.mark.django_db

NOTICE = {"doc_type": "prior_notice", "data": {"intended_penalty": "警告"}}


def test_an_officer_who_does_not_handle_the_case_issues_nothing(case, team):
    api = api_as(bystander(team))
    before = record_state()
    response = api.post(f"/api/v1/documents/cases/{case.pk}", NOTICE)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "case_not_handler"
    assert not Document.objects.exists() and not DocumentNumberCounter.objects.exists()
    assert record_state() == before


def test_the_issue_page_is_refused_to_the_bystander(case, team, client_for):
    client = client_for(bystander(team))
    url = reverse("documents:issue", args=[case.pk])
    assert url not in client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert client.get(url + "?type=prior_notice").status_code == 403
    assert client.post(url + "?type=prior_notice", {"intended_penalty": "警告"}).status_code == 403
    assert not Document.objects.exists()


def test_a_handler_and_the_head_issue(case, officer, head):
    url = f"/api/v1/documents/cases/{case.pk}"
    assert api_as(officer).post(url, NOTICE).status_code == 201
    assert api_as(head).post(url, NOTICE).status_code == 201
    assert Document.objects.count() == 2
