"""The report as an Excel workbook (one sheet per table, then the narrative) and as a PDF
in the official shape (title, the tables, 情况说明), for the government and the
supervising department."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from openenforce.annualreports.models import AnnualReport
from openenforce.annualreports.present import layout


def title(report: AnnualReport) -> str:
    return _("%(agency)s: enforcement data report for %(year)s") % {
        "agency": report.agency.name,
        "year": report.year,
    }


def filename(report: AnnualReport, extension: str) -> str:
    return f"annual-report-{report.agency.code}-{report.year}.{extension}"


def excel(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for table in layout(report.data):
        sheet = book.create_sheet(table.title[:31])
        sheet.append([title(report)])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_("Unit"), *table.headers])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([row.label, *(_number(c.text) for c in row.cells)])
        sheet.column_dimensions["A"].width = 24
    narrative = book.create_sheet(_("Narrative")[:31])
    narrative.append([_("Narrative on the year's enforcement")])
    narrative.append([report.narrative])
    narrative["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    narrative.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def pdf(report: AnnualReport) -> bytes:
    from django.conf import settings
    from weasyprint import HTML

    html = render_to_string(
        "annualreports/pdf.html",
        {"report": report, "title": title(report), "tables": layout(report.data)},
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
