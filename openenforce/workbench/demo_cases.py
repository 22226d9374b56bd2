"""About thirty demo cases of the demo bureau (长新社), made by driving the lifecycle
engine as the demo users would, so every step is a recorded action.

Dates are given to the actions (filed, served, accepted…) so that some periods have
run out: those cases show as overdue. Loading is idempotent: a case whose title
already exists in the bureau is skipped, so a second load writes nothing.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from openenforce.accounts.models import Agency, User
from openenforce.cases.engine import perform_action
from openenforce.cases.models import Case
from openenforce.cases.services import file_case
from openenforce.catalog.models import Matter
from openenforce.reviews.checklist import POINT_CODES
from openenforce.reviews.models import ReviewerQualification
from openenforce.reviews.services import record_qualification

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
    return {"kind": "person", "name": name, "id_type": "resident_id", "id_number": number,
            "phone": phone}  # fmt: skip


NURSING = org("长春新区福寿康养老院", "52220100MJ0000011X", "赵福寿")
SCHOOL = org("长春新区启明培训学校", "52220100MJ0000022Y", "钱启明")
CLINIC = person("孙德仁", "220102196805121234", "13904310001")
KTV = org("长春新区星光娱乐有限公司", "91220100MA0000033Z", "李星光")
POOL = org("长春新区碧水游泳馆有限公司", "91220100MA0000044K", "周碧水")
HOTEL = org("长春新区悦来宾馆有限公司", "91220100MA0000055M", "吴悦来")
APPLICANT = person("郑晓明", "220104199002023456", "13804310002")

REPORT = {"facts": "经调查，当事人存在违法事实，证据确凿。", "proposed_penalty_kinds": ["warning"]}
FINE_3000 = {"facts": "当事人未按规定开展卫生检测，经责令改正逾期未改。",
             "proposed_penalty_kinds": ["fine"], "proposed_fine": "3000"}  # fmt: skip
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


def _checklist(**fails: str) -> str:
    points = {code: {"result": "pass", "note": ""} for code in POINT_CODES}
    for code, note in fails.items():
        points[code] = {"result": "fail", "note": note}
    return json.dumps(points, ensure_ascii=False)


MATERIALS = json.dumps({
    "investigation_report": "调查终结报告",
    "proposed_decision": "拟对当事人罚款20000元",
    "draft_decision": "行政处罚决定书（草稿）",
    "evidence_list": "证据清单9项",
}, ensure_ascii=False)  # fmt: skip

MAJOR_FINE = {"facts": "当事人未取得医师资格擅自开展诊疗活动，违法所得较多。",
              "proposed_penalty_kinds": ["fine"], "proposed_fine": "20000"}  # fmt: skip
DISCUSSION = {
    "held_on": D(2026, 11, 3), "attendees": "王建国：同意原处罚意见\n李副局长：同意\n法制科科长：保留意见",
    "opinions": "多数意见认为证据已补强，处罚适当。", "conclusion": "as_proposed", "outcome": "decide",
}  # fmt: skip


def review_agreed(
    officer: str, submitted_on: datetime.date
) -> list[tuple[str, str, dict[str, Any]]]:
    """Submission, assignment and an agreeing opinion two days later (a major decision,
    Art 58)."""
    opinion = {
        "outcome": "agree",
        "reasons": "事实清楚，证据确凿，程序合法。",
        "checklist": _checklist(),
        "reviewed_on": submitted_on + datetime.timedelta(days=2),
    }
    return [
        (officer, "submit_review", {"materials": MATERIALS, "submitted_on": submitted_on}),
        (HEAD, "assign_reviewer", {"reviewer": REVIEWER}),
        (REVIEWER, "record_review_outcome", opinion),
    ]


SPECS: list[Spec] = [
    # --- penalty, ordinary procedure -------------------------------------------------------
    Spec(
        "福寿康养老院消防通道堵塞线索",
        "penalty_ordinary",
        "SY-CF-001",
        CIVIL,
        NURSING,
        D(2026, 11, 24),
    ),
    Spec(
        "匿名举报某社会组织未年检（不予立案）",
        "penalty_ordinary",
        "SY-CF-002",
        CIVIL,
        org("长春新区爱心互助协会", "52220100MJ0000066N", "冯爱心"),
        D(2026, 11, 2),
        [(HEAD, "decline_filing", {"reason": "经核查，该组织已按期参加年检，举报事实不存在。"})],
    ),
    Spec(
        "福寿康养老院未建立入院评估制度",
        "penalty_ordinary",
        "SY-CF-001",
        CIVIL,
        NURSING,
        D(2026, 11, 10),
        [(HEAD, "approve_filing", {"filed_on": D(2026, 11, 12)})],
    ),
    Spec(
        "启明培训学校超范围办学（逾期未结）",
        "penalty_ordinary",
        "SY-CF-005",
        EDUCATION,
        SCHOOL,
        D(2026, 6, 29),
        [(HEAD, "approve_filing", {"filed_on": D(2026, 7, 1)})],
    ),
    Spec(
        "悦来宾馆未按规定开展卫生检测",
        "penalty_ordinary",
        "SY-CF-011",
        HEALTH,
        HOTEL,
        D(2026, 10, 26),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 10, 28)}),
            (O2, "conclude_investigation", FINE_3000),
        ],
    ),
    Spec(
        "星光娱乐播放含禁止内容曲目",
        "penalty_ordinary",
        "SY-CF-012",
        CULTURE,
        KTV,
        D(2026, 11, 2),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 11, 3)}),
            (O1, "conclude_investigation", REPORT),
            (O1, "serve_prior_notice", {**NOTICE, "served_on": D(2026, 11, 25)}),
        ],
    ),
    Spec(
        "福寿康养老院安全管理不到位（已归档）",
        "penalty_ordinary",
        "SY-CF-001",
        CIVIL,
        NURSING,
        D(2026, 8, 3),
        [
            *penalty_to_decided(D(2026, 8, 4), D(2026, 8, 20)),
            (O1, "serve_decision", {**NOTICE, "served_on": D(2026, 8, 24)}),
            (O1, "close_case", {"closed_on": D(2026, 8, 25)}),
            (O1, "archive", {"note": "案卷装订归档"}),
        ],
    ),
    Spec(
        "悦来宾馆公共场所卫生不合格（执行中）",
        "penalty_ordinary",
        "SY-CF-011",
        HEALTH,
        HOTEL,
        D(2026, 9, 7),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 9, 8)}),
            (O2, "conclude_investigation", FINE_3000),
            (O2, "serve_prior_notice", {**NOTICE, "served_on": D(2026, 10, 12)}),
            (
                O2,
                "record_statement",
                {"received_on": D(2026, 10, 13), "statement": "已整改，请求从轻。"},
            ),
            (
                HEAD,
                "decide",
                {
                    "outcome": "penalty",
                    "decision_text": "罚款3000元。",
                    "decided_on": D(2026, 10, 20),
                },
            ),
            (O2, "serve_decision", {**NOTICE, "served_on": D(2026, 10, 21)}),
        ],
    ),
    Spec(
        "启明培训学校未备案招生（不予处罚）",
        "penalty_ordinary",
        "SY-CF-006",
        EDUCATION,
        SCHOOL,
        D(2026, 9, 14),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 9, 15)}),
            (O2, "conclude_investigation", REPORT),
            (O2, "serve_prior_notice", {**NOTICE, "served_on": D(2026, 10, 9)}),
            (O2, "waive_defence", {"waived_on": D(2026, 10, 9), "document": "放弃陈述申辩声明书"}),
            (
                HEAD,
                "decide",
                {
                    "outcome": "no_penalty_minor",
                    "decision_text": "初次违法且危害后果轻微并及时改正，不予处罚。",
                    "decided_on": D(2026, 10, 15),
                },
            ),
        ],
    ),
    Spec(
        "碧水游泳馆未经许可经营（听证）",
        "penalty_ordinary",
        "SY-CF-014",
        CULTURE,
        POOL,
        D(2026, 10, 12),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 10, 13)}),
            (
                O1,
                "conclude_investigation",
                {
                    "facts": "当事人未取得许可经营游泳项目。",
                    "proposed_penalty_kinds": ["fine"],
                    "proposed_fine": "100000",
                },
            ),
            *review_agreed(O1, D(2026, 11, 9)),
            (O1, "serve_prior_notice", {**NOTICE, "served_on": D(2026, 11, 16)}),
            (O1, "request_hearing", {"requested_on": D(2026, 11, 18)}),
            (
                O1,
                "hold_hearing",
                {
                    "held_on": D(2026, 11, 25),
                    "chair": "ZF-004",
                    "record": "听证笔录：当事人对事实无异议，对罚款数额提出异议。",
                },
            ),
        ],
    ),
    Spec(
        "悦来宾馆水质检测（检测期间中止计时）",
        "penalty_ordinary",
        "SY-CF-010",
        HEALTH,
        HOTEL,
        D(2026, 10, 19),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 10, 20)}),
            (
                O2,
                "suspend_clock",
                {
                    "kind": "testing",
                    "start": D(2026, 11, 9),
                    "reason": "委托第三方检测机构检测水质",
                },
            ),
        ],
    ),
    Spec(
        "孙德仁非医师行医（重大案件）",
        "penalty_ordinary",
        "SY-CF-009",
        HEALTH,
        CLINIC,
        D(2026, 9, 21),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 9, 22)}),
            (O2, "conclude_investigation", MAJOR_FINE),
            (O2, "submit_review", {"materials": MATERIALS, "submitted_on": D(2026, 10, 12)}),
            (HEAD, "assign_reviewer", {"reviewer": REVIEWER}),
            (
                REVIEWER,
                "record_review_outcome",
                {
                    "outcome": "disagree",
                    "reasons": "违法所得计算依据不足。",
                    "checklist": _checklist(facts="违法所得的计算缺少票据佐证"),
                    "reviewed_on": D(2026, 10, 16),
                },
            ),
            (HEAD, "hold_collective_discussion", DISCUSSION),
            (O2, "serve_prior_notice", {**NOTICE, "served_on": D(2026, 11, 5)}),
            (O2, "waive_defence", {"waived_on": D(2026, 11, 5), "document": "放弃陈述申辩声明书"}),
            (
                HEAD,
                "decide",
                {
                    "outcome": "penalty",
                    "decision_text": "罚款20000元。",
                    "decided_on": D(2026, 11, 10),
                },
            ),
            (O2, "serve_decision", {**NOTICE, "served_on": D(2026, 11, 11)}),
        ],
    ),
    Spec(
        "福寿康养老院虐待老人线索（集体讨论）",
        "penalty_ordinary",
        "SY-CF-001",
        CIVIL,
        NURSING,
        D(2026, 10, 8),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 10, 9)}),
            (O1, "conclude_investigation", {**REPORT, "is_complex": True}),
            (O1, "refer_to_collective_discussion", {"note": "案情复杂"}),
            (HEAD, "hold_collective_discussion", {**DISCUSSION, "held_on": D(2026, 11, 2)}),
        ],
    ),
    Spec(
        "擅自兴建殡葬设施（延长期限）",
        "penalty_ordinary",
        "SY-CF-004",
        CIVIL,
        person("钱永福", "220112196301014321"),
        D(2026, 8, 24),
        [
            (HEAD, "approve_filing", {"filed_on": D(2026, 8, 25)}),
            (
                HEAD,
                "extend_decision_limit",
                {"days": 30, "reason": "需勘验现场并征求自然资源部门意见，经负责人批准"},
            ),
        ],
    ),
    Spec(
        "星光娱乐涉嫌犯罪（移送司法）",
        "penalty_ordinary",
        "SY-CF-012",
        CULTURE,
        KTV,
        D(2026, 9, 1),
        [
            *penalty_to_decided(D(2026, 9, 2), D(2026, 9, 28))[:4],
            (
                HEAD,
                "decide",
                {
                    "outcome": "transfer_judiciary",
                    "decision_text": "涉嫌犯罪，移送公安机关。",
                    "decided_on": D(2026, 10, 9),
                },
            ),
        ],
    ),
    # --- penalty, simplified -----------------------------------------------------------------
    Spec(
        "个体经营者现场警告",
        "penalty_simplified",
        "SY-CF-013",
        CULTURE,
        person("韩小虎", "220103199505055678"),
        D(2026, 11, 20),
        [
            (
                O1,
                "decide_on_spot",
                {
                    "facts": "未经许可在广场组织营业性演出。",
                    "proposed_penalty_kinds": ["warning"],
                    "rights_informed": True,
                    "decision_text": "当场给予警告。",
                    "decided_on": D(2026, 11, 20),
                },
            )
        ],
    ),
    Spec(
        "个体经营者当场罚款50元",
        "penalty_simplified",
        "SY-CF-013",
        CULTURE,
        person("何大勇", "220103198808086789"),
        D(2026, 11, 6),
        [
            (
                O1,
                "decide_on_spot",
                {
                    "facts": "占道进行营业性演出。",
                    "proposed_penalty_kinds": ["fine"],
                    "proposed_fine": "50",
                    "rights_informed": True,
                    "decision_text": "当场罚款50元。",
                    "decided_on": D(2026, 11, 6),
                },
            ),
            (O1, "record_payment", {"paid_on": D(2026, 11, 6), "amount": "50"}),
            (O1, "close_case", {"closed_on": D(2026, 11, 9)}),
        ],
    ),
    # --- licensing ---------------------------------------------------------------------------
    Spec(
        "民办非企业单位成立登记：新区阳光助残服务中心",
        "licensing",
        "SY-XK-001",
        CIVIL,
        APPLICANT,
        D(2026, 11, 25),
        source="application",
    ),
    Spec(
        "公共场所卫生许可：悦来宾馆（补正）",
        "licensing",
        "SY-XK-008",
        HEALTH,
        HOTEL,
        D(2026, 11, 16),
        [(O2, "request_supplement", {"materials": "补充卫生检测报告"})],
        source="application",
    ),
    Spec(
        "娱乐场所经营许可：星光娱乐",
        "licensing",
        "SY-XK-009",
        CULTURE,
        KTV,
        D(2026, 11, 13),
        [(O1, "accept_application", {"accepted_on": D(2026, 11, 16)})],
        source="application",
    ),
    Spec(
        "高危险性体育项目许可：碧水游泳馆（逾期）",
        "licensing",
        "SY-XK-011",
        CULTURE,
        POOL,
        D(2026, 9, 28),
        [(O1, "accept_application", {"accepted_on": D(2026, 9, 30)})],
        source="application",
    ),
    Spec(
        "医疗机构执业登记：仁心诊所（检验中止）",
        "licensing",
        "SY-XK-006",
        HEALTH,
        org("长春新区仁心诊所", "52220100MJ0000077P", "孙德仁"),
        D(2026, 11, 2),
        [
            (O2, "accept_application", {"accepted_on": D(2026, 11, 3)}),
            (
                O2,
                "suspend_clock",
                {"kind": "testing", "start": D(2026, 11, 16), "reason": "放射设备检测"},
            ),
        ],
        source="application",
    ),
    Spec(
        "文艺表演团体设立：新区青年艺术团（准予）",
        "licensing",
        "SY-XK-010",
        CULTURE,
        org("长春新区青年艺术团", "52220100MJ0000088Q", "陈青年"),
        D(2026, 10, 12),
        [
            (O1, "accept_application", {"accepted_on": D(2026, 10, 12)}),
            (
                HEAD,
                "decide_licence",
                {
                    "outcome": "granted",
                    "decision_text": "准予设立。",
                    "decided_on": D(2026, 10, 26),
                },
            ),
            (
                O1,
                "issue_certificate",
                {"certificate_number": "吉文演〔2026〕018号", "issued_on": D(2026, 10, 28)},
            ),
        ],
        source="application",
    ),
    Spec(
        "农村公益性墓地审批（不予许可）",
        "licensing",
        "SY-XK-002",
        CIVIL,
        org("长春新区双德村村民委员会", "54220100MF0000099R", "李德"),
        D(2026, 9, 7),
        [
            (O1, "accept_application", {"accepted_on": D(2026, 9, 8)}),
            (
                HEAD,
                "decide_licence",
                {
                    "outcome": "refused",
                    "decision_text": "选址位于水源保护区，不予许可。",
                    "decided_on": D(2026, 9, 25),
                },
            ),
        ],
        source="application",
    ),
    # --- inspection ------------------------------------------------------------------------
    Spec(
        "2026年第四季度养老机构双随机检查：福寿康",
        "inspection",
        "SY-JC-001",
        CIVIL,
        NURSING,
        D(2026, 11, 23),
        source="inspection",
    ),
    Spec(
        "民办学校办学行为检查：启明培训学校",
        "inspection",
        "SY-JC-003",
        EDUCATION,
        SCHOOL,
        D(2026, 10, 19),
        [
            (
                O2,
                "record_inspection",
                {"inspected_on": D(2026, 10, 20), "record": "现场检查笔录：办学行为规范。"},
            ),
            (O2, "conclude_inspection", {"outcome": "no_problem", "decision_text": "未发现问题。"}),
        ],
        source="inspection",
    ),
    Spec(
        "公共场所卫生检查：悦来宾馆（责令整改）",
        "inspection",
        "SY-JC-005",
        HEALTH,
        HOTEL,
        D(2026, 11, 9),
        [
            (
                O2,
                "record_inspection",
                {"inspected_on": D(2026, 11, 10), "record": "客房茶具未按规定消毒。"},
            ),
            (
                O2,
                "conclude_inspection",
                {"outcome": "rectification", "decision_text": "责令十日内整改。"},
            ),
        ],
        source="inspection",
    ),
    Spec(
        "娱乐场所检查：星光娱乐（转立案）",
        "inspection",
        "SY-JC-006",
        CULTURE,
        KTV,
        D(2026, 11, 2),
        [
            (
                O1,
                "record_inspection",
                {"inspected_on": D(2026, 11, 3), "record": "点歌系统含禁止内容曲目12首。"},
            ),
            (
                O1,
                "conclude_inspection",
                {"outcome": "transferred", "decision_text": "发现违法行为，转入行政处罚程序。"},
            ),
        ],
        source="inspection",
    ),
    # --- coercion ---------------------------------------------------------------------------
    Spec(
        "封存职业病危害设备：某放射诊所",
        "coercion",
        "SY-QZ-004",
        HEALTH,
        CLINIC,
        D(2026, 11, 12),
        [(HEAD, "approve_measure", {"started_on": D(2026, 11, 13), "measure": "查封X射线机一台"})],
    ),
    Spec(
        "紧急封存材料（已解除）",
        "coercion",
        "SY-QZ-004",
        HEALTH,
        CLINIC,
        D(2026, 10, 5),
        [
            (
                O2,
                "take_emergency_measure",
                {
                    "taken_at": "2026-10-05T09:30",
                    "measure": "封存放射源",
                    "reason": "放射源泄漏，情况紧急",
                },
            ),
            (HEAD, "ratify_emergency_measure", {"note": "24小时内报告并补办批准"}),
            (
                HEAD,
                "decide_handling",
                {
                    "outcome": "released",
                    "decision_text": "检测合格，解除封存。",
                    "decided_on": D(2026, 10, 20),
                },
            ),
            (O2, "release_measure", {"closed_on": D(2026, 10, 21), "reason": "检测合格"}),
        ],
    ),
    # --- the other categories ---------------------------------------------------------------
    Spec(
        "突发事件征用宾馆作为隔离点",
        "levy",
        "SY-ZY-001",
        HEALTH,
        HOTEL,
        D(2026, 11, 17),
        [
            (O2, "accept_application", {"accepted_on": D(2026, 11, 17)}),
            (
                HEAD,
                "decide",
                {
                    "outcome": "granted",
                    "decision_text": "征用悦来宾馆30日。",
                    "decided_on": D(2026, 11, 18),
                },
            ),
        ],
        source="other",
    ),
    Spec(
        "内地居民结婚登记：郑晓明",
        "confirmation",
        "SY-QR-001",
        CIVIL,
        APPLICANT,
        D(2026, 11, 9),
        [
            (O1, "accept_application", {"accepted_on": D(2026, 11, 9)}),
            (
                HEAD,
                "decide",
                {"outcome": "granted", "decision_text": "准予登记。", "decided_on": D(2026, 11, 9)},
            ),
            (O1, "serve_decision", {**NOTICE, "served_on": D(2026, 11, 9)}),
            (O1, "close_case", {"closed_on": D(2026, 11, 9)}),
        ],
        source="application",
    ),
    Spec(
        "最低生活保障金给付申请：王秀兰",
        "payment",
        "SY-JF-001",
        CIVIL,
        person("王秀兰", "220112195603037890"),
        D(2026, 11, 18),
        [(O1, "accept_application", {"accepted_on": D(2026, 11, 18)})],
        source="application",
    ),
    Spec(
        "全民健身先进集体表彰：碧水游泳馆",
        "award",
        "SY-JL-002",
        CULTURE,
        POOL,
        D(2026, 10, 26),
        [
            (O1, "accept_application", {"accepted_on": D(2026, 10, 26)}),
            (
                HEAD,
                "decide",
                {
                    "outcome": "granted",
                    "decision_text": "授予全民健身先进集体称号。",
                    "decided_on": D(2026, 11, 4),
                },
            ),
            (O1, "serve_decision", {**NOTICE, "served_on": D(2026, 11, 6)}),
        ],
        source="application",
    ),
    Spec(
        "教师申诉：启明培训学校教师",
        "adjudication",
        "SY-CJ-001",
        EDUCATION,
        person("林静", "220104199107074567"),
        D(2026, 11, 26),
        source="application",
    ),
    Spec(
        "养老机构备案：福寿康养老院",
        "other",
        "SY-QT-001",
        CIVIL,
        NURSING,
        D(2026, 9, 14),
        [
            (O1, "accept_application", {"accepted_on": D(2026, 9, 14)}),
            (
                HEAD,
                "decide",
                {"outcome": "granted", "decision_text": "予以备案。", "decided_on": D(2026, 9, 15)},
            ),
            (O1, "serve_decision", {**NOTICE, "served_on": D(2026, 9, 15)}),
            (O1, "close_case", {"closed_on": D(2026, 9, 16)}),
            (O1, "archive", {"note": "归档"}),
        ],
        source="application",
    ),
]


def _data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def _qualify_reviewer(users: dict[str, User], actor: User) -> None:
    """The demo reviewer's legal qualification (Art 58 para 2), once."""
    reviewer = users[REVIEWER]
    if not ReviewerQualification.objects.filter(user=reviewer).exists():
        record_qualification(reviewer, actor=actor, certificate_number="A20150220112001",
                             obtained_on=D(2015, 3, 1))  # fmt: skip


