"""Rectification notices (整改通知): the lifecycle, refusals naming the field, who sees
what, the overdue warning, the to-do entries, the pages in both languages."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from openenforce.alerts import services as alerts
from openenforce.alerts.models import Warning, WarningRule
from openenforce.core import todo
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import campaigns, rectification, services
from openenforce.evaluation.models import (
    RectificationAttachment,
    RectificationNotice,
    RectificationReply,
)
from openenforce.evaluation.tests.helpers import small_spec
from openenforce.ledger.models import Entry
from openenforce.testing import browser as browser_support
from openenforce.testing.cases import conclude_inspection
from openenforce.testing.crawl import crawl, report
from openenforce.testing.record import record_state
from openenforce.testing.team import Team, two_officers

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DUE = D(2026, 12, 20)
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "evaluation"
PASSWORD = "correct horse battery 42"  # noqa: S105 (the root conftest's)


@pytest.fixture
def campaign(system_actor, agency, justice_bureau, officer, supervisor):
    """A drawn campaign of the bureau over the agency's two closed inspection cases, read
    by two evaluators of the bureau."""
    team = two_officers(agency, system_actor, officer)
    cases = [conclude_inspection(team.open("inspection", actor=officer), officer) for _ in "ab"]
    version = services.import_version(
        small_spec(code="test-inspection", procedure="inspection"),
        agency=justice_bureau,
        actor=supervisor,
    )
    services.publish_version(version, actor=supervisor)
    bureau = Team(justice_bureau, system_actor, prefix="J")
    campaign = campaigns.create_campaign(
        justice_bureau,
        actor=supervisor,
        title="2026年第三季度行政执法案卷评查",
        agency_ids=[agency.pk],
        procedures=["inspection"],
        closed_from=D(2026, 9, 1),
        closed_to=D(2026, 9, 30),
        starts_on=D(2026, 11, 1),
        ends_on=D(2026, 12, 31),
    )
    for name in ("jeval1", "jeval2"):
        campaigns.add_evaluator(campaign, bureau.user(name), actor=supervisor)
    campaign.cases = cases  # type: ignore[attr-defined]
    return campaign


def _drawn(campaign, supervisor):
    campaigns.announce(campaign, actor=supervisor)
    drawn = campaigns.draw(campaign, actor=supervisor)
    drawn.cases = campaign.cases
    return drawn


def _problems(campaign):
    return [
        {
            "case_number": campaign.cases[0].number,
            "text": "询问笔录未载明执法证件号",
            "problem_class": "procedure",
        },
        {"case_number": "", "text": "卷内目录缺页码", "problem_class": "filing"},
    ]


@pytest.fixture
def draft(campaign, supervisor, agency):
    campaign = _drawn(campaign, supervisor)
    notice = rectification.create_notice(
        campaign,
        actor=supervisor,
        notified=agency,
        requirements="逐项整改并报送整改情况",
        due_on=DUE,
        problems=_problems(campaign),
    )
    notice.campaign.cases = campaign.cases
    return notice


@pytest.fixture
def issued(draft, supervisor):
    return rectification.issue(draft, actor=supervisor)


def _events(notice):
    return list(
        Entry.objects.filter(
            subject_kind="evaluation.rectificationnotice", subject_id=str(notice.pk)
        )
        .order_by("sequence")
        .values_list("event_type", flat=True)
    )


def test_the_lifecycle_issue_reply_return_reply_accept(draft, supervisor, head, reviewer):
    assert draft.status == "draft" and draft.number == ""
    assert draft.problems[0]["case_id"] == draft.campaign.cases[0].pk
    assert draft.problems[1]["case_id"] is None
    notice = rectification.issue(draft, actor=supervisor)
    assert notice.status == "issued"
    assert notice.number == "长新司评查整改〔2026〕1号"
    assert (notice.issued_by, notice.issued_at is not None) == (supervisor, True)
    first = rectification.submit_reply_with_files(
        notice,
        actor=head,
        text="已补正询问笔录",
        uploads=[(io.BytesIO(PDF), "整改报告.pdf")],
    )
    notice.refresh_from_db()
    assert notice.status == "replied"
    assert first.attachments.get().file_name == "整改报告.pdf"
    entry = Entry.objects.get(event_type="evaluation.rectificationreply.submitted")
    assert entry.subject_id == str(first.pk)
    with pytest.raises(WrongState):  # replied: no second reply before the decision
        rectification.submit_reply(notice, actor=reviewer, text="again")
    notice = rectification.return_reply(notice, actor=supervisor, note="卷内目录未补正")
    assert notice.status == "returned"
    first.refresh_from_db()
    assert (first.decision, first.note) == ("returned", "卷内目录未补正")
    second = rectification.submit_reply(notice, actor=reviewer, text="已补正卷内目录")
    notice = rectification.accept(notice, actor=supervisor, note="整改到位")
    second.refresh_from_db()
    assert (notice.status, second.decision, second.decided_by) == (
        "accepted",
        "accepted",
        supervisor,
    )
    with pytest.raises(WrongState):
        rectification.accept(notice, actor=supervisor)
    assert _events(notice) == [
        "evaluation.rectificationnotice.drafted",
        "evaluation.rectificationnotice.issued",
        "evaluation.rectificationnotice.replied",
        "evaluation.rectificationnotice.returned",
        "evaluation.rectificationnotice.replied",
        "evaluation.rectificationnotice.accepted",
    ]
    _count, problems = record_state()
    assert problems == []


def test_refusals_name_the_field(campaign, supervisor, agency, other_agency, head, officer):
    with pytest.raises(WrongState):  # not drawn yet
        rectification.create_notice(
            campaign, actor=supervisor, notified=agency, requirements="x", due_on=DUE
        )
    campaign = _drawn(campaign, supervisor)
    good = {"requirements": "逐项整改", "due_on": DUE, "problems": _problems(campaign)}
    bad = [
        ({"notified": other_agency}, "notified"),
        ({"requirements": "  "}, "requirements"),
        ({"due_on": D(2026, 11, 20)}, "due_on"),
        ({"due_on": "soon"}, "due_on"),
        (
            {"problems": [{"case_number": "", "text": "", "problem_class": ""}, {"text": "x"}]},
            "problems",
        ),
        (
            {"problems": [{"case_number": "无此案", "text": "x", "problem_class": "filing"}]},
            "problems",
        ),
    ]
    before = record_state()
    for extra, field in bad:
        values = {"notified": agency, **good, **extra}
        with pytest.raises(InvalidInput) as refused:
            rectification.create_notice(campaign, actor=supervisor, **values)
        assert refused.value.problems[0].field == field
    # the row is named: the second line lacks its class (the blank first line counts)
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        rectification.create_notice(
            campaign,
            actor=supervisor,
            notified=agency,
            requirements="x",
            due_on=DUE,
            problems=[{}, {"text": "x"}],
        )
    assert refused.value.problems[0].row == 2
    assert "第2行" in str(refused.value)
    with pytest.raises(NotPermitted):
        rectification.create_notice(
            campaign, actor=head, notified=agency, requirements="x", due_on=DUE
        )
    assert record_state() == before  # nothing written
    empty = rectification.create_notice(
        campaign, actor=supervisor, notified=agency, requirements="x", due_on=DUE, problems=[]
    )
    with pytest.raises(InvalidInput) as refused:
        rectification.issue(empty, actor=supervisor)
    assert refused.value.problems[0].field == "problems"
    issued = rectification.issue(
        rectification.edit_notice(empty, actor=supervisor, **good), actor=supervisor
    )
    with pytest.raises(InvalidInput) as refused:
        rectification.submit_reply(issued, actor=head, text=" ")
    assert refused.value.problems[0].field == "text"
    with pytest.raises(NotPermitted):  # an officer of the agency does not answer
        rectification.submit_reply(issued, actor=officer, text="x")
    with pytest.raises(WrongState):  # issued: no longer edited
        rectification.edit_notice(issued, actor=supervisor, **good)


def test_reply_files_are_checked_and_nothing_half_written(issued, head):
    before = record_state()
    with pytest.raises(InvalidInput) as refused:
        rectification.submit_reply_with_files(
            issued, actor=head, text="x", uploads=[(io.BytesIO(b"MZ\x90\x00binary"), "a.exe")]
        )
    assert refused.value.problems[0].field == "file"
    with pytest.raises(InvalidInput) as refused:
        rectification.submit_reply_with_files(
            issued, actor=head, text="x", uploads=[(io.BytesIO(PDF), "../a.pdf")]
        )
    assert refused.value.problems[0].field == "filename"
    many = [(io.BytesIO(PDF), f"{n}.pdf") for n in range(rectification.MAX_FILES + 1)]
    with pytest.raises(InvalidInput) as refused:
        rectification.submit_reply_with_files(issued, actor=head, text="x", uploads=many)
    assert refused.value.problems[0].field == "files"
    assert record_state() == before
    assert not RectificationReply.objects.exists() and not RectificationAttachment.objects.exists()


def test_scoping_per_role(
    issued, supervisor, head, reviewer, officer, outsider, publisher, client_for, agency
):
    detail = reverse("evaluation:rectification", args=[issued.pk])
    for user in (supervisor, head, reviewer):
        assert client_for(user).get(detail).status_code == 200
    # an officer of the agency, another agency's administrator, a publisher: 404
    for user in (officer, outsider, publisher):
        client = client_for(user)
        assert client.get(detail).status_code == 404
        assert (
            client.post(reverse("evaluation:rectification_reply", args=[issued.pk])).status_code
            == 404
        )
        assert (
            str(issued.number)
            not in client.get(reverse("evaluation:rectifications")).content.decode()
        )
    # the agency cannot accept its own rectification
    client = client_for(head)
    response = client.post(reverse("evaluation:rectification_accept", args=[issued.pk]))
    assert response.status_code == 403
    # a draft is the bureau's alone
    draft = rectification.create_notice(
        issued.campaign,
        actor=supervisor,
        notified=agency,
        requirements="x",
        due_on=DUE,
        problems=[],
    )
    assert (
        client_for(head).get(reverse("evaluation:rectification", args=[draft.pk])).status_code
        == 404
    )
    assert (
        client_for(supervisor).get(reverse("evaluation:rectification", args=[draft.pk])).status_code
        == 200
    )


def test_the_pages_draft_issue_reply_accept(campaign, supervisor, head, agency, client_for):
    campaign = _drawn(campaign, supervisor)
    client = client_for(supervisor)
    page = client.get(reverse("evaluation:campaign", args=[campaign.pk])).content.decode()
    create = reverse("evaluation:rectification_create", args=[campaign.pk])
    assert create in page
    response = client.post(
        create, {"notified": agency.pk, "requirements": "逐项整改", "due_on": "2026-12-20"}
    )
    notice = RectificationNotice.objects.get()
    assert response.url == reverse("evaluation:rectification_edit", args=[notice.pk])
    edit = reverse("evaluation:rectification_edit", args=[notice.pk])
    refused = client.post(
        edit,
        {
            "requirements": "逐项整改",
            "due_on": "2026-12-20",
            "case_number": ["", "无此案"],
            "text": ["", "缺页码"],
            "problem_class": ["", "filing"],
        },
    )
    assert refused.status_code == 422
    assert "无此案" in refused.content.decode()  # the line typed stays on the form
    client.post(
        edit,
        {
            "requirements": "逐项整改",
            "due_on": "2026-12-20",
            "case_number": [campaign.cases[0].number, ""],
            "text": ["询问笔录不完整", "缺页码"],
            "problem_class": ["procedure", "filing"],
        },
    )
    notice.refresh_from_db()
    assert [p["text"] for p in notice.problems] == ["询问笔录不完整", "缺页码"]
    client.post(reverse("evaluation:rectification_issue", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == "issued"
    pdf = client.get(reverse("evaluation:rectification_pdf", args=[notice.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    agency_client = client_for(head)
    listing = agency_client.get(reverse("evaluation:rectifications")).content.decode()
    assert notice.number in listing
    agency_client.post(
        reverse("evaluation:rectification_reply", args=[notice.pk]),
        {"text": "已整改", "files": [SimpleUploadedFile("报告.pdf", PDF, "application/pdf")]},
    )
    notice.refresh_from_db()
    assert notice.status == "replied"
    attachment = RectificationAttachment.objects.get()
    page = client_for(supervisor).get(reverse("evaluation:rectification", args=[notice.pk]))
    assert "报告.pdf" in page.content.decode()
    download = client_for(supervisor).get(
        reverse("evaluation:rectification_file", args=[attachment.pk])
    )
    assert b"".join(download.streaming_content) == PDF
    client_for(supervisor).post(
        reverse("evaluation:rectification_return", args=[notice.pk]), {"note": ""}
    )
    notice.refresh_from_db()
    assert notice.status == "replied"  # a return needs its note
    client_for(supervisor).post(
        reverse("evaluation:rectification_accept", args=[notice.pk]), {"note": "好"}
    )
    notice.refresh_from_db()
    assert notice.status == "accepted"
    _count, problems = record_state()
    assert problems == []


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "整改通知"), ("en", "Rectification notice")]
)
def test_detail_in_both_languages(issued, head, client_for, language, words):
    client = client_for(head)
    client.cookies["django_language"] = language
    page = client.get(
        reverse("evaluation:rectification", args=[issued.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert words in page
    assert issued.number in page
    if language == "zh-hans":
        assert "程序" in page and "立卷" in page and "Procedure" not in page
    else:
        assert "Procedure" in page and "Send the reply" in page


def _rule():
    return WarningRule.objects.get(code="evaluation_rectification_overdue", agency__isnull=True)


def test_overdue_warning_raised_past_due_and_resolved_when_accepted(
    issued, supervisor, head, clock, client_for
):
    rule = _rule()
    assert (rule.level, rule.parameters) == ("warning", {"grace_days": 0})
    alerts.evaluate_rule(rule)
    assert not Warning.objects.exists()  # before the due day
    clock.move_to("2026-12-20T18:00:00+08:00")
    alerts.evaluate_rule(rule)
    assert not Warning.objects.exists()  # the due day itself is still in time
    clock.move_to("2026-12-21T09:00:00+08:00")
    alerts.evaluate_rule(rule)
    warning = Warning.objects.get()
    assert (warning.agency_id, warning.subject_kind, warning.level) == (
        issued.notified_id,
        "rectification",
        "warning",
    )
    assert "2026-12-20" in warning.message
    assert warning.url == reverse("evaluation:rectification", args=[issued.pk])
    # where the other warnings appear: the agency's list, and its supervisor's (read only)
    for user in (head, supervisor):
        page = client_for(user).get(reverse("alerts:list")).content.decode()
        assert issued.number in page
    # the head's to-do list holds it
    keys = {task.key for task in todo.tasks_for(head, D(2026, 12, 21))}
    assert f"warning:{warning.pk}" in keys
    rectification.submit_reply(issued, actor=head, text="已整改")
    alerts.evaluate_rule(rule)
    warning.refresh_from_db()
    assert warning.status == "resolved"  # replied: the agency did its part
    rectification.return_reply(issued, actor=supervisor, note="不完整")
    alerts.evaluate_rule(rule)
    assert Warning.objects.open().count() == 1  # returned and past due: raised again
    rectification.submit_reply(issued, actor=head, text="已补充")
    rectification.accept(issued, actor=supervisor)
    alerts.evaluate_rule(rule)
    assert Warning.objects.open().count() == 0
    clock.move_to("2027-01-30T09:00:00+08:00")
    alerts.evaluate_rule(rule)
    assert Warning.objects.open().count() == 0  # accepted: never again
    _count, problems = record_state()
    assert problems == []


def test_todo_entries(issued, head, reviewer, supervisor, officer):
    today = D(2026, 11, 20)
    for user in (head, reviewer):
        tasks = [t for t in todo.tasks_for(user, today) if t.key.startswith("evaluation:rect")]
        assert [(t.key, t.due) for t in tasks] == [(f"evaluation:rectification:{issued.pk}", DUE)]
        with translation.override("zh-hans"):
            assert str(tasks[0].title) == "答复整改通知"
    assert not [t for t in todo.tasks_for(officer, today) if t.key.startswith("evaluation:rect")]
    assert not [t for t in todo.tasks_for(supervisor, today) if t.key.startswith("evaluation:rect")]
    rectification.submit_reply(issued, actor=head, text="已整改")
    assert not [t for t in todo.tasks_for(head, today) if t.key.startswith("evaluation:rect")]
    review = [t for t in todo.tasks_for(supervisor, today) if t.key.startswith("evaluation:rect")]
    assert [t.key for t in review] == [f"evaluation:rectification-review:{issued.pk}"]
    with translation.override("en"):
        assert str(review[0].title) == "Review the rectification reply"


def test_prefill_from_the_results_when_they_exist(campaign, supervisor, agency, monkeypatch):
    campaign = _drawn(campaign, supervisor)
    case = campaign.cases[1]

    item = SimpleNamespace(title="决定书载明救济途径")

    class Results:
        @staticmethod
        def file_results(_campaign):
            return [
                {
                    "agency": agency,
                    "case": case,
                    "grade": "failed",
                    "problems": [
                        {"text": "未告知陈述申辩权利", "problem_class": "procedure"},
                        SimpleNamespace(
                            item=item, comment="未写明复议机关", problem_class="substance"
                        ),
                    ],
                },
                {
                    "agency_id": agency.pk + 999,
                    "case": case,
                    "grade": "passed",
                    "problems": [{"text": "x"}],
                },
            ]

    monkeypatch.setattr(rectification, "_results_module", lambda: Results)
    notice = rectification.create_notice(
        campaign, actor=supervisor, notified=agency, requirements="x", due_on=DUE
    )
    assert notice.problems == [
        {
            "case_id": case.pk,
            "case_number": case.number,
            "text": "未告知陈述申辩权利",
            "problem_class": "procedure",
        },
        {
            "case_id": case.pk,
            "case_number": case.number,
            "text": "决定书载明救济途径：未写明复议机关",
            "problem_class": "substance",
        },
    ]
    monkeypatch.setattr(rectification, "_results_module", lambda: None)
    assert rectification.prefilled_problems(campaign, agency.pk) == []


@browser_support.MARKS[0]
@browser_support.MARKS[1]
def test_the_agency_answers_a_rectification_in_the_browser(
    browser, live_server, issued, head, supervisor, tmp_path
):
    """The head replies with a file; the notice pages read well at 1280 and 390 px for
    the agency and for the supervisor (no sideways scroll, no raw codes or English)."""
    evidence = tmp_path / "整改报告.pdf"
    evidence.write_bytes(PDF)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    detail = f"/evaluation/rectifications/{issued.pk}/"
    page.goto(f"{live_server.url}/accounts/login/?next=/evaluation/rectifications/")
    page.fill("#id_username", "head")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/evaluation/rectifications/")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "rectification-agency-list.png"), full_page=True)
    page.get_by_role("link", name=issued.number).click()
    page.wait_for_url(f"{live_server.url}{detail}")
    page.fill("#id_text", "已补正询问笔录和卷内目录")
    page.set_input_files("#id_files", str(evidence))
    page.screenshot(path=str(OUTPUT / "rectification-agency-reply.png"), full_page=True)
    page.get_by_role("button", name="报送答复").click()
    page.wait_for_url(f"{live_server.url}{detail}")
    assert "整改报告.pdf" in page.locator("main").inner_text()
    page.screenshot(path=str(OUTPUT / "rectification-agency-replied.png"), full_page=True)
    problems, visited = crawl(page, live_server.url, "head", [detail], limit=6, shots=OUTPUT)
    ours = [p for p in problems if p.path.startswith("/evaluation/rectif")]
    assert not ours, report(ours)
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/?next={detail}")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{detail}")
    page.screenshot(path=str(OUTPUT / "rectification-supervisor-review.png"), full_page=True)
    page.get_by_role("button", name="验收通过").click()
    page.wait_for_url(f"{live_server.url}{detail}")
    assert "已验收" in page.locator("main").inner_text()
    problems, visited = crawl(
        page,
        live_server.url,
        "supervisor",
        [detail, f"/evaluation/campaigns/{issued.campaign_id}/"],
        limit=8,
        shots=OUTPUT,
    )
    ours = [p for p in problems if p.path.startswith("/evaluation/")]
    assert not ours, report(ours)
    context.close()
