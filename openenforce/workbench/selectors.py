"""What the workbench pages read: case lists with their next deadline, and one case
with everything its page shows, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from openenforce.accounts.agency_filter import AgencyFilter
from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.calendar.engine import WorkingCalendar
from openenforce.cases import lifecycles
from openenforce.cases.deadlines import explanation_in_reader_language
from openenforce.cases.models import Case, CaseHandler, Deadline
from openenforce.cases.permissions import cases_for_user
from openenforce.catalog.models import Certificate, Officer

DUE_SOON_DAYS = 3
PAGE_SIZE = 50
# What a row of the case list shows (the list reads only these columns).
LIST_FIELDS = (
    "number",
    "title",
    "procedure",
    "state",
    "closed_on",
    "agency__name",
    "matter__name",
    "department__name",
)
SCOPES = ("mine", "department", "agency")


@dataclass
class Filters:
    """The list filters, read from the query string."""

    scope: str = "mine"
    procedure: str = ""
    category: str = ""
    state: str = ""
    due: str = ""  # "", "overdue" or "soon"
    q: str = ""
    closed: bool = False
    agency: AgencyFilter = field(default_factory=AgencyFilter)

    @classmethod
    def from_query(cls, query, user: User) -> Filters:
        scope = "agency" if handles_no_cases(user) else query.get("scope") or default_scope(user)
        return cls(
            scope=scope if scope in SCOPES else default_scope(user),
            procedure=query.get("procedure", "")[:40],
            category=query.get("category", "")[:20],
            state=query.get("state", "")[:40],
            due=query.get("due", "") if query.get("due") in ("overdue", "soon") else "",
            q=query.get("q", "").strip()[:100],
            closed=query.get("closed") == "1",
            agency=AgencyFilter.from_query(query, user),
        )


def handles_no_cases(user: User) -> bool:
    """A supervisor (who reads other agencies' cases) without a role that handles cases:
    "my cases" and "my department" would always be empty for them."""
    return user.has_role(Role.SUPERVISOR) and not user.has_role(
        Role.OFFICER, Role.HEAD, Role.REVIEWER
    )


def default_scope(user: User) -> str:
    """Heads and supervisors start from the agency; others from their own cases."""
    if user.is_superuser or user.has_role(Role.HEAD, Role.SUPERVISOR, Role.ADMIN):
        return "agency"
    return "mine"


def _open_deadlines(today: datetime.date | None = None) -> QuerySet[Deadline]:
    return Deadline.objects.running(today).filter(case=OuterRef("pk"))


def _scoped(user: User, scope: str) -> QuerySet[Case]:
    cases = cases_for_user(user)
    if scope == "mine":
        mine = CaseHandler.objects.active().filter(case=OuterRef("pk"), officer__user=user)
        return cases.filter(Exists(mine))
    if scope == "department":
        return (
            cases.filter(department_id=user.department_id) if user.department_id else cases.none()
        )
    return cases


def case_list(user: User, filters: Filters, today: datetime.date | None = None) -> QuerySet[Case]:
    """The cases of ``filters.scope`` the user may read, filtered, each annotated with
    ``next_due`` (the earliest open deadline), newest first (by id, so the database reads the page from the index) — one query however many
    there are (the due list orders by urgency)."""
    given, today = today, today or timezone.localdate()
    cases = _scoped(user, filters.scope).select_related("matter", "department", "agency")
    cases = filters.agency.apply(cases)
    # A correlated subquery, not a join with GROUP BY: the database computes it only for
    # the rows of the page (the order does not depend on it), whatever the number of cases.
    next_due = _open_deadlines(today).order_by("due").values("due")[:1]
    cases = cases.annotate(next_due=Subquery(next_due))
    if not filters.closed:
        cases = cases.filter(closed_on__isnull=True)
    for name in ("procedure", "category", "state"):
        if getattr(filters, name):
            cases = cases.filter(**{name: getattr(filters, name)})
    if filters.due == "overdue":
        # overdue() honours an hour-based period's exact moment (行政强制法 Art 19)
        cases = cases.filter(Exists(_open_deadlines(today).overdue(given)))
    elif filters.due == "soon":
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        cases = cases.filter(Exists(_open_deadlines(today).filter(due__gte=today, due__lte=soon)))
    if filters.q:
        cases = cases.filter(Q(number__icontains=filters.q) | Q(title__icontains=filters.q))
    return cases.order_by("-id")


def state_label(procedure: str, state: str) -> str:
    lifecycle = lifecycles.get(procedure)
    if lifecycle is None or not lifecycle.has_state(state):
        return state
    return str(lifecycle.state(state).label)


def state_is_terminal(procedure: str, state: str) -> bool:
    lifecycle = lifecycles.get(procedure)
    return bool(lifecycle and lifecycle.has_state(state) and lifecycle.state(state).terminal)


def due_deadlines(
    user: User,
    scope: str,
    today: datetime.date | None = None,
    agency: AgencyFilter | None = None,
):
    """Open deadlines overdue or due within ``DUE_SOON_DAYS`` on the scope's cases (of
    the agency chosen in ``agency``, if any)."""
    today = today or timezone.localdate()
    cases = _scoped(user, scope).filter(closed_on__isnull=True)
    case_ids = (agency.apply(cases) if agency else cases).values("pk")
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return (
        Deadline.objects.running(today)
        .filter(case_id__in=case_ids, due__lte=soon)
        .select_related("case", "case__agency")
        .order_by("due", "id")
    )


@dataclass
class HandlerRow:
    handler: CaseHandler
    certificate: Certificate | None
    covers_field: bool
    may_enforce: bool


@dataclass
class CasePage:
    case: Case
    handlers: list[HandlerRow] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    parties: list = field(default_factory=list)


def _handler_rows(case: Case, today: datetime.date) -> list[HandlerRow]:
    valid = Certificate.objects.valid_on(today).prefetch_related("fields")
    handlers = (
        case.handlers.select_related("officer")
        .prefetch_related(Prefetch("officer__certificates", queryset=valid, to_attr="valid"))
        .order_by("released_on", "role", "id")
    )
    rows = []
    for handler in handlers:
        covering = [
            c
            for c in handler.officer.valid
            if any(f.pk == case.matter.field_id for f in c.fields.all())
        ]
        chosen = (covering or handler.officer.valid or [None])[0]
        rows.append(HandlerRow(handler, chosen, bool(covering), handler.officer.may_enforce))
    return rows


def _deadlines_with_suspensions(case: Case) -> list[Deadline]:
    """The case's deadlines, its clock suspensions fetched once for ``suspended_since``."""
    prefetch_related_objects([case], "suspensions")
    deadlines = list(case.deadlines.order_by("status", "due", "id"))
    calendar = WorkingCalendar()
    for deadline in deadlines:  # shown, never saved: in the reader's language
        deadline.explanation = explanation_in_reader_language(deadline, calendar)
        deadline.rule = deadline.label
    return deadlines


