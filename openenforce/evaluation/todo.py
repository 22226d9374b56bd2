"""The evaluator's to-do entries: each file a drawn campaign assigned them, until the
campaign ends (due on its last day)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import User
from openenforce.core.todo import Task
from openenforce.evaluation.models import Assignment


def assignment_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    if not user.is_authenticated or not user.is_active:
        return []
    from openenforce.evaluation.campaigns import my_assignments

    rows = [a for a in my_assignments(user)[:200] if a.sampled.campaign.starts_on <= today]
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=(
                _("Evaluate the case file")
                if a.role == Assignment.Role.FIRST
                else _("Re-check the case file")
            ),
            subject=f"{a.sampled.case.number or a.sampled.case.pk} {a.sampled.case.agency.name}",
            url=reverse("evaluation:my_files"),
            key=f"evaluation:assignment:{a.pk}",
            due=a.sampled.campaign.ends_on,
        )
        for a in rows
    ]


def rectification_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """Rectification notices: "reply by <due>" for the notified agency's head and legal
    staff; "review the reply" for the supervising body's supervisors
    (``evaluation.rectification.tasks``)."""
    from openenforce.evaluation.rectification import tasks

    return tasks(user, today)
