"""Importing a rubric workbook: all or nothing, every problem named by sheet, row and
column, in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from openenforce.core.errors import InvalidInput, NotPermitted
from openenforce.evaluation import exchange, services
from openenforce.evaluation.models import RubricVersion
from openenforce.evaluation.spec import ITEM_SHEET, RUBRIC_SHEET
from openenforce.evaluation.tests.helpers import counts, item, small_spec, write_workbook
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_a_good_workbook_becomes_a_draft_with_its_items_and_entries(
    tmp_path, supervisor, justice_bureau
):
    path = write_workbook(tmp_path / "r.xlsx")
    version = services.import_workbook(path, agency=justice_bureau, actor=supervisor)
    assert (version.number, version.status, version.total_points) == (1, "draft", Decimal(100))
    assert (version.excellent_from, version.passed_from) == (Decimal(90), Decimal(60))
    items = list(version.items.order_by("position"))
    assert [i.code for i in items] == ["J1", "J2", "L1", "S1", "G1"]
    assert (items[0].kind, items[0].check_key, items[0].points) == (
        "veto",
        "two_certified_officers",
        0,
    )
    assert (items[2].deduct_each, items[3].proposal) == (Decimal(10), True)
    assert version.digest == small_spec().digest() == exchange.spec_of(version).digest()
    kinds = set(Entry.objects.values_list("event_type", flat=True))
    assert {
        "evaluation.rubric.created",
        "evaluation.rubricversion.imported",
        "evaluation.rubricitem.imported",
    } <= kinds
    assert Entry.objects.filter(event_type="evaluation.rubricitem.imported").count() == 5


def _refusal(path, supervisor, bureau):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        services.import_workbook(path, agency=bureau, actor=supervisor)
    assert counts() == before  # nothing half-written, not even an entry
    return refused.value


def _set(sheet, row, column_header, value):
    def edit(workbook):
        ws = workbook[sheet]
        headers = [c.value for c in ws[1]]
        ws.cell(row=row, column=headers.index(column_header) + 1).value = value

    return edit


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(
    tmp_path, supervisor, justice_bureau
):
    def spoil(workbook):
        for sheet, row, header, value in [
            (ITEM_SHEET, 4, "分值", "十分"),
            (ITEM_SHEET, 5, "类别", "加分项"),
            (ITEM_SHEET, 6, "依据来源", None),
            (ITEM_SHEET, 2, "自动核对", "two_officers"),
            (ITEM_SHEET, 3, "分值", 5),
        ]:
            _set(sheet, row, header, value)(workbook)

    error = _refusal(write_workbook(tmp_path / "r.xlsx", edit=spoil), supervisor, justice_bureau)
    found = {(p.sheet, p.row, p.column): p.message for p in error.problems}
    assert found[(ITEM_SHEET, 4, "分值")] == "“十分”不是数字。"
    assert "加分项" in found[(ITEM_SHEET, 5, "类别")] and "否决项" in found[(ITEM_SHEET, 5, "类别")]
    assert found[(ITEM_SHEET, 6, "依据来源")] == "此列不能为空。"
    assert "two_officers" in found[(ITEM_SHEET, 2, "自动核对")]
    assert "否决项不计分" in found[(ITEM_SHEET, 3, "分值")]
    assert str(error).startswith("评查标准未导入")
    assert "第4行" in error.problems[0].location() or any(
        "第4行" in p.location() for p in error.problems
    )


def test_a_duplicate_item_number_and_impossible_bands_are_refused(
    tmp_path, supervisor, justice_bureau
):
    spec = small_spec(excellent_from=Decimal("120"))
    spec.items.append(item("L1", points="5"))
    error = _refusal(write_workbook(tmp_path / "r.xlsx", spec), supervisor, justice_bureau)
    found = {(p.sheet, p.row, p.column): p.message for p in error.problems}
    assert "第4行" in found[(ITEM_SHEET, 7, "序号")]
    spec = small_spec(excellent_from=Decimal("120"))
    error = _refusal(write_workbook(tmp_path / "b.xlsx", spec), supervisor, justice_bureau)
    assert [(p.sheet, p.column) for p in error.problems] == [(RUBRIC_SHEET, "合格分数线")]
    assert "100" in error.problems[0].message


def test_a_missing_sheet_or_column_is_named(tmp_path, supervisor, justice_bureau):
    def drop_sheet(workbook):
        del workbook[RUBRIC_SHEET]

    error = _refusal(
        write_workbook(tmp_path / "a.xlsx", edit=drop_sheet), supervisor, justice_bureau
    )
    assert [p.sheet for p in error.problems] == [RUBRIC_SHEET]

    def drop_column(workbook):
        workbook[ITEM_SHEET].cell(row=1, column=2, value="种类")

    error = _refusal(
        write_workbook(tmp_path / "b.xlsx", edit=drop_column), supervisor, justice_bureau
    )
    assert any(p.column == "类别" and p.row == 1 for p in error.problems)


def test_an_unknown_procedure_and_a_changed_procedure_are_refused(
    tmp_path, supervisor, justice_bureau
):
    def rename(value):
        def edit(workbook):
            ws = workbook[RUBRIC_SHEET]
            for row in ws.iter_rows(min_row=2):
                if row[0].value == "执法程序":
                    row[1].value = value

        return edit

    error = _refusal(
        write_workbook(tmp_path / "a.xlsx", edit=rename("行政裁决程序X")),
        supervisor,
        justice_bureau,
    )
    assert [(p.sheet, p.column) for p in error.problems] == [(RUBRIC_SHEET, "执法程序")]
    services.import_workbook(
        write_workbook(tmp_path / "b.xlsx"), agency=justice_bureau, actor=supervisor
    )
    error = _refusal(
        write_workbook(tmp_path / "c.xlsx", edit=rename("行政许可")), supervisor, justice_bureau
    )
    assert "test-penalty" in error.problems[0].message


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, supervisor, justice_bureau):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a workbook at all")
    error = _refusal(path, supervisor, justice_bureau)
    assert "Excel" in str(error)


def test_only_the_bodys_supervisors_import(tmp_path, officer, agency, supervisor, justice_bureau):
    path = write_workbook(tmp_path / "r.xlsx")
    with pytest.raises(NotPermitted):
        services.import_workbook(path, agency=justice_bureau, actor=officer)
    with pytest.raises(NotPermitted):
        services.import_workbook(path, agency=agency, actor=supervisor)  # not its own body
    assert RubricVersion.objects.count() == 0


def test_an_unknown_entry_on_the_rubric_sheet_is_named(tmp_path, supervisor, justice_bureau):
    def extra(workbook):
        workbook[RUBRIC_SHEET].append(["满分", 100])

    error = _refusal(write_workbook(tmp_path / "a.xlsx", edit=extra), supervisor, justice_bureau)
    assert [(p.sheet, p.row, p.column) for p in error.problems] == [(RUBRIC_SHEET, 8, "项目")]
    assert "满分" in error.problems[0].message
