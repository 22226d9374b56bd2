"""Reading inspections: the public draw export, tasks with their results, overdue flags."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.permissions import get_for_user, scope
from openenforce.cases import lifecycles
from openenforce.catalog.models import Officer
from openenforce.inspections import draw as algorithm
from openenforce.inspections.models import Plan, Target, Task
from openenforce.inspections.services import draw_input


def plans_for_user(user) -> QuerySet[Plan]:
    return scope(Plan.objects.select_related("agency"), user)


def get_plan_for_user(user, pk) -> Plan:
    return get_for_user(Plan.objects.select_related("agency"), user, pk=pk)


def targets_for_user(user) -> QuerySet[Target]:
    return scope(Target.objects.all(), user)


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.public().select_related("agency").order_by("-announced_at", "code")


def get_public_plan(agency_code: str, code: str) -> Plan:
    """An announced (or drawn) plan by its agency and code; 404 for drafts."""
    return get_object_or_404(public_plans(), agency__code=agency_code, code=code)


def draw_result(plan: Plan) -> algorithm.DrawResult | None:
    if plan.status != Plan.Status.DRAWN:
        return None
    return algorithm.DrawResult(plan.result_text.encode().splitlines(keepends=True))


def public_export(plan: Plan) -> dict:
    """The public JSON export (``openenforce.draw/1``): everything needed to re-run the
    draw. The seed is in it only once drawn. The lists hold credit codes and officer codes,
    no personal data of natural persons."""
    drawn = plan.status == Plan.Status.DRAWN
    about = {
        "agency": plan.agency.name,
        "agency_code": plan.agency.code,
        "plan_code": plan.code,
        "title": plan.title,
        "frequency": plan.frequency,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "scope": plan.scope,
        "complaints_threshold": plan.complaints_threshold,
        "items": [
            {
                "group": pi.group,
                "agency": pi.item.agency.name,
                "item": pi.item.item,
                "sub_item": pi.item.sub_item,
                "department": pi.item.department.name if pi.item.department else "",
                "inspectors_per_target": pi.quota,
                "lead": pi.lead,
            }
            for pi in plan.plan_items.select_related("item__agency", "item__department")
        ],
        "announced_at": plan.announced_at.isoformat() if plan.announced_at else None,
        "drawn_at": plan.drawn_at.isoformat() if plan.drawn_at else None,
        "stratum_rule": "risk grade; D when on the abnormal-operation list; one grade worse "
        "with at least complaints_threshold complaints",
    }
    return algorithm.export_document(
        draw_input(plan),
        seed=bytes.fromhex(plan.seed) if drawn else None,
        result=draw_result(plan),
        about=about,
    )


def mask_name(target: Target) -> str:
    """The name shown publicly: an individual business may carry its owner's name, so only
    its first character is shown (the credit code identifies it)."""
    if not target.is_natural_person:
        return target.name
    return _("%(first)s** (individual business)") % {"first": target.name[:1]}


@dataclass
class TaskRow:
    task: Task
    status: str
    status_label: str
    due_on: datetime.date | None
    published_on: datetime.date | None
    overdue: bool
    publication_id: int | None
    inspectors: list[str] = field(default_factory=list)  # by name (``inspector_names``)


def inspector_labels(ids) -> dict[str, str]:
    """Name and officer code of each drawn inspector id (the draw stores "agency:code")."""
    pairs = [tuple(str(i).split(":", 1)) for i in ids if ":" in str(i)]
    if not pairs:
        return {}
    wanted = Q()
    for agency_code, code in pairs:
        wanted |= Q(agency__code=agency_code, code=code)
    rows = Officer.objects.filter(wanted).values_list("agency__code", "code", "name")
    return {f"{a}:{c}": f"{name}（{c}）" for a, c, name in rows}


def inspector_names(ids: list[str]) -> list[str]:
    """The drawn inspectors by name, in draw order (an unknown id as stored)."""
    labels = inspector_labels(ids)
    return [labels.get(str(i), str(i)) for i in ids]


def task_rows(plan: Plan, today: datetime.date | None = None) -> list[TaskRow]:
    """Each task with where its inspection stands and whether its result is public: results
    are due on the portal within 20 working days (国发〔2019〕5号); the due date is the
    publication's (drafted by the disclosure app when the result is recorded)."""
    today = today or timezone.localdate()
    tasks = plan.tasks.select_related("target", "case").prefetch_related("case__publications")
    rows = [task_row(task, today) for task in tasks.order_by("rank")]
    labels = inspector_labels({i for row in rows for i in row.task.inspectors})
    for row in rows:
        row.inspectors = [labels.get(str(i), str(i)) for i in row.task.inspectors]
    return rows


def task_row(task: Task, today: datetime.date) -> TaskRow:
    """Where one task stands (see ``task_rows``)."""
    case = task.case
    publications = [
        p for p in (case.publications.all() if case else []) if p.status not in ("withdrawn",)
    ]
    publication = publications[0] if publications else None
    due = publication.due_on if publication else None
    published = (
        timezone.localdate(publication.published_at)
        if publication and publication.published_at
        else None
    )
    if case is None:
        status, label = "none", _("No case")
    elif published:
        status, label = "published", _("Result published")
    elif case.decided_on:
        status, label = "concluded", _("Result recorded; to be published")
    elif case.state == "task":
        status, label = "to_inspect", _("To be inspected")
    else:
        status, label = "inspecting", str(lifecycles.get(case.procedure).state(case.state).label)
    overdue = bool(due and not published and today > due)
    return TaskRow(
        task=task,
        status=status,
        status_label=label,
        due_on=due,
        published_on=published,
        overdue=overdue,
        publication_id=publication.pk if publication and published else None,
    )


def overdue_tasks(
    agency_id: int | None = None, today: datetime.date | None = None
) -> list[TaskRow]:
    """Tasks whose result is past its publication date and still not public."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(status=Plan.Status.DRAWN)
    if agency_id is not None:
        plans = plans.filter(agency_id=agency_id)
    return [row for plan in plans for row in task_rows(plan, today) if row.overdue]
