"""The cases' part of the to-do list (``core.todo``): the next step of each case that
waits for the user.

What a state waits for is declared in ``lifecycles.awaits``: of those actions, the ones
whose gates are open now; when none is, the first, with the reasons it is blocked. Such an
action waits for the case's active handlers when officers may take it (or for any officer
of the agency while nobody handles the case), else for the holders of its roles in the
case's agency (a head approving, a reviewer reviewing). An extension's assignee check
(``registry.register_assignee``) narrows it further: only the reviewer the round was given
to records its opinion.

The database is asked only for the cases in states where the user's roles have something
awaited, with their handlers and open time limits prefetched.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.cases import lifecycles, registry
from openenforce.cases.gates import check_gates
from openenforce.cases.lifecycles.awaits import AWAITS, awaited
from openenforce.cases.lifecycles.base import Action
from openenforce.cases.models import Case, CaseHandler, Deadline
from openenforce.core import todo
from openenforce.core.todo import Task


def awaited_actions(case: Case) -> list[Action]:
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None:
        return []
    return [a for code in awaited(case.procedure, case.state) if (a := lifecycle.action(code))]


def for_handlers(action: Action) -> bool:
    """An action officers may take waits for the case's handlers; a head who may also
    take it (closing a case) is allowed to, not awaited."""
    return Role.OFFICER.value in action.roles


def awaits_user(action: Action, roles: set[str]) -> str:
    """How ``action`` waits for a holder of ``roles``: "handler", "office" or ""."""
    if for_handlers(action):
        return "handler" if Role.OFFICER.value in roles else ""
    return "office" if set(action.roles) & roles else ""


def _states(roles: set[str]) -> tuple[Q, Q]:
    """(states where the user acts by office, states where they act only as a handler)."""
    office, handler = Q(pk__in=[]), Q(pk__in=[])
    for procedure, states in AWAITS.items():
        lifecycle = lifecycles.get(procedure)
        for state, codes in states.items():
            actions = [lifecycle.action(code) for code in codes] if lifecycle else []
            ways = {awaits_user(a, roles) for a in actions if a is not None}
            if "office" in ways:
                office |= Q(procedure=procedure, state=state)
            elif "handler" in ways:
                handler |= Q(procedure=procedure, state=state)
    return office, handler


def waiting_cases(user: User) -> QuerySet[Case]:
    """The cases of the user's agency in a state where the user's roles are awaited."""
    roles = user.role_codes()
    ids = writable_agency_ids(user)
    if not roles or ids == set():
        return Case.objects.none()
    office, handler = _states(roles)
    active = CaseHandler.objects.active().filter(case=OuterRef("pk"))
    mine = Exists(active.filter(officer__user=user)) | ~Exists(active)
    cases = Case.objects.filter(office | (handler & mine))
    if ids is not None:
        cases = cases.filter(agency_id__in=ids)
    handlers = CaseHandler.objects.active().select_related("officer")
    open_deadlines = Deadline.objects.open().order_by("due", "id")
    return (
        cases.select_related("matter__field", "agency")
        .prefetch_related(
            Prefetch("handlers", queryset=handlers, to_attr="active_handlers"),
            Prefetch("deadlines", queryset=open_deadlines, to_attr="open_deadlines"),
        )
        .order_by("id")
    )


def _handles(user: User, case: Case) -> bool:
    handlers = getattr(case, "active_handlers", None)
    if handlers is None:
        handlers = list(case.handlers.active().select_related("officer"))
    return not handlers or any(h.officer.user_id == user.pk for h in handlers)


def _may_take(user: User, case: Case, action: Action) -> bool:
    way = awaits_user(action, user.role_codes())
    if not way or (way == "handler" and not _handles(user, case)):
        return False
    check = registry.assignee(action.code)
    return check is None or bool(check(user, case))


def next_steps(
    case: Case, today: datetime.date, *, explain: bool = True
) -> list[tuple[Action, list[str]]]:
    """What ``case`` waits for now: the awaited actions whose gates are open (no reasons),
    or, when none is, the first with the reasons it is blocked. Without ``explain`` (the
    to-do list, for every waiting case at once) a state awaiting one action returns it
    without evaluating its gates: there is nothing to choose, and the case page says what
    blocks it."""
    actions = awaited_actions(case)
    if not explain and len(actions) == 1:
        return [(actions[0], [])]
    shut = {a.code: check_gates(case, a, None, today) for a in actions}
    ready: list[tuple[Action, list[str]]] = [(a, []) for a in actions if not shut[a.code]]
    if ready or not actions:
        return ready
    first = actions[0]
    return [(first, [reason for _name, result in shut[first.code] for reason in result.reasons])]


def steps_for(user: User, case: Case, today: datetime.date) -> list[tuple[Action, list[str]]]:
    """The next steps of ``case`` that wait for ``user`` (for the to-do list)."""
    steps = next_steps(case, today, explain=False)
    return [(a, why) for a, why in steps if _may_take(user, case, a)]


def awaited_users(case: Case, action: Action) -> list[User]:
    """The people ``action`` of ``case`` waits for: its active handlers' users when
    officers take it, else the active holders of its roles in the case's agency; narrowed
    by the action's assignee check."""
    if for_handlers(action):
        handlers = CaseHandler.objects.active().filter(case=case, officer__user__isnull=False)
        users = User.objects.filter(pk__in=handlers.values("officer__user"), is_active=True)
    else:
        users = User.objects.filter(
            agency_id=case.agency_id, is_active=True, role_assignments__role__in=action.roles
        ).distinct()
    check = registry.assignee(action.code)
    return [user for user in users.order_by("pk") if check is None or check(user, case)]


