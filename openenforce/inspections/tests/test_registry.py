"""Importing the target registry from CSV or Excel: all or nothing, problems by row/column."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from openenforce.core.errors import InvalidInput, NotPermitted
from openenforce.inspections import services
from openenforce.inspections.models import Target
from openenforce.ledger.models import Entry

from .conftest import credit_code

HEADER = "统一社会信用代码,名称,类型,行业,区域,地址,信用风险等级,列入经营异常名录,投诉举报件数\n"


def write_csv(tmp_path, rows, encoding="utf-8-sig"):
    path = tmp_path / "targets.csv"
    path.write_bytes((HEADER + "".join(r + "\n" for r in rows)).encode(encoding))
    return path


def test_csv_import_creates_then_updates(tmp_path, agency, admin_user):
    good = [
        f"{credit_code(1)},长春市幸福养老院,企业,养老服务,朝阳区,幸福路1号,A,否,0",
        f"{credit_code(2)},张记小吃店,个体工商户,餐饮,南关区,,D,是,4",
    ]
    summary = services.import_targets(write_csv(tmp_path, good), agency=agency, actor=admin_user)
    assert len(summary.created) == 2
    target = Target.objects.get(credit_code=credit_code(2))
    assert (target.kind, target.risk_grade, target.abnormal, target.complaints) == (
        "individual",
        "D",
        True,
        4,
    )
    assert Entry.objects.filter(event_type="inspections.target.created").count() == 2
    good[0] = good[0].replace(",A,", ",C,")
    again = services.import_targets(write_csv(tmp_path, good), agency=agency, actor=admin_user)
    assert again.updated == [credit_code(1)] and again.unchanged == 1
    assert Target.objects.get(credit_code=credit_code(1)).risk_grade == "C"


def test_gb18030_csv(tmp_path, agency, admin_user):
    rows = [f"{credit_code(3)},吉林某公司,企业,,,,B,否,0"]
    path = write_csv(tmp_path, rows, encoding="gb18030")
    assert services.import_targets(path, agency=agency, actor=admin_user).created


def test_any_bad_cell_imports_nothing(tmp_path, agency, admin_user):
    bad_check = credit_code(4)[:-1] + ("0" if credit_code(4)[-1] != "0" else "1")
    rows = [
        f"{credit_code(5)},好的公司,企业,,,,A,否,0",
        f"{bad_check},校验位错误,企业,,,,A,否,0",
        f"{credit_code(6)},等级错误,企业,,,,E,否,0",
        f"{credit_code(5)},重复,企业,,,,A,否,0",
        f"{credit_code(7)},,火星公司,,,,A,也许,很多",
    ]
    with pytest.raises(InvalidInput) as info:
        services.import_targets(write_csv(tmp_path, rows), agency=agency, actor=admin_user)
    found = {(p.row, p.column) for p in info.value.problems}
    assert (3, "统一社会信用代码") in found  # the wrong check character
    assert (4, "信用风险等级") in found
    assert (5, "统一社会信用代码") in found  # duplicate of row 2
    assert {(6, "名称"), (6, "类型"), (6, "列入经营异常名录"), (6, "投诉举报件数")} <= found
    assert all(p.sheet == "检查对象名录库" for p in info.value.problems)
    assert "GB 32100" in next(p.message for p in info.value.problems if p.row == 3)
    assert not Target.objects.exists()


def test_unknown_and_missing_columns(tmp_path, agency, admin_user):
    path = tmp_path / "t.csv"
    path.write_text("名称,颜色\n某公司,红\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        services.import_targets(path, agency=agency, actor=admin_user)
    columns = {p.column for p in info.value.problems}
    assert {"颜色", "统一社会信用代码", "类型"} <= columns


def test_xlsx_import_and_dry_run(tmp_path, agency, admin_user):
    wb = Workbook()
    ws = wb.active
    ws.title = "检查对象名录库"
    ws.append(HEADER.strip().split(","))
    ws.append([credit_code(8), "某某学校", "事业单位", "教育", "朝阳区", "", "b", "否", 2])
    path = tmp_path / "targets.xlsx"
    wb.save(path)
    summary = services.import_targets(path, agency=agency, actor=admin_user, dry_run=True)
    assert summary.created == [credit_code(8)] and not Target.objects.exists()
    services.import_targets(path, agency=agency, actor=admin_user)
    assert Target.objects.get().risk_grade == "B"


def test_not_a_spreadsheet(tmp_path, agency, admin_user):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls")
    with pytest.raises(InvalidInput):
        services.import_targets(path, agency=agency, actor=admin_user)


def test_import_needs_admin_or_head(tmp_path, agency, officer, outsider):
    path = write_csv(tmp_path, [f"{credit_code(9)},某公司,企业,,,,A,否,0"])
    with pytest.raises(NotPermitted):
        services.import_targets(path, agency=agency, actor=officer)
    with pytest.raises(NotPermitted):
        services.import_targets(path, agency=agency, actor=outsider)