@transaction.atomic
def _load_one(spec: Spec, agency: Agency, users: dict[str, User]) -> Case:
    matter = Matter.objects.get(agency=agency, code=spec.matter)
    case = file_case(
        actor=users[_opener(spec)],
        procedure=spec.procedure, matter=matter, title=spec.title, source=spec.source,
        parties=[spec.party], handlers=list(spec.handlers), opened_on=spec.opened_on,
    )  # fmt: skip
    for username, action, data in spec.steps:
        _before_step(case, action, users[username], data)
        case = perform_action(case, action, actor=users[username], data=_data(data))
    return case


def _before_step(case: Case, action: str, user: User, data: dict[str, Any]) -> None:
    """A step the agency's recording list covers needs its recording (or the reason why
    none exists) first: the recordings app's demo makes it as the officers would have."""
    from openenforce.evidence.demo import prepare_step as collect_evidence
    from openenforce.recordings.demo import prepare_step

    prepare_step(case, action, actor=user, data=_data(data))
    # The evidence its officers collected, before the investigation report (closed cases
    # take no evidence, so it cannot be added after the case has been driven).
    collect_evidence(case, action, actor=user, data=_data(data))


def _opener(spec: Spec) -> str:
    return O2 if spec.handlers[0] == "ZF-002" else O1


def load_demo_cases(*, actor: User) -> list[str]:
    """Open and drive the demo cases not yet present (by title); returns the titles made."""
    agency = Agency.objects.filter(code=BUREAU).first()
    if agency is None:
        return []
    names = (O1, O2, HEAD, REVIEWER)
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    existing = set(Case.objects.filter(agency=agency).values_list("title", flat=True))
    todo = [spec for spec in SPECS if spec.title not in existing]
    if todo:
        _qualify_reviewer(users, actor)
    for spec in todo:
        _load_one(spec, agency, users)
    return [spec.title for spec in todo]
