"""The rubrics shipped with the application: one per procedure, complete, their points
adding up as docs/evaluation.md says, and loaded by ``openenforce evaluation``."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from openenforce.accounts.services import get_system_actor
from openenforce.evaluation import exchange, services
from openenforce.evaluation.checks import CHECKS
from openenforce.evaluation.models import Rubric, RubricItem

pytestmark = pytest.mark.django_db

# docs/evaluation.md, "The shipped rubrics": points per group, and counts of veto items.
DOCUMENTED = {
    "penalty-ordinary": (
        "penalty_ordinary",
        {"filing": 5, "investigation": 35, "decision": 40, "service": 12, "archive": 8},
        10,
    ),
    "licensing": ("licensing", {"filing": 20, "decision": 45, "service": 20, "archive": 15}, 5),
    "coercion": (
        "coercion",
        {"filing": 15, "investigation": 40, "decision": 25, "service": 10, "archive": 10},
        6,
    ),
    "inspection": (
        "inspection",
        {"filing": 25, "investigation": 45, "decision": 20, "archive": 10},
        3,
    ),
}


def test_every_shipped_rubric_parses_and_adds_up_as_documented():
    specs = {spec.code: spec for spec in map(exchange.load_data_file, exchange.data_files())}
    assert set(specs) == set(DOCUMENTED)
    for code, (procedure, groups, vetoes) in DOCUMENTED.items():
        spec = specs[code]
        by_group: dict[str, Decimal] = {}
        for i in spec.items:
            if i.kind == "points":
                by_group[i.group] = by_group.get(i.group, Decimal(0)) + i.points
        assert spec.procedure == procedure
        assert by_group == {g: Decimal(p) for g, p in groups.items()}, code
        assert spec.total_points == 100
        assert sum(i.kind == "veto" for i in spec.items) == vetoes, code
        assert all(i.source for i in spec.items)
        assert all(i.check_key in CHECKS for i in spec.items if i.check_key)
        # Every proposal says so in its source too, and no item claims a source it lacks.
        assert all("系统建议" in i.source for i in spec.items if i.proposal), code
        assert any(i.proposal for i in spec.items) and any(not i.proposal for i in spec.items)


def test_the_penalty_rubric_vetoes_fewer_than_two_officers_and_checks_article_59():
    spec = next(
        s
        for s in map(exchange.load_data_file, exchange.data_files())
        if s.code == "penalty-ordinary"
    )
    vetoes = {i.check_key for i in spec.items if i.kind == "veto"}
    assert "two_certified_officers" in vetoes
    art59 = [i for i in spec.items if i.check_key == "art59_elements"]
    assert (len(art59), sum(i.points for i in art59)) == (7, 21)


def test_loading_publishes_each_once_and_the_workbook_round_trips(justice_bureau, tmp_path):
    actor = get_system_actor()
    outcomes = services.load_shipped(justice_bureau, actor=actor, trusted=True)
    assert sorted(outcomes) == sorted((c, "published v1") for c in DOCUMENTED)
    assert services.load_shipped(justice_bureau, actor=actor, trusted=True) == [
        (c, "unchanged") for c, _o in outcomes
    ]
    for rubric in Rubric.objects.filter(agency=justice_bureau):
        version = rubric.current()
        assert version.total_points == 100
        path = tmp_path / f"{rubric.code}.xlsx"
        path.write_bytes(exchange.export_bytes(exchange.spec_of(version)))
        assert exchange.read_rubric_workbook(path).digest() == version.digest
    assert RubricItem.objects.filter(proposal=True).exists()


def test_the_command_loads_and_lists(justice_bureau, tmp_path):
    out = StringIO()
    call_command("evaluation", "load-rubrics", "--agency", justice_bureau.code, stdout=out)
    assert "penalty-ordinary\tpublished v1" in out.getvalue()
    out = StringIO()
    call_command("evaluation", "list", "--agency", justice_bureau.code, stdout=out)
    assert out.getvalue().count("published") == 4
    target = tmp_path / "p.xlsx"
    call_command(
        "evaluation",
        "export",
        "penalty-ordinary",
        "--agency",
        justice_bureau.code,
        "--out",
        str(target),
        stdout=StringIO(),
    )
    assert exchange.read_rubric_workbook(target).code == "penalty-ordinary"


def test_the_command_refuses_a_bad_workbook_naming_the_cell(justice_bureau, tmp_path):
    from django.core.management.base import CommandError

    from openenforce.evaluation.spec import ITEM_SHEET
    from openenforce.evaluation.tests.helpers import write_workbook

    def spoil(workbook):
        workbook[ITEM_SHEET].cell(row=3, column=5).value = "abc"

    path = write_workbook(tmp_path / "r.xlsx", edit=spoil)
    with pytest.raises(CommandError) as refused:
        call_command("evaluation", "import", "--agency", justice_bureau.code, str(path))
    assert refused.value.returncode == 1
    assert "3" in str(refused.value) and "分值" in str(refused.value)
    assert not Rubric.objects.exists()
