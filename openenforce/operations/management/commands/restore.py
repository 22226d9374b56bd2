"""``openenforce restore BACKUP [--force]``: restore a backup made by ``openenforce backup``
into this installation, which must be empty unless ``--force``. The backup is checked
against its manifest first; a damaged backup changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from openenforce.core.cli import translate_argparse
from openenforce.operations.backup import restore


class Command(BaseCommand):
    help = "Restore a backup into this installation (empty, unless --force)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        translate_argparse()
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="the backup's directory or .tar file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database, files and signing key of a non-empty installation",
        )

    def handle(self, *, backup: str, force: bool, **options) -> None:
        manifest = restore(Path(backup), force=force, report=self.stdout.write)
        counts = manifest["counts"]
        self.stdout.write(
            _("Restored: %(cases)d cases, %(items)d evidence items, %(files)d files.")
            % {
                "cases": counts["cases"],
                "items": counts["evidence_items"],
                "files": counts["files"],
            }
        )
        self.stdout.write(
            _(
                "Next: openenforce migrate (if this version is newer), then openenforce "
                "ledger verify and openenforce evidence verify."
            )
        )
