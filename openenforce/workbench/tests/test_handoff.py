"""Hand-offs: whoever a case (or a publication) now waits for is told, in the app and by
e-mail where configured; the person who acted is not, and nobody twice a day for one step."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from openenforce.accounts.services import save_user
from openenforce.testing.cases import FILED, WRITTEN, act
from openenforce.workbench.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def notices(user):
    return [(n.kind, n.message, n.url) for n in Notification.objects.filter(user=user)]


def test_a_new_case_is_handed_to_the_head(team, officer, head):
    case = team.open(actor=officer)
    assert notices(head) == [
        ("handoff", f"待您办理：批准立案 · {case.title}", f"/cases/{case.pk}/")
    ]
    assert notices(officer) == []  # the one who acted


def test_approval_hands_the_case_to_its_handlers(team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=FILED)
    officer2 = team.officers["O2"].user
    for handler in (officer, officer2):
        [(kind, message, url)] = notices(handler)
        assert (
            "提交调查终结报告" in message and case.number in message and url == f"/cases/{case.pk}/"
        )
    assert len(notices(head)) == 1  # only the filing notice from before


def test_the_notices_page_links_to_the_task(client, team, officer, head):
    case = team.open(actor=officer)
    client.force_login(head)
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "待办提醒" in page and f'href="/cases/{case.pk}/"' in page
    assert 'class="badge badge-warn">1</span>' in client.get("/").content.decode()


def test_a_notice_reads_in_the_readers_language(client, team, officer, head):
    """Raised while the installation speaks Chinese, read in English: in English."""
    case = team.open(actor=officer)
    client.force_login(head)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert f"Waiting for you: Approve filing · {case.title}" in page
    assert "待您办理" not in page


def test_by_email_where_configured(team, officer, head, settings, system_actor):
    settings.OPENENFORCE_NOTIFY_BY_EMAIL = True
    settings.OPENENFORCE_PUBLIC_URL = "https://zf.example.gov.cn"
    head.email = "head@example.gov.cn"
    save_user(head, actor=system_actor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        case = team.open(actor=officer)
    [message] = mail.outbox
    assert message.to == ["head@example.gov.cn"] and "批准立案" in message.subject
    assert f"https://zf.example.gov.cn/cases/{case.pk}/" in message.body


def test_a_decision_hands_its_publication_to_the_publisher(decided, publisher, head):
    decided()
    [(kind, message, url)] = notices(publisher)
    assert message.startswith("待您办理：核对隐去内容并批准公开") and url.startswith("/disclosure/")


def test_a_notice_whose_task_is_done_says_so(client, team, officer, head):
    case = team.open(actor=officer)
    client.force_login(head)
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "已办理" not in page
    act(case, "approve_filing", head, filed_on=FILED)
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "已办理" in page
