"""``openenforce ledger verify|export|checkpoint|vkey``: the record from the command line."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from openenforce.core.cli import GroupCommand
from openenforce.ledger import cosign, notes, packages, services, verify
from openenforce.ledger.export import export


class Command(GroupCommand):
    help = "Verify, export and sign the whole-process record."
    subcommands = {
        "verify": "Recompute everything; exit 1 naming each bad entry, tile, checkpoint or row.",
        "export": "Write the log in the C2SP static layout (checkpoint, vkey, tiles, entries).",
        "checkpoint": "Integrate new entries into tiles and sign a checkpoint.",
        "vkey": "Print the verifier key (creating the signing key if needed).",
        "witness-round": "Submit the latest checkpoint to the configured witnesses once.",
        "verify-checkpoint": (
            "Fetch a site's checkpoint; check the log's signature and a quorum of witnesses."
        ),
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

    def handle_witness_round(self, **_) -> None:
        from openenforce.ledger.witnessing import configured, witness_round

        services.publish_checkpoint()
        cosigned = witness_round()
        self.stdout.write(f"{cosigned} of {len(configured())} witnesses cosigned")

    def add_verify_checkpoint_arguments(self, parser) -> None:
        parser.add_argument("--site", required=True, help="The site, e.g. https://example.org")
        parser.add_argument("--vkey", required=True, help="The log's verifier key.")
        parser.add_argument(
            "--witness", action="append", default=[], help="A known witness's vkey (repeat)."
        )
        parser.add_argument(
            "--quorum", type=int, help="Witness cosignatures required (default: all given)."
        )

    def handle_verify_checkpoint(
        self, *, site: str, vkey: str, witness: list[str], quorum: int | None, **_
    ) -> None:
        try:
            log = notes.Verifier.parse(vkey)
            witnesses = [cosign.WitnessKey.parse(w) for w in witness]
        except ValueError as exc:
            raise CommandError(f"bad key: {exc}", returncode=1) from exc
        needed = len(witnesses) if quorum is None else quorum
        if needed > len(witnesses):
            raise CommandError(
                f"a quorum of {needed} needs at least {needed} --witness keys", returncode=1
            )
        url = site.rstrip("/") + "/transparency/checkpoint"
        try:
            note = fetch_text(url)
        except OSError as exc:
            raise CommandError(f"cannot fetch {url}: {exc}", returncode=1) from exc
        try:
            result = cosign.check_note(note, log, witnesses)
        except ValueError as exc:
            raise CommandError(f"the checkpoint does not verify: {exc}", returncode=1) from exc
        if len(result.cosigned_by) < needed:
            raise CommandError(
                f"checkpoint {result.checkpoint.origin} size {result.checkpoint.size}: "
                f"{len(result.cosigned_by)} of the {needed} required witness cosignatures; "
                f"missing: {', '.join(result.missing)}",
                returncode=1,
            )
        self.stdout.write(
            f"checkpoint {result.checkpoint.origin} size {result.checkpoint.size} "
            f"signed by the log and cosigned by {', '.join(result.cosigned_by) or 'no witness'}"
        )


def fetch_text(url: str) -> str:
    """GET ``url`` as text (tests replace this)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def _unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
