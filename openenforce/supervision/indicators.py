"""The enforcement indicators: pure query functions over the recorded facts.

Every indicator takes a ``Scope`` (the agencies, optionally one department or one officer)
and a ``Period`` (two dates, both included) and answers with plain numbers, computed in the
database: grouped queries, never one per row, so that the dashboard costs a fixed number
of scans whatever the number of cases. The case figures share three grouped passes
(``case_figures``: the cases filed, closed and decided in the period), which the dashboard
computes once and hands to each indicator.

Every figure has a drill-down (``DRILLS`` in ``supervision.drills``): the query of the
items it counts, built from the same filters as the figure, so the list always has as many
rows as the figure says.

Definitions (docs/supervision.md):

- filed / closed: cases whose ``filed_on`` / ``closed_on`` falls in the period;
- by state: the cases filed in the period, by procedure and their state now;
- deadlines: the agency's own periods (the party's periods to defend or ask for a hearing
  left out, cancelled ones too) falling due in the period: met on time (``met_on`` on or
  before ``due``), met late, overdue (still open and past due today), still running;
- decisions: cases decided in the period by outcome; penalty decisions by penalty kind
  (a decision with several kinds counts under each), fines and confiscations as decided
  (``proposed_fine`` / ``proposed_confiscation`` are what the decision keeps);
- major decisions: decided cases that went through legal review; review outcomes: the
  reviews concluded in the period by outcome;
- remedies: reconsiderations and litigation filed, decided, and decided against the
  agency (revoked, changed, confirmed illegal, ordered to act) in the period; the
  correction (复议纠错率) and loss (诉讼败诉率) rates are those over the decided;
- recordings: recordings made and waivers recorded in the period, cases filed in the
  period with at least one recording; the steps taken in the period that the agency's
  recording list required a recording of (``recordings.RequiredRecording``, kept when the
  step was taken): recorded, waived (a recorded reason why none exists), missing, and the
  share missing;
- publications: items falling due in the period: published on time, published late,
  overdue (pending past due), still pending; withdrawn and corrected in the period;
- inspections: plans whose inspection period overlaps the period, by status; their drawn
  tasks, done (inspection case closed) or not;
- inspections concluded: inspection cases whose result was recorded in the period; those
  that count as one inspection (an inspected object with a complete, detailed record, not
  led straight into a penalty case: ``Case.counted_inspection``);
- repeat inspections: per enterprise (unified social credit code), the inspection cases
  opened in the period; enterprises above the yearly cap;
- certificates (持证率): active officers in the directory holding a certificate valid on
  the period's last day (or today, if earlier).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from openenforce.accounts.models import Agency, Department, Role, User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.cases.models import PARTY_PERIODS, Case, CaseHandler, Deadline, Party
from openenforce.catalog.models import Certificate, EnforcementCategory, Officer, PenaltyKind
from openenforce.disclosure.models import Correction, Publication
from openenforce.inspections.models import Plan, Task
from openenforce.recordings.models import Recording, RecordingWaiver, RequiredRecording
from openenforce.remedies.models import Remedy
from openenforce.reviews.models import LegalReview
from openenforce.supervision import kept

DEFAULT_YEARLY_INSPECTION_CAP = 2


def yearly_inspection_cap() -> int:
    """How many inspections of one enterprise a year are allowed before the figure flags
    it (国办发〔2024〕54号 asks agencies to set a cap); ``OPENENFORCE_INSPECTION_YEARLY_CAP``."""
    return int(
        getattr(settings, "OPENENFORCE_INSPECTION_YEARLY_CAP", DEFAULT_YEARLY_INSPECTION_CAP)
    )


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def current_year(cls) -> Period:
        return cls.year(timezone.localdate().year)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    def as_range(self) -> tuple[datetime.date, datetime.date]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Scope:
    """Whose figures: agencies (``None``: every agency), optionally narrowed to one
    department or to the cases one officer (catalogue entry) handles or handled."""

    agency_ids: frozenset[int] | None
    department_id: int | None = None
    officer_id: int | None = None
    label: str = field(default="", compare=False)

    def by_agency(self, queryset: QuerySet, agency_field: str = "agency") -> QuerySet:
        if self.agency_ids is None:
            return queryset
        return queryset.filter(**{f"{agency_field}_id__in": self.agency_ids})

    def cases(self, prefix: str = "") -> Q:
        """The condition on cases (``prefix`` is the path to the case, e.g. "case__")."""
        q = Q()
        if self.agency_ids is not None:
            q &= Q(**{f"{prefix}agency_id__in": self.agency_ids})
        if self.department_id is not None:
            q &= Q(**{f"{prefix}department_id": self.department_id})
        if self.officer_id is not None:
            handled = CaseHandler.objects.filter(
                case=OuterRef(f"{prefix}pk" if prefix else "pk"), officer_id=self.officer_id
            )
            q &= Q(Exists(handled))
        return q

    def case_queryset(self) -> QuerySet[Case]:
        return Case.objects.filter(self.cases())


def scope_for(
    user: User,
    *,
    agency: int | None = None,
    department: int | None = None,
    officer: int | None = None,
) -> Scope:
    """The scope a user asks for, within what they may read; 404 for anything else (an
    agency, department or officer outside their scope is as unknown as a missing one)."""
    visible = visible_agency_ids(user)
    if visible is not None and not visible:
        raise Http404
    ids: frozenset[int] | None = None if visible is None else frozenset(visible)
    if ids is not None and agency is None and department is None and officer is None:
        ids = _supervised_first(user, ids)
    if agency is not None:
        if ids is not None and agency not in ids:
            raise Http404
        ids = frozenset({agency})
    if department is not None:
        dept = Department.objects.filter(pk=department).values_list("agency_id", flat=True)
        dept_agency = dept.first()
        if dept_agency is None or (ids is not None and dept_agency not in ids):
            raise Http404
        ids = frozenset({dept_agency})
    if officer is not None:
        row = Officer.objects.filter(pk=officer).values_list("agency_id", flat=True).first()
        if row is None or (ids is not None and row not in ids):
            raise Http404
        ids = frozenset({row})
    return Scope(agency_ids=ids, department_id=department, officer_id=officer)


def _supervised_first(user: User, ids: frozenset[int]) -> frozenset[int]:
    """A supervisor who handles no cases looks at the agencies they supervise: their own
    justice bureau is left out unless asked for (it is one pick away)."""
    handles = user.has_role(Role.OFFICER, Role.HEAD, Role.REVIEWER, Role.ADMIN, Role.PUBLISHER)
    supervised = ids - {user.agency_id} if user.agency_id is not None else ids
    if user.has_role(Role.SUPERVISOR) and not handles and supervised:
        return supervised
    return ids


def agencies_in(scope: Scope) -> QuerySet[Agency]:
    agencies = Agency.objects.order_by("name")
    return agencies if scope.agency_ids is None else agencies.filter(pk__in=scope.agency_ids)


# --- Cases -------------------------------------------------------------------------------


def filed_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    return Case.objects.filter(scope.cases(), filed_on__range=period.as_range())


def closed_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    return Case.objects.filter(scope.cases(), closed_on__range=period.as_range())


def decided_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    return Case.objects.filter(scope.cases(), decided_on__range=period.as_range())


def penalty_decisions(scope: Scope, period: Period) -> QuerySet[Case]:
    return decided_cases(scope, period).filter(outcome=Case.Outcome.PENALTY)


# The case figures come from three grouped passes over the scope's cases (``CaseFigures``):
# those filed, closed and decided in the period, each grouped by the few columns the figures
# read and by month. Every case figure of the dashboard, its monthly series and the agencies
# side by side are sums over these groups, so the dashboard reads each case row at most
# three times whatever the number of figures; covering indexes on (agency, filed_on /
# closed_on / decided_on) let PostgreSQL answer each pass from the index alone.

DECIDED_KEYS = (
    "agency_id",
    "procedure",
    "outcome",
    "proposed_penalty_kinds",
    "mitigated",
    "counted_inspection",
    "month",
)


@dataclass(frozen=True)
class CaseFigures:
    """The grouped rows of the three passes (plain dicts, one per group)."""

    filed: list[dict]  # agency_id, procedure, state, month: count
    closed: list[dict]  # agency_id, procedure, month: count
    decided: list[dict]  # DECIDED_KEYS: count, fines, confiscations, forgone

    def penalties(self) -> list[dict]:
        return [r for r in self.decided if r["outcome"] == Case.Outcome.PENALTY]


def case_figures(scope: Scope, period: Period) -> CaseFigures:
    """The three grouped passes (three queries): from the kept figures (``kept``) unless
    the scope is one officer's cases, which are counted live."""
    if scope.officer_id is None:
        found = CaseFigures(
            *kept.case_groups(scope.agency_ids, scope.department_id, period, MonthOf)
        )
        for row in (*found.filed, *found.closed, *found.decided):
            row["month"] = _month(row["month"])
        return found
    return live_case_figures(scope, period)


