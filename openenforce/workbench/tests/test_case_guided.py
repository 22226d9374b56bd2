"""The case page as a guided procedure: a stepper of where the case stands, then the next
step, who it waits for and what blocks it, with its form first for the person awaited."""

import re

import pytest
from django.urls import reverse

from openenforce.cases import lifecycles
from openenforce.cases.progress import main_line, stepper
from openenforce.testing.cases import FILED, WRITTEN, act, to_report

pytestmark = [pytest.mark.clock(WRITTEN)]


def test_the_main_line_leaves_out_branches_and_places_the_current_one():
    penalty = lifecycles.get("penalty_ordinary")
    assert main_line(penalty)[:4] == ["lead", "investigation", "report", "notified"]
    assert "legal_review" not in main_line(penalty) and "not_filed" not in main_line(penalty)
    in_review = [(s.code, s.status) for s in stepper(penalty, "legal_review")]
    assert in_review[2:5] == [
        ("report", "passed"),
        ("legal_review", "current"),
        ("notified", "ahead"),
    ]
    assert [s.code for s in stepper(penalty, "not_filed")] == ["lead", "not_filed"]


def _section(page, heading_id):
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.django_db
def test_the_officer_sees_the_next_step_and_its_form_first(client, team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED)
    client.force_login(officer)
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert (
        re.search(r'aria-current="step">\s*调查取证', page)
        or 'aria-current="step">调查取证' in page
    )
    nxt = _section(page, "next-h")
    assert "提交调查终结报告" in nxt and "执法O1" not in nxt  # names the users, not officers' codes
    assert f'action="/cases/{case.pk}/actions/conclude_investigation/"' in nxt
    others = _section(page, "actions-h")
    assert "conclude_investigation" not in others


@pytest.mark.django_db
def test_the_head_sees_what_the_case_waits_for_without_a_form(client, team, officer, head):
    case = to_report(team, officer, head)
    client.force_login(head)
    nxt = _section(client.get(reverse("workbench:case", args=[case.pk])).content.decode(), "next-h")
    assert "送达行政处罚事先告知书" in nxt
    assert "等待：officer" in nxt  # the handlers' names (the test users' display names)
    assert "<form" not in nxt


@pytest.mark.django_db
def test_an_issued_licence_shows_its_certificate_number(client, team, officer, head):
    case = team.open("licensing", actor=officer)
    case = act(case, "accept_application", officer)
    case = act(case, "decide_licence", head, outcome="granted", decision_text="准予许可。")
    case = act(case, "issue_certificate", officer, certificate_number="长新养〔2026〕1号")
    client.force_login(officer)
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "许可证件编号:</strong> 长新养〔2026〕1号" in page
