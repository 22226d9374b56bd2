"""Malformed files get a clear Chinese refusal, never a traceback."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import Workbook

from openenforce.catalog.exchange import FileRefused, import_workbook
from openenforce.catalog.exchange.reader import merged_ranges
from openenforce.testing.workbooks import write_workbook

FIELDS_HEADER = ["编码", "名称"]


def refusal(path, agency, actor) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        import_workbook(path, agency=agency, actor=actor)
    return refused.value


@pytest.mark.parametrize(
    "content",
    [
        "编码,名称\nmz,民政\n".encode(),  # a CSV renamed .xlsx
        bytes(range(256)) * 4,  # random bytes
        b"PK\x03\x04 but not really a zip archive",
        b"",
    ],
    ids=["csv", "random", "fake-zip", "empty-file"],
)
def test_what_is_not_an_xlsx_is_refused(tmp_path, agency, system_actor, content):
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(content)
    assert str(refusal(path, agency, system_actor)) == "这不是 Excel 工作簿（.xlsx）文件。"


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, agency, system_actor):
    path = tmp_path / "catalogue.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert str(refusal(path, agency, system_actor)) == "这不是 Excel 工作簿（.xlsx）文件。"


def test_a_workbook_with_a_broken_part_is_refused(tmp_path, agency, system_actor):
    path = tmp_path / "catalogue.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    assert str(refusal(path, agency, system_actor)) == "这不是 Excel 工作簿（.xlsx）文件。"


def test_old_xls_is_refused_with_advice(tmp_path, agency, system_actor):
    path = tmp_path / "catalogue.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "另存为" in str(refusal(path, agency, system_actor))


def test_a_file_over_the_size_limit_is_refused(tmp_path, agency, system_actor, settings):
    settings.OPENENFORCE_IMPORT_MAX_BYTES = 1000
    path = write_workbook(tmp_path / "big.xlsx", {"执法领域": [FIELDS_HEADER, ["mz", "民政"]]})
    assert "最多可导入" in str(refusal(path, agency, system_actor))


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path, agency, system_actor, settings):
    settings.OPENENFORCE_IMPORT_MAX_BYTES = 20_000
    rows = [[f"c{i}", "民" * 30_000] for i in range(10)]
    path = write_workbook(tmp_path / "bomb.xlsx", {"执法领域": [FIELDS_HEADER, *rows]})
    assert path.stat().st_size < 20_000
    assert str(refusal(path, agency, system_actor)) == "工作簿解压后的数据过多，无法导入。"


def test_an_empty_workbook_is_refused(tmp_path, agency, system_actor):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    assert str(refusal(path, agency, system_actor)) == "工作簿中没有可导入的数据行。"


def test_headers_only_is_refused_as_empty(tmp_path, agency, system_actor):
    path = write_workbook(tmp_path / "headers.xlsx", {"执法领域": [FIELDS_HEADER]})
    assert str(refusal(path, agency, system_actor)) == "工作簿中没有可导入的数据行。"


def test_unknown_sheets_are_named(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "sheets.xlsx",
        {"执法领域": [FIELDS_HEADER, ["mz", "民政"]], "事项清单": [["a"], ["b"]], "Sheet2": []},
    )
    refused = refusal(path, agency, system_actor)
    [problem] = refused.problems
    assert problem.sheet == "事项清单"
    assert problem.message.startswith("未知的工作表“事项清单”")


def test_formulas_are_refused_naming_each_cell(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "formula.xlsx",
        {"执法领域": [FIELDS_HEADER, ["mz", '=CONCAT("民","政")'], ["jy", "教育"], ["=A2", "x"]]},
    )
    refused = refusal(path, agency, system_actor)
    assert [(p.sheet, p.row, p.column) for p in refused.problems] == [
        ("执法领域", 2, "B2"),
        ("执法领域", 4, "A4"),
    ]
    assert refused.problems[0].message == "单元格 B2 含有公式，请粘贴为数值。"


def test_merged_cells_are_refused_naming_the_range(tmp_path, agency, system_actor):
    path = tmp_path / "merged.xlsx"
    workbook = Workbook()
    ws = workbook.active
    ws.title = "执法领域"
    for row in (FIELDS_HEADER, ["mz", "民政"], ["jy", "教育"]):
        ws.append(row)
    ws.merge_cells("B2:B3")
    workbook.save(path)
    refused = refusal(path, agency, system_actor)
    assert [(p.sheet, p.column) for p in refused.problems] == [("执法领域", "B2:B3")]
    assert "B2:B3" in refused.problems[0].message


def test_merged_range_scan_finds_tags_split_across_chunks(tmp_path):
    path = tmp_path / "scan.zip"
    filler = b"<row>" + b"x" * ((1 << 20) - 20)
    xml = filler + b'<mergeCells><mergeCell ref="A1:C1"/><x:mergeCell ref="D5:D9"/></mergeCells>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sheet.xml", xml)
    with zipfile.ZipFile(path) as archive:
        assert merged_ranges(archive, "sheet.xml") == ["A1:C1", "D5:D9"]


def _rows_file(path, count):
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("执法领域")
    ws.append(FIELDS_HEADER)
    for i in range(count):
        ws.append([f"c{i}", f"n{i}"])
    workbook.save(path)
    return path


def test_too_many_rows_are_refused_from_the_declared_size(tmp_path, agency, system_actor, settings):
    settings.OPENENFORCE_IMPORT_MAX_ROWS = 100
    refused = refusal(_rows_file(tmp_path / "rows.xlsx", 101), agency, system_actor)
    assert refused.problems[0].message == "工作表超过 100 行，请拆分文件。"


def test_too_many_rows_are_refused_when_the_size_is_not_declared(
    tmp_path, agency, system_actor, settings
):
    settings.OPENENFORCE_IMPORT_MAX_ROWS = 100
    path = _rows_file(tmp_path / "rows.xlsx", 150)
    undeclared = tmp_path / "undeclared.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(undeclared, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            target.writestr(item, data)
    refused = refusal(undeclared, agency, system_actor)
    assert refused.problems[0].message == "工作表超过 100 行，请拆分文件。"


def test_exactly_the_row_limit_is_accepted(tmp_path, agency, system_actor, settings):
    settings.OPENENFORCE_IMPORT_MAX_ROWS = 30
    report = import_workbook(
        _rows_file(tmp_path / "rows.xlsx", 30), agency=agency, actor=system_actor
    )
    assert report.counts()["执法领域"]["created"] == 30


def _sheet_xml(count: int) -> bytes:
    """Sheet XML of ``count`` data rows, written directly: openpyxl takes seconds for 50,000."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>c{n}</t></is></c></row>'
        for n in range(2, count + 2)
    )
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:B{count + 1}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>编码</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    ).encode()


def test_a_50000_row_file_is_refused_with_the_default_limit(tmp_path, agency, system_actor):
    small = _rows_file(tmp_path / "small.xlsx", 1)
    path = tmp_path / "rows.xlsx"
    with (
        zipfile.ZipFile(small) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            is_sheet = item.filename.startswith("xl/worksheets/sheet")
            target.writestr(item.filename, _sheet_xml(50_000) if is_sheet else source.read(item))
    refused = refusal(path, agency, system_actor)
    assert refused.problems[0].message == "工作表超过 20000 行，请拆分文件。"


def test_error_values_in_cells_are_refused(tmp_path, agency, system_actor):
    path = tmp_path / "errors.xlsx"
    workbook = Workbook()
    ws = workbook.active
    ws.title = "执法领域"
    ws.append(FIELDS_HEADER)
    ws.append(["mz", "民政"])
    ws["B2"].data_type = "e"
    ws["B2"].value = "#REF!"
    workbook.save(path)
    [problem] = refusal(path, agency, system_actor).problems
    assert (problem.row, problem.column) == (2, "B2")
