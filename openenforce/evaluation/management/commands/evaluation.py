"""``openenforce evaluation``: load the shipped rubrics for a supervising body; import a
rubric workbook as a draft; export a version; list the rubrics."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.core.cli import GroupCommand
from openenforce.evaluation import exchange, services
from openenforce.evaluation.models import Rubric, RubricVersion


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
    }

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
