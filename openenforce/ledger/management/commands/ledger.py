"""``openenforce ledger verify|export|checkpoint|vkey``: the record from the command line."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from openenforce.core.cli import GroupCommand
from openenforce.ledger import notes, packages, services, verify
from openenforce.ledger.export import export


class Command(GroupCommand):
    help = "Verify, export and sign the whole-process record."
    subcommands = {
        "verify": "Recompute everything; exit 1 naming each bad entry, tile, checkpoint or row.",
        "export": "Write the log in the C2SP static layout (checkpoint, vkey, tiles, entries).",
        "checkpoint": "Integrate new entries into tiles and sign a checkpoint.",
        "vkey": "Print the verifier key (creating the signing key if needed).",
    }

    def add_verify_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, help="Verify an export directory offline.")
        parser.add_argument(
            "--package", type=Path, help="Verify a case-file package (zip) offline."
        )
        parser.add_argument(
            "--vkey", help="The trusted verifier key (default: DIR/vkey or the package's)."
        )
        parser.add_argument("--no-rows", action="store_true", help="Skip the domain-row check.")
        parser.add_argument(
            "--workers",
            type=int,
            default=verify.default_workers(),
            help="Processes checking a large log's entries on PostgreSQL (default: one per core).",
        )

    def handle_verify(
        self,
        *,
        dir: Path | None,
        package: Path | None,
        vkey: str | None,
        no_rows: bool,
        workers: int,
        **_,
    ) -> None:
        started = time.perf_counter()
        if package is not None:
            self._verify_package(package, vkey)
            return
        if dir is not None:
            problems = verify.verify_directory(dir, vkey)
        else:
            problems = self._verify_database(rows=not no_rows, workers=workers)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found", returncode=1)
        self.stdout.write(f"record verified ({time.perf_counter() - started:.2f} s)")

    def _verify_database(self, *, rows: bool, workers: int) -> list:
        try:
            return verify.verify_database(rows=rows, workers=workers)
        except DatabaseError:
            unapplied = _unapplied_migrations()
            if unapplied:  # a database never set up: say so, not a traceback
                raise CommandError(
                    f"the database is not set up ({unapplied} migrations not applied): "
                    "run `openenforce migrate` first",
                    returncode=1,
                ) from None
            raise

    def _verify_package(self, path: Path, vkey: str | None) -> None:
        """A case-file package, with no database (the verifier casefiles registers)."""
        verify_package = packages.package_verifier()
        if verify_package is None:
            raise CommandError("no installed app verifies packages", returncode=1)
        report = verify_package(path, vkey)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) found", returncode=1)
        self.stdout.write(
            f"package verified: {report.files} files, {report.entries} entries, "
            f"checkpoint {report.origin} size {report.checkpoint_size}"
        )

    def add_export_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle_export(self, *, directory: Path, **_) -> None:
        try:
            size = export(directory)
        except LookupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(f"exported {size} entries to {directory}")

    def add_checkpoint_arguments(self, parser) -> None:
        parser.add_argument(
            "--watch", action="store_true", help="Keep signing, once per configured interval."
        )

    def handle_checkpoint(self, *, watch: bool, **_) -> None:
        if watch:
            services.checkpoint_loop()
            return
        self.stdout.write(services.publish_checkpoint().note, ending="")

    def handle_vkey(self, **_) -> None:
        self.stdout.write(notes.vkey())


def _unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
