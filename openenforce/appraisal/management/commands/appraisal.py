"""``openenforce appraisal``: load a scheme (the shipped proposal or a file), publish it,
and compute the scorecards of the agencies a supervising body appraises."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.appraisal import services, spec
from openenforce.appraisal.models import Scheme
from openenforce.core.cli import GroupCommand


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"no agency {code!r}", returncode=1)
    return agency


def _scheme(code: str, year: int) -> Scheme:
    scheme = Scheme.objects.filter(agency=_agency(code), year=year).first()
    if scheme is None:
        raise CommandError(f"no appraisal scheme of {code} for {year}", returncode=1)
    return scheme


class Command(GroupCommand):
    help = "Yearly appraisal (评议考核): schemes and scorecards."
    subcommands = {
        "load": "Create the body's draft scheme for a year from the shipped proposal or a "
        "file (recorded, as the system).",
        "publish": "Publish the body's scheme of the year (recorded, as the system).",
        "compute": "Compute the scorecards of every agency the body supervises under its "
        "published scheme of the year (recorded, as the system).",
    }

    def _arguments(self, parser) -> None:
        parser.add_argument("--agency", required=True, help="The supervising body's code.")
        parser.add_argument("--year", type=int, required=True)

    def add_load_arguments(self, parser) -> None:
        self._arguments(parser)
        parser.add_argument("--file", default="", help="A scheme file (JSON) to load instead.")

    add_publish_arguments = _arguments
    add_compute_arguments = _arguments

    def handle_load(self, *, agency: str, year: int, file: str = "", **_) -> None:
        body = _agency(agency)
        actor = get_system_actor()
        scheme_spec = spec.load(Path(file)) if file else None
        scheme = services.load_scheme(
            body, year, actor=actor, scheme_spec=scheme_spec, trusted=True
        )
        self.stdout.write(f"{body.code} {year}\t{scheme.status}\t{scheme.indicators.count()}")

    def handle_publish(self, *, agency: str, year: int, **_) -> None:
        scheme = _scheme(agency, year)
        services.publish_scheme(scheme, actor=get_system_actor(), trusted=True)
        self.stdout.write(f"{agency} {year}\tpublished")

    def handle_compute(self, *, agency: str, year: int, **_) -> None:
        scheme = _scheme(agency, year)
        cards = services.compute_scorecards(scheme, actor=get_system_actor(), trusted=True)
        for card in cards:
            self.stdout.write(f"{card.agency.code}\t{card.total}\t{card.digest}")
