"""``openenforce inspections …``: the registry, and re-running published draws.

    openenforce inspections import-targets FILE --agency CODE [--dry-run]
    openenforce inspections verify-draw FILE|URL|AGENCY/PLAN|ID [--announced SHA256]
    openenforce inspections overdue [--agency CODE]

``verify-draw`` re-runs a published draw from its public export (a file, a URL of the
JSON export, or a plan of this installation) and prints whether it matches; on any
difference it names what differs on stderr and exits 1. For a plan of this installation
the digests are also checked against the record entries written at announcement and draw.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound
from openenforce.core.params import parse_id
from openenforce.inspections import draw as algorithm
from openenforce.inspections import selectors, services
from openenforce.inspections.models import Plan
from openenforce.ledger.models import Entry

MAX_EXPORT_BYTES = 512 * 1024 * 1024


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(_("There is no agency with this code."), code="agency_not_found")
    return agency


def _files(plan: Plan, event: str) -> list[str]:
    entry = Entry.objects.filter(
        subject_kind="inspections.plan", subject_id=str(plan.pk), event_type=event
    ).first()
    return json.loads(bytes(entry.body)).get("files", []) if entry else []


def load_document(source: str) -> tuple[dict, list[str]]:
    """The export named by ``source`` and, for a local plan, checks against the record."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - user-given
            return json.loads(response.read(MAX_EXPORT_BYTES)), []
    path = Path(source)
    if path.is_file():
        return json.loads(path.read_bytes()), []
    plan = _local_plan(source)
    doc = selectors.public_export(plan)
    problems = []
    announced = _files(plan, "inspections.plan.announced")
    if doc["parameters_sha256"] not in announced:
        problems.append("record: the parameters digest is not the one recorded at announcement")
    for name in ("targets_sha256", "inspectors_sha256", "exclusions_sha256"):
        if doc["parameters"][name] not in announced:
            problems.append(f"record: {name} is not the digest recorded at announcement")
    if doc["result_sha256"] and doc["result_sha256"] not in _files(plan, "inspections.plan.drawn"):
        problems.append("record: the result digest is not the one recorded at the draw")
    return doc, problems


def _local_plan(source: str) -> Plan:
    plans = Plan.objects.public().select_related("agency")
    if "/" in source:
        agency_code, code = source.split("/", 1)
        plan = plans.filter(agency__code=agency_code, code=code).first()
    else:
        plan = plans.filter(pk=pk).first() if (pk := parse_id(source)) else None
    if plan is None:
        raise NotFound(
            _("No file, URL or announced plan %(source)s.") % {"source": source},
            code="draw_not_found",
        )
    return plan


class Command(GroupCommand):
    help = "Double-random inspections: the target registry and verifiable draws."
    subcommands = {
        "import-targets": "Import the target registry from an .xlsx or .csv file (all or nothing).",
        "verify-draw": "Re-run a published draw from its public data; exit 1 if it differs.",
        "overdue": "List inspection results past their publication date.",
    }

    def add_import_targets_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="agency code")
        parser.add_argument("--dry-run", action="store_true")

    def handle_import_targets(self, *, file: str, agency: str, dry_run: bool, **options) -> None:
        summary = services.import_targets(
            Path(file), agency=_agency(agency), actor=get_system_actor(), dry_run=dry_run
        )
        self.stdout.write(summary.summary_line())

    def add_verify_draw_arguments(self, parser) -> None:
        parser.add_argument("source", help="export file, URL of the JSON export, AGENCY/PLAN or id")
        parser.add_argument(
            "--announced", help="the parameters digest published at announcement, to compare"
        )

    def handle_verify_draw(self, *, source: str, announced: str | None, **options) -> None:
        try:
            doc, problems = load_document(source)
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                _("The export cannot be read: %(error)s") % {"error": exc}, code="draw_unreadable"
            ) from None
        report = algorithm.verify_document(doc, expected_parameters_sha256=announced)
        differences = problems + report.differences
        if differences:
            raise InvalidInput(
                _("The draw does not match its published data."),
                code="draw_mismatch",
                problems=[FieldProblem("draw", text) for text in differences],
            )
        self.stdout.write(
            _("The draw matches: %(n)s targets drawn; parameters %(sha)s.")
            % {"n": report.drawn, "sha": report.parameters_sha256}
        )

    def add_overdue_arguments(self, parser) -> None:
        parser.add_argument("--agency", help="agency code (default: all)")

    def handle_overdue(self, *, agency: str | None, **options) -> None:
        agency_id = _agency(agency).pk if agency else None
        for row in selectors.overdue_tasks(agency_id):
            case = row.task.case
            self.stdout.write(
                f"{row.due_on}\t{row.task.plan.code}\t{case.number or case.title}\t"
                f"{row.task.target.credit_code}"
            )
