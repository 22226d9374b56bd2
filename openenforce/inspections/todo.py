"""The to-do entries of a draw's seed (docs/draws.md §1), from the plans' state:

- a supervising justice bureau's supervisors: "提交抽查随机数承诺值" for each draft plan of
  an agency it supervises without its commitment; "揭示抽查随机数" once such a plan's
  announcement is witnessed and the bureau's value is not yet revealed;
- the agency's heads: "执行抽取" once the draw may run (witnessed, the delay passed, every
  value revealed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.core import todo
from openenforce.core.todo import Task
from openenforce.inspections import seeding
from openenforce.inspections.models import Plan

LIMIT = 100


def _plans(status: str, agency_ids) -> Iterable[Plan]:
    plans = Plan.objects.filter(status=status).select_related("agency")
    if agency_ids is not None:
        plans = plans.filter(agency_id__in=agency_ids)
    return plans.defer(*Plan.large()).order_by("pk")[:LIMIT]


def seed_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    area = gettext("Random inspections")
    tasks: list[Task] = []
    if user.has_role(Role.SUPERVISOR):
        supervised = (visible_agency_ids(user) or set()) - {user.agency_id}
        bureau = user.agency
        assert bureau is not None  # agency_id is set (above)
        code = bureau.code
        for plan in _plans(Plan.Status.DRAFT, supervised):
            if code not in plan.seed_shares and (
                seeding.independent_parties(plan).filter(pk=bureau.pk).exists()
            ):
                tasks.append(_task(area, _("Commit to a value for the draw"), plan, "commit"))
        for plan in _plans(Plan.Status.ANNOUNCED, supervised):
            share = plan.seed_shares.get(code)
            if share and not share.get("reveal") and seeding.witnessed(plan) is not None:
                tasks.append(_task(area, _("Reveal the value for the draw"), plan, "reveal"))
    if user.has_role(Role.HEAD):
        for plan in _plans(Plan.Status.ANNOUNCED, {user.agency_id}):
            if seeding.gate(plan).open:
                tasks.append(_task(area, _("Draw the plan's targets and inspectors"), plan, "draw"))
    return tasks


def _task(area: str | None, title, plan: Plan, step: str) -> Task:
    return Task(
        area=area or gettext("Random inspections"),
        title=title,
        subject=f"{plan.agency.short_name or plan.agency.name} · {plan.title}",
        url=reverse("inspections:plan", args=[plan.pk]) + "#seed",
        key=f"inspections:{step}:{plan.pk}",
    )


# -- hand-offs (called by the services, in their transactions) ------------------------------


def _supervisors(plan: Plan):
    return User.objects.filter(
        agency__in=seeding.independent_parties(plan),
        is_active=True,
        role_assignments__role=Role.SUPERVISOR,
    ).distinct()


def _heads(plan: Plan):
    return User.objects.filter(
        agency_id=plan.agency_id, is_active=True, role_assignments__role=Role.HEAD
    ).distinct()


def hand_off_commit(plan: Plan, actor) -> None:
    todo.hand_off(
        _task(None, _("Commit to a value for the draw"), plan, "commit"),
        _supervisors(plan),
        actor=actor,
    )


def hand_off_reveal(plan: Plan, actor) -> None:
    todo.hand_off(
        _task(None, _("Reveal the value for the draw"), plan, "reveal"),
        _supervisors(plan),
        actor=actor,
    )


def hand_off_draw(plan: Plan, actor) -> None:
    todo.hand_off(
        _task(None, _("Draw the plan's targets and inspectors"), plan, "draw"),
        _heads(plan),
        actor=actor,
    )
