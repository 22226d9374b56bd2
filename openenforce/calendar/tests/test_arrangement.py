"""Reading and entering the State Council's yearly arrangement."""

import datetime

import pytest
from django.utils import translation

from openenforce.calendar.arrangement import parse_arrangement, read_arrangement_file
from openenforce.calendar.models import CalendarDay, CalendarSource, HolidayArrangement
from openenforce.calendar.services import enter_arrangement
from openenforce.core.errors import InvalidInput, NotPermitted
from openenforce.ledger.models import Entry


def problems_of(text: str) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as excinfo:
        parse_arrangement(text)
    assert excinfo.value.code == "calendar_bad_arrangement"
    return [f"{p.location()}：{p.message}" for p in excinfo.value.problems]


def test_ranges_kinds_and_chinese_kind_words_are_read(example_2027):
    arrangement = read_arrangement_file(example_2027)
    days = {day.date: (day.kind, day.name) for day in arrangement.days}
    assert arrangement.year == 2027
    assert arrangement.note == "示例（非正式安排）"
    assert days[datetime.date(2027, 2, 9)] == ("holiday", "春节")  # inside 02-05..02-13 休
    assert days[datetime.date(2027, 2, 20)] == ("workday", "春节")  # 班
    assert len(days) == 35


def test_a_byte_order_mark_and_comments_are_accepted():
    data = "\ufeff# 通知\n\nyear 2027\n2027-01-01 元旦 holiday\n".encode()
    assert read_arrangement_file(data).days[0].date == datetime.date(2027, 1, 1)


def test_december_of_the_year_before_may_hold_a_make_up_day():
    arrangement = parse_arrangement(
        "year 2012\n2011-12-31 元旦 workday\n2012-01-01..2012-01-03 元旦 holiday"
    )
    assert arrangement.days[0].date == datetime.date(2011, 12, 31)


def test_every_bad_line_is_named_in_chinese():
    text = "\n".join(
        [
            "year 2027",
            "2027-02-30 春节 holiday",  # 2: no such date
            "2027-02-05..2027-02-01 春节 holiday",  # 3: backwards
            "2027-02-08 春节 rest",  # 4: unknown kind
            "2027-02-10 春节",  # 5: missing field
            "2027-02-09 春节 workday",  # 6: a Tuesday
            "2026-06-01 端午节 holiday",  # 7: another year
            "2027-01-01 元旦 holiday",
            "2027-01-01 元旦 holiday",  # 9: twice
        ]
    )
    assert problems_of(text) == [
        "第2行：“2027-02-30”不是 YYYY-MM-DD 格式的日期，也不是 YYYY-MM-DD..YYYY-MM-DD 格式的日期范围。",
        "第3行：日期范围的截止日不得早于起始日，且最多 31 天。",
        "第4行：无法识别的类型“rest”：请填写 holiday（休）或 workday（班）。",
        "第5行：每行应有三项：日期或日期范围（起..止）、节日名称、holiday（放假）或 workday（调休上班）。",
        "第6行：2027-02-09 是工作日；调休上班日必须是星期六或星期日。",
        "第7行：2026-06-01 不属于 2027 年的放假安排（只能是该年，或上一年的 12 月）。",
        "第9行：2027-01-01 已在第8行列出。",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "文件：文件中没有“year YYYY”（年份）行。"),
        ("2027-01-01 元旦 holiday", "第1行：第一项必须是“year YYYY”（年份）行。"),
        ("year 27\n", "第1行：“27”不是 1900 至 2100 之间的年份。"),
        ("year 2027\nyear 2027\n2027-01-01 元旦 holiday", "第2行：年份重复给出。"),
        ("year 2027\n2027-01-02 元旦 workday", "文件：文件中没有列出任何放假日期。"),
    ],
)
def test_file_level_problems(text, problem):
    assert problems_of(text) == [problem]


def test_binary_and_oversized_files_are_refused_clearly():
    for data, message in [
        (b"\xff\xfe\x00y\x00e", "文件不是 UTF-8 编码的文本。"),
        (b"year 2027\n" + b"#" * 70_000, "文件超过 64 KB；放假安排通常只有几行。"),
    ]:
        with translation.override("zh-hans"), pytest.raises(InvalidInput) as excinfo:
            read_arrangement_file(data)
        assert [p.message for p in excinfo.value.problems] == [message]


def test_entering_an_arrangement_writes_days_marker_and_record(admin_user, example_2027):
    before = Entry.objects.count()
    changes = enter_arrangement(read_arrangement_file(example_2027), actor=admin_user)
    assert (changes.created, changes.updated, changes.deleted, changes.marked) == (35, 0, 0, True)
    mark = HolidayArrangement.objects.get(year=2027)
    assert (mark.source, mark.entered_by, mark.note) == (
        CalendarSource.ARRANGEMENT,
        admin_user,
        "示例（非正式安排）",
    )
    day = CalendarDay.objects.get(date=datetime.date(2027, 2, 20))
    assert (day.kind, day.source) == ("workday", CalendarSource.ARRANGEMENT)
    types = list(Entry.objects.order_by("sequence")[before:].values_list("event_type", flat=True))
    assert types.count("calendar.calendarday.created") == 35
    assert types[-1] == "calendar.holidayarrangement.entered"


def test_entering_the_same_arrangement_twice_changes_nothing(system_actor, example_2027):
    enter_arrangement(read_arrangement_file(example_2027), actor=system_actor)
    entries = Entry.objects.count()
    changes = enter_arrangement(read_arrangement_file(example_2027), actor=system_actor)
    assert not changes.changed
    assert Entry.objects.count() == entries


def test_the_shipped_2026_file_matches_the_seed(system_actor, official_2026):
    changes = enter_arrangement(read_arrangement_file(official_2026), actor=system_actor)
    assert (changes.created, changes.updated, changes.deleted) == (0, 0, 0)


def test_re_entering_a_year_replaces_its_days(system_actor):
    first = "year 2027\n2027-01-01..2027-01-03 元旦 holiday\n2027-01-09 元旦 workday\n"
    enter_arrangement(parse_arrangement(first), actor=system_actor)
    second = "year 2027\n2027-01-01 元旦 holiday\n2027-01-02 新年 holiday\n"
    changes = enter_arrangement(parse_arrangement(second), actor=system_actor)
    assert (changes.created, changes.updated, changes.deleted) == (0, 1, 2)
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "name")) == [
        (datetime.date(2027, 1, 1), "元旦"),
        (datetime.date(2027, 1, 2), "新年"),
    ]


def test_only_administrators_may_enter_an_arrangement(officer, example_2027):
    with pytest.raises(NotPermitted):
        enter_arrangement(read_arrangement_file(example_2027), actor=officer)
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not HolidayArrangement.objects.filter(year=2027).exists()
