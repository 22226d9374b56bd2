"""``openenforce catalog import | export | template``: output, exit status, stderr."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from openenforce.__main__ import main
from openenforce.catalog.exchange.sheets import SHEETS
from openenforce.catalog.models import EnforcementField, Matter
from openenforce.testing.workbooks import (
    build_catalogue,
    edit_cell,
    snapshot,
    write_workbook,
)


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("catalog", *args, stdout=out)
    return out.getvalue().splitlines()


def refusal(*args: str) -> list[str]:
    with pytest.raises(CommandError) as excinfo:
        call_command("catalog", *args, stdout=StringIO())
    assert excinfo.value.returncode == 1
    return str(excinfo.value).splitlines()


def test_export_then_import_round_trip(tmp_path, agency, system_actor):
    build_catalogue(agency, system_actor)
    [written] = run("export", str(tmp_path / "out"), "--agency", agency.code)
    path = Path(written)
    assert path.parent == tmp_path / "out"
    assert path.name.startswith("cnna-sa-catalogue-") and path.suffix == ".xlsx"
    before = snapshot(agency)
    lines = run("import", str(path), "--agency", agency.code)
    assert "执法事项：新增 0，更新 0，未变 2" in lines
    assert snapshot(agency) == before


def test_import_of_an_edited_file_updates_and_dry_run_changes_nothing(
    tmp_path, agency, system_actor
):
    build_catalogue(agency, system_actor)
    [written] = run("export", str(tmp_path), "--agency", agency.code)
    edit_cell(Path(written), "执法事项", 3, "办理时限（天）", 30)
    lines = run("import", written, "--agency", agency.code, "--dry-run")
    assert "执法事项：新增 0，更新 1，未变 1" in lines
    assert lines[-1] == "试运行：未做任何更改。"
    assert Matter.objects.get(code="M2").time_limit_days == 20
    run("import", written, "--agency", agency.code)
    assert Matter.objects.get(code="M2").time_limit_days == 30


def test_the_only_agency_need_not_be_named(tmp_path, agency):
    path = write_workbook(tmp_path / "f.xlsx", {"执法领域": [["编码", "名称"], ["mz", "民政"]]})
    assert run("import", str(path)) == ["执法领域：新增 1，更新 0，未变 0"]
    assert EnforcementField.objects.get().agency == agency


def test_several_agencies_must_be_told_apart(tmp_path, agency, other_agency):
    path = write_workbook(tmp_path / "f.xlsx", {"执法领域": [["编码", "名称"], ["mz", "民政"]]})
    assert refusal("import", str(path))[0].startswith("请用 --agency")
    assert refusal("import", str(path), "--agency", "nope") == ["不存在代码为“nope”的执法主体。"]


def test_bad_rows_exit_1_with_one_problem_per_line(tmp_path, agency):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {"执法领域": [["编码", "名称"], ["mz", ""], ["jy", "教育"], ["jy", "体育"]]},
    )
    assert refusal("import", str(path), "--agency", agency.code) == [
        "工作簿未导入：共 2 个问题。",
        "执法领域 第2行 名称: 此项必填。",
        "执法领域 第4行 编码: 与第 3 行重复。",
    ]
    assert not EnforcementField.objects.exists()


def test_a_missing_file_and_a_malformed_file_are_refused(tmp_path, agency):
    assert refusal("import", str(tmp_path / "none.xlsx"))[0].startswith("文件“")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("编码,名称\n", encoding="utf-8")
    assert refusal("import", str(fake)) == ["这不是 Excel 工作簿（.xlsx）文件。"]


def test_template_has_every_sheet_and_no_rows(tmp_path, db):
    [written] = run("template", str(tmp_path))
    workbook = load_workbook(written)
    assert workbook.sheetnames == [s.name for s in SHEETS]
    assert all(ws.max_row == 1 for ws in workbook.worksheets)


def test_the_command_line_exits_1_and_writes_problems_to_stderr(
    tmp_path, agency, capsys, monkeypatch
):
    # The real entry point, in this process so it sees the test database; Django closes
    # every connection after a command, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = write_workbook(tmp_path / "bad.xlsx", {"执法领域": [["编码", "名称"], ["mz", ""]]})
    with pytest.raises(SystemExit) as exited:
        main(["catalog", "import", str(path)])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "工作簿未导入：共 1 个问题。",
        "执法领域 第2行 名称: 此项必填。",
    ]
    assert captured.out == ""
