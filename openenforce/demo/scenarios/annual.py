"""The demo agencies' annual enforcement data reports (行政执法数据年度报告), in
preparation: generated from the record by each agency's publicity officer for the
calendar year with the most decisions (the year of activity the demo replays spans two),
with the narrative (情况说明) begun. Published by 31 January of the next year
(docs/annualreports.md). Idempotent: an agency that has a report is left as it is
(recomputing it would be a new recorded step)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from openenforce.accounts.models import Agency, User
from openenforce.annualreports import services
from openenforce.annualreports.models import AnnualReport
from openenforce.cases.models import Case

BUREAU, MARKET = "cnna-sa", "cnna-amr"
PUBLISHERS = {BUREAU: "publisher", MARKET: "amr-publisher"}
NARRATIVES = {
    BUREAU: (
        "一、总体情况\n"
        "{year}年，本局依法履行社会事业领域行政执法职责，严格落实行政执法公示、执法全过程记录、"
        "重大执法决定法制审核制度，全年行政执法数据由执法全过程记录自动统计生成。\n"
        "二、主要做法\n"
        "（一）规范执法程序，重大执法决定全部经法制审核；（二）推行说理式执法和轻微违法不予处罚；"
        "（三）按期公开行政处罚决定和检查结果。\n"
        "三、存在的问题和下一步工作\n"
        "部分案件办理期限偏长，将加强期限预警和案卷评查。"
    ),
    MARKET: (
        "一、总体情况\n"
        "{year}年，本局围绕食品安全和产品质量安全开展行政执法，全年行政执法数据由执法全过程记录"
        "自动统计生成。\n"
        "二、主要做法\n"
        "（一）开展餐饮服务单位和食品销售者监督检查，对检查发现的问题责令整改；"
        "（二）对无证经营、销售不合格产品等违法行为依法查处，首次轻微违法依法不予处罚；"
        "（三）重大执法决定经法制审核，涉嫌犯罪案件依法移送公安机关。\n"
        "三、存在的问题和下一步工作\n"
        "个别行政处罚决定未在规定期限内公示，将加强公示时限预警。"
    ),
}


def busiest_year(agency: Agency) -> int | None:
    """The calendar year in which ``agency`` decided the most cases."""
    row = (
        Case.objects.filter(agency=agency, decided_on__isnull=False)
        .annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    return row["year"] if row else None


def load_demo(*, actor: User) -> list[str]:
    made = []
    for code, username in PUBLISHERS.items():
        agency = Agency.objects.filter(code=code).first()
        publisher = User.objects.filter(username=username, agency=agency).first()
        if agency is None or publisher is None:
            continue
        if AnnualReport.objects.filter(agency=agency).exists():
            continue
        year = busiest_year(agency)
        if year is None:
            continue
        report = services.generate(agency, year, actor=publisher)
        narrative = NARRATIVES[code].format(year=year)
        services.save_narrative(report, actor=publisher, narrative=narrative)
        made.append(f"annual report {agency.code} {year}")
    return made
