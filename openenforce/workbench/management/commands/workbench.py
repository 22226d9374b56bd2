"""``openenforce workbench notify``: raise today's deadline notifications (running it twice
in a day raises nothing new). With ``--enqueue`` it hands the job to the background task
queue instead (django-tasks, database backend; ``openenforce db_worker`` runs it): run
either once a day from cron or a systemd timer."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from openenforce.workbench.services import run_daily
from openenforce.workbench.tasks import notify_deadlines_task


class Command(BaseCommand):
    help = _("Workbench tasks: notify (raise today's due-soon and overdue notifications).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["notify"])
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--enqueue", action="store_true", help=_("Queue it for the worker."))

    def handle(self, *args, task: str, date: datetime.date | None, enqueue: bool, **options):
        if enqueue:
            result = notify_deadlines_task.enqueue(date.isoformat() if date else None)
            self.stdout.write(_("Queued as task %(id)s.") % {"id": result.id})
            return
        raised = run_daily(today=date)
        self.stdout.write(_("%(count)d notifications raised.") % {"count": raised})