def live_case_figures(scope: Scope, period: Period) -> CaseFigures:
    """``case_figures`` counted from the cases themselves."""
    base = Case.objects.filter(scope.cases()).order_by()
    with analytic_queries():
        # Filed and closed by day (hashing a date is cheaper than truncating it; the
        # months are summed here), decided by month (more columns, more groups).
        filed = (
            base.filter(filed_on__range=period.as_range())
            .annotate(month=F("filed_on"))
            .values("agency_id", "procedure", "state", "month")
            .annotate(count=Count("*"))
        )
        closed = (
            base.filter(closed_on__range=period.as_range())
            .annotate(month=F("closed_on"))
            .values("agency_id", "procedure", "month")
            .annotate(count=Count("*"))
        )
        decided = (
            base.filter(decided_on__range=period.as_range())
            .annotate(month=MonthOf("decided_on"))
            .values(*DECIDED_KEYS)
            .annotate(
                count=Count("*"),
                fines=Sum("proposed_fine"),
                # Only confiscations whose value could be determined count in the amounts.
                confiscations=Sum(
                    "proposed_confiscation", filter=Q(confiscation_value_determined=True)
                ),
                forgone=Sum("amount_forgone"),
            )
        )
        found = CaseFigures(list(filed), list(closed), list(decided))
    for row in (*found.filed, *found.closed, *found.decided):
        row["month"] = _month(row["month"])
    return found


