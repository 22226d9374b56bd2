"""``openenforce evaluation``: load the shipped rubrics for a supervising body; import a
rubric workbook as a draft; export a version; list the rubrics; export and verify a
campaign's draw.

``verify-draw CAMPAIGN|FILE`` re-runs a campaign's draw (``oe-draw/1``) from its public
export (an ``openenforce.draw/1`` JSON file, or the campaign of this installation by id)
and prints ``ok`` with the count drawn; on any difference it names what differs on stderr
and exits 1. For a campaign of this installation the parameters digest is also compared
with the one published at announcement."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.core.cli import GroupCommand
from openenforce.evaluation import campaigns, exchange, services
from openenforce.evaluation.models import Campaign, Rubric, RubricVersion
from openenforce.inspections.selectors import verify_export


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"no agency {code!r}", returncode=1)
    return agency


class Command(GroupCommand):
    help = "Case-file evaluation: rubrics (load the shipped ones, import, export, list)."
    subcommands = {
        "load-rubrics": "Import and publish the shipped rubrics for a supervising body.",
        "import": "Import a rubric workbook as a new draft version (as the system).",
        "publish": "Publish a rubric's draft version (as the system).",
        "export": "Write a rubric version as a workbook.",
        "list": "List a body's rubrics and their versions.",
        "export-draw": "Write a campaign's draw as its public openenforce.draw/1 JSON export.",
        "verify-draw": "Re-run a campaign's draw from its export; exit 1 if it differs.",
        "report": "Write a graded campaign's report (pdf, xlsx or json).",
        "publish-report": "Publish a graded campaign's report (as the system, recorded).",
        "close": "Close a campaign whose rectification notices are all accepted (as the system).",
    }

    def add_report_arguments(self, parser) -> None:
        parser.add_argument("campaign", type=int, help="The campaign's id.")
        parser.add_argument("--format", choices=("pdf", "xlsx", "json"), default="pdf")
        parser.add_argument("--out", type=Path, required=True)

    def add_publish_report_arguments(self, parser) -> None:
        parser.add_argument("campaign", type=int, help="The campaign's id.")

    add_close_arguments = add_publish_report_arguments

    def handle_report(self, *, campaign: int, format: str, out: Path, **_) -> None:
        from openenforce.evaluation import report, report_files

        found = self._campaign(campaign)
        if found.status not in Campaign.REPORT_STATES:
            raise CommandError(f"campaign {campaign} is not graded ({found.status})", returncode=1)
        content = report.build(found)
        if format == "json":
            body = json.dumps(
                {"sha256": report.digest(content), "report": content},
                ensure_ascii=False,
                indent=1,
            ).encode()
        elif format == "xlsx":
            body = report_files.xlsx(content)
        else:
            body = report_files.pdf(content, found)
        out.write_bytes(body)
        self.stdout.write(f"{out}\t{report.digest(content)}")

    def _change(self, call, pk: int) -> Campaign:
        return call(self._campaign(pk), actor=get_system_actor(), trusted=True)

    def handle_publish_report(self, *, campaign: int, **_) -> None:
        from openenforce.evaluation import publication

        done = self._change(publication.publish_report, campaign)
        self.stdout.write(f"{done.pk}\t{done.status}\t{done.report_sha256}")

    def handle_close(self, *, campaign: int, **_) -> None:
        from openenforce.evaluation import publication

        done = self._change(publication.close_campaign, campaign)
        self.stdout.write(f"{done.pk}\t{done.status}")

    def add_export_draw_arguments(self, parser) -> None:
        parser.add_argument("campaign", type=int, help="The campaign's id.")
        parser.add_argument("--out", type=Path, required=True)

    def add_verify_draw_arguments(self, parser) -> None:
        parser.add_argument("source", help="A campaign's id, or its JSON export file.")
        parser.add_argument(
            "--announced", help="the parameters digest published at announcement, to compare"
        )

    def _campaign(self, pk: int) -> Campaign:
        campaign = Campaign.objects.select_related("agency").filter(pk=pk).first()
        if campaign is None or campaign.status == Campaign.Status.DRAFT:
            raise CommandError(f"no announced campaign {pk}", returncode=1)
        return campaign

    def handle_export_draw(self, *, campaign: int, out: Path, **_) -> None:
        document = campaigns.export(self._campaign(campaign))
        out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(str(out))

    def handle_verify_draw(self, *, source: str, announced: str | None = None, **_) -> None:
        if source.isdigit():
            document = campaigns.export(self._campaign(int(source)))
        else:
            try:
                document = json.loads(Path(source).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read {source}: {exc}", returncode=1) from None
        # Consistency, and authenticity against --announced and, for a campaign of this
        # installation, its own announcement record (docs/draws.md §7).
        answer = verify_export(document, announced=(announced or "").strip().lower())
        if not answer["ok"]:
            for line in answer["differences"]:
                self.stderr.write(line)
            self.stderr.write(answer["summary"]["en"])
            raise CommandError(
                "the draw does not match" if answer["differences"] else "authenticity not checked",
                returncode=1,
            )
        self.stdout.write(
            f"ok\t{answer['drawn']} drawn\tparameters {answer['parameters_sha256']}"
            f"\tconsistent authentic ({'+'.join(answer['authenticity_basis'])})"
        )

    def add_load_rubrics_arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The supervising body's code.")

    def add_import_arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The supervising body's code.")
        parser.add_argument("file", type=Path)

    def add_publish_arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The supervising body's code.")
        parser.add_argument("rubric", help="The rubric's code.")

    def add_export_arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The supervising body's code.")
        parser.add_argument("rubric", help="The rubric's code.")
        parser.add_argument("--version", type=int, help="Default: the version in force.")
        parser.add_argument("--out", type=Path, required=True)

    add_list_arguments = add_load_rubrics_arguments

    def handle_load_rubrics(self, *, agency: str, **_) -> None:
        outcomes = services.load_shipped(_agency(agency), actor=get_system_actor(), trusted=True)
        for code, outcome in outcomes:
            self.stdout.write(f"{code}\t{outcome}")

    def handle_import(self, *, agency: str, file: Path, **_) -> None:
        spec = exchange.read_rubric_workbook(file)
        version = services.import_version(
            spec, agency=_agency(agency), actor=get_system_actor(), origin=file.name, trusted=True
        )
        self.stdout.write(f"{version.rubric.code}\tv{version.number}\t{version.status}")

    def _rubric(self, agency: str, code: str) -> Rubric:
        rubric = Rubric.objects.filter(agency=_agency(agency), code=code).first()
        if rubric is None:
            raise CommandError(f"no rubric {code!r}", returncode=1)
        return rubric

    def handle_publish(self, *, agency: str, rubric: str, **_) -> None:
        draft = self._rubric(agency, rubric).versions.filter(status="draft").first()
        if draft is None:
            raise CommandError(f"rubric {rubric!r} has no draft", returncode=1)
        version = services.publish_version(draft, actor=get_system_actor(), trusted=True)
        self.stdout.write(f"{rubric}\tv{version.number}\t{version.status}")

    def handle_export(self, *, agency: str, rubric: str, version, out: Path, **_) -> None:
        found = self._rubric(agency, rubric)
        chosen: RubricVersion | None = (
            found.versions.filter(number=version).first() if version else found.current()
        )
        if chosen is None:
            raise CommandError(f"rubric {rubric!r} has no such version", returncode=1)
        out.write_bytes(exchange.export_bytes(exchange.spec_of(chosen)))
        self.stdout.write(f"{out}\tv{chosen.number}\t{chosen.digest}")

    def handle_list(self, *, agency: str, **_) -> None:
        for rubric in Rubric.objects.filter(agency=_agency(agency)).order_by("code"):
            for v in rubric.versions.order_by("number"):
                self.stdout.write(
                    f"{rubric.code}\t{rubric.procedure}\tv{v.number}\t{v.status}\t{v.total_points}"
                )
