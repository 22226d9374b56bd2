"""Only the people who work on a case waive a step's recording or add one
(cases.permissions.may_work_on): its handlers and the agency head (issue 22)."""

import pytest
from django.urls import reverse

from openenforce.recordings.models import RecordingWaiver
from openenforce.recordings.tests.conftest import requirement
from openenforce.testing.api import api_as
from openenforce.testing.record import record_state
from openenforce.testing.team import bystander

pytestmark = pytest.mark.django_db

WAIVER = {"step": "record_inspection", "reason": "执法记录仪故障，已书面说明"}


@pytest.fixture
def case(team, officer, agency, system_actor):
    requirement(agency, system_actor, "on_site_inspection", kind="audio", code="YX-001")
    return team.open("inspection", actor=officer)


def _satisfied(user, case) -> bool:
    return api_as(user).get(f"/api/v1/recordings/cases/{case.pk}").json()["steps"][0]["satisfied"]


def test_a_bystanders_waiver_is_refused_and_the_step_stays_unsatisfied(case, team, officer):
    api = api_as(bystander(team))
    before = record_state()
    response = api.post(f"/api/v1/recordings/cases/{case.pk}/waivers", WAIVER)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "case_not_handler"
    assert not RecordingWaiver.objects.exists()
    assert record_state() == before
    assert not _satisfied(officer, case)


def test_the_waiver_page_refuses_the_bystander(case, team, client_for):
    client = client_for(bystander(team))
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert reverse("recordings:waive", args=[case.pk]) not in page
    client.post(reverse("recordings:waive", args=[case.pk]), WAIVER)
    assert not RecordingWaiver.objects.exists()


def test_a_handler_waives(case, officer):
    url = f"/api/v1/recordings/cases/{case.pk}/waivers"
    assert api_as(officer).post(url, WAIVER).status_code == 201
    assert _satisfied(officer, case)


def test_the_head_waives(case, head, officer):
    url = f"/api/v1/recordings/cases/{case.pk}/waivers"
    assert api_as(head).post(url, WAIVER).status_code == 201
    assert _satisfied(officer, case)