class MonthOf(TruncMonth):
    """The first day of a date's month. On PostgreSQL the date is truncated as a plain
    timestamp: ``DATE_TRUNC`` would otherwise turn every row's date into a moment in the
    session's time zone first (the same month, at a cost per row)."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


_ANALYTIC: contextvars.ContextVar[bool] = contextvars.ContextVar("analytic", default=False)


@contextlib.contextmanager
def analytic_queries() -> Iterator[None]:
    """On PostgreSQL, a little more memory for the grouped passes and the deadlines' join
    (``SET LOCAL work_mem`` in a transaction of their own, once however nested): the
    planner multiplies the distinct values of every grouping column, over-estimates the
    groups (a few hundred, in fact) and would otherwise sort the rows on disk instead of
    hashing them, and split the join's hash table into batches."""
    from django.db import connection, transaction

    if _ANALYTIC.get():
        yield
        return
    token = _ANALYTIC.set(True)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{ANALYTIC_WORK_MEM}'")
            yield
    finally:
        _ANALYTIC.reset(token)


ANALYTIC_WORK_MEM = "64MB"


def _total(rows: list[dict], key: str = "count", **match) -> int:
    return sum(r[key] for r in rows if all(r[k] == v for k, v in match.items()))


def _amount(rows: list[dict], key: str):
    return sum((r[key] for r in rows if r[key] is not None), Decimal(0))


