"""A legal review on the to-do list: it waits for assignment (head or any reviewer), then
for the reviewer it was given to, and for nobody else."""

import pytest
from django.utils import timezone

from openenforce.accounts.models import Role
from openenforce.core import todo
from openenforce.reviews import services
from openenforce.reviews.tests.conftest import submit
from openenforce.testing.cases import WRITTEN, act

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def titles(user):
    return [t.title for t in todo.tasks_for(user, timezone.localdate())]


def test_a_review_waits_for_assignment_then_for_its_reviewer(
    major_case, officer, head, qualified, team, system_actor
):
    second = team.user("reviewer2", Role.REVIEWER)
    services.record_qualification(
        second,
        actor=system_actor,
        certificate_number="A20190002",
        obtained_on=major_case.created_at.date(),
    )
    assert titles(officer) == ["提交法制审核"]
    case = submit(major_case, officer)
    assert titles(officer) == []
    assert titles(head) == titles(second) == titles(qualified) == ["指定审核人员"]
    act(case, "assign_reviewer", head, reviewer=qualified.username)
    assert titles(qualified) == ["登记审核意见"]
    assert titles(second) == titles(head) == []


def test_the_reviewer_given_the_review_is_told(in_review, qualified, head):
    from openenforce.workbench.models import Notification

    told = [n.message for n in Notification.objects.filter(user=qualified).order_by("id")]
    # First, with every reviewer, that the review waits for assignment; then alone.
    assert [m.split(" · ")[0] for m in told] == ["待您办理：指定审核人员", "待您办理：登记审核意见"]
