"""The daily background task (django-tasks, database backend): raise the deadline
notifications. Enqueue it once a day (``openenforce workbench notify --enqueue`` from cron);
``openenforce db_worker`` runs it. Without a worker, ``openenforce workbench notify`` runs
the same function directly."""

from __future__ import annotations

import datetime

from django_tasks import task

from openenforce.workbench.services import run_daily


@task()
def notify_deadlines_task(day: str | None = None) -> int:
    """Deem unanswered applications accepted, then raise today's (or ``day``'s, ISO date)
    due-soon and overdue notifications."""
    return run_daily(today=datetime.date.fromisoformat(day) if day else None)
