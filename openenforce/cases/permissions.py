"""Who may see a case and who may take which action on it.

Reading follows the agency scope (supervisors read the agencies they supervise).
Acting needs a role the action names, in the case's own agency; an officer acts only
on cases they handle (or, before anyone is assigned, on any case of their agency).

``may_work_on`` / ``check_may_work_on`` is the one rule for everything that changes or
adds to a case outside its lifecycle actions (evidence, recordings and waivers, issued
documents, service records, review submissions): every such service checks it, so pages,
the API and the command line refuse alike.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import (
    get_for_user,
    scope,
    visible_agency_ids,
    writable_agency_ids,
)
from openenforce.cases import registry
from openenforce.cases.articles import cite
from openenforce.cases.lifecycles.base import Action
from openenforce.cases.models import Case
from openenforce.catalog.models import Matter
from openenforce.core.errors import NotFound, NotPermitted

# Investigation and enforcement are done by at least two certified officers of the agency
# (行政处罚法 Art 42; 行政强制法 Art 17): the case's assigned handlers.
ART_42 = "行政处罚法 Art 42"

M = TypeVar("M", bound=Model)


def cases_for_user(user: User) -> QuerySet[Case]:
    """The cases the user may read."""
    return scope(Case.objects.all(), user)


def get_case_for_user(user: User, pk) -> Case:
    """One readable case, else 404 (missing or another agency's)."""
    queryset = Case.objects.select_related("agency", "matter", "matter__field", "department")
    return get_for_user(queryset, user, pk=pk)


# Where a request's user keeps the readers' answers: a reader check records the opening,
# and one request asks about one case several times (the page, its panels, the service).
_GRANTS = "_openenforce_read_grants"


def _granted(user: User, case: Case) -> bool:
    """Whether a registered reader lets ``user`` read ``case`` (an evaluator's assigned
    file), asked once per user object, i.e. once per request: the reader records the
    opening, so it must not be asked twice."""
    if not user.is_authenticated or not user.is_active:
        return False
    grants = getattr(user, _GRANTS, None)
    if grants is None:
        grants = {}
        setattr(user, _GRANTS, grants)
    if case.pk not in grants:
        grants[case.pk] = any(check(user, case) for check in registry.readers())
    return grants[case.pk]


def may_read_case(user: User, case: Case) -> bool:
    """Whether ``user`` may read ``case``: in their agencies' scope, or granted to them
    alone by a registered reader (read only; acting still needs ``may_write``)."""
    ids = visible_agency_ids(user)
    if ids is None or case.agency_id in ids:
        return True
    return _granted(user, case)


def get_case_for_reader(user: User, pk) -> Case:
    """A case the user may read, else 404: in their scope, or granted to them alone by a
    registered reader (``registry.register_reader``: an evaluator's assigned file). Used
    by the read-only pages of a case (its page, record, file, evidence, recordings and
    documents); acting still needs ``may_write``."""
    try:
        return get_case_for_user(user, pk)
    except Http404:
        if not user.is_authenticated or not user.is_active:
            raise
        queryset = Case.objects.select_related("agency", "matter", "matter__field", "department")
        case = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
        if case is not None and _granted(user, case):
            return case
        raise


def get_for_reader(queryset: QuerySet[M], user: User, *, case: str = "case", **lookup) -> M:
    """One object belonging to a case (through the field ``case``) that the user may
    read, else 404: in their agencies' scope (``get_for_user``), or of a case a
    registered reader grants them (read only: callers offer no change)."""
    try:
        return get_for_user(queryset, user, **lookup)
    except Http404:
        if not user.is_authenticated or not user.is_active:
            raise
        try:
            found = queryset.get(**lookup)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
        owner = getattr(found, case, None)
        if owner is None or not _granted(user, owner):
            raise
        return found


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


def may_work_on(user: User, case: Case, *, review: bool = False) -> bool:
    """Whether ``user`` may change or add to ``case`` (its evidence, recordings, documents,
    service records): the case's own agency, and

    - an enforcement officer who is an active handler of the case (行政处罚法 Art 42: the
      investigation is done by its assigned, certified officers); before anyone is
      assigned, any officer of the agency (intake, and filing with the handlers);
    - the agency head, by office (the head decides, approves and directs: Arts 43, 56, 57);
    - with ``review=True`` (the legal review's own work: its opinion), a legal reviewer.

    Nobody else: not another officer of the agency, not a publisher or administrator by
    those roles, not a supervisor (supervisors only read)."""
    if not user.is_authenticated or not user.is_active or not may_write(user, case):
        return False
    if user.has_role(Role.HEAD):
        return True
    if review and user.has_role(Role.REVIEWER):
        return True
    return user.has_role(Role.OFFICER) and handles(user, case)


def check_may_work_on(user: User, case: Case, *, review: bool = False) -> None:
    """Raise NotFound for a case the user may not even read, NotPermitted when
    ``may_work_on`` says no."""
    ids = visible_agency_ids(user)
    if ids is not None and case.agency_id not in ids:
        raise NotFound(_("Not found."), code="not_found")
    if not may_work_on(user, case, review=review):
        raise NotPermitted(
            _("Only the case's handlers and the agency head may work on this case."),
            code="case_not_handler",
            article=cite(ART_42),
        )
