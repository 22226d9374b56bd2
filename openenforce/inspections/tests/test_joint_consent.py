"""A joint plan enlists another agency's officers only once that agency agreed to take
part (issue 22, 9b): the lead agency commits only its own staff (国发〔2019〕5号)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openenforce.accounts.models import Role
from openenforce.accounts.services import create_user
from openenforce.catalog.models import RandomInspectionItem
from openenforce.catalog.services import save_entry
from openenforce.core.errors import NotPermitted, WrongState
from openenforce.inspections import services
from openenforce.inspections.models import JointConsent, Plan
from openenforce.testing.api import api_as
from openenforce.testing.team import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(insp, registry_targets, other_agency, system_actor):
    """A draft plan of ``agency`` listing an item of ``other_agency``, whose two certified
    officers would be drawn for it."""
    theirs = Team(other_agency, system_actor, prefix="X")
    theirs.officer("X1")
    theirs.officer("X2")
    item = save_entry(
        RandomInspectionItem(
            agency=other_agency,
            code="WS-001",
            item="公共场所卫生监督检查",
            field=theirs.field,
            department=theirs.department,
            matter=theirs.matters["inspection"],
            basis="《公共场所卫生管理条例》",
            target_type="养老机构",
            ratio_percent=20,
            frequency="每年一次",
        ),
        actor=system_actor,
    )
    return insp.plan("J1", items=[(insp.item, 2), (item, 1)])


def _enlisted(plan) -> set[str]:
    return {officer.code for officer, _group in services.eligible_inspectors(plan)}


def test_the_other_agencys_officers_are_not_enlisted_without_its_consent(joint, insp):
    assert not _enlisted(joint) & {"X1", "X2"}
    with pytest.raises(WrongState) as refused:
        insp.announce(joint)
    assert refused.value.code == "joint_consent_missing"
    assert "某市市场监督管理局" in refused.value.message
    assert Plan.objects.get(pk=joint.pk).status == Plan.Status.DRAFT


def test_once_the_other_agency_agrees_its_officers_are_drawn(joint, insp, outsider):
    api = api_as(outsider)  # the other agency's administrator
    url = f"/api/v1/inspections/plans/{joint.pk}"
    assert api.get(url).json()["consents_missing"] == ["other"]
    agreed = api.post(url + "/consent")
    assert agreed.status_code == 200 and agreed.json()["consents_missing"] == []
    assert JointConsent.objects.get().given_by == outsider
    assert {"X1", "X2"} <= _enlisted(joint)
    plan = insp.announce(joint)
    assert "other:X1" in plan.inspectors_text
    assert api.post(url + "/consent").json()["code"] == "plan_not_draft"


def test_only_the_other_agencys_administrator_or_head_agrees(joint, insp, other_agency):
    clerk = create_user(
        "clerk", actor=insp.team.actor, agency=other_agency, roles=[Role.OFFICER], password=None
    )
    with pytest.raises(NotPermitted):
        services.consent_to_plan(joint, actor=clerk)
    with pytest.raises(WrongState) as own:  # the lead agency has nothing to agree to
        services.consent_to_plan(joint, actor=insp.head)
    assert own.value.code == "joint_consent_not_listed"
    assert not JointConsent.objects.exists()


def test_the_other_agency_agrees_on_the_plan_page(joint, client_for, outsider, head):
    url = reverse("inspections:plan", args=[joint.pk])
    lead_page = client_for(head).get(url).content.decode()
    assert "尚未同意参加" in lead_page and "某市市场监督管理局" in lead_page
    assert reverse("inspections:consent", args=[joint.pk]) not in lead_page
    client = client_for(outsider)
    page = client.get(url).content.decode()
    assert reverse("inspections:consent", args=[joint.pk]) in page
    assert reverse("inspections:announce", args=[joint.pk]) not in page
    response = client.post(reverse("inspections:consent", args=[joint.pk]), follow=True)
    assert "本机关已同意参加该计划" in response.content.decode()
    assert JointConsent.objects.filter(plan=joint, agency=outsider.agency).exists()
