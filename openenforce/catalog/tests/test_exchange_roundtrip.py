"""Export, re-import, edit: the catalogue workbook round trip."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from openenforce.catalog.exchange import ImportRefused, import_workbook
from openenforce.catalog.exchange.sheets import SHEETS
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    LegalBasis,
    Matter,
    Officer,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import save_entry
from openenforce.ledger.models import Entry
from openenforce.testing.workbooks import (
    build_catalogue,
    edit_cell,
    export_to,
    snapshot,
)


@pytest.fixture
def catalogue(agency, system_actor):
    return build_catalogue(agency, system_actor)


@pytest.fixture
def exported(catalogue, agency, tmp_path):
    return export_to(tmp_path / "catalogue.xlsx", agency)


def test_export_has_one_sheet_per_list_with_chinese_headers(exported):
    workbook = load_workbook(exported)
    assert workbook.sheetnames == [s.name for s in SHEETS]
    matters = workbook["执法事项"]
    headers = [c.value for c in matters[1]]
    assert headers[:4] == ["序号", "事项编码", "事项名称", "执法类别"]
    row = {h: c.value for h, c in zip(headers, matters[2], strict=False)}
    assert row["执法类别"] == "行政处罚"
    assert row["法律依据"] == "B1、B2"
    assert row["时限计算"] == "自然日"
    assert row["承办科室"] == "养老服务科"


def test_export_writes_labels_amounts_and_flags(exported):
    ws = load_workbook(exported)["重大执法决定法制审核目录"]
    row = {h.value: c.value for h, c in zip(ws[1], ws[2], strict=False)}
    assert row["处罚种类"] == "吊销许可证件、责令停产停业"
    assert row["罚款标准（自然人，元）"] == 10000
    assert row["经过听证"] == "是"
    assert row["负责人提交"] == "否"
    assert row["审核情形"] == "直接关系重大权益且经过听证"


def test_officer_sheet_has_a_row_per_certificate_and_one_for_an_officer_without(exported):
    ws = load_workbook(exported)["执法人员"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    headers = [c.value for c in ws[1]]
    number = headers.index("执法证号")
    status = headers.index("证件状态")
    assert [(r[1], r[number]) for r in rows] == [
        ("P01", "22010001"),
        ("P01", "22010002"),
        ("P02", None),
    ]
    assert [r[status] for r in rows[:2]] == ["已过期", "暂扣"]
    assert rows[2][headers.index("用工性质")] == "合同工或临时人员"


def test_text_starting_with_equals_is_exported_as_text_not_formula(exported):
    ws = load_workbook(exported)["法律依据"]
    cell = ws.cell(row=3, column=[c.value for c in ws[1]].index("条文内容") + 1)
    assert cell.data_type == "s"
    assert cell.value == "=以上规定适用于民办学校"


def test_reimporting_an_export_changes_nothing(exported, agency, system_actor):
    before = snapshot(agency)
    report = import_workbook(exported, agency=agency, actor=system_actor)
    assert report.edits == []
    assert snapshot(agency) == before  # no row and no record entry changed
    counts = report.counts()
    assert counts["执法事项"]["unchanged"] == 2
    assert counts["执法证"]["unchanged"] == 2
    assert counts["证件记录"]["unchanged"] == 3


def test_editing_one_cell_updates_exactly_one_entry(exported, agency, system_actor):
    edit_cell(exported, "执法事项", 2, "事项名称", "对养老机构未建立评估制度的处罚")
    entries = Entry.objects.count()
    report = import_workbook(exported, agency=agency, actor=system_actor)
    assert [(c.sheet, c.key, c.action, c.columns) for c in report.edits] == [
        ("执法事项", "M1", "updated", ("事项名称",))
    ]
    assert Matter.objects.get(agency=agency, code="M1").name == "对养老机构未建立评估制度的处罚"
    assert list(Entry.objects.filter(pk__gt=0).order_by("-sequence")[:1])[0].event_type == (
        "catalog.matter.updated"
    )
    assert Entry.objects.count() == entries + 1


def test_import_into_an_empty_agency_recreates_the_catalogue(
    exported, agency, other_agency, system_actor
):
    # Certificate numbers are unique nationwide, so the directory cannot be copied.
    workbook = load_workbook(exported)
    del workbook["执法人员"], workbook["证件记录"]
    workbook.save(exported)
    report = import_workbook(exported, agency=other_agency, actor=system_actor)
    assert report.counts()["执法事项"]["created"] == 2
    matter = Matter.objects.get(agency=other_agency, code="M1")
    assert matter.department.agency == other_agency
    assert sorted(matter.bases.values_list("agency", flat=True)) == [other_agency.pk] * 2


def test_dry_run_reports_changes_but_writes_nothing(exported, agency, system_actor):
    edit_cell(exported, "法律依据", 2, "条款", "第四十七条")
    before = snapshot(agency)
    report = import_workbook(exported, agency=agency, actor=system_actor, dry_run=True)
    assert [c.key for c in report.edits] == ["B1"]
    assert snapshot(agency) == before


def test_new_rows_reference_entries_of_the_same_file(exported, agency, system_actor):
    workbook = load_workbook(exported)
    workbook["法律依据"].append([3, "B9", "新法", "第一条"])
    workbook["执法事项"].append([3, "M9", "新事项", "行政检查", None, "教育", None, "B9、B1"])
    workbook["裁量基准"].append([3, "M9", "1", "情节轻微", "轻微", "警告", None, "500元"])
    workbook.save(exported)
    report = import_workbook(exported, agency=agency, actor=system_actor)
    assert {(c.sheet, c.key) for c in report.edits} == {
        ("法律依据", "B9"),
        ("执法事项", "M9"),
        ("裁量基准", "M9 / 1"),
    }
    matter = Matter.objects.get(agency=agency, code="M9")
    assert sorted(matter.bases.values_list("code", flat=True)) == ["B1", "B9"]
    standard = DiscretionStandard.objects.get(matter=matter)
    assert standard.fine_max == Decimal("500")


def test_new_certificate_history_moves_its_standing(exported, agency, system_actor):
    workbook = load_workbook(exported)
    ws = workbook["执法人员"]
    ws.append(
        [
            4,
            "P03",
            "王芳",
            "女",
            None,
            None,
            "公务员",
            "有效",
            "22010003",
            "长春市人民政府",
            "民政",
            "长春新区",
            datetime.date(2024, 1, 1),
            datetime.date(2029, 12, 31),
        ]
    )
    workbook["证件记录"].append([4, "22010003", "发证", "2024/1/1"])
    workbook["证件记录"].append([5, "22010003", "吊销", "2025年6月1日", "违纪"])
    workbook.save(exported)
    import_workbook(exported, agency=agency, actor=system_actor)
    certificate = Certificate.objects.get(number="22010003")
    assert certificate.officer.name == "王芳"
    assert certificate.standing == Certificate.Standing.REVOKED
    assert list(certificate.events.values_list("kind", flat=True)) == ["issued", "revoked"]


def test_renewal_in_history_and_directory_together(exported, agency, system_actor):
    certificate = Certificate.objects.get(number="22010001")
    workbook = load_workbook(exported)
    ws = workbook["执法人员"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("有效期止") + 1, value=datetime.date(2027, 12, 31))
    workbook["证件记录"].append([4, "22010001", "换证", "2023-01-05", None, "2027-12-31"])
    workbook.save(exported)
    report = import_workbook(exported, agency=agency, actor=system_actor)
    certificate.refresh_from_db()
    assert certificate.valid_to == datetime.date(2027, 12, 31)
    assert ("证件记录", "created") in {(c.sheet, c.action) for c in report.edits}
    assert CertificateEvent.objects.filter(certificate=certificate, kind="renewed").exists()


def test_a_recorded_history_entry_cannot_be_rewritten(exported, agency, system_actor):
    edit_cell(exported, "证件记录", 4, "原因", "另一个原因")
    with pytest.raises(ImportRefused) as refused:
        import_workbook(exported, agency=agency, actor=system_actor)
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("证件记录", 4, "原因")


def test_statuses_and_flags_are_updated_from_their_labels(exported, agency, system_actor):
    edit_cell(exported, "法律依据", 2, "状态", "废止")
    edit_cell(exported, "重大执法决定法制审核目录", 2, "负责人提交", "是")
    import_workbook(exported, agency=agency, actor=system_actor)
    assert LegalBasis.objects.get(code="B1").status == LegalBasis.Status.REPEALED
    assert ReviewCatalogueEntry.objects.get(code="Z1").head_referral is True
    assert Officer.objects.get(code="P02").employment == Officer.Employment.CONTRACT


def test_control_characters_are_dropped_on_export(agency, system_actor, tmp_path):
    save_entry(
        LegalBasis(agency=agency, code="B5", law_name="甲法", article="第一条", text="甲\x0b乙"),
        actor=system_actor,
    )
    ws = load_workbook(export_to(tmp_path / "c.xlsx", agency))["法律依据"]
    assert ws.cell(row=2, column=6).value == "甲乙"


def test_a_certificate_moved_to_another_officer_names_the_column(exported, agency, system_actor):
    edit_cell(exported, "执法人员", 3, "人员编码", "P02")
    edit_cell(exported, "执法人员", 3, "姓名", "李华")
    edit_cell(exported, "执法人员", 3, "性别", None)
    edit_cell(exported, "执法人员", 3, "所在科室", None)
    edit_cell(exported, "执法人员", 3, "用工性质", "合同工或临时人员")
    report = import_workbook(exported, agency=agency, actor=system_actor)
    assert [(c.key, c.columns) for c in report.edits] == [("22010002", ("人员编码",))]
    assert Certificate.objects.get(number="22010002").officer.code == "P02"
