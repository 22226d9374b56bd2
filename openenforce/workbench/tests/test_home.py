"""The start page: what waits for me, by urgency, with its count in the navigation; the
public portal for visitors who are not logged in."""

import pytest
from django.urls import reverse

from openenforce.testing.cases import FILED, WRITTEN, act

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def test_a_visitor_gets_the_public_portal(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("portal:index")
    login = client.get(reverse("login")).content.decode()
    assert reverse("portal:index") in login


def test_the_head_finds_the_new_case_to_approve_on_the_start_page(client, team, officer, head):
    case = team.open(actor=officer)
    client.force_login(head)
    page = client.get("/").content.decode()
    assert "待办事项" in page and "批准立案" in page and case.title in page
    assert f'href="/cases/{case.pk}/"' in page
    # Every page's navigation loads the count after the page.
    listing = client.get(reverse("workbench:list")).content.decode()
    assert f'hx-get="{reverse("todo_count")}"' in listing
    assert 'title="等待您办理的事项">1</span>' in client.get(reverse("todo_count")).content.decode()


def test_the_count_follows_hand_offs_and_own_work(client, team, officer, head):
    client.force_login(head)
    assert client.get(reverse("todo_count")).content.decode().strip() == ""
    case = team.open(actor=officer)  # handed to the head: the kept count is forgotten
    assert ">1</span>" in client.get(reverse("todo_count")).content.decode()
    response = client.post(
        reverse("workbench:act", args=[case.pk, "approve_filing"]),
        {"filed_on": "2026-11-20", "confirmed": "true"},
    )
    assert response.status_code == 302
    assert client.get(reverse("todo_count")).content.decode().strip() == ""


def test_once_done_the_task_moves_to_the_next_person(client, team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED)
    client.force_login(head)
    assert "目前没有等待您办理的事项" in client.get("/").content.decode()
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "提交调查终结报告" in page and case.number in page


@pytest.mark.clock("2026-12-10T10:00:00+08:00")
def test_overdue_work_comes_first(client, team, officer, head):
    # Filed on 2026-09-01: its decision is due within 90 days, so it is overdue by now.
    overdue = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED)
    recent = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED.replace(month=12))
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert page.index("已超期") < page.index(overdue.number) < page.index(recent.number)


def test_a_long_list_shows_fifty_per_group_and_says_how_many_more(client, team, officer, head):
    for _ in range(52):
        team.open(actor=officer)
    client.force_login(head)
    page = client.get("/").content.decode()
    assert page.count("批准立案</strong>") == 50
    assert "另有 2 项" in page
