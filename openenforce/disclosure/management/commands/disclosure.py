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
