"""The case page's remedies section and its forms, the judiciary's acceptance, the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openenforce.cases.models import Case
from openenforce.ledger.labels import event_label
from openenforce.remedies.models import Remedy
from openenforce.remedies.services import register_remedy
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, D, act, to_notified
from openenforce.testing.team import bystander

pytestmark = [pytest.mark.clock(WRITTEN), pytest.mark.django_db]
BASE = "/api/v1/remedies/"


def page(client, case) -> str:
    return client.get(reverse("workbench:case", args=[case.pk])).content.decode()


def test_head_registers_a_reconsideration_and_records_it_revoked(client_for, decided, head):
    case = decided()
    client = client_for(head)
    assert "登记行政复议或行政诉讼" in page(client, case)
    response = client.post(
        reverse("remedies:register", args=[case.pk]),
        {"kind": "reconsideration", "body": "长春市人民政府", "filed_on": "2026-10-08"},
    )
    assert response.status_code == 302 and response.url.endswith("#remedies")
    remedy = Remedy.objects.get()
    html = page(client, case)
    assert "长春市人民政府" in html and "待决" in html
    client.post(
        reverse("remedies:outcome", args=[remedy.pk]),
        {"result": "revoked", "decided_on": "2026-11-10", "note": "认定事实不清"},
    )
    remedy.refresh_from_db()
    assert (remedy.result, remedy.corrects) == ("revoked", True)
    html = page(client, case)
    assert "撤销" in html and "纠错" in html and "认定事实不清" in html


def test_a_refused_form_says_why_and_changes_nothing(client_for, decided, head):
    case = decided()
    client = client_for(head)
    response = client.post(
        reverse("remedies:register", args=[case.pk]),
        {"kind": "reconsideration", "body": "市政府", "filed_on": "2026-09-01"},
        follow=True,
    )
    assert "申请或起诉日期不能早于决定日期" in response.content.decode()
    assert not Remedy.objects.exists()


def test_others_read_without_forms(client_for, decided, head, team, supervisor, outsider):
    case = decided()
    register_remedy(
        case, actor=head, kind="litigation", body="南关区人民法院", filed_on=D(2026, 10, 8)
    )
    for user in (bystander(team), supervisor):
        html = page(client_for(user), case)
        assert "南关区人民法院" in html and "一审" in html
        assert reverse("remedies:register", args=[case.pk]) not in html
    other = client_for(bystander(team, "O4", "officer4"))
    response = other.post(
        reverse("remedies:register", args=[case.pk]),
        {"kind": "reconsideration", "body": "市政府", "filed_on": "2026-10-08"},
    )
    assert Remedy.objects.count() == 1
    assert client_for(outsider).get(reverse("workbench:case", args=[case.pk])).status_code == 404
    assert response.status_code == 302


def test_no_section_before_the_decision(client_for, team, officer, head):
    case = to_notified(team, officer, head)
    assert 'id="remedies"' not in page(client_for(head), case)


def test_the_judiciary_acceptance_form(client_for, team, officer, head):
    case = to_notified(team, officer, head)
    case = act(case, "record_statement", officer, statement="无异议")
    case = act(
        case,
        "decide",
        head,
        outcome="transfer_judiciary",
        decision_text="移送公安机关",
        decided_on=D(2026, 9, 20),
    )
    client = client_for(head)
    assert "尚未登记司法机关受理" in page(client, case)
    client.post(reverse("remedies:judiciary", args=[case.pk]), {"accepted_on": "2026-09-28"})
    assert Case.objects.get(pk=case.pk).judiciary_accepted_on == D(2026, 9, 28)
    assert "司法机关已于2026-09-28受理" in page(client, case)


def test_api(decided, head, officer, outsider):
    case = decided()
    created = api_as(head).post(
        f"{BASE}cases/{case.pk}",
        {"kind": "litigation", "body": "南关区人民法院", "filed_on": "2026-10-08"},
    )
    assert created.status_code == 201, created.json()
    remedy = created.json()
    assert (remedy["instance"], remedy["result"], remedy["corrects"]) == ("first", "", False)
    bad = api_as(head).post(
        f"{BASE}{remedy['id']}/outcome", {"result": "lost", "decided_on": "2026-11-01"}
    )
    assert bad.status_code == 422
    done = api_as(officer).post(
        f"{BASE}{remedy['id']}/outcome", {"result": "confirmed_illegal", "decided_on": "2026-11-01"}
    )
    assert done.status_code == 200 and done.json()["corrects"] is True
    again = api_as(head).post(
        f"{BASE}{remedy['id']}/outcome", {"result": "upheld", "decided_on": "2026-11-02"}
    )
    assert again.status_code == 409
    assert [r["id"] for r in api_as(head).get(f"{BASE}?decided=true").json()] == [remedy["id"]]
    assert api_as(head).get(f"{BASE}cases/{case.pk}").json()[0]["result"] == "confirmed_illegal"
    assert api_as(outsider).get(BASE).json() == []
    assert api_as(outsider).get(f"{BASE}{remedy['id']}").status_code == 404
    assert (
        api_as(outsider)
        .post(
            f"{BASE}cases/{case.pk}",
            {"kind": "reconsideration", "body": "x", "filed_on": "2026-10-08"},
        )
        .status_code
        == 404
    )


def test_judiciary_acceptance_through_the_api(team, officer, head):
    case = to_notified(team, officer, head)
    case = act(case, "record_statement", officer, statement="无异议")
    case = act(
        case,
        "decide",
        head,
        outcome="transfer_judiciary",
        decision_text="移送",
        decided_on=D(2026, 9, 20),
    )
    url = f"/api/v1/cases/{case.pk}/judiciary-acceptance"
    response = api_as(head).post(url, {"accepted_on": "2026-09-28"})
    assert response.status_code == 200 and response.json()["judiciary_accepted_on"] == "2026-09-28"
    assert api_as(head).post(url, {"accepted_on": "2026-09-29"}).status_code == 409


def test_record_labels():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert event_label("remedies.remedy.decided") == "登记行政复议或行政诉讼结果"
        assert event_label("cases.case.judiciary_accepted") == "司法机关已受理"
    with translation.override("en"):
        assert (
            event_label("remedies.remedy.registered") == "Reconsideration or litigation registered"
        )