def awaiting(case: Case, today: datetime.date) -> dict[tuple[str, int], list[str]]:
    """Who ``case`` waits for now: (action code, user id) → the reasons it is blocked."""
    return {
        (action.code, user.pk): why
        for action, why in next_steps(case, today)
        for user in awaited_users(case, action)
    }


def announce(
    case: Case, before: dict[tuple[str, int], list[str]], *, actor: User, today: datetime.date
) -> None:
    """After an action on ``case``: tell each person a next step newly waits for
    (``before`` is ``awaiting`` from before the action)."""
    new: dict[str, list[int]] = {}
    blocked: dict[str, list[str]] = {}
    for (code, user_id), why in awaiting(case, today).items():
        if (code, user_id) not in before:
            new.setdefault(code, []).append(user_id)
            blocked[code] = why
    if not new:
        return
    first = case.deadlines.open().order_by("due", "id").first()
    lifecycle = lifecycles.get(case.procedure)
    for code, user_ids in sorted(new.items()):
        action = lifecycle.action(code) if lifecycle else None
        if action is not None:
            task = _task(case, action, blocked[code], first)
            todo.hand_off(task, User.objects.filter(pk__in=user_ids), actor=actor)


def _task(case: Case, action: Action, blocked: list[str], first: Deadline | None) -> Task:
    note = _("Blocked: %s") % " ".join(blocked) if blocked else ""
    return Task(
        area=_("Cases"),
        title=action.label,
        subject=subject(case),
        url=reverse("workbench:case", args=[case.pk]),
        key=f"case:{case.pk}:{action.code}",
        due=first.due if first else None,
        note=note or (first.label if first else ""),
    )


def subject(case: Case) -> str:
    return f"{case.number} {case.title}" if case.number else case.title


def case_tasks(user: User, today: datetime.date) -> Iterable[Task]:
    """``core.todo`` source: a task per next step of each case waiting for the user, due
    by the case's earliest open time limit."""
    for case in waiting_cases(user):
        deadlines = getattr(case, "open_deadlines", [])
        first = deadlines[0] if deadlines else None
        for action, blocked in steps_for(user, case, today):
            yield _task(case, action, blocked, first)
