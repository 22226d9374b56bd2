"""What the annual report hands to people (core.todo): from 1 January until the deadline,
preparing the previous year's report (publicity officers, heads, administrators), and a
draft once begun until it is submitted;
the review of a submitted report (heads); the publication of an approved one (publicity
officers, heads). Each is due on the report's publication deadline."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openenforce.annualreports import permissions as perms
from openenforce.annualreports.models import AnnualReport, due_on
from openenforce.core.todo import Task

AREA = "annual_report"


def report_tasks(user, today: datetime.date) -> Iterable[Task]:
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return []
    prepares = perms.may_prepare(user, agency_id)
    approves = perms.may_approve(user, agency_id)
    publishes = perms.may_publish(user, agency_id)
    if not (prepares or approves or publishes):
        return []
    year = today.year - 1
    report = AnnualReport.objects.filter(agency_id=agency_id, year=year).first()
    subject = str(_("Annual enforcement data report %(year)s") % {"year": year})
    if report is None and today > due_on(year):
        # Missed: the reminder stops with the deadline (the warnings say what is late).
        return []
    if report is None or report.status == AnnualReport.Status.DRAFT:
        if not prepares:
            return []
        url = reverse("annualreports:list") if report is None else _url(report)
        return [
            Task(
                AREA,
                _("Prepare the annual report"),
                subject,
                url,
                _key(agency_id, year, "prepare"),
                due_on(year),
            )
        ]
    if report.status == AnnualReport.Status.SUBMITTED and approves:
        return [
            Task(
                AREA,
                _("Review the annual report"),
                subject,
                _url(report),
                _key(agency_id, year, "review"),
                report.due_on,
            )
        ]
    if report.status == AnnualReport.Status.APPROVED and publishes:
        return [
            Task(
                AREA,
                _("Publish the annual report"),
                subject,
                _url(report),
                _key(agency_id, year, "publish"),
                report.due_on,
            )
        ]
    return []


def _url(report: AnnualReport) -> str:
    return reverse("annualreports:detail", args=[report.pk])


def _key(agency_id: int, year: int, step: str) -> str:
    return f"annual-report:{agency_id}:{year}:{step}"
