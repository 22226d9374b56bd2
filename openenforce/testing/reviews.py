"""Legal review shortcuts for tests (moved here from the reviews tests, so other apps'
tests can build a reviewed major case without importing another app's tests): a review
catalogue entry, a complete checklist, a submission with its materials, a qualified
reviewer and a recorded opinion."""

from __future__ import annotations

import datetime
import json

from openenforce.catalog.models import EnforcementCategory, ReviewCatalogueEntry
from openenforce.catalog.services import save_entry
from openenforce.reviews import services
from openenforce.reviews.checklist import POINT_CODES
from openenforce.testing.cases import act

D = datetime.date
MATERIALS = {
    "investigation_report": "调查终结报告（附件 1）",
    "proposed_decision": "拟罚款 20,000 元，理由：……",
    "draft_decision": "行政处罚决定书（草稿）",
    "evidence_other": "证据清单 12 项",
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


def qualify(reviewer, actor):
    """Record ``reviewer``'s legal professional qualification (Art 58 para 2)."""
    services.record_qualification(
        reviewer, actor=actor, certificate_number="A20190001", obtained_on=D(2019, 3, 1)
    )
    return reviewer


def submit(case, officer, **extra):
    materials = {**MATERIALS, **extra}
    return act(case, "submit_review", officer, materials=json.dumps(materials, ensure_ascii=False))


def opinion(case, reviewer, outcome="agree", reasons="同意", **points):
    return act(
        case,
        "record_review_outcome",
        reviewer,
        outcome=outcome,
        reasons=reasons,
        checklist=json.dumps(checklist(**points)),
    )
