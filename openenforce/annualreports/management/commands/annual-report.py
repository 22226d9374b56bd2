"""``openenforce annual-report``: generate an agency's annual report, and recompute a
stored one from the record to compare (every cell reproducible)."""

from __future__ import annotations

from django.core.management.base import CommandError

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.annualreports import services, tables
from openenforce.annualreports.models import AnnualReport
from openenforce.core.cli import GroupCommand


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"no agency {code!r}", returncode=1)
    return agency


class Command(GroupCommand):
    help = "Annual enforcement data reports: generate a draft; recompute and compare."
    subcommands = {
        "generate": "Compute the year's report into a draft (recorded, as the system).",
        "recompute": "Recompute the stored report from the record; exit 1 when cells differ.",
        "compact": "Store reports of the earlier shape (each cell's case ids) as value, "
        "count and digest per cell (recorded, as the system).",
    }

    def _arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The agency's code.")
        parser.add_argument("--year", type=int, required=True)

    add_generate_arguments = _arguments
    add_recompute_arguments = _arguments

    def add_compact_arguments(self, parser) -> None:
        parser.add_argument("--agency", default="", help="Only this agency's reports.")

    def handle_generate(self, *, agency: str, year: int, **_) -> None:
        report = services.generate(_agency(agency), year, actor=get_system_actor(), trusted=True)
        self.stdout.write(f"{report.agency.code} {report.year}\t{report.status}\t{report.digest}")

    def handle_recompute(self, *, agency: str, year: int, **_) -> None:
        found = _agency(agency)
        report = AnnualReport.objects.filter(agency=found, year=year).first()
        if report is None:
            raise CommandError(f"no report of {agency} for {year}", returncode=1)
        fresh = tables.compute(found, year)
        stored_ok = tables.digest(report.data) == report.digest
        differing = tables.differences(report.data, fresh)
        if not stored_ok:
            self.stderr.write("the stored tables do not match their digest")
        for line in differing:
            self.stderr.write(line)
        if differing or not stored_ok:
            raise CommandError(f"{len(differing)} cell(s) differ", returncode=1)
        self.stdout.write(f"{found.code} {year}: the same ({report.digest})")

    def handle_compact(self, *, agency: str = "", **_) -> None:
        reports = AnnualReport.objects.exclude(data__version=tables.VERSION).order_by("pk")
        if agency:
            reports = reports.filter(agency=_agency(agency))
        actor, done = get_system_actor(), 0
        for report in reports.iterator():
            services.compact(report, actor=actor)
            done += 1
        self.stdout.write(f"{done} report(s) compacted")
