"""``openenforce calendar due | import | show``."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openenforce.calendar.models import CalendarDay, HolidayArrangement


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().splitlines()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("calendar", *args, stdout=StringIO())
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def test_due_prints_the_iso_date_first_then_the_chinese_explanation():
    lines = run("due", "2026-09-28", "7")
    assert lines[0] == "2026-10-13"
    assert lines[1].startswith("起算日：2026-09-28")
    assert "2026-10-10 计入：调休上班日（国庆节）" in lines


def test_due_in_calendar_days_and_in_english():
    lines = run("due", "2026-09-24", "7", "--calendar-days", "--language", "en")
    assert lines[0] == "2026-10-08"
    assert lines[1].startswith("Start: 2026-09-24")


def test_due_marks_a_result_in_2027_provisional():
    lines = run("due", "2026-12-30", "3")
    assert lines[0] == "2027-01-05"
    assert lines[-1].startswith("暂定：")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-02-30", "3"), "“2026-02-30”不是 YYYY-MM-DD 格式的日期。"),
        (("2026-09-28", "-3"), "“-3”不是天数（0 或正整数）。"),
        (("2026-09-28", "seven"), "“seven”不是天数（0 或正整数）。"),
        (("2003-03-03", "1"), "2003 年的放假安排尚未录入"),
    ],
)
def test_due_refuses_bad_input_with_a_clear_message(args, message):
    assert message in refusal("due", *args)


def test_import_enters_a_year_and_a_second_import_changes_nothing(tmp_path, example_2027):
    path = tmp_path / "2027.txt"
    path.write_bytes(example_2027)
    assert run("import", str(path)) == ["2027 年已录入：新增 35 天，更正 0 天，删除 0 天。"]
    assert run("import", str(path)) == ["2027 年：已录入，未作改动。"]
    assert run("due", "2027-02-04", "3")[0] == "2027-02-17"


def test_a_bad_file_imports_nothing_and_names_the_lines(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(
        "year 2027\n2027-01-01 元旦 holiday\n2027-02-09 春节 workday\n", encoding="utf-8"
    )
    message = refusal("import", str(path))
    assert "放假安排文件未导入" in message
    assert "第3行: 2027-02-09 是工作日" in message
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_a_missing_file_is_a_refusal(tmp_path):
    assert "无法读取" in refusal("import", str(tmp_path / "missing.txt"))


def test_show_marks_a_provisional_year():
    lines = run("show", "2027")
    assert lines[0].startswith("2027 年：暂定")
    assert "2027-02-05 春节 放假（暂定）" in lines


def test_show_an_entered_year():
    lines = run("show", "2026")
    assert lines[0].startswith("2026 年：放假安排已录入（国务院办公厅节假日安排（内置数据）")
    assert "2026-02-14 春节 调休上班" in lines


def test_show_refuses_a_bad_year():
    assert "不是 1900 至 2100 之间的年份" in refusal("show", "20x6")


@pytest.mark.slow
def test_the_console_script_exits_1_with_the_reason_on_stderr():
    done = subprocess.run(
        [sys.executable, "-m", "openenforce", "calendar", "due", "2026-09-28", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "“x”不是天数" in done.stderr


def test_a_missing_argument_is_reported_in_chinese():
    with pytest.raises(CommandError, match="缺少以下参数：file"):
        call_command("catalog", "import")
