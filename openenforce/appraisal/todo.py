"""The to-do entries of the yearly appraisal, for the supervising body's supervisors:

- "发布年度评议考核方案": a draft scheme of the current year (publish it, or discard it);
- "确认评议考核结果": each draft scorecard of a published scheme of **last year**, from
  January on (the year's record is complete: compute again, then confirm), and of the
  **current year in December** (the appraisal is usually run at the year's end). The
  rule: scheme year = this year − 1, or scheme year = this year when the month is 12.

No entry for the appraised agency: a confirmed scorecard is read from the menu (评议考核),
which appears once one is confirmed; nothing records who opened it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import User
from openenforce.appraisal import permissions as perms
from openenforce.appraisal.models import Scheme, Scorecard
from openenforce.core.todo import Task

LIMIT = 200


def confirm_years(today: datetime.date) -> list[int]:
    """The years whose draft scorecards wait for confirmation on ``today``."""
    return [today.year - 1, today.year] if today.month == 12 else [today.year - 1]


def appraisal_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    if not perms.may_manage(user, user.agency_id):
        return []
    area = gettext("Yearly appraisal")
    tasks = [
        Task(
            area=area,
            title=_("Publish the yearly appraisal scheme"),
            subject=s.title,
            url=reverse("appraisal:scheme", args=[s.pk]),
            key=f"appraisal:publish:{s.pk}",
        )
        for s in Scheme.objects.filter(
            agency_id=user.agency_id, year=today.year, status=Scheme.Status.DRAFT
        )
    ]
    cards = (
        Scorecard.objects.filter(
            scheme__agency_id=user.agency_id,
            scheme__status=Scheme.Status.PUBLISHED,
            scheme__year__in=confirm_years(today),
            status=Scorecard.Status.DRAFT,
        )
        .select_related("scheme", "agency")
        .order_by("scheme__year", "agency__name")[:LIMIT]
    )
    tasks += [
        Task(
            area=area,
            title=_("Confirm the appraisal result"),
            subject=f"{c.scheme.year} {c.agency.name}",
            url=reverse("appraisal:scorecard", args=[c.pk]),
            key=f"appraisal:confirm:{c.pk}",
        )
        for c in cards
    ]
    return tasks
