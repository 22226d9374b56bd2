"""Scorecards computed from constructed data: each value is the supervision figure for
the agency and year, and drills down to a list of as many items."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from openenforce.appraisal import evaluation_source, registry, services
from openenforce.appraisal.models import Scorecard
from openenforce.supervision import drills
from openenforce.supervision import indicators as ind
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

YEAR = ind.Period.year(2026)


def test_values_are_the_supervision_figures_of_the_agency(card, agency):
    scope = ind.Scope(frozenset({agency.pk}))
    certificates = ind.certificates(scope, YEAR)
    assert certificates["officers"] == 3
    assert card.values["certificates"]["value"] == certificates["rate"] == 66.7
    assert card.values["certificates"]["count"] == 3
    remedies = ind.remedies(scope, YEAR)
    assert card.values["reconsideration_corrected"]["value"] == 1
    assert remedies["reconsideration"]["corrected"] == 1
    assert card.values["litigation_lost"]["value"] == 0
    deadlines = ind.deadlines(scope, YEAR, datetime.date(2026, 11, 20))
    settled = deadlines["total"] - deadlines["running"]
    assert card.values["timeliness"]["count"] == settled
    assert card.values["timeliness"]["value"] == ind.rate(deadlines["on_time"], settled)


def test_points_follow_the_rules(card):
    # 持证率 66.7 % under full at 100 %, none at 90 %: nothing.
    assert card.values["certificates"]["earned"] == "0.00"
    # One reconsideration revoked: 10 less 2.
    assert card.values["reconsideration_corrected"]["earned"] == "8.00"
    assert card.values["litigation_lost"]["earned"] == "10.00"


def test_nothing_to_measure_leaves_the_indicator_out_of_its_part(card):
    """No step of the year required a recording: the part is scored without it."""
    assert card.values["recording"]["status"] == registry.NONE
    assert card.values["recording"]["value"] is None


def test_the_evaluation_result_has_no_data_without_a_campaign(card):
    row = card.values["evaluation_pass_rate"]
    assert row["status"] == registry.MISSING
    assert row["value"] is None and row["earned"] is None
    assert card.part_points["casefiles"] == "0.00"
    assert card.values["external_review"]["status"] == registry.MISSING


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_the_evaluation_result_counts_the_graded_files_of_the_year(
    system_actor, agency, other_agency, justice_bureau, officer, supervisor
):
    """A campaign of the year over two agencies, every file scored twice and agreed: the
    agency's share of files graded 合格 or better, from the files' final results."""
    from openenforce.evaluation import results, scoring
    from openenforce.evaluation.tests.scoring_world import drawn_campaign
    from openenforce.evaluation.tests.test_scoring import FIRST, RECHECK, _open, _submit

    campaign = drawn_campaign(
        system_actor, agency, other_agency, justice_bureau, officer, supervisor
    )
    today = datetime.date(2026, 11, 20)
    ids = frozenset({agency.pk})
    # Drawn, nothing graded yet: no data.
    assert evaluation_source.evaluation_pass_rate(ids, YEAR, today).status == registry.MISSING
    for role in (FIRST, RECHECK):
        for rank in (1, 2, 3):
            score, _assignment = _open(campaign, role, rank)
            if rank == 2:  # a failed veto item: 不合格
                _submit(score, J2=scoring.Answer(met=False, comment="执法主体不合法"))
            else:
                _submit(score)
    graded = [r for r in results.file_results(campaign) if r.agency.pk == agency.pk]
    passing = sum(1 for r in graded if r.grade in ("excellent", "passed"))
    found = evaluation_source.evaluation_pass_rate(ids, YEAR, today)
    assert (found.status, found.count) == (registry.OK, len(graded))
    assert found.value == round(100 * passing / len(graded), 1)
    # Not counted in another year.
    other_year = evaluation_source.evaluation_pass_rate(ids, ind.Period.year(2025), today)
    assert other_year.status == registry.MISSING


@pytest.mark.parametrize("key", ["certificates", "reconsideration_corrected"])
def test_each_value_drills_down_to_as_many_items(card, agency, key):
    source = registry.get(key)
    kind, narrowing = source.drill
    drill = drills.DRILLS[kind]
    scope = ind.Scope(frozenset({agency.pk}))
    rows = list(drill.rows(drill.items(scope, YEAR, datetime.date(2026, 11, 20), narrowing)))
    row = card.values[key]
    if source.unit == "items":
        assert len(rows) == row["value"]
    else:  # the shortfall: those without a valid certificate
        assert len(rows) == row["count"] - round(row["count"] * row["value"] / 100)


def test_the_total_adds_up_the_parts(card):
    parts = sum(Decimal(p) for p in card.part_points.values())
    assert card.total == parts
    assert set(card.part_points) == {"daily", "casefiles", "external"}


def test_recomputing_the_same_record_gives_the_same_digest(card, supervisor, agency):
    again = services.compute_scorecard(card.scheme, agency, actor=supervisor)
    assert again.pk == card.pk
    assert again.digest == card.digest
    assert Scorecard.objects.count() == 1
