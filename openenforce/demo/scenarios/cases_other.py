"""The demo cases of the other procedures: inspection, coercion, levy and the rest."""

from __future__ import annotations

from openenforce.demo.scenarios.case_kit import (
    APPLICANT,
    CIVIL,
    CLINIC,
    CULTURE,
    EDUCATION,
    HEAD,
    HEALTH,
    HOTEL,
    KTV,
    NOTICE,
    NURSING,
    O1,
    O2,
    POOL,
    SCHOOL,
    D,
    Spec,
    person,
)

SPECS: list[Spec] = [
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
                {
                    "inspected_on": D(2026, 10, 20),
                    "record": "现场检查笔录：办学行为规范。",
                    "inspection_record_complete": True,
                },
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
                {
                    "inspected_on": D(2026, 11, 10),
                    "record": "客房茶具未按规定消毒。",
                    "inspection_record_complete": True,
                },
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
                {
                    "inspected_on": D(2026, 11, 3),
                    "record": "点歌系统含禁止内容曲目12首。",
                    "inspection_record_complete": True,
                },
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
        person("王秀兰", "220112195603037895"),
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
        person("林静", "220104199107074564"),
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
