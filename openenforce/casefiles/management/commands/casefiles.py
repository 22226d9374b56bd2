"""``openenforce casefiles export``: a closed case's file (PDF or package) to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from openenforce.accounts.models import User
from openenforce.casefiles import services
from openenforce.cases.permissions import cases_for_user
from openenforce.core.cli import GroupCommand
from openenforce.core.params import parse_id


class Command(GroupCommand):
    help = "Case files: export a closed case's file; verify with 'ledger verify --package'."
    subcommands = {"export": "Write a closed case's PDF or verifiable package (recorded)."}

    def add_export_arguments(self, parser) -> None:
        parser.add_argument("case", help="The case number (文号) or id.")
        parser.add_argument("--kind", choices=("pdf", "package"), default="package")
        parser.add_argument("--user", required=True, help="Who exports it (recorded).")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle_export(self, *, case: str, kind: str, user: str, output: Path, **_) -> None:
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {user!r}", returncode=1)
        cases = cases_for_user(actor).select_related("agency")
        found = cases.filter(number=case).first()
        if found is None and (pk := parse_id(case)) is not None:
            found = cases.filter(pk=pk).first()
        if found is None:
            raise CommandError(f"no case {case!r} visible to {user}", returncode=1)
        with output.open("wb") as out:
            export = services.export_case_file(found, actor=actor, kind=kind, out=out)
        self.stdout.write(f"{output}\t{export.size} bytes\tsha256 {export.sha256}")
