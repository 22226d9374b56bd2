"""Background tasks of the publication workflow (django-tasks, database backend):
publish the scheduled items whose time has come, and take items past retention off the
portal. Enqueue them from cron (``openenforce disclosure publish-due --enqueue`` every few
minutes, ``openenforce disclosure expire --enqueue`` daily); ``openenforce db_worker``
runs them. Without a worker, the same verbs without ``--enqueue`` run them directly."""

from __future__ import annotations

from django_tasks import task

from openenforce.accounts.services import get_system_actor
from openenforce.disclosure import services


@task()
def publish_due_task() -> int:
    """Publish the scheduled items due now; returns how many."""
    return len(services.publish_due(actor=get_system_actor()))


@task()
def expire_task() -> int:
    """Mark the items past their retention period expired; returns how many."""
    return services.expire_publications(actor=get_system_actor())
