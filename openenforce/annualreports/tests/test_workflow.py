"""The report's workflow (prepare, review, publish), scoping, the recompute command, the
exports, the portal, the API and the to-do list."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from openenforce.annualreports import services, tables
from openenforce.annualreports.models import AnnualReport
from openenforce.annualreports.tests.conftest import WRITTEN
from openenforce.core import todo
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.cases import D, act

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def events(report) -> list[str]:
    rows = Entry.objects.filter(
        subject_kind="annualreports.annualreport", subject_id=str(report.pk)
    )
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_workflow_is_recorded_and_in_order(year, agency, publisher, head, officer):
    with pytest.raises(NotPermitted):
        services.generate(agency, 2026, actor=officer)
    report = services.generate(agency, 2026, actor=publisher)
    assert report.status == "draft" and report.due_on == D(2027, 1, 31)
    assert report.digest == tables.digest(report.data)
    with pytest.raises(InvalidInput):
        services.submit(report, actor=publisher)  # no narrative yet
    report = services.save_narrative(report, actor=publisher, narrative="情况说明")
    report = services.submit(report, actor=publisher)
    with pytest.raises(NotPermitted):
        services.approve(report, actor=publisher)  # only the head approves
    with pytest.raises(WrongState):
        services.publish(report, actor=publisher)  # not approved yet
    report = services.return_to_draft(report, actor=head, note="补充说明")
    assert report.status == "draft" and report.review_note == "补充说明"
    report = services.submit(services.generate(agency, 2026, actor=publisher), actor=publisher)
    report = services.approve(report, actor=head)
    with pytest.raises(WrongState):
        services.save_narrative(report, actor=publisher, narrative="改")
    report = services.publish(report, actor=publisher)
    assert report.status == "published" and report.published_by == publisher
    assert events(report) == [
        "annualreports.annualreport.generated",
        "annualreports.annualreport.narrative_saved",
        "annualreports.annualreport.submitted",
        "annualreports.annualreport.returned",
        "annualreports.annualreport.recomputed",
        "annualreports.annualreport.submitted",
        "annualreports.annualreport.approved",
        "annualreports.annualreport.published",
    ]


def test_the_deadline_is_a_setting(year, agency, publisher, settings):
    settings.OPENENFORCE_ANNUAL_REPORT_DUE = "03-31"
    assert services.generate(agency, 2026, actor=publisher).due_on == D(2027, 3, 31)


def test_recompute_finds_no_difference_then_a_changed_record(
    year, agency, publisher, team, officer, head
):
    services.generate(agency, 2026, actor=publisher)
    out = io.StringIO()
    call_command(
        "annual-report", "recompute", "--agency", agency.code, "--year", "2026", stdout=out
    )
    assert "the same" in out.getvalue()
    # A decision recorded after the report was computed: the stored report differs.
    case = act(
        team.open("penalty_simplified", actor=officer),
        "decide_on_spot",
        officer,
        facts="占道",
        proposed_penalty_kinds=["warning"],
        rights_informed=True,
        decision_text="警告",
        decided_on=D(2026, 11, 3),
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
            "annual-report", "recompute", "--agency", agency.code, "--year", "2026", stderr=err
        )
    assert info.value.returncode == 1
    assert f"penalty/{agency.code}/warning: 1 " in err.getvalue()
    # The drill-down lists the late case, and says the list is no longer the stored one.
    report = AnnualReport.objects.get(agency=agency, year=2026)
    cell = f"/annual-reports/{report.pk}/cells/penalty/{agency.code}/warning/"
    listed = client_for(publisher).get(cell).content.decode()
    assert f"/cases/{case.pk}/" in listed and "记录在报告计算后有变化" in listed


def test_a_version_1_report_is_compacted_recorded(year, agency, publisher):
    from django.db import transaction

    from openenforce.accounts.services import get_system_actor
    from openenforce.ledger.services import update_recorded

    report = services.generate(agency, 2026, actor=publisher)
    old = {**report.data, "version": 1}
    cell = old["tables"]["penalty"]["rows"][agency.code]["confiscate_gains"]
    old["tables"]["penalty"]["rows"][agency.code]["confiscate_gains"] = {
        "value": cell["value"],
        "ids": [year["combined"].pk],
    }
    with transaction.atomic():  # as stored by the earlier version
        update_recorded(
            AnnualReport.objects.filter(pk=report.pk),
            actor=get_system_actor(),
            event_type="test.import",
            data=old,
            digest=tables.digest(old),
        )
    out = io.StringIO()
    call_command("annual-report", "compact", stdout=out)
    assert "1 report(s) compacted" in out.getvalue()
    report.refresh_from_db()
    assert report.data == tables.compute(agency, 2026)
    assert report.digest == tables.digest(report.data)
    assert events(report)[-1] == "annualreports.annualreport.compacted"
    call_command("annual-report", "compact", stdout=out)
    assert events(report)[-1] == "annualreports.annualreport.compacted"
    assert events(report).count("annualreports.annualreport.compacted") == 1


def test_staff_pages_scoped_and_drill_down(year, agency, publisher, head, outsider, supervisor):
    client = client_for(publisher)
    response = client.post("/annual-reports/generate/", {"year": "2026"})
    report = AnnualReport.objects.get(agency=agency, year=2026)
    assert response.status_code == 302 and response["Location"] == f"/annual-reports/{report.pk}/"
    page = client.get(f"/annual-reports/{report.pk}/").content.decode()
    assert "行政处罚" in page and "无相关职责" in page  # the sub-unit holds no licensing power
    cell = f"/annual-reports/{report.pk}/cells/penalty/{agency.code}/confiscate_gains/"
    assert cell in page
    listed = client.get(cell).content.decode()
    assert f"/cases/{year['combined'].pk}/" in listed
    client.post(f"/annual-reports/{report.pk}/narrative/", {"narrative": "说明"})
    client.post(f"/annual-reports/{report.pk}/submit/")
    client_for(head).post(f"/annual-reports/{report.pk}/approve/", {"decision": "approve"})
    client.post(f"/annual-reports/{report.pk}/publish/")
    assert AnnualReport.objects.get(pk=report.pk).status == "published"
    # Another agency's staff do not see it; the supervisor reads it but cannot change it.
    assert client_for(outsider).get(f"/annual-reports/{report.pk}/").status_code in (403, 404)
    assert client_for(supervisor).get(f"/annual-reports/{report.pk}/").status_code == 200
    client_for(supervisor).post(f"/annual-reports/{report.pk}/narrative/", {"narrative": "x"})
    assert AnnualReport.objects.get(pk=report.pk).narrative == "说明"


def test_exports_open(published):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = Client()
    xlsx = client.get(f"/portal/annual-reports/{published.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[1].startswith("2.")
    penalty = book[book.sheetnames[1]]
    header = [c.value for c in penalty[3]]
    assert "罚没金额（万元）" in header
    total = [c.value for c in penalty[penalty.max_row]]
    assert total[header.index("合计（宗）")] == 5
    pdf = client.get(f"/portal/annual-reports/{published.pk}/report.pdf")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 2
    assert "行政处罚" in "".join(page.extract_text() for page in reader.pages)


def test_portal_and_api_show_only_published(year, published, agency, publisher, settings):
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 0
    draft = services.generate(agency, 2025, actor=publisher)
    anonymous = Client()
    listing = anonymous.get("/portal/annual-reports/").content.decode()
    assert f"/portal/annual-reports/{published.pk}/" in listing
    assert f"/portal/annual-reports/{draft.pk}/" not in listing
    assert anonymous.get(f"/portal/annual-reports/{draft.pk}/").status_code == 404
    page = anonymous.get(f"/portal/annual-reports/{published.pk}/").content.decode()
    assert "2026年度执法情况说明" in page
    api = anonymous.get("/api/v1/annual-reports/").json()
    assert [r["year"] for r in api] == [2026]
    detail = anonymous.get(f"/api/v1/annual-reports/{published.pk}").json()
    assert detail["tables"]["penalty"]["rows"][agency.code]["total"]["value"] == 5
    assert anonymous.get(f"/api/v1/annual-reports/{draft.pk}").status_code == 404


@pytest.mark.clock("2027-01-20T10:00:00+08:00")
def test_the_todo_list_until_published(year, agency, publisher, head):
    def titles(user):
        return [
            str(t.title) for t in todo.tasks_for(user, D(2027, 1, 20)) if t.area == "annual_report"
        ]

    assert titles(publisher) == ["编制年度报告"]
    report = services.generate(agency, 2026, actor=publisher)
    report = services.submit(
        services.save_narrative(report, actor=publisher, narrative="说明"), actor=publisher
    )
    assert titles(publisher) == [] and titles(head) == ["审核年度报告"]
    services.approve(report, actor=head)
    task = next(t for t in todo.tasks_for(publisher, D(2027, 1, 20)) if t.area == "annual_report")
    assert str(task.title) == "发布年度报告" and task.due == D(2027, 1, 31)


def test_no_reminder_to_prepare_after_the_deadline_unless_begun(year, agency, publisher):
    """At 20 November 2026 the 2025 report's deadline (31 January) is long past."""
    assert not [t for t in todo.tasks_for(publisher, D(2026, 11, 20)) if t.area == "annual_report"]
    services.generate(agency, 2025, actor=publisher)
    tasks = [t for t in todo.tasks_for(publisher, D(2026, 11, 20)) if t.area == "annual_report"]
    assert [str(t.title) for t in tasks] == ["编制年度报告"] and tasks[0].due == D(2026, 1, 31)


