"""A team, a catalogue entry and cases at the report stage, built through the services."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from openenforce.catalog.models import EnforcementCategory, ReviewCatalogueEntry
from openenforce.catalog.services import save_entry
from openenforce.reviews import services
from openenforce.reviews.checklist import POINT_CODES
from openenforce.testing.cases import act, to_report
from openenforce.testing.team import two_officers

D = datetime.date
MATERIALS = {
    "investigation_report": "调查终结报告（附件 1）",
    "proposed_decision": "拟罚款 20,000 元，理由：……",
    "draft_decision": "行政处罚决定书（草稿）",
    "evidence_list": "证据清单 12 项",
}


def entry(agency, actor, code="SH-01", **fields) -> ReviewCatalogueEntry:
    """A review catalogue entry of ``agency`` (penalty, every matter unless given)."""
    fields.setdefault("name", "较大数额罚款")
    fields.setdefault("ground", ReviewCatalogueEntry.Ground.MAJOR_RIGHTS)
    fields.setdefault("category", EnforcementCategory.PENALTY)
    return save_entry(ReviewCatalogueEntry(agency=agency, code=code, **fields), actor=actor)


def checklist(**overrides) -> dict:
    """All nine points passing, unless overridden (code=result or code=(result, note))."""
    points = {code: {"result": "pass", "note": ""} for code in POINT_CODES}
    for code, value in overrides.items():
        result, note = value if isinstance(value, tuple) else (value, "")
        points[code] = {"result": result, "note": note}
    return points


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer, prefix="R")


@pytest.fixture
def fine_entry(agency, system_actor):
    return entry(
        agency,
        system_actor,
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )


@pytest.fixture
def qualified(reviewer, system_actor):
    services.record_qualification(
        reviewer, actor=system_actor, certificate_number="A20190001", obtained_on=D(2019, 3, 1)
    )
    return reviewer


@pytest.fixture
def major_case(team, officer, head, fine_entry):
    """A case at the report stage proposing a 20,000 yuan fine on a natural person."""
    return to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )


def submit(case, officer, **extra):
    materials = {**MATERIALS, **extra}
    return act(case, "submit_review", officer, materials=json.dumps(materials, ensure_ascii=False))


@pytest.fixture
def in_review(major_case, officer, head, qualified):
    """The major case submitted and assigned to the qualified reviewer."""
    case = submit(major_case, officer)
    return act(case, "assign_reviewer", head, reviewer=qualified.username)
