"""The cases' part of the to-do list: each case waits for the right person at each step."""

import pytest

from openenforce.accounts.models import Role
from openenforce.cases import lifecycles
from openenforce.cases.lifecycles.awaits import AWAITS
from openenforce.core import todo
from openenforce.testing.cases import FILED, WRITTEN, act

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def titles(user):
    from django.utils import timezone

    return [(t.title, t.subject) for t in todo.tasks_for(user, timezone.localdate())]


def test_every_open_state_says_what_it_waits_for():
    for code, lifecycle in lifecycles.LIFECYCLES.items():
        assert set(AWAITS[code]) == set(lifecycle.open_states()), code
        for state, actions in AWAITS[code].items():
            for action_code in actions:
                action = lifecycle.action(action_code)
                assert action is not None and state in action.sources, (code, state, action_code)


def test_a_new_case_waits_for_the_head_then_the_handlers(team, officer, head):
    other = team.user("bystander", Role.OFFICER)
    case = team.open(actor=officer)
    assert [title for title, _ in titles(head)] == ["批准立案"]
    assert titles(officer) == []  # filing waits for the head, not the handler
    act(case, "approve_filing", head, filed_on=FILED)
    assert titles(head) == []
    assert [title for title, _ in titles(officer)] == ["提交调查终结报告"]
    assert titles(other) == []  # not a handler of this case


def test_the_list_names_the_case_and_its_time_limit(team, officer, head):
    from django.utils import timezone

    case = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED)
    (task,) = todo.tasks_for(officer, timezone.localdate())
    assert case.number in task.subject and task.url == f"/cases/{case.pk}/"
    assert task.due == case.deadlines.order_by("due").first().due


def test_a_choice_of_steps_follows_the_gates(team, officer, head):
    from django.utils import timezone

    from openenforce.testing.cases import to_report

    # Not major: of the report's steps, the prior notice is open, the review is not.
    to_report(team, officer, head)
    (task,) = todo.tasks_for(officer, timezone.localdate())
    assert task.title == "送达行政处罚事先告知书"


def test_other_agencies_cases_never_appear(team, officer, head, other_agency, system_actor):
    from openenforce.testing.team import Team

    team.open(actor=officer)
    outsider = Team(other_agency, system_actor, prefix="X").user("otherhead", Role.HEAD)
    assert titles(outsider) == []


def test_a_served_fine_waits_for_its_payment_then_for_closing(team, officer, head):
    from decimal import Decimal

    from openenforce.testing.cases import D, to_execution

    case = to_execution(team, officer, head, fine=Decimal("500"), text="罚款500元")
    assert [title for title, _ in titles(officer)] == ["登记缴款"]
    act(case, "record_payment", officer, paid_on=D(2026, 9, 25), amount="500")
    assert [title for title, _ in titles(officer)] == ["结案"]
