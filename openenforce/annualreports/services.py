"""Every change to an annual report, each recorded in the same transaction.

draft → (submit) submitted → (approve) approved → (publish) published; a submitted report
may be returned to draft with a note. Only a draft is recomputed or has its narrative
changed: what the head approved is what is published.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.annualreports import permissions as perms
from openenforce.annualreports import tables
from openenforce.annualreports.models import AnnualReport, due_on
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.services import record

Status = AnnualReport.Status
FIRST_YEAR = 2000


def _refuse(message: str, code: str = "annual_report_not_permitted") -> None:
    raise NotPermitted(message, code=code)


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _require(report: AnnualReport, *states: str) -> None:
    if report.status not in states:
        raise WrongState(
            _("Not possible while the report is %(status)s.")
            % {"status": report.get_status_display()},
            code="annual_report_wrong_state",
        )


def _record(report: AnnualReport, actor, what: str) -> None:
    record(actor=actor, event_type=f"annualreports.annualreport.{what}", subject=report)


@transaction.atomic
def generate(agency: Agency, year: int, *, actor, trusted: bool = False) -> AnnualReport:
    """Compute the report of ``agency`` for ``year`` from the record: a new draft, or the
    draft recomputed. ``trusted``: the system actor (CLI, demo) acting for the agency."""
    if not trusted and not perms.may_prepare(actor, agency.pk):
        _refuse(_("Only the agency's publicity officers, heads and administrators prepare it."))
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise InvalidInput(_("Choose a year that has begun."), code="annual_report_year")
    data = tables.compute(agency, year)
    report = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    created = report is None
    if report is None:
        report = AnnualReport(agency=agency, year=year, due_on=due_on(year))
    else:
        _require(report, Status.DRAFT)
    report.data, report.digest = data, tables.digest(data)
    report.computed_at, report.computed_by = timezone.now(), actor
    report.save()
    _record(report, actor, "generated" if created else "recomputed")
    return report


@transaction.atomic
def save_narrative(report: AnnualReport, *, actor, narrative: str) -> AnnualReport:
    report = _lock(report)
    if not perms.may_prepare(actor, report.agency_id):
        _refuse(_("Only the agency's publicity officers, heads and administrators prepare it."))
    _require(report, Status.DRAFT)
    report.narrative = narrative.strip()
    report.save(update_fields=["narrative", "updated_at"])
    _record(report, actor, "narrative_saved")
    return report


@transaction.atomic
def submit(report: AnnualReport, *, actor) -> AnnualReport:
    report = _lock(report)
    if not perms.may_prepare(actor, report.agency_id):
        _refuse(_("Only the agency's publicity officers, heads and administrators prepare it."))
    _require(report, Status.DRAFT)
    if not report.narrative:
        raise InvalidInput(
            _("Write the narrative before submitting the report."),
            code="annual_report_narrative_missing",
        )
    report.status, report.submitted_at, report.submitted_by = (
        Status.SUBMITTED,
        timezone.now(),
        actor,
    )
    report.review_note = ""
    report.save()
    _record(report, actor, "submitted")
    return report


@transaction.atomic
def approve(report: AnnualReport, *, actor, note: str = "") -> AnnualReport:
    report = _lock(report)
    if not perms.may_approve(actor, report.agency_id):
        _refuse(_("Only the agency head approves the annual report."))
    _require(report, Status.SUBMITTED)
    report.status, report.approved_at, report.approved_by = (
        Status.APPROVED,
        timezone.now(),
        actor,
    )
    report.review_note = note.strip()
    report.save()
    _record(report, actor, "approved")
    return report


@transaction.atomic
def return_to_draft(report: AnnualReport, *, actor, note: str) -> AnnualReport:
    report = _lock(report)
    if not perms.may_approve(actor, report.agency_id):
        _refuse(_("Only the agency head approves the annual report."))
    _require(report, Status.SUBMITTED)
    if not note.strip():
        raise InvalidInput(_("Say what is to be changed."), code="annual_report_note_missing")
    report.status, report.review_note = Status.DRAFT, note.strip()
    report.submitted_at = report.submitted_by = None
    report.save()
    _record(report, actor, "returned")
    return report


@transaction.atomic
def publish(report: AnnualReport, *, actor) -> AnnualReport:
    report = _lock(report)
    if not perms.may_publish(actor, report.agency_id):
        _refuse(_("Only the agency's publicity officers and heads publish the report."))
    _require(report, Status.APPROVED)
    report.status, report.published_at, report.published_by = (
        Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    report.save()
    _record(report, actor, "published")
    return report


@transaction.atomic
def compact(report: AnnualReport, *, actor) -> AnnualReport:
    """Store a version-1 report (each cell with its case ids) in this version's shape:
    each cell's value, count and the digest of its ids (``tables.compact``). The figures
    stay as approved and published; the tables' digest is the new shape's. Recorded
    (``annualreports.annualreport.compacted``); a report in the current shape is left
    alone. For the installation's administrators (``openenforce annual-report compact``)."""
    report = _lock(report)
    if report.data.get("version") == tables.VERSION:
        return report
    report.data = tables.compact(report.data)
    report.digest = tables.digest(report.data)
    report.save(update_fields=["data", "digest", "updated_at"])
    _record(report, actor, "compacted")
    return report
