"""``openenforce backup TARGET [--with-secret-key]``: a consistent backup of this
installation (database, stored files, the record's signing key, configuration) into a new
directory, or one ``.tar`` file. See ``openenforce.operations.backup`` and
docs/deployment.md, "Backup and restore"."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from openenforce.core.cli import translate_argparse
from openenforce.operations.backup import make_backup


class Command(BaseCommand):
    help = "Back up the database, the stored files, the signing key and the configuration."

    def create_parser(self, prog_name, subcommand, **kwargs):
        translate_argparse()
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("target", help="a new directory, or a file ending in .tar")
        parser.add_argument(
            "--with-secret-key",
            action="store_true",
            help="also keep Django's secret key (otherwise it is kept separately)",
        )

    def handle(self, *, target: str, with_secret_key: bool, **options) -> None:
        result = make_backup(Path(target), with_secret_key=with_secret_key)
        manifest = result.manifest
        counts = manifest["counts"]
        self.stdout.write(_("Backup written to %(path)s.") % {"path": result.path})
        self.stdout.write(
            _(
                "%(cases)d cases, %(items)d evidence items, %(files)d files, "
                "%(entries)d record entries (checkpoint at %(size)d)."
            )
            % {
                "cases": counts["cases"],
                "items": counts["evidence_items"],
                "files": counts["files"],
                "entries": counts["record_entries"],
                "size": manifest["record"]["checkpoint_size"],
            }
        )
        self.stdout.write(
            _("SHA-256 of its manifest (keep it apart from the backup): %(digest)s")
            % {"digest": result.manifest_sha256}
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("Some stored files are missing or altered; the backup holds them as they are."),
                returncode=1,
            )
