"""``openenforce inspections …``: the registry, and re-running published draws.

    openenforce inspections import-targets FILE --agency CODE [--dry-run]
    openenforce inspections verify-draw FILE|URL|AGENCY/PLAN|ID [--announced SHA256]
        [--vkey LOG_VKEY] [--witness WITNESS_VKEY ...] [--quorum N]
    openenforce inspections overdue [--agency CODE]

``verify-draw`` re-runs a published draw from its public export (a file, a URL of the
JSON export, or a plan of this installation) and prints whether it matches; on any
difference it names what differs on stderr and exits 1. It says what it checked:
consistency (the export agrees with itself) and authenticity (its parameters digest and
seed commitment are those published at the announcement: ``--announced``, or for a plan or
campaign of this installation its own record entries). For an ``oe-draw/2`` draw it also
checks the order — the announcement witnessed before the reveals and the draw — against
the log key and witness keys given (``--vkey``, ``--witness``, ``--quorum``: obtained
from their operators), or this installation's own. It exits 1 unless all hold.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound
from openenforce.core.params import parse_id
from openenforce.inspections import selectors, services
from openenforce.inspections.models import Plan

MAX_EXPORT_BYTES = 512 * 1024 * 1024


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(_("There is no agency with this code."), code="agency_not_found")
    return agency


def load_document(source: str) -> dict:
    """The export named by ``source``: a URL, a file, or a plan of this installation (whose
    announcement record ``verify_export`` then compares with automatically)."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - user-given
            return json.loads(response.read(MAX_EXPORT_BYTES))
    path = Path(source)
    if path.is_file():
        return json.loads(path.read_bytes())
    return selectors.public_export(_local_plan(source))


def report_verification(command, answer: dict) -> None:
    """Print the public verifier's answer; exit 1 (naming every difference) unless it is
    both consistent and authentic (docs/draws.md §7)."""
    checked = " + ".join(answer["checked"])
    summary = answer["summary"]["zh-hans" if get_language() == "zh-hans" else "en"]
    if answer["ok"]:
        command.stdout.write(
            _("The draw matches: %(n)s targets drawn; parameters %(sha)s.")
            % {"n": answer["drawn"], "sha": answer["parameters_sha256"]}
        )
        command.stdout.write(f"consistent=yes authentic=yes checked={checked}")
        command.stdout.write(summary)
        return
    problems = [FieldProblem("draw", text) for text in answer["differences"]]
    if answer["consistent"] and not answer["differences"]:
        problems.append(FieldProblem("draw", summary))
    raise InvalidInput(
        summary
        + f" (consistent={'yes' if answer['consistent'] else 'no'}"
        + f" authentic={'yes' if answer['authentic'] else 'no'} checked={checked})",
        code="draw_mismatch" if answer["differences"] else "draw_not_authenticated",
        problems=problems,
    )


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
        parser.add_argument("--vkey", help="the log's verifier key (oe-draw/2 order check)")
        parser.add_argument(
            "--witness",
            action="append",
            default=[],
            help="a witness's verifier key, from its operator (repeatable)",
        )
        parser.add_argument(
            "--quorum", type=int, help="witnesses that must have cosigned (default: all given)"
        )

    def handle_verify_draw(
        self,
        *,
        source: str,
        announced: str | None,
        vkey: str | None = None,
        witness: list[str] | None = None,
        quorum: int | None = None,
        **options,
    ) -> None:
        try:
            doc = load_document(source)
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                _("The export cannot be read: %(error)s") % {"error": exc}, code="draw_unreadable"
            ) from None
        answer = selectors.verify_export(
            doc,
            announced=(announced or "").strip().lower(),
            log_vkey=vkey,
            witnesses=witness or None,
            quorum=quorum,
        )
        report_verification(self, answer)

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
