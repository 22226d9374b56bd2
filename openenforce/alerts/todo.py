"""The warnings' part of the to-do list (``core.todo``): each open warning waits for the
people who should act on it. Heads see every open warning of their agency; a case's
warning waits for its active handlers, a publication's for the publicity officers, an
officer's for that officer and the administrators, an overdue rectification
notice's for the legal staff (role reviewer). An acknowledged warning leaves the
list (someone said how it is being dealt with); its resolution closes it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.alerts import rules
from openenforce.alerts.models import Warning
from openenforce.cases.models import CaseHandler
from openenforce.core.todo import Task


def _mine(user: User) -> Q | None:
    """Which open warnings of the user's agency wait for them (None: all of them)."""
    if user.has_role(Role.HEAD):
        return None
    cases = (
        CaseHandler.objects.active().filter(officer__user=user).values_list("case_id", flat=True)
    )
    mine = Q(subject_kind=rules.CASE, subject_id__in=[str(pk) for pk in cases])
    if user.has_role(Role.PUBLISHER):
        mine |= Q(subject_kind=rules.PUBLICATION)
    if user.has_role(Role.ADMIN):
        mine |= Q(subject_kind=rules.OFFICER)
    if user.has_role(Role.REVIEWER):  # legal staff answer rectification notices
        mine |= Q(subject_kind=rules.RECTIFICATION)
    officer = getattr(user, "officer", None)
    if officer is not None:
        mine |= Q(subject_kind=rules.OFFICER, subject_id=str(officer.pk))
    return mine


def task(warning: Warning) -> Task:
    return Task(
        area=_("Warnings"),
        title=warning.rule.label,
        subject=warning.subject_label,
        url=reverse("alerts:detail", args=[warning.pk]),
        key=f"warning:{warning.pk}",
        note=warning.text,
    )


def warning_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    ids = writable_agency_ids(user)
    if ids == set():
        return []
    rows = Warning.objects.filter(status=Warning.Status.OPEN).select_related("rule")
    if ids is not None:
        rows = rows.filter(agency_id__in=ids)
    mine = _mine(user)
    if mine is not None:
        rows = rows.filter(mine)
    return [task(w) for w in rows.order_by("raised_on", "id")[:200]]
