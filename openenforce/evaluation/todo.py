"""The to-do entries of case-file evaluation:

- for an evaluator, each file a campaign assigned them whose score is not submitted, while
  scoring is open (due on the campaign's last day);
- for the supervising body's supervisors, each file whose two scores differ and wait for
  settlement (复核), "confirm the first scores" when a campaign re-checking selected
  files is ready for it, and each graded campaign whose report is not yet published;
- for an evaluated agency's head and legal staff, "object to the first scores (if any)"
  while a first score of their files may be objected to.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import User
from openenforce.core.todo import Task
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import Assignment, Campaign, FileResult, RecheckPolicy


def assignment_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    if not user.is_authenticated or not user.is_active:
        return []
    from openenforce.evaluation.campaigns import my_assignments

    rows = [
        a
        for a in my_assignments(user)[:200]
        if a.sampled.campaign.starts_on <= today
        and a.sampled.campaign.status in Campaign.SCORING_STATES
        and not (getattr(a, "score", None) is not None and a.score.is_submitted)
    ]
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=(
                _("Evaluate the case file")
                if a.role == Assignment.Role.FIRST
                else _("Re-check the case file")
            ),
            subject=f"{a.sampled.case.number or a.sampled.case.pk} {a.sampled.case.agency.name}",
            url=reverse("evaluation:score", args=[a.pk]),
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


def settlement_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """Disputed files of the user's body, for its supervisors (not a file they scored)."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    if not perms.may_manage(user, user.agency_id):
        return []
    results = (
        FileResult.objects.filter(
            sampled__campaign__agency_id=user.agency_id, status=FileResult.Status.DISPUTED
        )
        .exclude(sampled__assignments__evaluator__user=user)
        .select_related("sampled__case__agency", "sampled__campaign")
        .defer(*Campaign.large("sampled__campaign__"))
        .order_by("sampled__campaign_id", "sampled__rank")[:200]
    )
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=_("Settle the re-check of the case file"),
            subject=f"{r.sampled.case.number or r.sampled.case.pk} {r.sampled.case.agency.name}",
            url=reverse("evaluation:settle", args=[r.sampled_id]),
            key=f"evaluation:settle:{r.sampled_id}",
            due=r.sampled.campaign.ends_on,
        )
        for r in results
    ]


def report_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """Graded campaigns of the user's body whose report waits to be published."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    if not perms.may_manage(user, user.agency_id):
        return []
    rows = Campaign.objects.filter(agency_id=user.agency_id, status=Campaign.Status.GRADED).defer(
        *Campaign.large()
    )
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=_("Publish the evaluation report"),
            subject=c.title,
            url=reverse("evaluation:campaign", args=[c.pk]),
            key=f"evaluation:report:{c.pk}",
            due=None,
        )
        for c in rows.order_by("pk")[:50]
    ]


def first_round_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """For the body's supervisors: "Confirm the first scores" once a campaign re-checking
    selected files has every first score in and its objection period over."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    if not perms.may_manage(user, user.agency_id):
        return []
    from openenforce.evaluation.recheck import first_round_state

    rows = Campaign.objects.filter(
        agency_id=user.agency_id,
        recheck_policy=RecheckPolicy.SELECTED,
        status=Campaign.Status.SCORING,
        first_round_closed_at__isnull=True,
    ).defer(*Campaign.large())[:50]
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=_("Confirm the first scores"),
            subject=c.title,
            url=reverse("evaluation:campaign", args=[c.pk]),
            key=f"evaluation:first-round:{c.pk}",
            due=c.ends_on,
        )
        for c in rows
        if first_round_state(c, today)["due"]
    ]


def objection_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """For the evaluated agency's head and legal staff: one entry per campaign while a
    first score of their files may still be objected to (due on the last such day)."""
    from openenforce.evaluation.recheck import (
        first_score,
        may_object,
        objectable_files,
        objection_deadline,
    )

    due: dict[int, tuple[Campaign, datetime.date]] = {}
    for sampled in objectable_files(user).distinct()[:300]:
        score = first_score(sampled)
        if score is None or not may_object(sampled, score, today):
            continue
        deadline = objection_deadline(score, sampled.campaign)
        known = due.get(sampled.campaign_id)
        if known is None or deadline > known[1]:
            due[sampled.campaign_id] = (sampled.campaign, deadline)
    return [
        Task(
            area=gettext("Case-file evaluation"),
            title=_("Object to the first evaluation scores (if any)"),
            subject=campaign.title,
            url=reverse("evaluation:objections"),
            key=f"evaluation:objection:{campaign.pk}",
            due=deadline,
        )
        for campaign, deadline in due.values()
    ]


def evaluation_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    return [
        *assignment_tasks(user, today),
        *settlement_tasks(user, today),
        *report_tasks(user, today),
        *first_round_tasks(user, today),
        *objection_tasks(user, today),
    ]