def cases_by_procedure(
    scope: Scope, period: Period, figures: CaseFigures | None = None
) -> dict[str, dict[str, int]]:
    """{procedure: {"filed": n, "closed": n}}, the procedures with any, in order."""
    figures = figures or case_figures(scope, period)
    found: dict[str, dict[str, int]] = {}
    for name, rows in (("filed", figures.filed), ("closed", figures.closed)):
        for r in rows:
            counts = found.setdefault(r["procedure"], {"filed": 0, "closed": 0})
            counts[name] += r["count"]
    return dict(sorted(found.items()))


def cases_by_state(scope: Scope, period: Period, figures: CaseFigures | None = None) -> list[dict]:
    """The cases filed in the period by procedure and their state now."""
    figures = figures or case_figures(scope, period)
    counts: dict[tuple[str, str], int] = {}
    for r in figures.filed:
        key = (r["procedure"], r["state"])
        counts[key] = counts.get(key, 0) + r["count"]
    return [
        {"procedure": procedure, "state": state, "count": n}
        for (procedure, state), n in sorted(counts.items())
    ]


def agency_deadlines(scope: Scope, period: Period) -> QuerySet[Deadline]:
    """The agency's own periods falling due in the period (not the party's, not cancelled)."""
    return (
        Deadline.objects.filter(scope.cases("case__"), due__range=period.as_range())
        .exclude(kind__in=PARTY_PERIODS)
        .exclude(status=Deadline.Status.CANCELLED)
    )


DEADLINE_STATUSES = ("on_time", "late", "overdue", "running")


def deadline_condition(status: str, today: datetime.date) -> Q:
    met = Q(status=Deadline.Status.MET)
    return {
        "on_time": met & Q(met_on__lte=F("due")),
        "late": met & Q(met_on__gt=F("due")),
        "overdue": Q(status=Deadline.Status.OPEN, due__lt=today),
        "running": Q(status=Deadline.Status.OPEN, due__gte=today),
    }[status]


def deadlines_by_agency(
    scope: Scope, period: Period, today: datetime.date | None = None, *, live: bool = False
) -> dict[int, dict[str, int]]:
    """{agency id: {on_time, late, overdue, running, total}}: one grouped query (of the
    kept figures, unless the scope is one officer's cases or ``live`` is asked for)."""
    today = today or timezone.localdate()
    if scope.officer_id is None and not live:
        return kept.deadline_groups(scope.agency_ids, scope.department_id, period, today)
    rows = (
        agency_deadlines(scope, period)
        .values("case__agency_id")
        .annotate(
            total=Count("pk"),
            **{s: Count("pk", filter=deadline_condition(s, today)) for s in DEADLINE_STATUSES},
        )
        .order_by()
    )
    with analytic_queries():  # the join with the cases hashed in memory
        return {r.pop("case__agency_id"): r for r in rows}


def deadlines(
    scope: Scope,
    period: Period,
    today: datetime.date | None = None,
    per_agency: dict[int, dict[str, int]] | None = None,
) -> dict[str, int]:
    """{on_time, late, overdue, running, total}: one query (or the sums of
    ``deadlines_by_agency``)."""
    if per_agency is None:
        per_agency = deadlines_by_agency(scope, period, today)
    keys = ("total", *DEADLINE_STATUSES)
    return {k: sum(counts[k] for counts in per_agency.values()) for k in keys}


# --- Decisions ---------------------------------------------------------------------------


def _kinds_text():
    return Cast("proposed_penalty_kinds", TextField())


def kind_condition(kind: str) -> Q:
    """A penalty decision listing ``kind`` (the JSON list's text holds it quoted)."""
    return Q(kinds_text__contains=f'"{kind}"')


