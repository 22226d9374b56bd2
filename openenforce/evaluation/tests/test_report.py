"""The campaign report (通报), its files, publication and closing (docs/evaluation.md §5)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from openenforce.core.errors import NotPermitted, WrongState
from openenforce.evaluation import publication, rectification, report, report_files
from openenforce.evaluation.models import Campaign
from openenforce.evaluation.tests.report_world import graded_campaign
from openenforce.evaluation.tests.scoring_world import drawn_campaign
from openenforce.ledger.models import Entry
from openenforce.testing.api import api_as

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date
API = "/api/v1/evaluation"


@pytest.fixture
def graded(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    return graded_campaign(system_actor, agency, other_agency, justice_bureau, officer, supervisor)


def _by_code(rows, key="code"):
    return {row[key]: row for row in rows}


def test_the_figures_of_a_graded_campaign(graded, agency, other_agency):
    content = report.build(graded)
    agencies = _by_code(content["agencies"])
    a, b = agencies[agency.code], agencies[other_agency.code]
    assert (a["sampled"], a["graded"], a["mean_points"]) == (2, 2, "85.0")
    assert (a["excellent"], a["passed"], a["failed"]) == (1, 1, 0)
    assert (a["excellent_rate"], a["pass_rate"]) == ("0.5000", "1.0000")
    assert (b["sampled"], b["mean_points"], b["failed"]) == (1, "90.0", 1)
    assert (b["excellent_rate"], b["pass_rate"]) == ("0.0000", "0.0000")
    totals = content["totals"]
    assert (totals["excellent"], totals["passed"], totals["failed"]) == (1, 1, 1)
    assert (totals["excellent_rate"], totals["pass_rate"]) == ("0.3333", "0.6667")
    assert (totals["rechecked"], totals["settled"]) == (3, 0)
    # by class, most frequent first: 程序 (L1 twice), then 立卷 (G1) and 实体 (J2)
    assert [
        (c["problem_class"], c["problems"], c["files"]) for c in content["problem_classes"]
    ] == [
        ("procedure", 2, 2),
        ("filing", 1, 1),
        ("substance", 1, 1),
    ]
    items = content["problem_items"]
    assert [(i["code"], i["files"]) for i in items] == [("L1", 2), ("G1", 1), ("J2", 1)]
    assert items[0]["agencies"] == sorted([agency.code, other_agency.code])
    assert items[0]["title"] == "要求L1" and items[2]["veto"] is True
    # the exemplary file: A's 100-point file
    assert [(e["agency"], e["points"]) for e in content["exemplary"]] == [(agency.code, "100.0")]
    files = content["files"]
    assert sorted((f["agency"], f["grade"], f["vetoed"]) for f in files) == sorted(
        [
            (agency.code, "excellent", False),
            (agency.code, "passed", False),
            (other_agency.code, "failed", True),
        ]
    )
    owed = _by_code(content["rectification"])
    assert (owed[agency.code]["problems"], owed[agency.code]["failed"]) == (2, 0)
    assert (owed[other_agency.code]["files"], owed[other_agency.code]["failed"]) == (1, 1)
    # the digest is stable and the public version has no file list
    assert report.digest(report.build(graded)) == report.digest(content)
    shown = report.public(content)
    assert "files" not in shown and "seed_commitment" not in shown["campaign"]
    assert report.public(shown) == shown


def test_the_pdf_and_the_workbook(graded, agency):
    content = report.build(graded)
    pdf = report_files.pdf(content, graded)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "2026年案卷评查情况通报"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "2026年案卷评查情况通报" in text.replace(" ", "")
    book = load_workbook(io.BytesIO(report_files.xlsx(content)))
    assert book.sheetnames == ["汇总", "案卷", "问题"]
    summary = book["汇总"]
    assert [c.value for c in summary[2]][:4] == ["单位", "抽查案卷数", "已评定", "平均分"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    assert rows[agency.name] == (agency.name, 2, 2, 85.0, 1, 1, 0, 0.5, 1.0)
    assert rows["合计"][7] == pytest.approx(0.3333)
    assert book["案卷"].max_row == 4  # header and three files
    problems = list(book["问题"].iter_rows(min_row=2, values_only=True))
    assert problems[0][2] == "L1" and problems[0][4] == 2 and problems[0][6] == 20.0


def test_publish_needs_graded_and_close_needs_every_notice_accepted(
    system_actor, agency, other_agency, justice_bureau, officer, supervisor, head, reviewer
):
    campaign = drawn_campaign(
        system_actor, agency, other_agency, justice_bureau, officer, supervisor
    )
    with pytest.raises(WrongState) as refused:
        publication.publish_report(campaign, actor=supervisor)
    assert refused.value.code == "campaign_not_graded"
    from openenforce.evaluation.tests.report_world import score_all

    campaign = score_all(campaign, agency)
    with pytest.raises(NotPermitted):
        publication.publish_report(campaign, actor=officer)
    with pytest.raises(WrongState):
        publication.close_campaign(campaign, actor=supervisor)  # not published yet
    notice = rectification.create_notice(
        campaign,
        actor=supervisor,
        notified=agency,
        requirements="逐项整改并报送整改情况",
        due_on=D(2026, 12, 20),
    )
    published = publication.publish_report(campaign, actor=supervisor)
    assert published.status == Campaign.Status.PUBLISHED
    assert published.report_sha256 == report.digest(report.build(published))
    entry = Entry.objects.get(event_type="evaluation.campaign.published")
    assert entry.subject_id == str(campaign.pk)
    assert json.loads(bytes(entry.body))["files"] == [
        published.report_sha256,
        report.digest(report.public(report.build(published))),
    ]
    with pytest.raises(WrongState):
        publication.publish_report(published, actor=supervisor)
    notice = rectification.issue(notice, actor=supervisor)
    with pytest.raises(WrongState) as refused:
        publication.close_campaign(published, actor=supervisor)
    assert refused.value.code == "campaign_rectification_open"
    assert notice.number in refused.value.message and agency.name in refused.value.message
    notice = rectification.submit_reply(notice, actor=head, text="已逐项整改")
    with pytest.raises(WrongState):
        publication.close_campaign(published, actor=supervisor)
    rectification.accept(notice.notice if hasattr(notice, "notice") else notice, actor=supervisor)
    closed = publication.close_campaign(published, actor=supervisor)
    assert closed.status == Campaign.Status.CLOSED and closed.closed_by == supervisor
    assert Entry.objects.filter(event_type="evaluation.campaign.closed").count() == 1
    assert report.matches_published(closed) is True
    with pytest.raises(WrongState):  # nothing new after closing
        rectification.create_notice(
            closed, actor=supervisor, notified=agency, requirements="x", due_on=D(2026, 12, 20)
        )


def test_the_todo_asks_the_supervisor_to_publish(graded, supervisor, officer):
    from django.utils import translation

    from openenforce.evaluation.todo import evaluation_tasks

    with translation.override("zh-hans"):
        titles = [str(t.title) for t in evaluation_tasks(supervisor, D(2026, 11, 20))]
    assert titles == ["发布评查情况通报"]
    assert not list(evaluation_tasks(officer, D(2026, 11, 20)))
    publication.publish_report(graded, actor=supervisor)
    assert not list(evaluation_tasks(supervisor, D(2026, 11, 20)))


def test_who_downloads_the_report(graded, client_for, supervisor, officer, head, outsider):
    pdf = reverse("evaluation:campaign_report", args=[graded.pk, "pdf"])
    xlsx = reverse("evaluation:campaign_report", args=[graded.pk, "xlsx"])
    client = client_for(supervisor)
    page = client.get(
        reverse("evaluation:campaign", args=[graded.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "评查报告（PDF）" in page and "发布评查报告" in page and pdf in page
    assert client.get(pdf).content.startswith(b"%PDF")
    assert client.get(xlsx)["Content-Type"].startswith("application/vnd.openxmlformats")
    for user in (officer, outsider, head):
        assert client_for(user).get(pdf).status_code == 404
    client = client_for(supervisor)  # one test client, logged in again
    assert client.post(reverse("evaluation:campaign_publish", args=[graded.pk])).status_code == 302
    graded.refresh_from_db()
    assert graded.status == "published"
    # the evaluated agency's head: the PDF once published, not the workbook
    assert client_for(head).get(pdf).content.startswith(b"%PDF")
    assert client_for(head).get(xlsx).status_code == 404
    for user in (officer, outsider):
        assert client_for(user).get(pdf).status_code == 404
    client = client_for(supervisor)
    page = client.get(reverse("evaluation:campaign", args=[graded.pk])).content.decode()
    assert graded.report_sha256 in page
    assert client.post(reverse("evaluation:campaign_close", args=[graded.pk])).status_code == 302
    graded.refresh_from_db()
    assert graded.status == "closed"


def test_the_api(graded, supervisor, officer, agency):
    api = api_as(supervisor)
    body = api.get(f"{API}/campaigns/{graded.pk}/results").json()
    assert len(body["files"]) == 3 and body["status"] == "graded"
    row = _by_code(body["agencies"], "agency")[agency.code]
    assert (row["graded"], row["excellent"], row["pass_rate"]) == (2, 1, "1.0000")
    assert api.get(f"{API}/campaigns/{graded.pk}/report.pdf").content.startswith(b"%PDF")
    assert api.get(f"{API}/campaigns/{graded.pk}/report.xlsx").status_code == 200
    assert api_as(officer).get(f"{API}/campaigns/{graded.pk}/results").status_code == 404
    assert api_as(officer).post(f"{API}/campaigns/{graded.pk}/publish").status_code == 404
    assert api.post(f"{API}/campaigns/{graded.pk}/close").status_code == 409
    published = api.post(f"{API}/campaigns/{graded.pk}/publish").json()
    assert published["status"] == "published" and len(published["report_sha256"]) == 64
    assert api.post(f"{API}/campaigns/{graded.pk}/publish").status_code == 409
    assert api.get(f"{API}/campaigns/{graded.pk}").json()["seed"]  # still shown after
    assert api.post(f"{API}/campaigns/{graded.pk}/close").json()["status"] == "closed"


def test_the_command(graded, tmp_path):
    out = tmp_path / "report.json"
    call_command("evaluation", "report", str(graded.pk), "--format", "json", "--out", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["sha256"] == report.digest(document["report"])
    assert document["report"]["totals"]["graded"] == 3
    book = tmp_path / "report.xlsx"
    call_command("evaluation", "report", str(graded.pk), "--format", "xlsx", "--out", str(book))
    assert load_workbook(book).sheetnames == ["汇总", "案卷", "问题"]
    call_command("evaluation", "publish-report", str(graded.pk))
    graded.refresh_from_db()
    assert graded.status == "published" and graded.published_by.username == "system"
    with pytest.raises(CommandError):
        call_command("evaluation", "publish-report", str(graded.pk))
    call_command("evaluation", "close", str(graded.pk))
    graded.refresh_from_db()
    assert graded.status == "closed"
