"""``openenforce alerts evaluate [--date YYYY-MM-DD]``: evaluate every warning rule for the
day (today by default): raise the warnings whose condition holds, resolve those whose
condition ended. Idempotent; the daily job (``openenforce workbench notify``) runs it too."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from openenforce.alerts.services import evaluate


class Command(BaseCommand):
    help = _("Warnings: evaluate (raise and resolve the warnings for a day).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["evaluate"])
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, task: str, date: datetime.date | None, **options):
        result = evaluate(today=date)
        self.stdout.write(
            _("%(raised)d warnings raised, %(resolved)d resolved.")
            % {"raised": len(result.raised), "resolved": len(result.resolved)}
        )