def with_kinds_text(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.annotate(kinds_text=_kinds_text())


def decisions(scope: Scope, period: Period, figures: CaseFigures | None = None) -> dict:
    """Decided cases by outcome, and penalty decisions by kind (a decision with several
    kinds counts under each) with their amounts; one query for the major decisions."""
    figures = figures or case_figures(scope, period)
    by_outcome: dict[str, int] = {}
    for r in figures.decided:
        by_outcome[r["outcome"]] = by_outcome.get(r["outcome"], 0) + r["count"]
    penalties = figures.penalties()
    by_kind = dict.fromkeys(PenaltyKind.values, 0)
    for r in penalties:
        for kind in set(_kinds(r["proposed_penalty_kinds"])):
            if kind in by_kind:
                by_kind[kind] += r["count"]
    return {
        "by_outcome": dict(sorted(by_outcome.items())),
        "penalties": _total(penalties),
        "fines": _amount(penalties, "fines"),
        "confiscations": _amount(penalties, "confiscations"),
        "by_kind": by_kind,
        "major": major_decisions(scope, period).count(),
        "mitigated": _total(penalties, mitigated=True),
        "forgone": _amount(penalties, "forgone"),
    }


def _kinds(value) -> list[str]:
    """The penalty kinds of a decision (a JSON list of codes; anything else lists none)."""
    if isinstance(value, str):  # a JSON text, where the database hands it back unparsed
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [k for k in value if isinstance(k, str)] if isinstance(value, list) else []


def yuan_output() -> DecimalField:
    return DecimalField(max_digits=16, decimal_places=2)


def major_decisions(scope: Scope, period: Period) -> QuerySet[Case]:
    reviewed = LegalReview.objects.filter(case=OuterRef("pk"))
    return decided_cases(scope, period).filter(Exists(reviewed))


def concluded_reviews(scope: Scope, period: Period) -> QuerySet[LegalReview]:
    return LegalReview.objects.filter(
        scope.cases("case__"), decided_at__date__range=period.as_range()
    ).exclude(outcome="")


def reviews(scope: Scope, period: Period) -> dict[str, int]:
    """Legal reviews concluded in the period by outcome; one query."""
    rows = concluded_reviews(scope, period).values("outcome").annotate(count=Count("pk"))
    counts = dict.fromkeys(LegalReview.Outcome.values, 0)
    counts.update({r["outcome"]: r["count"] for r in rows})
    return counts


# --- Remedies ----------------------------------------------------------------------------

REMEDY_STATUSES = ("filed", "decided", "corrected")


def remedy_condition(status: str, period: Period) -> Q:
    decided = Q(decided_on__range=period.as_range()) & ~Q(result="")
    return {
        "filed": Q(filed_on__range=period.as_range()),
        "decided": decided,
        "corrected": decided & Q(result__in=Remedy.CORRECTING),
    }[status]


def remedies_of(scope: Scope, period: Period) -> QuerySet[Remedy]:
    """Reconsiderations and litigation of the scope's cases filed or decided in the period."""
    within = period.as_range()
    return Remedy.objects.filter(scope.cases("case__")).filter(
        Q(filed_on__range=within) | Q(decided_on__range=within)
    )


def remedies(scope: Scope, period: Period) -> dict[str, dict]:
    """Per kind (reconsideration, litigation): filed and decided in the period, decided
    against the agency (复议纠错 / 诉讼败诉: revoked, changed, confirmed illegal, ordered to
    act) and that share of the decided (纠错率 / 败诉率). One grouped query."""
    found = {
        r["kind"]: r
        for r in remedies_of(scope, period)
        .values("kind")
        .annotate(**{s: Count("pk", filter=remedy_condition(s, period)) for s in REMEDY_STATUSES})
        .order_by()
    }
    result = {}
    for kind in Remedy.Kind.values:
        counts = {s: found.get(kind, {}).get(s, 0) for s in REMEDY_STATUSES}
        counts["rate"] = rate(counts["corrected"], counts["decided"])
        result[kind] = counts
    return result


# --- Recordings --------------------------------------------------------------------------


def recordings_made(scope: Scope, period: Period) -> QuerySet[Recording]:
    return Recording.objects.filter(
        scope.cases("case__"), started_at__date__range=period.as_range()
    )


def waivers(scope: Scope, period: Period) -> QuerySet[RecordingWaiver]:
    return RecordingWaiver.objects.filter(
        scope.cases("case__"), created_at__date__range=period.as_range()
    )


def cases_with_recordings(scope: Scope, period: Period) -> QuerySet[Case]:
    return filed_cases(scope, period).filter(Exists(Recording.objects.filter(case=OuterRef("pk"))))


REQUIRED_STATUSES = ("recorded", "waived", "missing")


def required_recordings(scope: Scope, period: Period) -> QuerySet[RequiredRecording]:
    """The case steps taken in the period that required a recording."""
    return RequiredRecording.objects.filter(
        scope.cases("case__"), taken_on__range=period.as_range()
    )


def required_condition(status: str) -> Q:
    """Recorded; else waived (a reason why none exists); else missing."""
    return {
        "recorded": Q(recording__isnull=False),
        "waived": Q(recording__isnull=True, waiver__isnull=False),
        "missing": Q(recording__isnull=True, waiver__isnull=True),
    }[status]


def recordings(scope: Scope, period: Period, figures: CaseFigures | None = None) -> dict:
    """The recordings made and waived, the cases filed in the period with a recording
    (counted from the recordings' side: there are far fewer recordings than cases), and
    the steps that required one. The cases filed come from the case figures when given."""
    required = required_recordings(scope, period).aggregate(
        required=Count("pk"),
        **{f"required_{s}": Count("pk", filter=required_condition(s)) for s in REQUIRED_STATUSES},
    )
    cases_recorded = Recording.objects.filter(
        scope.cases("case__"), case__filed_on__range=period.as_range()
    ).aggregate(n=Count("case_id", distinct=True))["n"]
    if figures is None:
        cases_filed = filed_cases(scope, period).count()
    else:
        cases_filed = sum(row["count"] for row in figures.filed)
    return {
        "made": recordings_made(scope, period).count(),
        "waived": waivers(scope, period).count(),
        "cases_recorded": cases_recorded,
        "cases_filed": cases_filed,
        **required,
        "missing_rate": rate(required["required_missing"], required["required"]),
    }


# --- Publications ------------------------------------------------------------------------


def _publication_scope(scope: Scope) -> Q:
    q = Q()
    if scope.agency_ids is not None:
        q &= Q(agency_id__in=scope.agency_ids)
    if scope.department_id is not None or scope.officer_id is not None:
        q &= Q(case__in=scope.case_queryset().values("pk"))
    return q


def publications_due(scope: Scope, period: Period) -> QuerySet[Publication]:
    """Items to publish falling due in the period (exempt ones are not due)."""
    return Publication.objects.filter(
        _publication_scope(scope), due_on__range=period.as_range()
    ).exclude(status=Publication.Status.EXEMPT)


PUBLICATION_STATUSES = ("on_time", "late", "overdue", "pending")


def publication_condition(status: str, today: datetime.date) -> Q:
    published = Q(published_at__isnull=False)
    pending = Q(status__in=Publication.PENDING)
    return {
        "on_time": published & Q(published_at__date__lte=F("due_on")),
        "late": published & Q(published_at__date__gt=F("due_on")),
        "overdue": pending & Q(due_on__lt=today),
        "pending": pending & Q(due_on__gte=today),
    }[status]


def withdrawn_publications(scope: Scope, period: Period) -> QuerySet[Publication]:
    return Publication.objects.filter(
        _publication_scope(scope), withdrawn_at__date__range=period.as_range()
    )


def corrected_publications(scope: Scope, period: Period) -> QuerySet[Correction]:
    return Correction.objects.filter(
        status=Correction.Status.ACCEPTED,
        handled_at__date__range=period.as_range(),
        publication__in=Publication.objects.filter(_publication_scope(scope)).values("pk"),
    )


INSPECTION_RESULT = Q(kind=Publication.Kind.INSPECTION)


def inspection_results_due(scope: Scope, period: Period) -> QuerySet[Publication]:
    """Inspection results (检查结果) to publish falling due in the period."""
    return publications_due(scope, period).filter(INSPECTION_RESULT)


def publications(scope: Scope, period: Period, today: datetime.date | None = None) -> dict:
    """Publications falling due by status; ``results``: the inspection results among them
    (the same query)."""
    today = today or timezone.localdate()
    counts = publications_due(scope, period).aggregate(
        due=Count("pk"),
        **{s: Count("pk", filter=publication_condition(s, today)) for s in PUBLICATION_STATUSES},
        results_due=Count("pk", filter=INSPECTION_RESULT),
        **{
            f"results_{s}": Count("pk", filter=INSPECTION_RESULT & publication_condition(s, today))
            for s in PUBLICATION_STATUSES
        },
    )
    counts["results"] = {
        key: counts.pop(f"results_{key}") for key in ("due", *PUBLICATION_STATUSES)
    }
    counts["withdrawn"] = withdrawn_publications(scope, period).count()
    counts["corrected"] = corrected_publications(scope, period).count()
    return counts


# --- Inspections -------------------------------------------------------------------------


def plans(scope: Scope, period: Period) -> QuerySet[Plan]:
    return scope.by_agency(Plan.objects.all()).filter(
        period_start__lte=period.end, period_end__gte=period.start
    )


def tasks(scope: Scope, period: Period) -> QuerySet[Task]:
    found: QuerySet[Task] = scope.by_agency(
        Task.objects.filter(plan__in=plans(scope, period).values("pk"))
    )
    if scope.department_id is not None or scope.officer_id is not None:
        found = found.filter(case__in=scope.case_queryset().values("pk"))
    return found


TASK_STATUSES = ("done", "undone")


def task_condition(status: str) -> Q:
    done = Q(case__closed_on__isnull=False)
    return done if status == "done" else ~done


def concluded_inspections(scope: Scope, period: Period) -> QuerySet[Case]:
    """Inspection cases whose result was recorded in the period."""
    return decided_cases(scope, period).filter(procedure="inspection")


def inspections(scope: Scope, period: Period, figures: CaseFigures | None = None) -> dict:
    figures = figures or case_figures(scope, period)
    by_status = dict.fromkeys(Plan.Status.values, 0)
    for row in plans(scope, period).values("status").annotate(count=Count("pk")):
        by_status[row["status"]] = row["count"]
    task_counts = tasks(scope, period).aggregate(
        drawn=Count("pk"), **{s: Count("pk", filter=task_condition(s)) for s in TASK_STATUSES}
    )
    inspection = [r for r in figures.decided if r["procedure"] == "inspection"]
    concluded = {
        "concluded": _total(inspection),
        "counted": _total(inspection, counted_inspection=True),
    }
    return {
        "plans": sum(by_status.values()),
        "plans_by_status": by_status,
        **task_counts,
        **concluded,
    }


def inspected_enterprises(scope: Scope, period: Period) -> QuerySet:
    """Per enterprise (credit code): its name and the inspection cases opened in the
    period, most inspected first."""
    cases = Case.objects.filter(
        scope.cases(),
        category=EnforcementCategory.INSPECTION,
        opened_on__range=period.as_range(),
    )
    return (
        Party.objects.filter(case__in=cases.values("pk"))
        .exclude(credit_code="")
        .values("credit_code")
        .annotate(times=Count("case", distinct=True), name=Max("name"))
        .order_by("-times", "credit_code")
    )


def repeat_inspections(scope: Scope, period: Period, cap: int | None = None) -> dict:
    cap = yearly_inspection_cap() if cap is None else cap
    counts = (
        inspected_enterprises(scope, period)
        .order_by()
        .aggregate(
            enterprises=Count("credit_code"),
            over_cap=Count("credit_code", filter=Q(times__gt=cap)),
            most=Coalesce(Max("times"), 0),
        )
    )
    return {"cap": cap, **counts}


# --- Certificates ------------------------------------------------------------------------


def certificate_day(period: Period, today: datetime.date | None = None) -> datetime.date:
    return min(period.end, today or timezone.localdate())


def directory_officers(scope: Scope) -> QuerySet[Officer]:
    officers = scope.by_agency(Officer.objects.filter(status=Officer.Status.ACTIVE))
    if scope.department_id is not None:
        officers = officers.filter(department_id=scope.department_id)
    if scope.officer_id is not None:
        officers = officers.filter(pk=scope.officer_id)
    return officers


def certified(day: datetime.date) -> Exists:
    """Whether the officer holds a certificate valid on ``day``."""
    return Exists(Certificate.objects.valid_on(day).filter(officer=OuterRef("pk")))


def certified_condition(day: datetime.date) -> Q:
    return Q(certified(day))


def certificates(scope: Scope, period: Period, today: datetime.date | None = None) -> dict:
    day = certificate_day(period, today)
    counts = directory_officers(scope).aggregate(
        officers=Count("pk"), certified=Count("pk", filter=certified_condition(day))
    )
    counts["day"] = day
    counts["rate"] = rate(counts["certified"], counts["officers"])
    return counts


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


# --- Trends and comparison ---------------------------------------------------------------


def monthly(scope: Scope, period: Period, figures: CaseFigures | None = None) -> dict:
    """Per month of the period: cases filed, closed, decided, and the fines decided."""
    figures = figures or case_figures(scope, period)
    months = period.months()

    def series(rows: list[dict], key: str = "count") -> list:
        by_month: dict[datetime.date, object] = {}
        for r in rows:
            if r[key] is not None:
                by_month[r["month"]] = by_month.get(r["month"], 0) + r[key]
        return [by_month.get(m, 0) for m in months]

    return {
        "months": months,
        "filed": series(figures.filed),
        "closed": series(figures.closed),
        "decided": series(figures.decided),
        "fines": series(figures.penalties(), "fines"),
    }


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def by_agency(
    scope: Scope,
    period: Period,
    today: datetime.date | None = None,
    figures: CaseFigures | None = None,
    per_agency_deadlines: dict[int, dict[str, int]] | None = None,
) -> list[dict]:
    """Side by side: per agency of the scope, cases filed, closed, decided, penalties and
    fines, and deadlines overdue; from the case passes and the deadlines by agency."""
    figures = figures or case_figures(scope, period)
    if per_agency_deadlines is None:
        per_agency_deadlines = deadlines_by_agency(scope, period, today)
    penalties = figures.penalties()
    result = []
    for agency in agencies_in(scope).values("pk", "name"):
        pk = agency["pk"]
        result.append(
            {
                "agency_id": pk,
                "agency": agency["name"],
                "filed": _total(figures.filed, agency_id=pk),
                "closed": _total(figures.closed, agency_id=pk),
                "decided": _total(figures.decided, agency_id=pk),
                "penalties": _total(penalties, agency_id=pk),
                "fines": _amount([r for r in penalties if r["agency_id"] == pk], "fines"),
                "overdue": per_agency_deadlines.get(pk, {}).get("overdue", 0),
            }
        )
    return result


def dashboard(scope: Scope, period: Period, today: datetime.date | None = None) -> dict:
    """Every indicator of the scope and period, and the agencies side by side
    (``by_agency``): the case figures from one ``case_figures``, the deadlines from one
    grouped query."""
    today = today or timezone.localdate()
    with analytic_queries():
        figures = case_figures(scope, period)
        per_agency_deadlines = deadlines_by_agency(scope, period, today)
    return {
        "cases": cases_by_procedure(scope, period, figures),
        "states": cases_by_state(scope, period, figures),
        "deadlines": deadlines(scope, period, today, per_agency_deadlines),
        "decisions": decisions(scope, period, figures),
        "reviews": reviews(scope, period),
        "remedies": remedies(scope, period),
        "recordings": recordings(scope, period, figures),
        "publications": publications(scope, period, today),
        "inspections": inspections(scope, period, figures),
        "repeat_inspections": repeat_inspections(scope, period),
        "certificates": certificates(scope, period, today),
        "monthly": monthly(scope, period, figures),
        "by_agency": by_agency(scope, period, today, figures, per_agency_deadlines),
    }
