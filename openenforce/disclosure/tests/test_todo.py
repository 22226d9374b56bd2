"""The publicity officer's to-do list: drafts to approve by their statutory date."""

import pytest
from django.utils import timezone

from openenforce.core import todo
from openenforce.disclosure.models import Publication
from openenforce.testing.cases import WRITTEN

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def test_a_decision_waits_for_the_publisher_until_approved(decided, publisher, head):
    decided()
    item = Publication.objects.get()
    (task,) = todo.tasks_for(publisher, timezone.localdate())
    assert (task.title, task.subject, task.due) == (
        "核对隐去内容并批准公开",
        item.title,
        item.due_on,
    )
    assert task.url == f"/disclosure/{item.pk}/"
    # Heads may publish too, but the list waits for the publicity officer.
    assert all(t.area != "执法公示" for t in todo.tasks_for(head, timezone.localdate()))
