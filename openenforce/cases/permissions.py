"""Who may see a case and who may take which action on it.

Reading follows the agency scope (supervisors read the agencies they supervise).
Acting needs a role the action names, in the case's own agency; an officer acts only
on cases they handle (or, before anyone is assigned, on any case of their agency).
"""

from __future__ import annotations

from django.db.models import QuerySet

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import get_for_user, scope, writable_agency_ids
from openenforce.cases.lifecycles.base import Action
from openenforce.cases.models import Case
from openenforce.catalog.models import Matter


def cases_for_user(user: User) -> QuerySet[Case]:
    """The cases the user may read."""
    return scope(Case.objects.all(), user)


def get_case_for_user(user: User, pk) -> Case:
    """One readable case, else 404 (missing or another agency's)."""
    queryset = Case.objects.select_related("agency", "matter", "matter__field", "department")
    return get_for_user(queryset, user, pk=pk)


def can_open_cases(user: User) -> bool:
    """Whether the user may open a case at all: an enforcement officer or head whose
    agency has an active matter (``cases.opening`` refuses everyone else)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.has_role(Role.OFFICER, Role.HEAD):
        return False
    ids = writable_agency_ids(user)
    matters = Matter.objects.filter(status=Matter.Status.ACTIVE)
    return (matters if ids is None else matters.filter(agency_id__in=ids)).exists()


def may_write(user: User, case: Case) -> bool:
    ids = writable_agency_ids(user)
    return ids is None or case.agency_id in ids


def handles(user: User, case: Case) -> bool:
    """An active handler (through the user's officer entry), or nobody handles it yet."""
    active = case.handlers.active()
    return active.filter(officer__user=user).exists() or not active.exists()


def can_act(user: User, case: Case, action: Action, *, handler: bool | None = None) -> bool:
    """Whether ``user`` holds a role ``action`` names, for this case. ``handler`` may be
    passed precomputed (``handles``) when several actions are checked."""
    if not user.is_active or not may_write(user, case):
        return False
    roles = set(action.roles) & user.role_codes()
    if not roles:
        return False
    if roles != {Role.OFFICER.value}:
        return True  # a head or reviewer acts by office, not as a handler
    return handles(user, case) if handler is None else handler
