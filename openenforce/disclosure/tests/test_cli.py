"""``openenforce disclosure publish-due | expire | flags``."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from openenforce.disclosure import services
from openenforce.disclosure.models import Publication
from openenforce.testing.record import tamper


def run(*args) -> str:
    out = StringIO()
    call_command("disclosure", *args, stdout=out)
    return out.getvalue()


@pytest.mark.tampers
@pytest.mark.django_db
def test_publish_due_publishes_scheduled_items(decided, publisher):
    pub = decided().publications.get()
    soon = timezone.now() + datetime.timedelta(seconds=1)
    services.approve_publication(pub, actor=publisher, secrecy_checked=True, publish_at=soon)
    tamper(Publication.objects.filter(pk=pub.pk), publish_at=timezone.now())
    assert f"published\t{pub.pk}" in run("publish-due")
    pub.refresh_from_db()
    assert pub.status == Publication.Status.PUBLISHED


@pytest.mark.tampers
@pytest.mark.django_db
def test_expire_counts_items_taken_off(decided, publisher):
    pub = services.approve_publication(
        decided().publications.get(), actor=publisher, secrecy_checked=True
    )
    tamper(Publication.objects.filter(pk=pub.pk), retention_until=datetime.date(2020, 1, 1))
    assert run("expire").strip() == "1"
    assert run("expire").strip() == "0"


@pytest.mark.tampers
@pytest.mark.django_db
def test_flags_lists_overdue_drafts(decided):
    pub = decided().publications.get()
    tamper(Publication.objects.filter(pk=pub.pk), due_on=datetime.date(2020, 1, 1))
    assert f"2020-01-01\toverdue\tcnna-sa\t{pub.pk}" in run("flags")


@pytest.mark.django_db
def test_enqueue_queues_the_task_for_the_worker():
    from django_tasks_db.models import DBTaskResult

    run("publish-due", "--enqueue")
    run("expire", "--enqueue")
    names = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert names == {
        "openenforce.disclosure.tasks.publish_due_task",
        "openenforce.disclosure.tasks.expire_task",
    }


@pytest.mark.django_db
def test_the_tasks_run_the_services(decided, publisher):
    from openenforce.disclosure.tasks import expire_task, publish_due_task

    assert publish_due_task.call() == 0
    assert expire_task.call() == 0
