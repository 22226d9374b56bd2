"""``openenforce calendar <verb>``: due dates, the yearly arrangement, the year's days."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from openenforce.accounts.services import get_system_actor
from openenforce.calendar.arrangement import read_arrangement_file
from openenforce.calendar.engine import add_calendar_days, add_working_days
from openenforce.calendar.overview import year_overview
from openenforce.calendar.services import enter_arrangement, seed_calendar
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import InvalidInput
from openenforce.core.params import ascii_int


def parse_date(value: str) -> datetime.date:
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            _("“%(value)s” is not a date YYYY-MM-DD.") % {"value": value}, code="calendar_bad_start"
        ) from None


def parse_days(value: str) -> int:
    days = ascii_int(value)
    if days is None:
        raise InvalidInput(
            _("“%(value)s” is not a whole number of days (0 or more).") % {"value": value},
            code="calendar_bad_days",
        )
    return days


def parse_year(value: str) -> int:
    year = ascii_int(value, minimum=1900, maximum=2100)
    if year is None:
        raise InvalidInput(
            _("“%(value)s” is not a year from 1900 to 2100.") % {"value": value},
            code="calendar_bad_year",
        )
    return year


class Command(GroupCommand):
    help = "The working-day calendar: due dates, holiday arrangements, a year's days."
    subcommands = {
        "due": "Print the due date (ISO, first line) and the explanation.",
        "import": "Enter a year's holiday arrangement from a text file (docs/calendar.md).",
        "show": "List a year's holidays and make-up working days.",
        "seed": "Add years the installed chinese-calendar package knows and the table lacks.",
    }

    def execute(self, *args, **options):
        # Chinese by default (LANGUAGE_CODE); ``--language en`` for English.
        language = options.get("language") or translation.get_language()
        with translation.override(language):
            return super().execute(*args, **options)

    def add_due_arguments(self, parser):
        parser.add_argument("start", help="the start date, YYYY-MM-DD (not counted)")
        parser.add_argument("days", help="the number of days")
        parser.add_argument(
            "--calendar-days",
            action="store_true",
            help="count calendar days (default: working days)",
        )
        parser.add_argument("--language", default="")

    def handle_due(self, *, start: str, days: str, calendar_days: bool, **options) -> None:
        add = add_calendar_days if calendar_days else add_working_days
        result = add(parse_date(start), parse_days(days))
        self.stdout.write(result.due.isoformat())
        for line in result.explanation():
            self.stdout.write(line)

    def add_import_arguments(self, parser):
        parser.add_argument("file", help="the arrangement as a UTF-8 text file")
        parser.add_argument("--language", default="")

    def handle_import(self, *, file: str, **options) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise InvalidInput(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror},
                code="calendar_file_unreadable",
            ) from None
        changes = enter_arrangement(read_arrangement_file(data), actor=get_system_actor())
        if not changes.changed:
            self.stdout.write(
                _("%(year)s: already entered, nothing changed.") % {"year": changes.year}
            )
            return
        self.stdout.write(
            _(
                "%(year)s entered: %(created)s days added, %(updated)s corrected, %(deleted)s removed."
            )
            % vars(changes)
        )

    def add_show_arguments(self, parser):
        parser.add_argument("year")
        parser.add_argument("--language", default="")

    def handle_show(self, *, year: str, **options) -> None:
        overview = year_overview(parse_year(year))
        self.stdout.write(overview.status_line())
        for day in overview.days:
            self.stdout.write(f"{day.date.isoformat()} {day.name} {overview.kind_label(day)}")

    def handle_seed(self, **options) -> None:
        added = seed_calendar(actor=get_system_actor())
        self.stdout.write(_("%(n)s years added from chinese-calendar.") % {"n": added})
