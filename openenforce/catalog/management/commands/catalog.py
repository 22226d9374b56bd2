"""``openenforce catalog …``: the catalogue as an Excel workbook.

    openenforce catalog import FILE.xlsx [--agency CODE] [--dry-run]
    openenforce catalog export DIR [--agency CODE]
    openenforce catalog template DIR

Imports are all or nothing: every problem is printed to stderr, one per line, with its
sheet, row and column, and the command exits 1 without changing anything. Changes are
recorded with the system actor as their author.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.catalog.exchange import export_bytes, export_to_dir, import_workbook
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import InvalidInput, NotFound

TEMPLATE_NAME = "catalogue-template.xlsx"


def agency_for(code: str | None) -> Agency:
    """The agency named by ``--agency``; may be left out when there is only one."""
    if code:
        try:
            return Agency.objects.get(code=code)
        except Agency.DoesNotExist:
            raise NotFound(
                _("There is no agency with the code “%(code)s”.") % {"code": code},
                code="agency_not_found",
            ) from None
    agencies = list(Agency.objects.all()[:2])
    if len(agencies) != 1:
        raise InvalidInput(
            _("Name the agency with --agency CODE: this installation has several, or none."),
            code="agency_required",
        )
    return agencies[0]


class Command(GroupCommand):
    help = "Import and export the catalogue as an Excel workbook (.xlsx)."
    subcommands = {
        "import": "Import a catalogue workbook: all rows or none.",
        "export": "Write the catalogue workbook of an agency into a directory.",
        "template": "Write an empty workbook with the sheets and column headers.",
    }

    def add_import_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", help="agency code")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, change nothing"
        )

    def handle_import(self, *, file: Path, agency: str | None, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise NotFound(
                _("There is no file “%(path)s”.") % {"path": file}, code="file_not_found"
            )
        target = agency_for(agency)
        report = import_workbook(file, agency=target, actor=get_system_actor(), dry_run=dry_run)
        for line in report.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))

    def add_export_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--agency", help="agency code")

    def handle_export(self, *, directory: Path, agency: str | None, **options) -> None:
        path = export_to_dir(directory, agency_for(agency))
        self.stdout.write(str(path))

    def add_template_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle_template(self, *, directory: Path, **options) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / TEMPLATE_NAME
        path.write_bytes(export_bytes(None))
        self.stdout.write(str(path))
