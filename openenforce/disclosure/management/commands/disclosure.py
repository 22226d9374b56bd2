"""``openenforce disclosure mask``: publication from the command line."""

from __future__ import annotations

import sys

from openenforce.core.cli import GroupCommand
from openenforce.disclosure.masking import NamedPerson, kind_label, mask


class Command(GroupCommand):
    help = "Publication: masking of texts before they are published."
    stealth_options = ("stdin",)  # tests pass the text as call_command(..., stdin=StringIO())
    subcommands = {
        "mask": "Read a text on stdin and print it masked for publication.",
        "publish-due": "Publish the scheduled items whose time has come (run every few minutes).",
        "expire": "Take items past their retention period off the portal (run daily).",
        "flags": "List overdue and soon-due publications and withdrawals.",
    }

    def add_mask_arguments(self, parser) -> None:
        parser.add_argument(
            "--name",
            action="append",
            default=[],
            metavar="NAME",
            help="A natural-person party (shown as surname + 某); repeatable.",
        )
        parser.add_argument(
            "--third",
            action="append",
            default=[],
            metavar="NAME",
            help="A third person named in the text (shown as surname + 某); repeatable.",
        )
        parser.add_argument(
            "--protect",
            action="append",
            default=[],
            metavar="STR",
            help="A string never masked (agency, officer, case or document number, "
            "legal basis); repeatable.",
        )
        parser.add_argument(
            "--also",
            action="append",
            default=[],
            metavar="STR",
            help="A further string to mask; repeatable.",
        )
        parser.add_argument(
            "--explain", action="store_true", help="After the text, list each masked span."
        )

    def handle_mask(self, *, name, third, protect, also, explain, stdin=None, **_) -> None:
        stdin = stdin or sys.stdin
        people = [NamedPerson(n) for n in name]
        people += [NamedPerson(n, role=NamedPerson.THIRD_PERSON) for n in third]
        result = mask(stdin.read(), names=people, protected=protect, also=also)
        self.stdout.write(result.text, ending="" if result.text.endswith("\n") else "\n")
        if explain:
            for span in result.spans:
                self.stdout.write(
                    f"{span.start}-{span.end}\t{kind_label(span.kind)}\t"
                    f"{span.original} → {span.replacement}\t{span.reason}"
                )

    # Publication workflow verbs (openenforce.disclosure.services).

    def add_publish_due_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")

    def handle_publish_due(self, *, enqueue: bool = False, **_) -> None:
        from openenforce.accounts.services import get_system_actor
        from openenforce.disclosure.services import publish_due

        if enqueue:
            from openenforce.disclosure.tasks import publish_due_task

            self.stdout.write(str(publish_due_task.enqueue().id))
            return
        done = publish_due(actor=get_system_actor())
        for publication in done:
            self.stdout.write(f"published\t{publication.pk}\t{publication.title}")

    def add_expire_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")

    def handle_expire(self, *, enqueue: bool = False, **_) -> None:
        from openenforce.accounts.services import get_system_actor
        from openenforce.disclosure.services import expire_publications

        if enqueue:
            from openenforce.disclosure.tasks import expire_task

            self.stdout.write(str(expire_task.enqueue().id))
            return

        self.stdout.write(str(expire_publications(actor=get_system_actor())))

    def add_flags_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=3, help="look this many days ahead")

    def handle_flags(self, *, days: int, **_) -> None:
        from openenforce.disclosure.selectors import flag_rows

        for row in flag_rows(days=days):
            self.stdout.write("\t".join(row))