def case_page(case: Case, today: datetime.date | None = None) -> CasePage:
    """The handlers with their certificate today, the deadlines and the parties."""
    today = today or timezone.localdate()
    return CasePage(
        case=case,
        handlers=_handler_rows(case, today),
        deadlines=_deadlines_with_suspensions(case),
        parties=list(case.parties.all()),
    )


@dataclass
class RosterRow:
    """An officer as the "new case" form offers them: the certificate valid today, the
    fields it covers, and why they may not handle cases when they may not."""

    officer: Officer
    certificate: Certificate | None
    field_ids: set[int]
    field_names: list[str]
    reason: str = ""

    @property
    def eligible(self) -> bool:
        return not self.reason

    def covers(self, field_id: int) -> bool:
        return field_id in self.field_ids


def roster(user: User, today: datetime.date | None = None) -> list[RosterRow]:
    """The active officers of the agencies the user may write for, each with their valid
    certificates' fields, in two queries."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    ids = writable_agency_ids(user)
    officers = Officer.objects.filter(status=Officer.Status.ACTIVE).order_by("code")
    officers = officers if ids is None else officers.filter(agency_id__in=ids)
    valid = Certificate.objects.valid_on(today).prefetch_related("fields").order_by("-valid_to")
    rows = []
    for officer in officers.prefetch_related(
        Prefetch("certificates", queryset=valid, to_attr="valid")
    ):
        fields = {f.pk: f.name for c in officer.valid for f in c.fields.all()}
        reason = ""
        if officer.employment == Officer.Employment.CONTRACT:
            reason = _("Contract staff may not enforce (Administrative Penalty Law Art 42).")
        elif not officer.valid:
            reason = _("No valid enforcement certificate today.")
        first = officer.valid[0] if officer.valid else None
        rows.append(RosterRow(officer, first, set(fields), sorted(fields.values()), reason))
    return rows
