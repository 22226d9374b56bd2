"""Kept figures: the dashboard's case and deadline counts, kept as the record is written.

The dashboard's case figures are three grouped passes over the cases (filed, closed and
decided in the period) and one over the deadlines falling due (``indicators.case_figures``,
``indicators.deadlines_by_agency``). Over a million cases those passes read a million rows
on every visit. Here the same groups are kept per day (``KeptFigure``), so a year of an
agency is a few thousand small rows whatever the number of cases:

- The ledger calls ``cases_recorded`` / ``deadlines_recorded`` (registered in the app's
  ``ready``, ``ledger.observers``) with the rows as stored whenever it records them, in the
  writer's transaction: every change of a case or deadline is recorded, so none escapes,
  whichever service or bulk writer made it, and a rolled-back change rolls its figures back.
- Each case and deadline has a ``KeptMember`` row listing what it adds now (its *parts*: a
  key and its amounts, each counting one). A recorded row's new parts are compared with
  the member's; only a difference is applied, as increments (an upsert adding to the count
  and amounts), so concurrent writers of different cases never overwrite each other.
- Amounts are kept in fen (integers), so the sums are exact on every database.
- ``check`` compares the kept figures with the live grouped passes (``openenforce
  supervision check-figures``; the suite runs it after every test); ``rebuild`` recomputes
  them from the tables (``rebuild-figures``; the migration that created them ran it).

The officer scope (cases one officer handles) stays live: a case has several handlers.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from openenforce.cases.models import PARTY_PERIODS, Case, Deadline
from openenforce.supervision.models import KeptFigure, KeptMember

CASE, DEADLINE = "case", "deadline"
KEY = KeptFigure.KEY
AMOUNTS = KeptFigure.AMOUNTS
BATCH = 2000

Part = tuple  # (*KEY values, fines_fen, confiscations_fen, forgone_fen)


def _fen(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def _kinds(value: Any) -> str:
    """The penalty kinds as their canonical JSON text (the key of a group)."""
    return json.dumps(value or [], ensure_ascii=False, separators=(",", ":"))


def case_parts(case: Case) -> list[Part]:
    """What one case adds: a part per date it has (filed, closed, decided)."""
    agency, department = case.agency_id, case.department_id or 0
    parts: list[Part] = []
    if case.filed_on:
        parts.append(
            ("filed", agency, department, case.filed_on.isoformat(), case.procedure, case.state)
            + ("", "", False, False, "", False, 0, 0, 0)
        )
    if case.closed_on:
        parts.append(
            ("closed", agency, department, case.closed_on.isoformat(), case.procedure, "")
            + ("", "", False, False, "", False, 0, 0, 0)
        )
    if case.decided_on:
        confiscation = case.proposed_confiscation if case.confiscation_value_determined else None
        parts.append(
            ("decided", agency, department, case.decided_on.isoformat(), case.procedure, "")
            + (case.outcome, _kinds(case.proposed_penalty_kinds), case.mitigated)
            + (case.counted_inspection, "", False)
            + (_fen(case.proposed_fine), _fen(confiscation), _fen(case.amount_forgone))
        )
    return parts


def deadline_parts(deadline: Deadline, agency: int, department: int) -> list[Part]:
    late = deadline.status == Deadline.Status.MET and bool(
        deadline.met_on and deadline.met_on > deadline.due
    )
    return [
        ("deadline", agency, department, deadline.due.isoformat(), "", deadline.status)
        + ("", "", False, False, deadline.kind, late, 0, 0, 0)
    ]


# --- applying changes --------------------------------------------------------------------


def _normal(parts: Iterable[Sequence[Any]]) -> list[Part]:
    return sorted(tuple(p) for p in parts)


def _apply(source: str, new: dict[int, list[Part]], deleted: Iterable[int] = ()) -> list[int]:
    """Replace what the objects ``new`` (id → parts) and ``deleted`` add to the figures;
    the ids of those whose agency or department changed."""
    ids = [*new, *deleted]
    if not ids:
        return []
    members = {
        m.object_id: m
        for m in KeptMember.objects.select_for_update().filter(source=source, object_id__in=ids)
    }
    deltas: dict[tuple, list[int]] = {}
    created, changed, gone, moved = [], [], [], []
    for object_id, parts in new.items():
        member = members.get(object_id)
        if member is None:
            _add(deltas, parts)
            created.append(KeptMember(source=source, object_id=object_id, parts=parts))
        elif _normal(member.parts) != _normal(parts):
            if member.parts and parts and list(member.parts[0][1:3]) != list(parts[0][1:3]):
                moved.append(object_id)
            _add(deltas, member.parts, -1)
            _add(deltas, parts)
            member.parts = parts
            changed.append(member)
    for object_id in deleted:
        if (member := members.get(object_id)) is not None:
            _add(deltas, member.parts, -1)
            gone.append(member.pk)
    _increment({key: d for key, d in deltas.items() if any(d)})
    KeptMember.objects.bulk_create(created, batch_size=BATCH)
    KeptMember.objects.bulk_update(changed, ["parts"], batch_size=BATCH)
    if gone:
        KeptMember.objects.filter(pk__in=gone).delete()
    return moved


def _increment(deltas: dict[tuple, list[int]]) -> None:
    """Add each delta to its figure row, creating the row when it is new (one upsert)."""
    if not deltas:
        return
    table = connection.ops.quote_name(KeptFigure._meta.db_table)
    q = connection.ops.quote_name
    columns = [*KEY, "count", *AMOUNTS]
    marks = ", ".join(["%s"] * len(columns))
    added = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in ["count", *AMOUNTS])
    unique = ", ".join(q(c) for c in KEY)
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({unique}) DO UPDATE SET {added}"
    )
    rows = []
    for key, (count, fines, confiscations, forgone) in sorted(deltas.items()):
        rows.append(
            (*key[:3], datetime.date.fromisoformat(key[3]), *key[4:])
            + (count, Decimal(fines) / 100, Decimal(confiscations) / 100, Decimal(forgone) / 100)
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def cases_recorded(rows: Sequence[Case], deleted: Sequence[Any]) -> None:
    """The ledger's observer of cases: keep each recorded case's parts; a case whose agency
    or department changed takes its deadlines along."""
    moved = _apply(CASE, {case.pk: case_parts(case) for case in rows}, [int(pk) for pk in deleted])
    if moved:
        deadlines_recorded(list(Deadline.objects.filter(case_id__in=moved)), ())


def deadlines_recorded(rows: Sequence[Deadline], deleted: Sequence[Any]) -> None:
    """The ledger's observer of deadlines: their agency and department are their case's."""
    case_ids = {d.case_id for d in rows}
    owners = {
        pk: (agency, department or 0)
        for pk, agency, department in Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "agency_id", "department_id"
        )
    }
    new = {d.pk: deadline_parts(d, *owners[d.case_id]) for d in rows if d.case_id in owners}
    _apply(DEADLINE, new, [int(pk) for pk in deleted])


# --- rebuild and check -------------------------------------------------------------------


def _live_parts(case_model=Case, deadline_model=Deadline) -> Iterable[tuple[str, int, list[Part]]]:
    """Every case's and deadline's parts, from the tables, in batches (the models may be
    a migration's)."""
    fields = [
        "pk",
        "agency_id",
        "department_id",
        "filed_on",
        "closed_on",
        "decided_on",
        "procedure",
        "state",
        "outcome",
        "proposed_penalty_kinds",
        "mitigated",
        "counted_inspection",
        "proposed_fine",
        "proposed_confiscation",
        "confiscation_value_determined",
        "amount_forgone",
    ]
    owners: dict[int, tuple[int, int]] = {}
    for case in case_model.objects.order_by("pk").only(*fields).iterator(chunk_size=BATCH):
        owners[case.pk] = (case.agency_id, case.department_id or 0)
        yield CASE, case.pk, case_parts(case)
    for deadline in (
        deadline_model.objects.order_by("pk")
        .only("pk", "case_id", "kind", "due", "status", "met_on")
        .iterator(chunk_size=BATCH)
    ):
        if deadline.case_id in owners:
            yield DEADLINE, deadline.pk, deadline_parts(deadline, *owners[deadline.case_id])


def _add(totals: dict[tuple, list[int]], parts: Iterable[Sequence[Any]], sign: int = 1) -> None:
    """Add (or, with ``sign`` -1, take away) ``parts`` to ``totals`` (key → count, amounts)."""
    for part in parts:
        t = totals.setdefault(tuple(part[: len(KEY)]), [0, 0, 0, 0])
        t[0] += sign
        for i in range(3):
            t[i + 1] += sign * part[len(KEY) + i]


def _totals(parts: Iterable[tuple[str, int, list[Part]]]) -> dict[tuple, list[int]]:
    totals: dict[tuple, list[int]] = {}
    for _source, _pk, object_parts in parts:
        _add(totals, object_parts)
    return totals


@transaction.atomic
def rebuild(apps=None) -> int:
    """Recompute every kept figure and member from the cases and deadlines; the number
    of figure rows written. ``apps``: a migration's models."""
    get = apps.get_model if apps is not None else None
    member_model = get("supervision", "KeptMember") if get else KeptMember
    (get("supervision", "KeptFigure") if get else KeptFigure).objects.all().delete()
    member_model.objects.all().delete()
    members: list = []
    totals: dict[tuple, list[int]] = {}
    models = (get("cases", "Case"), get("cases", "Deadline")) if get else (Case, Deadline)
    for source, pk, parts in _live_parts(*models):
        members.append(member_model(source=source, object_id=pk, parts=parts))
        _add(totals, parts)
        if len(members) >= BATCH:
            member_model.objects.bulk_create(members)
            members = []
    member_model.objects.bulk_create(members)
    _increment(totals)
    return len(totals)


def _kept_totals() -> dict[tuple, list[int]]:
    found: dict[tuple, list[int]] = {}
    for row in KeptFigure.objects.values(*KEY, "count", *AMOUNTS).iterator():
        key = tuple(row[k].isoformat() if k == "day" else row[k] for k in KEY)
        values = [row["count"], *(_fen(row[a]) for a in AMOUNTS)]
        if any(values):
            found[key] = values
    return found


def check() -> list[str]:
    """The differences between the kept figures and the tables (empty when they agree)."""
    live, kept = _totals(_live_parts()), _kept_totals()
    problems = []
    for key in sorted(set(live) | set(kept), key=str):
        if live.get(key) != kept.get(key):
            problems.append(
                f"{dict(zip(KEY, key, strict=True))}: kept {kept.get(key)}, live {live.get(key)}"
            )
    return problems


# --- reading -------------------------------------------------------------------------------


def _rows(measure: str, agency_ids, department_id, period) -> Any:
    rows = KeptFigure.objects.filter(measure=measure, day__range=period.as_range(), count__gt=0)
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return rows.order_by()


def case_groups(
    agency_ids, department_id, period, month_of
) -> tuple[list[dict], list[dict], list[dict]]:
    """The grouped rows of ``indicators.case_figures`` (filed, closed, decided, each by
    ``month_of("day")``), from the kept figures."""
    month = month_of("day")
    filed = list(
        _rows("filed", agency_ids, department_id, period)
        .annotate(month=month)
        .values("agency_id", "procedure", "state", "month")
        .annotate(n=Sum("count"))
    )
    closed = list(
        _rows("closed", agency_ids, department_id, period)
        .annotate(month=month)
        .values("agency_id", "procedure", "month")
        .annotate(n=Sum("count"))
    )
    decided = list(
        _rows("decided", agency_ids, department_id, period)
        .annotate(month=month)
        .values("agency_id", "procedure", "outcome", "kinds", "mitigated", "counted", "month")
        .annotate(n=Sum("count"), f=Sum("fines"), c=Sum("confiscations"), g=Sum("forgone"))
    )
    for r in (*filed, *closed, *decided):
        r["count"] = r.pop("n")
    for r in decided:
        r["proposed_penalty_kinds"] = json.loads(r.pop("kinds") or "[]")
        r["counted_inspection"] = r.pop("counted")
        r["fines"], r["confiscations"], r["forgone"] = (r.pop(k) for k in "fcg")
    return filed, closed, decided


def deadline_groups(agency_ids, department_id, period, today: datetime.date) -> dict[int, dict]:
    """``indicators.deadlines_by_agency`` from the kept figures."""
    rows = _rows("deadline", agency_ids, department_id, period).exclude(
        Q(kind__in=PARTY_PERIODS) | Q(state=Deadline.Status.CANCELLED)
    )

    def counted(condition: Q):
        return Coalesce(Sum("count", filter=condition), 0)

    met, is_open = Q(state=Deadline.Status.MET), Q(state=Deadline.Status.OPEN)
    found = rows.values("agency_id").annotate(
        total=Sum("count"),
        on_time=counted(met & Q(late=False)),
        late=counted(met & Q(late=True)),
        overdue=counted(is_open & Q(day__lt=today)),
        running=counted(is_open & Q(day__gte=today)),
    )
    return {r.pop("agency_id"): r for r in found}
