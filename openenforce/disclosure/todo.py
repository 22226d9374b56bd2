"""The publication's part of the to-do list (``core.todo``), for publicity officers:
drafts to check and approve before their statutory date, published items whose decision
changed and must be withdrawn, and the public's correction requests. Heads may do the
same, but the list waits for the publicity officers (it is their office)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.core import todo
from openenforce.core.todo import Task
from openenforce.disclosure import rules
from openenforce.disclosure.models import Correction, Publication


def approval_task(item: Publication) -> Task:
    return Task(
        area=_("Publication"),
        title=gettext_lazy("Check the masking and approve publication"),
        subject=item.title,
        url=reverse("disclosure:detail", args=[item.pk]),
        key=f"publication:{item.pk}:approve",
        due=item.due_on,
        # The rule in the reader's language (``due_rule`` is stored in Chinese).
        note=str(rules.period(rules.KIND_PERIOD.get(item.kind, "publish_other")).label),
    )


def hand_off_draft(item: Publication, *, actor: User) -> None:
    """A new draft waits for the agency's publicity officers: tell them."""
    publishers = User.objects.filter(
        agency_id=item.agency_id, is_active=True, role_assignments__role=Role.PUBLISHER.value
    ).distinct()
    todo.hand_off(approval_task(item), publishers, actor=actor)


def publication_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    ids = writable_agency_ids(user)
    if not user.has_role(Role.PUBLISHER.value) or ids == set():
        return []
    items = (
        Publication.objects.all() if ids is None else Publication.objects.filter(agency_id__in=ids)
    )
    area = _("Publication")
    drafts = items.filter(status=Publication.Status.DRAFT).order_by("due_on", "id")
    tasks = [approval_task(item) for item in drafts]
    tasks += [
        Task(
            area=area,
            title=gettext_lazy("Withdraw the published item"),
            subject=item.title,
            url=reverse("disclosure:detail", args=[item.pk]),
            key=f"publication:{item.pk}:withdraw",
            due=item.withdrawal_due,
            note=item.get_withdrawal_ground_display(),
        )
        for item in items.withdrawal_pending().order_by("withdrawal_due", "id")
    ]
    corrections = Correction.objects.filter(
        publication__in=items, status=Correction.Status.PENDING
    ).select_related("publication")
    tasks += [
        Task(
            area=area,
            title=gettext_lazy("Answer the correction request"),
            subject=correction.publication.title,
            url=reverse("disclosure:detail", args=[correction.publication_id]),
            key=f"correction:{correction.pk}",
        )
        for correction in corrections.order_by("id")
    ]
    return tasks
