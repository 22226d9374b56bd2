"""Scorecards computed from constructed data: each value is the supervision figure for
the agency and year, and drills down to a list of as many items."""

from __future__ import annotations

import datetime
import sys
import types
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


def test_the_evaluation_result_has_no_data_without_its_module(card):
    row = card.values["evaluation_pass_rate"]
    assert row["status"] == registry.MISSING
    assert row["value"] is None and row["earned"] is None
    assert card.part_points["casefiles"] == "0.00"
    assert card.values["external_review"]["status"] == registry.MISSING


def test_the_evaluation_result_is_read_from_its_module_when_there(
    card, justice_bureau, supervisor, agency, monkeypatch
):
    from django.db import transaction

    from openenforce.evaluation.models import Campaign
    from openenforce.ledger.services import record

    with transaction.atomic():
        campaign = Campaign(
            agency=justice_bureau,
            title="2026年度案卷评查",
            agency_ids=[agency.pk],
            procedures=["penalty_ordinary"],
            closed_from=datetime.date(2026, 1, 1),
            closed_to=datetime.date(2026, 6, 30),
            starts_on=datetime.date(2026, 7, 1),
            ends_on=datetime.date(2026, 10, 31),
        )
        campaign.save()
        record(actor=None, event_type="evaluation.campaign.created", subject=campaign)
    module = types.ModuleType("openenforce.evaluation.results")
    module.agency_summary = lambda c: {agency.pk: {"files": 10, "mean_points": 88, "pass_rate": 80}}
    monkeypatch.setitem(sys.modules, "openenforce.evaluation.results", module)
    import openenforce.evaluation as evaluation_package

    monkeypatch.setattr(evaluation_package, "results", module, raising=False)
    card = services.compute_scorecard(card.scheme, agency, actor=supervisor)
    row = card.values["evaluation_pass_rate"]
    assert (row["value"], row["count"], row["status"]) == (80.0, 10, registry.OK)
    # Full at 100 %, none at 60 %: 80 % earns half of 100, the part half of its 30.
    assert row["earned"] == "50.00"
    assert card.part_points["casefiles"] == "15.00"


def test_no_campaign_of_the_year_is_no_data(agency, monkeypatch):
    module = types.ModuleType("openenforce.evaluation.results")
    module.agency_summary = lambda c: {}
    monkeypatch.setitem(sys.modules, "openenforce.evaluation.results", module)
    import openenforce.evaluation as evaluation_package

    monkeypatch.setattr(evaluation_package, "results", module, raising=False)
    found = evaluation_source.evaluation_pass_rate(
        frozenset({agency.pk}), YEAR, datetime.date(2026, 11, 20)
    )
    assert found.status == registry.MISSING and found.value is None
    assert found.note == evaluation_source.NO_CAMPAIGN


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
