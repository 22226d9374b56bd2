"""The workbench pages: who sees what, actions through the page, refusals, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from openenforce.cases.models import Case
from openenforce.cases.services import file_case
from openenforce.testing.cases import WRITTEN, act, events, take_emergency_measure, to_notified
from openenforce.workbench.forms import OpenCaseForm

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def case_url(case):
    return reverse("workbench:case", args=[case.pk])


def test_officer_sees_their_case_in_my_cases(team, officer, client_for):
    case = team.open(actor=officer)
    response = client_for(officer).get(reverse("workbench:list"))
    assert response.status_code == 200
    assert "测试案件" in response.text and case_url(case) in response.text


def test_outsider_gets_404_on_our_case_and_does_not_list_it(team, officer, outsider, client_for):
    case = team.open(actor=officer)
    client = client_for(outsider)
    assert client.get(case_url(case)).status_code == 404
    assert case_url(case) not in client.get(reverse("workbench:list") + "?scope=agency").text
    url = reverse("workbench:act", args=[case.pk, "approve_filing"])
    assert client.post(url, {}).status_code == 404


def test_anonymous_is_sent_to_login(team, officer, client):
    case = team.open(actor=officer)
    for url in (reverse("workbench:list"), case_url(case), reverse("workbench:due")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_supervisor_reads_without_action_forms_or_personal_data(
    team, officer, supervisor, client_for
):
    case = team.open(actor=officer)
    response = client_for(supervisor).get(case_url(case))
    assert response.status_code == 200
    assert "测试案件" in response.text
    assert "/actions/" not in response.text
    assert "张三" not in response.text and "13800000000" not in response.text


def test_officer_of_the_agency_sees_party_details(team, officer, client_for):
    case = team.open(actor=officer)
    text = client_for(officer).get(case_url(case)).text
    assert "张三" in text and "220102199001011239" in text


def test_an_action_through_the_page_changes_state_and_is_recorded(team, officer, head, client_for):
    case = team.open(actor=officer)
    page = client_for(head).get(case_url(case)).text
    url = reverse("workbench:act", args=[case.pk, "approve_filing"])
    assert url in page
    assert 'name="confirmed"' in page  # the head ticks that they checked
    response = client_for(head).post(url, {"filed_on": "2026-09-01", "confirmed": "true"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state != "lead" and case.number
    assert "cases.case.approve_filing" in events(case)


def test_a_refused_action_shows_the_chinese_reason(team, officer, head, client_for):
    case = to_notified(team, officer, head, served=timezone.localdate())
    url = reverse("workbench:act", args=[case.pk, "decide"])
    posted = {"outcome": "penalty", "decision_text": "警告", "confirmed": "true"}
    response = client_for(head).post(url, posted)
    assert response.status_code == 409
    assert "陈述" in response.text or "申辩" in response.text  # the defence-period gate, in Chinese
    assert Case.objects.get(pk=case.pk).state == case.state


def test_blocked_action_is_shown_greyed_with_its_reason(team, officer, head, client_for):
    case = to_notified(team, officer, head, served=timezone.localdate())
    text = client_for(head).get(case_url(case)).text
    assert "blocked" in text and "disabled" in text


def test_bad_input_is_shown_in_the_form(team, officer, head, client_for):
    case = team.open(actor=officer)
    url = reverse("workbench:act", args=[case.pk, "approve_filing"])
    response = client_for(head).post(url, {"filed_on": "not a date", "confirmed": "true"})
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.text or "日期" in response.text


def test_filing_and_the_decision_wait_for_the_heads_tick(team, officer, head, client_for):
    case = team.open(actor=officer)
    url = reverse("workbench:act", args=[case.pk, "approve_filing"])
    response = client_for(head).post(url, {"filed_on": "2026-09-01"})
    assert response.status_code == 422
    assert Case.objects.get(pk=case.pk).state == "lead"  # nothing happened
    text = response.text
    assert 'name="confirmed" value="true" required' in text
    assert "确认" in text  # the reason, at the box, in Chinese
    client_for(head).post(url, {"filed_on": "2026-09-01", "confirmed": "true"})
    assert Case.objects.get(pk=case.pk).state == "investigation"


def new_lead(team, title: str, **fields) -> dict:
    """The new-case form: a penalty lead against 某公司, handled by O1 and O2."""
    return {
        "procedure": "penalty_ordinary",
        "matter": team.matters["penalty"].pk,
        "title": title,
        "source": "complaint",
        "party_kind": "organisation",
        "party_name": "某公司",
        "lead": "O1",
        "assistants": ["O2"],
        **fields,
    }


def test_new_case_form_opens_a_lead(team, officer, client_for):
    data = new_lead(team, "新线索")
    response = client_for(officer).post(reverse("workbench:new"), data)
    assert response.status_code == 302
    case = Case.objects.get(title="新线索")
    assert case.state == "lead" and case.handlers.count() == 2


def test_new_case_form_shows_a_wrong_check_character(team, officer, client_for):
    data = new_lead(team, "号码错误", party_id="91220101MA0000000X")
    response = client_for(officer).post(reverse("workbench:new"), data)
    assert response.status_code == 422
    assert "统一社会信用代码校验位不正确" in response.text
    assert not Case.objects.filter(title="号码错误").exists()
    data.update(party_kind="person", party_id="220102199001011234")
    response = client_for(officer).post(reverse("workbench:new"), data)
    assert response.status_code == 422
    assert "公民身份号码校验位不正确" in response.text


def test_new_case_form_refuses_another_agencys_matter(team, officer, outsider, client_for):
    data = {
        "procedure": "penalty_ordinary",
        "matter": team.matters["penalty"].pk,
        "title": "越权",
        "source": "complaint",
    }
    response = client_for(outsider).post(reverse("workbench:new"), data)
    assert response.status_code in (403, 422)
    assert not Case.objects.filter(title="越权").exists()


def test_filters_and_search(team, officer, client_for):
    team.open(actor=officer)
    file_case(
        actor=officer,
        procedure="licensing",
        matter=team.matters["licensing"],
        title="许可申请",
        source="application",
        handlers=["O1", "O2"],
    )
    client = client_for(officer)
    text = client.get(reverse("workbench:list") + "?procedure=licensing").text
    assert "许可申请" in text and "测试案件" not in text
    text = client.get(reverse("workbench:list") + "?q=许可").text
    assert "许可申请" in text and "测试案件" not in text


def test_due_list_shows_overdue_deadlines(team, officer, head, client_for):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=datetime.date(2025, 1, 6))
    response = client_for(officer).get(reverse("workbench:due") + "?scope=mine")
    assert response.status_code == 200
    assert case.number in response.text and case.title in response.text


@pytest.mark.parametrize("count", [2, 12])
def test_due_list_queries_do_not_grow(
    team, officer, head, client_for, django_assert_max_num_queries, count
):
    for _ in range(count):
        act(team.open(actor=officer), "approve_filing", head, filed_on=datetime.date(2025, 1, 6))
    client = client_for(officer)
    with django_assert_max_num_queries(9):  # 1 of them the menu's (appraisal.context_processors)
        text = client.get(reverse("workbench:due") + "?scope=agency").text
    assert text.count("测试案件") == count  # each row names its case's title


def _cases(team, officer, count):
    for _ in range(count):
        team.open(actor=officer)


@pytest.mark.parametrize("count", [2, 12])
def test_list_queries_do_not_grow(team, officer, client_for, django_assert_max_num_queries, count):
    _cases(team, officer, count)
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workbench:list") + "?scope=agency")
    assert response.text.count("测试案件") >= count


def test_a_long_list_counts_up_to_its_bound_and_asks_to_narrow_it(
    team, officer, client_for, monkeypatch
):
    """Beyond the bound the list stops counting (COUNT reads every matching row) and says
    so; below it the count and the pages are exact."""
    from openenforce.core import paging

    _cases(team, officer, 3)
    client = client_for(officer)
    monkeypatch.setattr(paging, "DEFAULT_BOUND", 2)
    text = client.get(reverse("workbench:list") + "?scope=agency").text
    assert "超过 2 件，请用筛选条件缩小范围后查看其余案件。" in text
    assert text.count("测试案件") == 2  # the pages stop at the bound
    monkeypatch.setattr(paging, "DEFAULT_BOUND", 3)
    text = client.get(reverse("workbench:list") + "?scope=agency").text
    assert "超过" not in text and "3 件" in text


@pytest.mark.parametrize("handlers", [("O1", "O2"), ("O1", "O2", "O3", "O4", "O5")])
def test_case_page_queries_are_bounded(
    team, officer, head, client_for, django_assert_max_num_queries, handlers
):
    for code in handlers[2:]:
        team.officer(code)
    case = act(team.open(actor=officer, handlers=handlers), "approve_filing", head)
    client = client_for(officer)
    # 22 for the case itself, 2 for its next step (its gates and who it waits for),
    # about 12 for the other apps' sections (documents, service, evidence, recordings,
    # publication, inspections, case file), 3 for the documents', evidence and recordings
    # sections asking whether the reader works on the case (one small EXISTS each), 1 for
    # the menu (appraisal.context_processors); the same with 2 or 6 handlers, so nothing
    # grows with the rows shown.
    # 42, and one each for the party's section and the party's steps on the stepper, and
    # one for the field app's section (what officers sent from the site).
    with django_assert_max_num_queries(45):
        assert client.get(case_url(case)).status_code == 200


def test_the_timeline_names_each_recorded_step_in_words(team, officer, head, outsider, client_for):
    case = act(team.open(actor=officer), "approve_filing", head)
    url = reverse("workbench:timeline", args=[case.pk])
    text = client_for(officer).get(url, headers={"HX-Request": "true"}).text
    assert "登记案件" in text and 'title="cases.case.opened"' in text
    assert "批准立案" in text and 'title="cases.case.approve_filing"' in text
    assert ">cases.case." not in text  # the code only on hover
    assert client_for(outsider).get(url).status_code == 404


def test_the_timeline_holds_the_cases_documents_and_is_a_page_when_opened(
    decision, officer, client_for
):
    url = reverse("workbench:timeline", args=[decision.case_id])
    client = client_for(officer)
    page = client.get(url).text
    assert "<html" in page and "已记录的事件" in page
    assert "作出决定" in page and "执法文书 · 签发" in page  # the case's and its document's
    assert 'title="documents.document.issued"' in page
    part = client.get(url, headers={"HX-Request": "true"}).text
    assert "<html" not in part and "执法文书 · 签发" in part
    client.cookies["django_language"] = "en"
    english = client.get(url).text
    assert "Case opened" in english and "执法文书" not in english


def test_the_case_page_shows_the_latest_steps_and_links_to_the_whole_record(
    decision, officer, client_for
):
    url = reverse("workbench:timeline", args=[decision.case_id])
    client = client_for(officer)
    whole = client.get(url, headers={"HX-Request": "true"}).text
    recent = client.get(url + "?recent", headers={"HX-Request": "true"}).text
    steps = whole.count('class="seq"')
    assert steps > 8  # opening, parties, handlers, filing, deadlines …
    assert recent.count('class="seq"') == 8
    assert f"共 {steps} 条事件，以下为最近 8 条" in recent and f'href="{url}"' in recent
    assert "执法文书 · 签发" in recent  # the latest step is among them
    assert "查看全部事件记录" not in whole


def test_deadline_rules_read_in_english_whatever_they_were_stored_in(
    team, officer, head, client_for
):
    with translation.override("zh-hans"):  # the rule is stored in the filer's words
        case = act(team.open(actor=officer), "approve_filing", head)
    deadline = case.deadlines.get(kind="decision_limit")
    assert "九十日" in deadline.rule
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("workbench:case", args=[case.pk])).text
    assert "Decision within 90 days of filing" in text and deadline.rule not in text


def test_a_lapsed_defence_period_is_not_overdue(team, officer, head, client_for):
    case = to_notified(team, officer, head, served=datetime.date(2026, 9, 10))
    defence = case.deadlines.get(kind="defence")
    assert not defence.is_overdue() and defence.is_lapsed()
    assert not Case.objects.overdue().filter(pk=case.pk).exists()
    text = client_for(officer).get(case_url(case)).text
    assert "已期满" in text
    due = client_for(officer).get(reverse("workbench:due") + "?scope=agency").text
    assert "陈述申辩" not in due


def test_the_emergency_report_shows_its_due_time_and_form_asks_for_a_time(
    team, officer, client_for
):
    case = team.open("coercion", actor=officer)
    client = client_for(officer)
    assert 'type="datetime-local"' in client.get(case_url(case)).text
    take_emergency_measure(case, officer)
    text = client.get(case_url(case)).text
    assert "2026-10-01 16:45" in text


def test_a_stopped_90_day_clock_is_marked_suspended_on_the_case_page(
    team, officer, head, client_for
):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=datetime.date(2026, 9, 1))
    client = client_for(officer)
    assert "已中止" not in client.get(case_url(case)).text
    act(
        case,
        "suspend_clock",
        officer,
        kind="testing",
        start=datetime.date(2026, 9, 10),
        reason="检测",
    )
    assert "已中止（自 2026-09-10 起）" in client.get(case_url(case)).text
    act(case, "resume_clock", officer, end=datetime.date(2026, 9, 19))
    assert "已中止" not in client.get(case_url(case)).text


@pytest.mark.parametrize("matter", ["", "²", "9" * 100, "1e3", "-1"])
def test_new_case_form_survives_a_garbled_post(team, officer, client_for, matter):
    data = {
        "procedure": "penalty_ordinary",
        "matter": matter,
        "title": "乱码",
        "lead": "，，, ",
        "assistants": ["²", "9" * 100],
        "party_name": "某公司",
        "party_kind": "²",
    }
    response = client_for(officer).post(reverse("workbench:new"), data)
    assert response.status_code == 422
    assert "Choose a matter of your agency." in response.text or "请选择" in response.text
    assert not Case.objects.filter(title="乱码").exists()


def test_new_case_form_survives_an_empty_post(team, officer, client_for):
    response = client_for(officer).post(reverse("workbench:new"), {})
    assert response.status_code == 422


def test_new_case_form_names_a_field_it_refuses(team, officer, client_for):
    response = client_for(officer).post(reverse("workbench:new"), {"title": "乱\x00码"})
    assert response.status_code == 422
    with translation.override("zh-hans"):
        label = str(OpenCaseForm().fields["title"].label)
    assert f"{label}: " in response.text
    assert not Case.objects.filter(title__startswith="乱").exists()


def test_new_case_offers_officers_who_qualify_and_says_why_others_do_not(team, officer, client_for):
    from openenforce.catalog.models import Officer
    from openenforce.testing.cases import D

    team.officer("C1", employment=Officer.Employment.CONTRACT)
    team.officer("X1", valid_to=D(2025, 12, 31))
    team.officer("W1", field=team.other_field)
    page = client_for(officer).get(reverse("workbench:new")).text
    assert "执法C1" in page and "合同制人员不得从事执法" in page
    assert "执法X1" in page and "今日没有有效的执法证" in page
    data = {
        "procedure": "penalty_ordinary",
        "matter": team.matters["penalty"].pk,
        "title": "领域不符",
        "source": "complaint",
        "lead": "O1",
        "assistants": ["W1"],
    }
    response = client_for(officer).post(reverse("workbench:new"), data)
    assert response.status_code == 422
    assert "执法W1（W1）：执法证的执法领域不含“民政”" in response.text
    assert not Case.objects.filter(title="领域不符").exists()
    data["assistants"] = ["O2"]
    assert client_for(officer).post(reverse("workbench:new"), data).status_code == 302
