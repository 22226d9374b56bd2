"""The demo bureau's annual enforcement data report for 2026, in preparation: generated
from the record by its publicity officer, with the narrative (情况说明) begun. Published
by 31 January 2027 (docs/annualreports.md). Idempotent: an existing report is left as it
is (recomputing it would be a new recorded step)."""

from __future__ import annotations

from openenforce.accounts.models import Agency, User
from openenforce.annualreports import services
from openenforce.annualreports.models import AnnualReport

BUREAU, YEAR = "cnna-sa", 2026
NARRATIVE = (
    "一、总体情况\n"
    "2026年，本局依法履行社会事业领域行政执法职责，严格落实行政执法公示、执法全过程记录、"
    "重大执法决定法制审核制度，全年行政执法数据由执法全过程记录自动统计生成。\n"
    "二、主要做法\n"
    "（一）规范执法程序，重大执法决定全部经法制审核；（二）推行说理式执法和轻微违法不予处罚；"
    "（三）按期公开行政处罚决定和检查结果。\n"
    "三、存在的问题和下一步工作\n"
    "部分案件办理期限偏长，将加强期限预警和案卷评查。"
)


def load_demo(*, actor: User) -> list[str]:
    agency = Agency.objects.filter(code=BUREAU).first()
    publisher = User.objects.filter(username="publisher", agency=agency).first()
    if agency is None or publisher is None:
        return []
    if AnnualReport.objects.filter(agency=agency, year=YEAR).exists():
        return []
    report = services.generate(agency, YEAR, actor=publisher)
    services.save_narrative(report, actor=publisher, narrative=NARRATIVE)
    return [f"annual report {agency.code} {YEAR}"]
