"""What the annual report hands to people (core.todo): from 1 January until the deadline,
preparing the previous year's report (publicity officers, heads, administrators), and a
draft once begun until it is submitted;
the review of a submitted report (heads); the publication of an approved one (publicity
officers, heads), whatever its year (a report may be submitted in December, before its year
is out). Each is due on the report's publication deadline."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
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
    reports = {
        r.year: r
        for r in AnnualReport.objects.filter(agency_id=agency_id).filter(
            Q(year=year)
            | Q(status__in=[AnnualReport.Status.SUBMITTED, AnnualReport.Status.APPROVED])
        )
    }
    tasks = list(_previous_year(reports.get(year), agency_id, year, today, prepares))
    # The review and the publication: of the previous year's report, and of one handed on in
    # another year (submitted early, in December, or late) all the same.
    for report_year in sorted(reports):
        tasks.extend(_handed_on(reports[report_year], approves, publishes))
    return tasks


def _previous_year(
    report: AnnualReport | None, agency_id: int, year: int, today, prepares: bool
) -> Iterable[Task]:
    """Preparing the previous year's report, from 1 January until the deadline."""
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
                _subject(year),
                url,
                _key(agency_id, year, "prepare"),
                due_on(year),
            )
        ]
    return []


def _handed_on(report: AnnualReport, approves: bool, publishes: bool) -> Iterable[Task]:
    """The review of a submitted report (heads); the publication of an approved one."""
    if report.status == AnnualReport.Status.SUBMITTED and approves:
        return [
            Task(
                AREA,
                _("Review the annual report"),
                _subject(report.year),
                _url(report),
                _key(report.agency_id, report.year, "review"),
                report.due_on,
            )
        ]
    if report.status == AnnualReport.Status.APPROVED and publishes:
        return [
            Task(
                AREA,
                _("Publish the annual report"),
                _subject(report.year),
                _url(report),
                _key(report.agency_id, report.year, "publish"),
                report.due_on,
            )
        ]
    return []


def _subject(year: int) -> str:
    return str(_("Annual enforcement data report %(year)s") % {"year": year})


def _url(report: AnnualReport) -> str:
    return reverse("annualreports:detail", args=[report.pk])


def _key(agency_id: int, year: int, step: str) -> str:
    return f"annual-report:{agency_id}:{year}:{step}"
