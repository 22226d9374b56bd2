"""Demo remedies: reconsideration and litigation against decided demo cases, with their
outcomes (one reconsideration upheld, one revoked: 复议纠错; one litigation lost: 诉讼败诉;
one litigation pending), and the judiciary's acceptance of the case transferred to it.

Everything goes through ``remedies.services`` and ``cases.services`` as the bureau's
head; a remedy is found again by its case, kind and body, so a second run creates
nothing.
"""

from __future__ import annotations

import datetime

from openenforce.accounts.models import Agency, User
from openenforce.cases.models import Case
from openenforce.cases.services import record_judiciary_acceptance
from openenforce.remedies.models import Remedy
from openenforce.remedies.services import record_remedy_outcome, register_remedy

BUREAU = "cnna-sa"
D = datetime.date

# case title, kind, body, filed on, instance, (result, decided on, note) or None
REMEDIES = [
    (
        "悦来宾馆公共场所卫生不合格（执行中）",
        "reconsideration",
        "长春新区管理委员会",
        D(2026, 10, 26),
        "",
        (
            "upheld",
            D(2026, 11, 20),
            "复议决定：事实清楚，证据确凿，适用依据正确，程序合法，予以维持。",
        ),
    ),
    (
        "个体经营者当场罚款50元",
        "reconsideration",
        "长春新区管理委员会",
        D(2026, 11, 10),
        "",
        (
            "revoked",
            D(2026, 11, 24),
            "复议决定：当场处罚未制作并交付行政处罚决定书，程序违法，予以撤销。",
        ),
    ),
    (
        "福寿康养老院安全管理不到位（已归档）",
        "litigation",
        "长春市南关区人民法院",
        D(2026, 9, 1),
        "first",
        ("confirmed_illegal", D(2026, 11, 18), "一审判决：未告知听证权利，确认处罚决定违法。"),
    ),
    (
        "孙德仁非医师行医（重大案件）",
        "litigation",
        "长春市南关区人民法院",
        D(2026, 11, 20),
        "first",
        None,
    ),
]
# The case transferred to the public security organ, and the day it was accepted (立案).
JUDICIARY = ("星光娱乐涉嫌犯罪（移送司法）", D(2026, 10, 16))


def load_demo(*, actor: User) -> list[str]:
    """Register the missing remedies and outcomes; returns what was made."""
    agency = Agency.objects.filter(code=BUREAU).first()
    head = User.objects.filter(username="head", agency=agency).first()
    if agency is None or head is None:
        return []
    cases = {c.title: c for c in Case.objects.filter(agency=agency, decided_on__isnull=False)}
    made = []
    for title, kind, body, filed_on, instance, outcome in REMEDIES:
        case = cases.get(title)
        if case is None:
            continue
        remedy = Remedy.objects.filter(case=case, kind=kind, body=body).first()
        if remedy is None:
            remedy = register_remedy(
                case, actor=head, kind=kind, body=body, filed_on=filed_on, instance=instance
            )
            made.append(f"remedy {title} {kind}")
        if outcome is not None and not remedy.result:
            result, decided_on, note = outcome
            record_remedy_outcome(
                remedy, actor=head, result=result, decided_on=decided_on, note=note
            )
            made.append(f"remedy outcome {title} {result}")
    title, accepted_on = JUDICIARY
    case = cases.get(title)
    if case is not None and case.judiciary_accepted_on is None:
        record_judiciary_acceptance(case, actor=head, accepted_on=accepted_on)
        made.append(f"judiciary acceptance {title}")
    return made
