"""The kept figures (supervision.kept): the dashboard reads them instead of counting the
cases, so they must say what counting the cases says, after any recorded change, and a
change made behind the record must be found (and can be repaired)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.cases.models import Case, Deadline
from openenforce.ledger.services import update_recorded
from openenforce.supervision import indicators as ind
from openenforce.supervision import kept
from openenforce.supervision.models import KeptFigure
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

YEAR = ind.Period.year(2026)
TODAY = datetime.date(2026, 11, 20)


def totals(figures: ind.CaseFigures) -> dict:
    """The figures as sums per group (the kept rows and the live passes may split a group
    differently, and say 0 or None for a sum of no amounts)."""
    found: dict = {}
    for name, rows in (("filed", figures.filed), ("closed", figures.closed)):
        counter: Counter = Counter()
        for r in rows:
            counter[tuple(str(v) for k, v in sorted(r.items()) if k != "count")] += r["count"]
        found[name] = dict(counter)
    decided: dict = {}
    for r in figures.decided:
        key = tuple(str(r[k]) for k in ind.DECIDED_KEYS)
        sums = decided.setdefault(key, [0, 0, 0, 0])
        sums[0] += r["count"]
        for i, amount in enumerate(("fines", "confiscations", "forgone")):
            sums[i + 1] += r[amount] or 0
    found["decided"] = decided
    return found


def scopes(agency, other_agency, team):
    return [
        ind.Scope(frozenset({agency.pk})),
        ind.Scope(frozenset({agency.pk, other_agency.pk})),
        ind.Scope(None),
        ind.Scope(frozenset({agency.pk}), department_id=team.department.pk),
    ]


def test_the_kept_figures_say_what_counting_the_cases_says(year, agency, other_agency, team):
    for scope in scopes(agency, other_agency, team):
        kept_figures = ind.case_figures(scope, YEAR)
        assert totals(kept_figures) == totals(ind.live_case_figures(scope, YEAR))
        assert ind.deadlines_by_agency(scope, YEAR, TODAY) == ind.deadlines_by_agency(
            scope, YEAR, TODAY, live=True
        )
    # What the constructed year holds (conftest): three penalty cases filed on 1 September,
    # two in execution and one with its investigation report in (the inspections are not
    # filed).
    filed = ind.cases_by_state(ind.Scope(frozenset({agency.pk})), YEAR)
    assert {(r["state"], r["count"]) for r in filed} == {("execution", 2), ("report", 1)}
    assert kept.check() == []


def test_a_bulk_change_through_the_ledger_moves_the_figures(year, agency, team, system_actor):
    """``update_recorded`` changes many rows at once, without ``save()``: the ledger's
    observer sees them all. Moving a case to another department takes its deadlines."""
    other = save_department(
        Department(agency=agency, code="zf2", name="第二执法科"), actor=system_actor
    )
    moved = year["fine"]
    due = Deadline.objects.filter(case=moved).exclude(kind__in=("defence", "hearing_request"))
    with transaction.atomic():
        update_recorded(
            Case.objects.filter(pk=moved.pk),
            actor=system_actor,
            event_type="cases.case.reassigned",
            department=other,
        )
    scope = ind.Scope(frozenset({agency.pk}), department_id=other.pk)
    figures = ind.case_figures(scope, YEAR)
    assert sum(r["count"] for r in figures.decided) == 1
    assert sum(c["total"] for c in ind.deadlines_by_agency(scope, YEAR, TODAY).values()) == (
        due.exclude(status="cancelled").filter(due__year=2026).count()
    )
    assert kept.check() == []


def test_a_change_rolled_back_leaves_the_figures_as_they_were(year, agency, system_actor):
    before = list(KeptFigure.objects.order_by("pk").values())

    def failing_service():
        with transaction.atomic():
            update_recorded(
                Case.objects.filter(agency=agency),
                actor=system_actor,
                event_type="cases.case.closed",
                state="closed",
                closed_on=TODAY,
            )
            raise RuntimeError("the service failed after the change")

    with pytest.raises(RuntimeError):
        failing_service()
    assert list(KeptFigure.objects.order_by("pk").values()) == before
    assert kept.check() == []


@pytest.mark.tampers
def test_a_change_behind_the_record_is_found_and_can_be_repaired(year, capsys):
    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET state = %s WHERE id = %s", ["closed", year["open"].pk])  # noqa: S608
    with pytest.raises(SystemExit) as exit_code:
        call_command("supervision", "check-figures")
    assert exit_code.value.code == 1
    out = capsys.readouterr()
    # The group the case left (still counted there) and the one it joined, named.
    assert "'measure': 'filed'" in out.out and "'state': 'closed'" in out.out
    assert "组与案件不一致" in out.err

    call_command("supervision", "rebuild-figures")
    call_command("supervision", "check-figures")
    assert capsys.readouterr().out.strip().endswith("ok")
