"""The services: who may run them, manual parts need a reason, confirming freezes, every
change recorded and ``ledger verify`` silent after honest use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openenforce.appraisal import services, spec
from openenforce.appraisal.models import Indicator, Scheme, Scorecard
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)


def events(prefix: str = "appraisal.") -> list[str]:
    return list(
        Entry.objects.filter(event_type__startswith=prefix)
        .order_by("sequence")
        .values_list("event_type", flat=True)
    )


def test_the_shipped_scheme_loads_with_its_proposals_marked(justice_bureau, supervisor):
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    assert scheme.status == Scheme.Status.DRAFT
    assert scheme.weights == {"daily": 50, "casefiles": 30, "external": 20}
    assert scheme.indicators.count() == 10
    assert scheme.indicators.filter(proposal=False).count() == 2  # numbers from a source
    assert all(i.basis for i in scheme.indicators.all())
    assert events() == ["appraisal.scheme.created"] + ["appraisal.indicator.created"] * 10


def test_only_the_bodys_supervisors_load_and_publish(justice_bureau, supervisor, head, agency):
    with pytest.raises(NotPermitted):
        services.load_scheme(justice_bureau, 2026, actor=head)
    with pytest.raises(NotPermitted):  # a supervisor runs only their own body's appraisal
        services.load_scheme(agency, 2026, actor=supervisor)
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    with pytest.raises(NotPermitted):
        services.publish_scheme(scheme, actor=head)
    with pytest.raises(WrongState):
        services.load_scheme(justice_bureau, 2026, actor=supervisor)
    with pytest.raises(InvalidInput):
        services.load_scheme(justice_bureau, 2030, actor=supervisor)


def test_a_draft_scheme_is_not_computed(justice_bureau, supervisor):
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    with pytest.raises(WrongState):
        services.compute_scorecards(scheme, actor=supervisor)
    assert Scorecard.objects.count() == 0


def test_a_bad_scheme_file_names_each_problem_and_writes_nothing(tmp_path, db):
    import json

    data = json.loads(spec.DEFAULT.read_text(encoding="utf-8"))
    data["parts"][0]["weight"] = 60
    data["indicators"][0]["rule"] = {"kind": "linear", "target": 100}
    data["indicators"][1]["key"] = "guessed_figure"
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        spec.load(path)
    places = [p.field for p in refused.value.problems]
    assert places == ["parts", "indicators[1]", "indicators[2]"]
    assert Indicator.objects.count() == 0


def test_manual_parts_need_a_reason_and_stay_within_the_points(card, supervisor):
    with pytest.raises(InvalidInput) as refused:
        services.enter_points(card, actor=supervisor, key="external_review", points=90, reason=" ")
    assert refused.value.problems[0].field == "reason"
    with pytest.raises(InvalidInput):
        services.enter_points(card, actor=supervisor, key="external_review", points=101, reason="x")
    with pytest.raises(InvalidInput):  # a computed indicator is not entered by hand
        services.enter_points(card, actor=supervisor, key="certificates", points=5, reason="x")
    with pytest.raises(InvalidInput):
        services.adjust(card, actor=supervisor, points=3, reason="")
    before = card.total
    card = services.enter_points(
        card, actor=supervisor, key="external_review", points="90", reason="测评卡平均90分"
    )
    assert card.part_points["external"] == "18.00"
    assert card.total == before + Decimal(18)
    assert card.manual["external_review"]["reason"] == "测评卡平均90分"


def test_bonus_is_capped_and_deductions_count(card, supervisor):
    before = card.total
    card = services.adjust(card, actor=supervisor, points="4", reason="典型案例被司法部通报表扬")
    card = services.adjust(card, actor=supervisor, points="3", reason="创新做法被推广")
    assert card.total == before + Decimal(5)  # at most 5 bonus points
    card = services.adjust(card, actor=supervisor, points="-2", reason="迟报统计数据")
    assert card.total == before + Decimal(3)
    card = services.withdraw_adjustment(card, actor=supervisor, index=2)
    assert card.total == before + Decimal(5)


def test_confirming_freezes_the_scorecard(card, supervisor, scheme, head):
    with pytest.raises(NotPermitted):
        services.confirm(card, actor=head)
    card = services.confirm(card, actor=supervisor)
    frozen = (card.total, card.digest, card.values)
    with pytest.raises(WrongState):
        services.enter_points(card, actor=supervisor, key="external_review", points=1, reason="x")
    with pytest.raises(WrongState):
        services.adjust(card, actor=supervisor, points=1, reason="x")
    with pytest.raises(WrongState):
        services.confirm(card, actor=supervisor)
    assert services.compute_scorecards(scheme, actor=supervisor) == []
    card.refresh_from_db()
    assert (card.total, card.digest, card.values) == frozen


def test_every_change_is_recorded_and_the_record_verifies(card, supervisor):
    from openenforce.ledger.verify import verify_database

    services.enter_points(card, actor=supervisor, key="external_review", points=80, reason="座谈会")
    services.adjust(card, actor=supervisor, points=2, reason="加分")
    services.confirm(card, actor=supervisor)
    assert events("appraisal.scorecard.") == [
        "appraisal.scorecard.computed",
        "appraisal.scorecard.entered",
        "appraisal.scorecard.adjusted",
        "appraisal.scorecard.confirmed",
    ]
    assert verify_database() == []


def test_the_command_loads_publishes_and_computes(justice_bureau, activity, agency, capsys):
    call_command("appraisal", "load", "--agency", "justice", "--year", "2026")
    with pytest.raises(CommandError):  # not yet published
        call_command("appraisal", "compute", "--agency", "justice", "--year", "2026")
    call_command("appraisal", "publish", "--agency", "justice", "--year", "2026")
    call_command("appraisal", "compute", "--agency", "justice", "--year", "2026")
    out = capsys.readouterr().out
    card = Scorecard.objects.get(agency=agency)
    assert f"{agency.code}\t{card.total}\t{card.digest}" in out
    with pytest.raises(CommandError):
        call_command("appraisal", "compute", "--agency", "nobody", "--year", "2026")
