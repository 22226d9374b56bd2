"""The demo licensing cases."""

from __future__ import annotations

from openenforce.demo.scenarios.case_kit import (
    APPLICANT,
    CIVIL,
    CULTURE,
    HEAD,
    HEALTH,
    HOTEL,
    KTV,
    O1,
    O2,
    POOL,
    D,
    Spec,
    org,
)

SPECS: list[Spec] = [
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
        org("长春新区仁心诊所", "52220100MJ00000770", "孙德仁"),
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
        org("长春新区青年艺术团", "52220100MJ00000884", "陈青年"),
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
        org("长春新区双德村村民委员会", "54220100MF0000099U", "李德"),
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
]
