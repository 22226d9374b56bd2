"""What the demo cases are made of: the ``Spec`` of one case, the demo parties, and the
steps several cases share (see ``openenforce.demo.scenarios.cases``)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from openenforce.reviews.checklist import POINT_CODES

D = datetime.date
BUREAU = "cnna-sa"
# officer1 is ZF-001 (civil, culture, sports), officer2 is ZF-002 (health, education).
CIVIL, HEALTH, CULTURE = ("ZF-001", "ZF-003"), ("ZF-002", "ZF-008"), ("ZF-001", "ZF-010")
EDUCATION = ("ZF-002", "ZF-006")
O1, O2, HEAD, REVIEWER = "officer1", "officer2", "head", "reviewer"


@dataclass
class Spec:
    title: str
    procedure: str
    matter: str
    handlers: tuple[str, ...]
    party: dict[str, Any]
    opened_on: datetime.date
    steps: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    source: str = "complaint"


def org(name: str, code: str, rep: str) -> dict[str, Any]:
    return {"kind": "organisation", "name": name, "credit_code": code, "legal_representative": rep}


def person(name: str, number: str, phone: str = "") -> dict[str, Any]:
    return {
        "kind": "person",
        "name": name,
        "id_type": "resident_id",
        "id_number": number,
        "phone": phone,
    }


NURSING = org("长春新区福寿康养老院", "52220100MJ00000117", "赵福寿")
SCHOOL = org("长春新区启明培训学校", "52220100MJ0000022B", "钱启明")
CLINIC = person("孙德仁", "220102196805121237", "13904310001")
KTV = org("长春新区星光娱乐有限公司", "91220100MA0000033X", "李星光")
POOL = org("长春新区碧水游泳馆有限公司", "91220100MA00000442", "周碧水")
HOTEL = org("长春新区悦来宾馆有限公司", "91220100MA00000556", "吴悦来")
APPLICANT = person("郑晓明", "220104199002023453", "13804310002")

REPORT = {"facts": "经调查，当事人存在违法事实，证据确凿。", "proposed_penalty_kinds": ["warning"]}
FINE_3000 = {
    "facts": "当事人未按规定开展卫生检测，经责令改正逾期未改。",
    "proposed_penalty_kinds": ["fine"],
    "proposed_fine": "3000",
}
NOTICE = {"method": "直接送达"}


def penalty_to_decided(filed: datetime.date, served: datetime.date, report=REPORT, who=O1):
    """Filing, investigation report, prior notice, waiver and decision."""
    return [
        (HEAD, "approve_filing", {"filed_on": filed}),
        (who, "conclude_investigation", report),
        (who, "serve_prior_notice", {**NOTICE, "served_on": served}),
        (who, "waive_defence", {"waived_on": served, "document": "当事人书面放弃陈述申辩声明"}),
        (
            HEAD,
            "decide",
            {"outcome": "penalty", "decision_text": "给予警告。", "decided_on": served},
        ),
    ]


def checklist(**fails: str) -> str:
    points = {code: {"result": "pass", "note": ""} for code in POINT_CODES}
    for code, note in fails.items():
        points[code] = {"result": "fail", "note": note}
    return json.dumps(points, ensure_ascii=False)


MATERIALS = json.dumps(
    {
        "investigation_report": "调查终结报告",
        "proposed_decision": "拟对当事人罚款20000元",
        "draft_decision": "行政处罚决定书（草稿）",
        "evidence_list": "证据清单9项",
    },
    ensure_ascii=False,
)

MAJOR_FINE = {
    "facts": "当事人未取得医师资格擅自开展诊疗活动，违法所得较多。",
    "proposed_penalty_kinds": ["fine"],
    "proposed_fine": "20000",
}
DISCUSSION = {
    "held_on": D(2026, 11, 3),
    "attendees": "王建国：同意原处罚意见\n李副局长：同意\n法制科科长：保留意见",
    "opinions": "多数意见认为证据已补强，处罚适当。",
    "conclusion": "as_proposed",
    "outcome": "decide",
}


def review_agreed(
    officer: str, submitted_on: datetime.date
) -> list[tuple[str, str, dict[str, Any]]]:
    """Submission, assignment and an agreeing opinion two days later (a major decision,
    Art 58)."""
    opinion = {
        "outcome": "agree",
        "reasons": "事实清楚，证据确凿，程序合法。",
        "checklist": checklist(),
        "reviewed_on": submitted_on + datetime.timedelta(days=2),
    }
    return [
        (officer, "submit_review", {"materials": MATERIALS, "submitted_on": submitted_on}),
        (HEAD, "assign_reviewer", {"reviewer": REVIEWER}),
        (REVIEWER, "record_review_outcome", opinion),
    ]
