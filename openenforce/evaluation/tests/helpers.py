"""Rubric workbooks for the tests: a small good rubric, and ways to spoil it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openenforce.evaluation import exchange
from openenforce.evaluation.models import Rubric, RubricItem, RubricVersion
from openenforce.evaluation.spec import ItemSpec, RubricSpec
from openenforce.ledger.models import Entry


def item(code, kind="points", group="filing", points="10", **extra) -> ItemSpec:
    values = {
        "code": code,
        "kind": kind,
        "group": group,
        "title": f"要求{code}",
        "points": Decimal(points) if kind == "points" else Decimal(0),
        "deduction": "不符合的，本项不得分" if kind == "points" else "",
        "deduct_each": None,
        "source": "《一般程序行政处罚案卷文书评查标准（记分表）》",
        "proposal": False,
        "check_key": "",
    }
    return ItemSpec(**{**values, **extra})


def small_spec(**extra) -> RubricSpec:
    """A rubric of 2 veto items and 3 point items: 50 + 30 + 20 = 100 points."""
    values = {
        "code": "test-penalty",
        "title": "测试评查标准",
        "procedure": "penalty_ordinary",
        "description": "",
        "excellent_from": Decimal("90"),
        "passed_from": Decimal("60"),
        "items": [
            item("J1", kind="veto", group="basic", check_key="two_certified_officers"),
            item("J2", kind="veto", group="basic"),
            item("L1", points="50", deduct_each=Decimal("10"), deduction="每处扣10分，扣完为止"),
            item("S1", group="decision", points="30", proposal=True, source="系统建议"),
            item("G1", group="archive", points="20"),
        ],
    }
    return RubricSpec(**{**values, **extra})


def write_workbook(path: Path, spec: RubricSpec | None = None, edit=None) -> Path:
    """Save ``spec`` as a workbook; ``edit(workbook)`` spoils it first."""
    workbook = exchange.build_workbook(spec or small_spec())
    if edit is not None:
        edit(workbook)
    workbook.save(path)
    return path


def counts() -> tuple[int, int, int, int]:
    return (
        Rubric.objects.count(),
        RubricVersion.objects.count(),
        RubricItem.objects.count(),
        Entry.objects.count(),
    )
