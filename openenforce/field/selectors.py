"""What the field app shows: today's tasks of an officer, a task with its checklist and
recording list, the officer's certificate, the conflicts waiting for them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from openenforce.accounts.models import User
from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.catalog.models import Certificate, Officer, RecordingRequirement
from openenforce.core.errors import NotFound
from openenforce.inspections.models import Task
from openenforce.onsite.models import Submission
from openenforce.onsite.services import penalty_matters


def officer_of(user: User) -> Officer | None:
    return Officer.objects.filter(user=user).first()


def todays_tasks(user: User, day: datetime.date | None = None) -> QuerySet[Task]:
    """Inspection tasks of ``user`` whose plan runs on ``day`` and whose case is open."""
    day = day or timezone.localdate()
    return (
        Task.objects.filter(
            officers__user=user,
            agency_id=user.agency_id or 0,
            plan__period_start__lte=day,
            plan__period_end__gte=day,
            case__isnull=False,
        )
        .exclude(case__state__in=("closed", "archived"))
        .select_related("target", "plan", "case")
        .order_by("plan__period_end", "rank")
        .distinct()
    )


def my_case_steps(user: User) -> QuerySet[Case]:
    """Open cases other than inspection tasks that ``user`` handles: the steps waiting."""
    return (
        Case.objects.filter(
            agency_id=user.agency_id or 0,
            handlers__officer__user=user,
            handlers__released_on__isnull=True,
            handlers__recused=False,
        )
        .exclude(state__in=("closed", "archived"))
        .exclude(procedure="inspection")
        .order_by("-id")
        .distinct()[:20]
    )


def state_label(case: Case | None) -> str:
    if case is None:
        return ""
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None or not lifecycle.has_state(case.state):
        return case.state
    return str(lifecycle.state(case.state).label)


def get_task_for_user(user: User, pk) -> Task:
    task = (
        Task.objects.filter(pk=pk, officers__user=user, agency_id=user.agency_id or 0)
        .select_related("target", "plan", "case", "case__matter")
        .first()
    )
    if task is None or task.case is None:
        raise NotFound("Not found.", code="not_found")
    return task


@dataclass
class TaskSheet:
    """A task as the field app needs it offline."""

    task: Task
    checklist: list[dict[str, str]]
    recording: list[str]
    witnesses: list[dict[str, Any]]
    matters: list[dict[str, Any]] = field(default_factory=list)


def task_sheet(task: Task, user: User) -> TaskSheet:
    """The checklist (the plan's inspection items: item, sub-item, basis, method), what
    must be recorded on site (the recording list for the matter and the general ones) and
    the officers who may witness a refusal to sign (the task's other inspectors)."""
    checklist = [
        {
            "item": pi.item.item + (f"（{pi.item.sub_item}）" if pi.item.sub_item else ""),
            "basis": pi.item.basis,
            "method": str(pi.item.get_method_display()),
        }
        for pi in task.plan.plan_items.select_related("item").order_by("-lead", "id")
    ]
    assert task.case is not None  # get_task_for_user returns tasks with their case
    matter = task.case.matter_id
    recording = [
        f"{r.get_step_display()}：{r.content}"
        for r in RecordingRequirement.objects.filter(
            Q(matter_id=matter) | Q(matter__isnull=True),
            agency_id=task.agency_id,
            status=RecordingRequirement.Status.ACTIVE,
            step__in=(
                RecordingRequirement.Step.ON_SITE_INSPECTION,
                RecordingRequirement.Step.EVIDENCE,
            ),
        )
    ]
    witnesses = [
        {"id": o.user_id, "name": o.name}
        for o in task.officers.filter(user__isnull=False).exclude(user=user).order_by("code")
    ]
    matters = [{"id": m.pk, "name": f"{m.code} {m.name}"} for m in penalty_matters(task.agency_id)]
    return TaskSheet(task, checklist, recording, witnesses, matters)


@dataclass
class Shown:
    """The certificate to show (亮证), and whether it may be shown as valid today."""

    officer: Officer | None
    certificate: Certificate | None
    status: str
    valid: bool


def certificate_to_show(user: User, day: datetime.date | None = None) -> Shown:
    """The officer's certificate valid today, else the latest one (shown as not valid:
    a suspended, revoked or expired certificate is never shown as valid)."""
    day = day or timezone.localdate()
    officer = officer_of(user)
    if officer is None:
        return Shown(None, None, "", False)
    valid = Certificate.objects.valid_on(day).filter(officer=officer).order_by("-valid_to").first()
    certificate = valid or officer.certificates.order_by("-valid_to", "-id").first()
    if certificate is None:
        return Shown(officer, None, "", False)
    status = certificate.status_on(day)
    ok = status == Certificate.Status.VALID and officer.may_enforce
    return Shown(officer, certificate, status, ok)


def conflicts(user: User) -> QuerySet[Submission]:
    return Submission.objects.filter(owner=user, status=Submission.Status.CONFLICT).select_related(
        "case"
    )


def recent(user: User) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(owner=user)
        .select_related("case", "document", "result_case", "signature")
        .order_by("-received_at", "-id")[:20]
    )


def get_conflict_for_user(user: User, pk) -> Submission:
    submission = Submission.objects.filter(pk=pk, owner=user).first()
    if submission is None:
        raise NotFound("Not found.", code="not_found")
    return submission
