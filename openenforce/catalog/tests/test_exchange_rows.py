"""Bad rows: every problem is named with sheet, row and column, and nothing is imported."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from openenforce.catalog.exchange import ImportRefused, import_workbook
from openenforce.catalog.models import (
    DiscretionStandard,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    ReviewCatalogueEntry,
)
from openenforce.ledger.models import Entry
from openenforce.testing.workbooks import write_workbook

FIELDS = [["编码", "名称"], ["mz", "民政"]]
BASES = [["编码", "法律法规名称", "条款"], ["B1", "养老机构管理办法", "第四十六条"]]
MATTER_HEADER = ["事项编码", "事项名称", "执法类别", "执法领域", "法律依据", "办理时限（天）"]


def refused_problems(path, agency, actor) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ImportRefused) as refused:
        import_workbook(path, agency=agency, actor=actor)
    return [(p.sheet, p.row, p.column) for p in refused.value.problems]


def test_good_file_creates_entries_through_the_services(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "good.xlsx",
        {
            "执法领域": FIELDS,
            "法律依据": BASES,
            "执法事项": [
                MATTER_HEADER,
                ["M1", " 对养老机构的处罚 ", "行政处罚", "民政", "B1", "90"],
            ],
        },
    )
    report = import_workbook(path, agency=agency, actor=system_actor)
    assert report.summary_lines() == [
        "执法领域：新增 1，更新 0，未变 0",
        "法律依据：新增 1，更新 0，未变 0",
        "执法事项：新增 1，更新 0，未变 0",
    ]
    matter = Matter.objects.get(agency=agency, code="M1")
    assert (matter.name, matter.time_limit_days) == ("对养老机构的处罚", 90)
    assert (
        Entry.objects.filter(event_type="catalog.matter.created", agency_id=agency.pk).count() == 1
    )
    again = import_workbook(path, agency=agency, actor=system_actor)
    assert again.edits == []


def test_bad_rows_in_several_sheets_are_all_named_and_nothing_is_imported(
    tmp_path, agency, system_actor
):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "执法领域": FIELDS,
            "法律依据": BASES + [["B1", "重复的依据", "第一条"]],
            "执法事项": [
                MATTER_HEADER,
                ["M1", "正确的事项", "行政处罚", "民政", "B1", 90],
                ["M2", "", "行政处罚", "民政", "B1", 90],
                ["M3", "类别错误", "行政罚款", "民政", "B1", "九十"],
                ["M4", "依据不存在", "行政许可", "体育", "B1、B7", 20],
            ],
            "裁量基准": [
                ["事项编码", "基准编码", "违法情形", "处罚内容", "罚款上限（元）"],
                ["M1", "1", "逾期不改", "罚款", "一万"],
                ["M8", "1", "未知事项", "警告", None],
            ],
            "执法人员": [
                ["人员编码", "姓名", "执法证号", "发证机关", "执法领域", "有效期起", "有效期止"],
                ["P1", "张明", "22010001", "", "民政", "2024-01-01", "31/12/2028"],
            ],
            "重大执法决定法制审核目录": [
                ["编码", "审核事项名称", "审核情形", "处罚种类", "经过听证"],
                ["Z1", "吊销许可", "法律法规规定应当进行法制审核", "吊销许可证件、拘留", "也许"],
            ],
        },
    )
    entries = Entry.objects.count()
    assert refused_problems(path, agency, system_actor) == [
        ("法律依据", 3, "编码"),
        ("执法事项", 3, "事项名称"),
        ("执法事项", 4, "执法类别"),
        ("执法事项", 4, "办理时限（天）"),
        ("执法事项", 5, "执法领域"),
        ("执法事项", 5, "法律依据"),
        ("裁量基准", 2, "罚款上限（元）"),
        ("裁量基准", 3, "事项编码"),
        ("执法人员", 2, "发证机关"),
        ("执法人员", 2, "有效期止"),
        ("重大执法决定法制审核目录", 2, "处罚种类"),
        ("重大执法决定法制审核目录", 2, "经过听证"),
    ]
    assert not EnforcementField.objects.filter(agency=agency).exists()
    assert not Matter.objects.exists() and not Officer.objects.exists()
    assert Entry.objects.count() == entries


def test_problem_messages_are_chinese_and_name_the_value(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {"执法事项": [MATTER_HEADER, ["M1", "事项", "行政罚款", "民政", "B7", 90]]},
    )
    with pytest.raises(ImportRefused) as refused:
        import_workbook(path, agency=agency, actor=system_actor)
    messages = {p.column: p.message for p in refused.value.problems}
    assert "“行政罚款”不是以下之一：行政许可、行政处罚" in messages["执法类别"]
    assert messages["法律依据"] == "“B7”不在法律依据清单中。"
    assert messages["执法领域"] == "“民政”不在执法领域清单中。"
    assert str(refused.value) == "工作簿未导入：共 3 个问题。"
    assert refused.value.problems[0].location() == "执法事项 第2行 执法类别"


def test_a_refusal_by_a_service_is_reported_at_its_row(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "执法领域": FIELDS,
            "执法事项": [
                ["事项编码", "事项名称", "执法类别", "执法领域"],
                ["M1", "事项", "行政处罚", "民政"],
            ],
            "裁量基准": [
                [
                    "事项编码",
                    "基准编码",
                    "违法情形",
                    "处罚内容",
                    "罚款下限（元）",
                    "罚款上限（元）",
                ],
                ["M1", "1", "情节一般", "罚款", 5000, 1000],
            ],
        },
    )
    assert refused_problems(path, agency, system_actor) == [("裁量基准", 2, "")]
    assert not Matter.objects.exists()  # rolled back with the rest


def test_duplicate_certificate_and_inconsistent_officer_rows(tmp_path, agency, system_actor):
    header = ["人员编码", "姓名", "执法证号", "发证机关", "执法领域", "有效期起", "有效期止"]
    row = ["P1", "张明", "A1", "市政府", "民政", datetime.date(2024, 1, 1), "2028-12-31"]
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "执法领域": FIELDS,
            "执法人员": [header, row, ["P1", "张敏", *row[2:]]],
        },
    )
    assert refused_problems(path, agency, system_actor) == [
        ("执法人员", 3, "姓名"),
        ("执法人员", 3, "执法证号"),
    ]


def test_cells_are_forgiving_about_form(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "forms.xlsx",
        {
            "执法领域": FIELDS,
            "法律依据": [
                ["编码", "法律法规名称", "条款", "施行日期", "效力层级"],
                ["B1", "甲法", "第一条", "2026/1/31", "法律"],
                ["B2", "乙法", "第二条", "2026年1月31日", "行政法规"],
                ["B3", "丙法", "第三条", "20260131", "law"],
            ],
            "执法事项": [
                MATTER_HEADER,
                ["M1", "事项", "行政处罚", "民政", "B1；B2;B3", 15.0],
            ],
            "裁量基准": [
                [
                    "事项编码",
                    "基准编码",
                    "违法情形",
                    "处罚内容",
                    "罚款下限（元）",
                    "罚款上限（元）",
                ],
                ["M1", 1, "一般", "罚款", "1,000元", " 10000.5 "],
            ],
            "重大执法决定法制审核目录": [
                ["编码", "审核事项名称", "审核情形", "处罚种类", "经过听证", "偏离裁量基准"],
                ["Z1", "吊销", "其他情形", "吊销许可证件;警告", "是", None],
            ],
        },
    )
    import_workbook(path, agency=agency, actor=system_actor)
    dates = set(LegalBasis.objects.values_list("effective_date", flat=True))
    assert dates == {datetime.date(2026, 1, 31)}
    assert Matter.objects.get(code="M1").bases.count() == 3
    standard = DiscretionStandard.objects.get(code="1")
    assert (standard.fine_min, standard.fine_max) == (Decimal("1000"), Decimal("10000.5"))
    entry = ReviewCatalogueEntry.objects.get(code="Z1")
    assert entry.penalty_kinds == ["revoke_licence", "warning"]
    assert (entry.hearing_held, entry.departs_from_standard) == (True, False)


def test_ambiguous_or_impossible_dates_are_refused_naming_the_cell(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "dates.xlsx",
        {
            "法律依据": [
                ["编码", "法律法规名称", "条款", "施行日期"],
                ["B1", "甲法", "第一条", "01/02/2026"],
                ["B2", "乙法", "第二条", "2026-02-30"],
                ["B3", "丙法", "第三条", 46053],
            ]
        },
    )
    with pytest.raises(ImportRefused) as refused:
        import_workbook(path, agency=agency, actor=system_actor)
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (2, "施行日期"),
        (3, "施行日期"),
        (4, "施行日期"),
    ]
    assert "2026-01-31" in refused.value.problems[0].message


def test_missing_required_and_unknown_columns_are_refused(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "columns.xlsx",
        {
            "法律依据": [
                ["序号", "编码", "法律法规名称", "条文", "备注"],
                [1, "B1", "甲法", "x", "y"],
            ]
        },
    )
    assert refused_problems(path, agency, system_actor) == [
        ("法律依据", 1, "条款"),
        ("法律依据", 1, "条文"),
    ]


def test_text_too_long_for_its_field_is_refused(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "long.xlsx", {"执法领域": [["编码", "名称"], ["mz", "长" * 51]]}
    )
    assert refused_problems(path, agency, system_actor) == [("执法领域", 2, "名称")]


def test_a_column_given_twice_is_refused(tmp_path, agency, system_actor):
    path = write_workbook(
        tmp_path / "twice.xlsx", {"执法领域": [["编码", "名称", "名称"], ["mz", "民政", "教育"]]}
    )
    assert refused_problems(path, agency, system_actor) == [("执法领域", 1, "名称")]
