"""``openenforce portal verify``: check a published item against the public record."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

from django.core.management.base import CommandError

from openenforce.core.cli import GroupCommand
from openenforce.portal import verify


class Command(GroupCommand):
    help = "The public portal from the command line."
    subcommands = {
        "verify": "Check a published item's inclusion proof against the signed checkpoint.",
    }

    def add_verify_arguments(self, parser) -> None:
        parser.add_argument("item", type=int, help="The published item's number.")
        parser.add_argument("--site", help="The portal's address, e.g. https://gs.example.gov.cn")
        parser.add_argument("--bundle", type=Path, help="A saved proof.json instead of --site.")
        parser.add_argument("--text", type=Path, help="With --bundle: the item's public text.")
        parser.add_argument(
            "--vkey", required=True, help="The verifier key, from a source you trust."
        )

    def handle_verify(self, *, item: int, site, bundle, text, vkey: str, **_) -> None:
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
        result = verify.check_bundle(data, vkey, item=item, text=public_text)
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems:
            raise CommandError(f"item {item}: NOT verified", returncode=1)
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
            return
        self.stdout.write(
            f"item {item}: record entries {entries} are included in the checkpoint of "
            f"{size} entries signed by {signer}"
            + ("; the public text matches the record" if public_text is not None else "")
        )
