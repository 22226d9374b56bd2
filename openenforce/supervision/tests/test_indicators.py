"""The indicators against a constructed year whose right answer is known (conftest)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from openenforce.supervision import drills
from openenforce.supervision import indicators as ind
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

D = datetime.date
YEAR = ind.Period.year(2026)
TODAY = D(2026, 11, 20)


def only(agency) -> ind.Scope:
    return ind.Scope(frozenset({agency.pk}))


def number(case) -> str:
    case.refresh_from_db()
    return case.number


def drilled(kind: str, scope, period=YEAR, key: str = "") -> list[dict]:
    drill = drills.DRILLS[kind]
    return list(drill.rows(drill.items(scope, period, TODAY, key)))


def test_decisions_by_kind_and_amount_count_only_the_agency(year, agency, other_agency):
    decisions = ind.decisions(only(agency), YEAR)
    assert decisions["by_outcome"] == {"penalty": 3}
    assert decisions["penalties"] == 3
    assert decisions["by_kind"]["fine"] == 2
    assert decisions["by_kind"]["warning"] == 1
    assert decisions["fines"] == Decimal("700")  # 500 + 200, not the other agency's 9,999
    assert decisions["major"] == 0
    assert ind.decisions(only(other_agency), YEAR)["fines"] == Decimal("9999")
    both = ind.Scope(frozenset({agency.pk, other_agency.pk}))
    assert ind.decisions(both, YEAR)["fines"] == Decimal("10699")


def test_each_drill_down_lists_what_its_figure_counts(year, agency):
    scope = only(agency)
    fines = drilled("penalties", scope, key="fine")
    assert sorted(r["fine"] for r in fines) == [Decimal("200"), Decimal("500")]
    assert {r["number"] for r in fines} == {number(year["fine"]), number(year["spot"])}
    assert len(drilled("penalties", scope, key="warning")) == 1
    counts = ind.deadlines(scope, YEAR, TODAY)
    for status in ind.DEADLINE_STATUSES:
        assert len(drilled("deadlines", scope, key=status)) == counts[status], status
    publications = ind.publications(scope, YEAR, TODAY)
    for status in ind.PUBLICATION_STATUSES:
        assert len(drilled("publications", scope, key=status)) == publications[status]


def test_filed_and_closed_by_procedure_and_state(year, agency):
    cases = ind.cases_by_procedure(only(agency), YEAR)
    assert cases["penalty_ordinary"] == {"filed": 3, "closed": 0}
    assert "penalty_simplified" not in cases  # decided on the spot, never filed
    states = {
        (r["procedure"], r["state"]): r["count"] for r in ind.cases_by_state(only(agency), YEAR)
    }
    assert states[("penalty_ordinary", "execution")] == 2
    assert states[("penalty_ordinary", "report")] == 1
    assert len(drilled("filed", only(agency), key="penalty_ordinary:report")) == 1


def test_the_period_bounds_every_figure(year, agency):
    september = ind.Period(D(2026, 9, 1), D(2026, 9, 30))
    assert ind.decisions(only(agency), september)["penalties"] == 2
    assert ind.decisions(only(agency), september)["fines"] == Decimal("500")
    autumn = ind.Period(D(2026, 10, 1), D(2026, 12, 31))
    assert ind.decisions(only(agency), autumn)["fines"] == Decimal("200")
    last_year = ind.Period.year(2025)
    assert ind.decisions(only(agency), last_year)["penalties"] == 0
    assert ind.cases_by_procedure(only(agency), last_year) == {}


def test_monthly_trend(year, agency):
    monthly = ind.monthly(only(agency), YEAR)
    assert len(monthly["months"]) == 12
    september, november = 8, 10
    assert monthly["filed"][september] == 3
    assert monthly["decided"][september] == 2
    assert monthly["decided"][november] == 1
    assert monthly["fines"][september] == Decimal("500")
    assert monthly["fines"][november] == Decimal("200")
    assert sum(monthly["decided"]) == 3


def test_deadlines_met_and_overdue(year, agency):
    counts = ind.deadlines(only(agency), YEAR, TODAY)
    assert (
        counts["on_time"] + counts["late"] + counts["overdue"] + counts["running"]
        == (counts["total"])
    )
    # The fines' payment periods (15 days from service) ran out unpaid: 500 served on
    # 21 September, 200 decided on the spot on 2 November.
    overdue = drilled("deadlines", only(agency), key="overdue")
    assert sorted(r["number"] for r in overdue) == sorted(
        [number(year["fine"]), number(year["spot"])]
    )
    assert counts["overdue"] == 2


def test_repeat_inspections_against_the_yearly_cap(year, agency, settings):
    repeat = ind.repeat_inspections(only(agency), YEAR, cap=2)
    assert repeat == {"cap": 2, "enterprises": 2, "over_cap": 1, "most": 3}
    settings.OPENENFORCE_INSPECTION_YEARLY_CAP = 3
    assert ind.repeat_inspections(only(agency), YEAR)["over_cap"] == 0
    settings.OPENENFORCE_INSPECTION_YEARLY_CAP = 2
    over = drilled("enterprises", only(agency), key="over_cap")
    assert [(r["credit_code"], r["times"]) for r in over] == [("91220101MA00000013", 3)]


def test_certificate_rate_on_the_period_end(team, agency):
    team.officer("O3", valid_to=D(2026, 6, 30))
    counts = ind.certificates(only(agency), YEAR, TODAY)
    assert (counts["officers"], counts["certified"], counts["rate"]) == (3, 2, 66.7)
    first_half = ind.Period(D(2026, 1, 1), D(2026, 6, 30))
    assert ind.certificates(only(agency), first_half, TODAY)["rate"] == 100.0
    assert [r["code"] for r in drilled("officers", only(agency), key="uncertified")] == ["O3"]


def test_department_and_officer_scopes(year, team, agency, head):
    by_department = ind.scope_for(head, department=team.department.pk)
    assert ind.decisions(by_department, YEAR)["penalties"] == 3
    lone = team.officer("O9")
    by_officer = ind.scope_for(head, officer=lone.pk)
    assert ind.decisions(by_officer, YEAR)["penalties"] == 0  # O9 handles no case
    o1 = ind.scope_for(head, officer=team.officers["O1"].pk)
    assert ind.decisions(o1, YEAR)["penalties"] == 3


def test_scope_refuses_what_the_user_may_not_read(
    year, agency, other_agency, supervisor, head, outsider, other_team
):
    assert ind.scope_for(supervisor, agency=agency.pk).agency_ids == {agency.pk}
    assert agency.pk in ind.scope_for(supervisor).agency_ids
    assert other_agency.pk not in ind.scope_for(supervisor).agency_ids
    for user, asked in ((supervisor, other_agency), (head, other_agency), (outsider, agency)):
        with pytest.raises(Http404):
            ind.scope_for(user, agency=asked.pk)
    with pytest.raises(Http404):
        ind.scope_for(head, officer=other_team.officers["O1"].pk)
    with pytest.raises(Http404):
        ind.scope_for(head, department=other_team.department.pk)


def test_side_by_side(year, agency, justice_bureau, supervisor):
    # The supervisor's own bureau is one pick away, not among the supervised by default.
    assert ind.scope_for(supervisor).agency_ids == {agency.pk}
    both = ind.Scope(frozenset({agency.pk, justice_bureau.pk}))
    assert ind.scope_for(supervisor, agency=justice_bureau.pk).agency_ids == {justice_bureau.pk}
    rows = {r["agency_id"]: r for r in ind.by_agency(both, YEAR, TODAY)}
    assert set(rows) == {agency.pk, justice_bureau.pk}
    assert rows[agency.pk]["penalties"] == 3
    assert rows[agency.pk]["fines"] == Decimal("700")
    assert rows[agency.pk]["overdue"] == 2
    assert rows[justice_bureau.pk]["filed"] == 0


def test_remedy_outcomes_and_correction_rates(year, agency, head, other_team):
    from openenforce.remedies.services import record_remedy_outcome, register_remedy

    def remedy(case, user, kind, filed, result="", decided=None, **extra):
        found = register_remedy(
            case, actor=user, kind=kind, body="长春新区管委会", filed_on=filed, **extra
        )
        if result:
            found = record_remedy_outcome(found, actor=user, result=result, decided_on=decided)
        return found

    remedy(year["fine"], head, "reconsideration", D(2026, 10, 8), "revoked", D(2026, 11, 10))
    remedy(year["warning"], head, "reconsideration", D(2026, 10, 9), "upheld", D(2026, 11, 12))
    remedy(year["spot"], head, "litigation", D(2026, 11, 5), instance="first")
    remedy(
        year["foreign"],
        other_team.x_head,
        "reconsideration",
        D(2026, 10, 8),
        "revoked",
        D(2026, 11, 10),
    )
    found = ind.remedies(only(agency), YEAR)
    assert found["reconsideration"] == {"filed": 2, "decided": 2, "corrected": 1, "rate": 50.0}
    assert found["litigation"] == {"filed": 1, "decided": 0, "corrected": 0, "rate": None}
    corrected = drilled("remedies", only(agency), key="reconsideration:corrected")
    assert [r["number"] for r in corrected] == [number(year["fine"])]
    october = ind.Period(D(2026, 10, 1), D(2026, 10, 31))
    assert ind.remedies(only(agency), october)["reconsideration"]["decided"] == 0


def test_the_dashboard_costs_the_same_queries_however_many_cases(year, team, officer, head, agency):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openenforce.testing.cases import to_execution

    with CaptureQueriesContext(connection) as before:
        ind.dashboard(only(agency), YEAR, TODAY)
    for _n in range(3):
        to_execution(team, officer, head, fine="100")
    with CaptureQueriesContext(connection) as after:
        data = ind.dashboard(only(agency), YEAR, TODAY)
    assert data["decisions"]["fines"] == Decimal("1000")
    selects = [q for q in after.captured_queries if q["sql"].startswith("SELECT")]
    assert len(after.captured_queries) == len(before.captured_queries)
    # Three grouped passes give every case figure and the monthly series, one grouped
    # query the deadlines (indicators.case_figures, deadlines_by_agency).
    assert len(selects) == 19


def test_only_inspections_with_a_complete_record_count(team, officer, agency):
    from openenforce.testing.cases import act

    from .conftest import inspect

    complete = inspect(team, officer, "91220101MA00000013", "某养老院")
    act(complete, "record_inspection", officer, record="笔录", inspection_record_complete=True)
    patrol = inspect(team, officer, "91220101MA00000026", "某福利院")
    act(patrol, "record_inspection", officer, record="巡查")
    for case in (complete, patrol):
        case.refresh_from_db()
        act(
            case,
            "conclude_inspection",
            officer,
            outcome="no_problem",
            decision_text="未发现问题",
            decided_on=D(2026, 9, 1),
        )
    found = ind.inspections(only(agency), YEAR)
    assert (found["concluded"], found["counted"]) == (2, 1)
    counted = drilled("inspections", only(agency), key="counted")
    assert [r["number"] for r in counted] == [number(complete)]


def test_inspection_results_published_on_time_late_and_overdue(agency, system_actor):
    """The inspection results (检查结果) among the publications falling due, each figure
    with its list; a decision's publication is not an inspection result."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from openenforce.disclosure.models import Publication
    from openenforce.ledger.services import create_recorded

    def item(kind: str, due: datetime.date, published: datetime.date | None) -> Publication:
        at = None
        if published is not None:
            at = timezone.make_aware(dt.datetime.combine(published, dt.time(10)))
        return Publication(
            agency=agency,
            kind=kind,
            category="inspection" if kind == "inspection" else "penalty",
            title=f"{kind} {due}",
            original_text="检查结果",
            decided_on=due - dt.timedelta(days=20),
            due_on=due,
            status="published" if at else "draft",
            published_at=at,
        )

    with transaction.atomic():
        create_recorded(
            [
                item("inspection", D(2026, 9, 30), D(2026, 9, 28)),  # on time
                item("inspection", D(2026, 9, 30), D(2026, 10, 9)),  # late
                item("inspection", D(2026, 10, 30), None),  # overdue on 20 November
                item("inspection", D(2026, 12, 10), None),  # still running
                item("penalty", D(2026, 9, 30), D(2026, 10, 9)),  # late, not a result
            ],
            actor=system_actor,
            event_type="test.import",
        )
    scope = only(agency)
    results = ind.publications(scope, YEAR, TODAY)["results"]
    assert results == {"due": 4, "on_time": 1, "late": 1, "overdue": 1, "pending": 1}
    assert ind.publications(scope, YEAR, TODAY)["late"] == 2
    for status in ind.PUBLICATION_STATUSES:
        assert len(drilled("results", scope, key=status)) == results[status], status
    assert len(drilled("results", scope)) == 4
