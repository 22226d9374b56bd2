"""The campaign report (``report.build``) shown and written: labels for the pages, the
PDF (A4, Chinese, WeasyPrint, as the rectification notice) and the Excel workbook
(sheets 汇总 / 案卷 / 问题, Chinese headers, numbers as numbers).

The pages, the PDF and the portal share ``evaluation/_report_tables.html``; ``public``
leaves out the list of files (the portal's version)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from openenforce.evaluation import report
from openenforce.evaluation.models import Campaign, Grade, ProblemClass, RubricItem
from openenforce.evaluation.spec import procedure_choices


def _percent(rate: str | None) -> str:
    if rate is None:
        return "—"
    value = (Decimal(rate) * 100).quantize(Decimal("0.1"))
    return f"{value}%"


def present(content: dict[str, Any]) -> dict[str, Any]:
    """The content with labels in the current language (grades, classes, procedures,
    groups, agency names, percentages) for the templates."""
    procedures = {code: str(label) for code, label in procedure_choices()}
    grades = dict(Grade.choices)
    classes = dict(ProblemClass.choices)
    groups = dict(RubricItem.Group.choices)
    names = {a["code"]: a["name"] for a in content["campaign"]["agencies"]}

    def agency_row(row: dict) -> dict:
        return {
            **row,
            "excellent_percent": _percent(row["excellent_rate"]),
            "pass_percent": _percent(row["pass_rate"]),
        }

    return {
        **content,
        "procedure_labels": [procedures.get(p, p) for p in content["campaign"]["procedures"]],
        "totals": agency_row(content["totals"]),
        "agencies": [agency_row(a) for a in content["agencies"]],
        "problem_classes": [
            {**c, "label": str(classes.get(c["problem_class"], c["problem_class"]))}
            for c in content["problem_classes"]
        ],
        "problem_items": [
            {
                **i,
                "procedure_label": procedures.get(i["procedure"], i["procedure"]),
                "class_label": str(classes.get(i["problem_class"], i["problem_class"])),
                "group_label": str(groups.get(i["group"], i["group"])),
                "agency_names": [names.get(code, code) for code in i["agencies"]],
            }
            for i in content["problem_items"]
        ],
        "exemplary": [
            {**e, "procedure_label": procedures.get(e["procedure"], e["procedure"])}
            for e in content["exemplary"]
        ],
        "files": [
            {
                **f,
                "agency_name": names.get(f["agency"], f["agency"]),
                "procedure_label": procedures.get(f["procedure"], f["procedure"]),
                "grade_label": str(grades.get(f["grade"], "—")) if f["grade"] else "—",
            }
            for f in content.get("files", [])
        ],
    }


def title(content: dict[str, Any]) -> str:
    """〈campaign title〉评查情况通报 (情况通报 alone after a title ending in 评查)."""
    name = content["campaign"]["title"]
    if name.endswith("评查"):
        return _("%(title)s: report") % {"title": name}
    return _("%(title)s: evaluation report") % {"title": name}


def pdf(content: dict[str, Any], campaign: Campaign, *, public: bool = False) -> bytes:
    """The report as a PDF (A4, Chinese). Once published it carries the date and the
    digest (of the full report; for the public version, of what it shows)."""
    digest = ""
    if campaign.report_sha256:
        digest = report.digest(report.public(content)) if public else campaign.report_sha256
    from django.conf import settings
    from weasyprint import HTML  # imported on use: it loads pango and the fonts

    with translation.override("zh-hans"):
        html = render_to_string(
            "evaluation/report_print.html",
            {
                "report": present(content),
                "title": title(content),
                "public": public,
                "digest": digest,
                "published_at": campaign.published_at,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _number(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))


def xlsx(content: dict[str, Any]) -> bytes:
    """The report as a workbook: 汇总 (per agency and the total), 案卷 (every file), 问题
    (by rubric item). Headers in Chinese, points and rates as numbers (rates formatted as
    percentages)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("zh-hans"):
        shown = present(content)
        book = Workbook()
        summary = book.active
        summary.title = "汇总"
        summary.append([title(content)])
        summary.append(
            ["单位", "抽查案卷数", "已评定", "平均分", "优秀", "合格", "不合格", "优秀率", "合格率"]
        )
        for row in [*shown["agencies"], {**shown["totals"], "name": "合计"}]:
            summary.append(
                [
                    row["name"],
                    row["sampled"],
                    row["graded"],
                    _number(row["mean_points"]),
                    row["excellent"],
                    row["passed"],
                    row["failed"],
                    _number(row["excellent_rate"]),
                    _number(row["pass_rate"]),
                ]
            )
        for cells in summary.iter_rows(min_row=3, min_col=8, max_col=9):
            for cell in cells:
                cell.number_format = "0.0%"
        files = book.create_sheet("案卷")
        files.append(
            ["序号", "案号", "单位", "执法程序", "得分", "等次", "否决项", "复核", "问题数"]
        )
        for f in shown["files"]:
            files.append(
                [
                    f["rank"],
                    f["case_number"],
                    f["agency_name"],
                    f["procedure_label"],
                    _number(f["points"]),
                    f["grade_label"],
                    "是" if f["vetoed"] else "否",
                    ("已裁定" if f["settled"] else "一致") if f["rechecked"] else "未复核",
                    f["problems"],
                ]
            )
        problems = book.create_sheet("问题")
        problems.append(
            ["类别", "执法程序", "项目编号", "评查内容", "涉及案卷数", "涉及单位", "扣分合计"]
        )
        for i in shown["problem_items"]:
            problems.append(
                [
                    i["class_label"],
                    i["procedure_label"],
                    i["code"],
                    i["title"],
                    i["files"],
                    "、".join(i["agency_names"]),
                    _number(i["deducted"]),
                ]
            )
        for sheet in book.worksheets:
            header = 2 if sheet.title == "汇总" else 1
            for cell in sheet[header]:
                cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
