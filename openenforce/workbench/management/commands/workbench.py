"""``openenforce workbench notify``: raise today's deadline notifications (run daily,
e.g. from cron; running it twice in a day raises nothing new)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from openenforce.workbench.services import notify_deadlines


class Command(BaseCommand):
    help = _("Workbench tasks: notify (raise today's due-soon and overdue notifications).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["notify"])
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, task: str, date: datetime.date | None, **options) -> None:
        raised = notify_deadlines(today=date)
        self.stdout.write(_("%(count)d notifications raised.") % {"count": raised})
