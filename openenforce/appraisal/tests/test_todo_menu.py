"""The appraisal's to-do entries (publish the year's draft; confirm the draft scorecards
of last year from January on, of the current year in December) and the menu entries:
我的评查案卷 for a user with an open evaluation assignment, 评议考核 for supervisors and
for an agency with a confirmed scorecard."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openenforce.appraisal import services
from openenforce.appraisal.todo import appraisal_tasks, confirm_years
from openenforce.core import todo
from openenforce.evaluation.models import Assignment
from openenforce.evaluation.tests import test_campaigns as base
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

D = datetime.date
world = base.world
drawn = base.drawn


def titles(user, today) -> list[str]:
    return [str(t.title) for t in appraisal_tasks(user, today)]


def test_the_rule_for_confirming():
    assert confirm_years(D(2027, 1, 5)) == [2026]
    assert confirm_years(D(2026, 11, 20)) == [2025]
    assert confirm_years(D(2026, 12, 1)) == [2025, 2026]


def test_a_draft_of_the_year_asks_to_be_published(justice_bureau, supervisor, head):
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    today = D(2026, 11, 20)
    assert titles(supervisor, today) == ["发布年度评议考核方案"]
    assert titles(head, today) == []
    assert "appraisal" in todo.sources()
    assert any(t.key == f"appraisal:publish:{scheme.pk}" for t in todo.tasks_for(supervisor, today))
    assert titles(supervisor, D(2027, 2, 1)) == []  # last year's draft: no longer "this year"
    services.publish_scheme(scheme, actor=supervisor)
    assert titles(supervisor, today) == []


def test_draft_scorecards_ask_to_be_confirmed_at_the_years_end(card, supervisor, head):
    assert titles(supervisor, D(2026, 11, 20)) == []
    assert titles(supervisor, D(2026, 12, 1)) == ["确认评议考核结果"]
    (task,) = appraisal_tasks(supervisor, D(2027, 1, 10))
    assert task.url == reverse("appraisal:scorecard", args=[card.pk])
    assert card.agency.name in task.subject
    assert titles(head, D(2027, 1, 10)) == []
    assert titles(supervisor, D(2028, 1, 10)) == []
    services.confirm(card, actor=supervisor)
    assert titles(supervisor, D(2027, 1, 10)) == []


def test_an_evaluator_sees_my_files_in_the_menu(client_for, drawn, head):
    link = reverse("evaluation:my_files")
    assignment = Assignment.objects.select_related("evaluator__user").first()
    client = client_for(assignment.evaluator.user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("workbench:notifications"))
    assert page.status_code == 200
    assert f'href="{link}"' in page.text and "我的待评查案卷" in page.text
    menu = [q for q in queries.captured_queries if "appraisal_scorecard" in q["sql"]]
    assert len(menu) == 1 and "evaluation_assignment" in menu[0]["sql"]  # one query a page
    evaluators = set(Assignment.objects.values_list("evaluator__user", flat=True))
    assert head.pk not in evaluators
    client.logout()
    page = client_for(head).get(reverse("workbench:notifications"))
    assert f'href="{link}"' not in page.text


def test_the_appraisal_menu_for_supervisors_and_a_confirmed_scorecard(
    client_for, card, supervisor, head
):
    link = f'href="{reverse("appraisal:schemes")}"'
    assert link in client_for(supervisor).get(reverse("workbench:notifications")).text
    assert link not in client_for(head).get(reverse("workbench:notifications")).text
    services.confirm(card, actor=supervisor)
    page = client_for(head).get(reverse("workbench:notifications"))
    assert link in page.text
    assert client_for(head).get(reverse("appraisal:schemes")).status_code == 200