def test_the_check_page_shows_what_changed_since(year, agency, publisher, team, officer):
    report = services.generate(agency, 2026, actor=publisher)
    client = client_for(publisher)
    same = client.get(f"/annual-reports/{report.pk}/check/").content.decode()
    assert "各项数据与已存储的报告完全一致" in same
    act(
        team.open("penalty_simplified", actor=officer),
        "decide_on_spot",
        officer,
        facts="占道",
        proposed_penalty_kinds=["warning"],
        rights_informed=True,
        decision_text="警告",
        decided_on=D(2026, 11, 3),
    )
    changed = client.get(f"/annual-reports/{report.pk}/check/").content.decode()
    assert "有 8 项数据与已存储的报告不同" in changed
    # 立案, 简易程序, 合计 and 警告 differ, in the unit's row and the total.
    assert f"penalty/{agency.code}/warning: 1" in changed


def test_staff_read_their_drafts_through_the_api_with_a_token(year, agency, publisher, outsider):
    from openenforce.testing.api import api_as

    draft = services.generate(agency, 2026, actor=publisher)
    assert api_as(publisher).get(f"/api/v1/annual-reports/{draft.pk}").status_code == 200
    assert api_as(outsider).get(f"/api/v1/annual-reports/{draft.pk}").status_code == 404
    assert Client().get(f"/api/v1/annual-reports/{draft.pk}").status_code == 404


@pytest.mark.clock("2026-12-07T10:00:00+08:00")
def test_a_report_submitted_before_its_year_is_out_reaches_the_head(year, agency, publisher, head):
    """In December the previous year's report is long published or missed; a report of the
    current year submitted early still waits for the head's review, then for publication."""

    def titles(user):
        today = D(2026, 12, 7)
        return [str(t.title) for t in todo.tasks_for(user, today) if t.area == "annual_report"]

    report = services.generate(agency, 2026, actor=publisher)
    assert titles(publisher) == [] and titles(head) == []  # a draft of this year: not yet due
    report = services.submit(
        services.save_narrative(report, actor=publisher, narrative="说明"), actor=publisher
    )
    assert titles(head) == ["审核年度报告"] and titles(publisher) == []
    services.approve(report, actor=head)
    task = next(t for t in todo.tasks_for(publisher, D(2026, 12, 7)) if t.area == "annual_report")
    assert str(task.title) == "发布年度报告" and task.due == D(2027, 1, 31)
    assert task.url == f"/annual-reports/{report.pk}/"
