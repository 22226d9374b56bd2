"""``openenforce portal verify`` and ``verify-history``: check a published item, or every
record entry about a public subject, against the public record and its witnesses."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

from django.core.management.base import CommandError

from openenforce.core.cli import GroupCommand
from openenforce.portal import verify

NO_WITNESS = (
    "no witness was checked: this shows that the entries are in the checkpoint this site "
    "served you, not that everyone is shown the same record; give --witness with the keys "
    "the witnesses publish themselves (docs/independent-checks.md)"
)


class Command(GroupCommand):
    help = "The public portal from the command line."
    subcommands = {
        "verify": "Check a published item's inclusion proof against the signed checkpoint.",
        "verify-history": (
            "Check every record entry about a public subject (its history) against the "
            "signed checkpoint."
        ),
    }

    def _common_arguments(self, parser) -> None:
        parser.add_argument("--site", help="The portal's address, e.g. https://gs.example.gov.cn")
        parser.add_argument(
            "--vkey", required=True, help="The log's verifier key, from a source you trust."
        )
        parser.add_argument(
            "--witness",
            action="append",
            default=[],
            help="A witness's verifier key, from the witness's own publication (repeat).",
        )
        parser.add_argument(
            "--quorum",
            type=int,
            help="How many of the --witness keys must have cosigned (default: all of them).",
        )

    def add_verify_arguments(self, parser) -> None:
        parser.add_argument("item", type=int, help="The published item's number.")
        parser.add_argument("--bundle", type=Path, help="A saved proof.json instead of --site.")
        parser.add_argument("--text", type=Path, help="With --bundle: the item's public text.")
        self._common_arguments(parser)

    def add_verify_history_arguments(self, parser) -> None:
        parser.add_argument(
            "kind", help="decision, certificate, plan, matter, inspection-item, ... (the URL's)"
        )
        parser.add_argument("key", help="The subject's key in the URL (a plan: AGENCY/CODE).")
        parser.add_argument("--bundle", type=Path, help="A saved history JSON instead of --site.")
        self._common_arguments(parser)

    def handle_verify(
        self, *, item: int, site, bundle, text, vkey: str, witness, quorum, **_
    ) -> None:
        public_text = None
        try:
            if bundle is not None:
                data = json.loads(bundle.read_text())
                public_text = text.read_text() if text else None
            elif site:
                data, public_text = verify.fetch(site, item)
            else:
                raise CommandError("give --site or --bundle", returncode=1)
        except (OSError, ValueError, KeyError, urllib.error.URLError) as exc:
            raise CommandError(f"cannot read the proof: {exc}", returncode=1) from exc
        result = verify.check_bundle(
            data, vkey, item=item, text=public_text, witnesses=witness, quorum=quorum
        )
        self._fail_on_problems(result, f"item {item}")
        size, signer = data["size"], vkey.split("+", 1)[0]
        entries = ", ".join(str(n) for n in result.checked)
        if result.withdrawn:
            notice = ""
            if result.text_covered:
                notice = "; the withdrawal notice matches the record"
            elif result.undigested:
                notice = (
                    "; the withdrawal entry holds no digest of the notice (withdrawn before "
                    "notices were recorded): the notice's wording is NOT proven"
                )
            self.stdout.write(
                f"item {item}: withdrawn; record entries {entries} are included in the "
                f"checkpoint of {size} entries signed by {signer}" + notice
            )
        else:
            self.stdout.write(
                f"item {item}: record entries {entries} are included in the checkpoint of "
                f"{size} entries signed by {signer}"
                + ("; the public text matches the record" if public_text is not None else "")
            )
        self._say_witnesses(result)

    def handle_verify_history(
        self, *, kind: str, key: str, site, bundle, vkey: str, witness, quorum, **_
    ) -> None:
        try:
            if bundle is not None:
                data = json.loads(bundle.read_text())
            elif site:
                data = verify.fetch_history(site, kind, key)
            else:
                raise CommandError("give --site or --bundle", returncode=1)
        except (OSError, ValueError, KeyError, urllib.error.URLError) as exc:
            raise CommandError(f"cannot read the history: {exc}", returncode=1) from exc
        subject = f"{kind} {key}"
        if bundle is None and (data.get("kind"), data.get("subject")) != (kind, key):
            raise CommandError(f"{subject}: the site answered about another subject", returncode=1)
        result = verify.check_history(data, vkey, witnesses=witness, quorum=quorum)
        self._fail_on_problems(result, subject)
        entries = ", ".join(str(n) for n in result.checked) or "none"
        self.stdout.write(
            f"{data.get('kind')} {data.get('subject')}: record entries {entries} are included "
            f"in the checkpoint of {data['size']} entries signed by {vkey.split('+', 1)[0]}"
        )
        self._say_witnesses(result)

    def _fail_on_problems(self, result: verify.Result, subject: str) -> None:
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems:
            raise CommandError(f"{subject}: NOT verified", returncode=1)

    def _say_witnesses(self, result: verify.Result) -> None:
        if result.witnessed is None:
            self.stdout.write(NO_WITNESS)
        else:
            self.stdout.write("witnesses: " + result.witnessed.describe())
