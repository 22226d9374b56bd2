"""A year of enforcement in both district agencies, replayed under a moving clock.

The hand-written demo cases show one of each situation; the supervisor's dashboards,
the warnings and the annual report need volume: about 120 cases of the bureau (长新社) and
75 of the market regulation bureau (长新市监) spread over the twelve months before today —
penalties (warnings, fines mostly within the discretion standard, confiscations, combined
penalties, 不予处罚 and 减轻处罚), on-the-spot decisions, licences granted and refused,
inspections that count and that do not, major decisions through legal review (some
corrected), a transfer to the judiciary, reconsiderations and lawsuits with their outcomes,
publications mostly on time and a few late, a withdrawal and a correction; recent cases
still open and a few stalled ones overdue.

``plan(today)`` draws everything from a ``random.Random`` with a fixed seed; the draws do
not depend on the date (offsets in days are turned into dates at the end), so titles stay
the same whatever day the demo is loaded, and a title already present means the year is
there. ``load_demo`` runs the events in time order, each under ``time_machine`` at its own
moment (09:00–17:00 of its working day, increasing), through the same services and
lifecycle actions the users would use; so a March decision is published in March and the
record's entries follow each other in time. Events that would fall on or after today are
left out: those cases stay open, as they would be.
"""

from __future__ import annotations

import datetime
import json
import random
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.db import transaction

from openenforce.accounts.models import Agency, User
from openenforce.accounts.services import get_system_actor
from openenforce.cases.engine import perform_action
from openenforce.cases.models import Case
from openenforce.cases.services import file_case, record_judiciary_acceptance
from openenforce.catalog.models import Matter
from openenforce.demo.creditcode import make_credit_code
from openenforce.demo.data.accounts import BUREAU, MARKET
from openenforce.demo.scenarios import recordings
from openenforce.disclosure import services as disclosure
from openenforce.disclosure.masking import id_check_digit
from openenforce.disclosure.models import Publication
from openenforce.recordings import requirements
from openenforce.recordings.services import waive_recording
from openenforce.remedies.models import Remedy
from openenforce.remedies.services import record_remedy_outcome, register_remedy
from openenforce.reviews.checklist import POINT_CODES
from openenforce.reviews.models import LegalReview, ReviewerQualification
from openenforce.reviews.services import confirm_review_changes, record_qualification

D = datetime.date
SEED = 20261
DAYS = 365  # the year before today
COUNTS = {BUREAU: 120, MARKET: 75}
NOTICE = "直接送达"


# ---------------------------------------------------------------- who and what


@dataclass(frozen=True)
class Staff:
    """The logins of one agency's roles."""

    head: str
    reviewer: str
    publisher: str
    officers: dict[str, tuple[str, tuple[str, str]]]  # field → (login, two handlers)
    reviewer_certificate: str
    court: str
    reconsideration_body: str
    police: str


STAFF = {
    BUREAU: Staff(
        head="head",
        reviewer="reviewer",
        publisher="publisher",
        officers={
            "civil": ("officer1", ("ZF-001", "ZF-003")),
            "culture": ("officer1", ("ZF-001", "ZF-010")),
            "sports": ("officer1", ("ZF-001", "ZF-010")),
            "health": ("officer2", ("ZF-002", "ZF-008")),
            "education": ("officer2", ("ZF-002", "ZF-006")),
        },
        reviewer_certificate="A20150220112001",
        court="长春市南关区人民法院",
        reconsideration_body="长春新区管理委员会",
        police="长春新区公安分局",
    ),
    MARKET: Staff(
        head="amr-head",
        reviewer="amr-reviewer",
        publisher="amr-publisher",
        officers={
            "food": ("amr-officer1", ("SJ-ZF-001", "SJ-ZF-003")),
            "quality": ("amr-officer2", ("SJ-ZF-002", "SJ-ZF-004")),
        },
        reviewer_certificate="A20160220113015",
        court="长春市宽城区人民法院",
        reconsideration_body="长春新区管理委员会",
        police="长春新区公安分局",
    ),
}

WORDS = [
    "鑫盛",
    "华泰",
    "永兴",
    "福满",
    "嘉禾",
    "瑞丰",
    "恒通",
    "金桥",
    "万家",
    "顺发",
    "德润",
    "宏达",
    "利民",
    "康泰",
    "和顺",
    "佳美",
    "盛源",
    "兴隆",
    "润泽",
    "百味",
    "乐家",
    "悦享",
    "聚福",
    "天合",
    "新程",
    "同创",
    "博文",
    "明德",
    "启航",
    "晨曦",
    "绿源",
    "东方",
    "北湖",
    "鸿运",
    "安泰",
    "富民",
    "祥和",
    "益康",
    "长乐",
    "欣荣",
    "广厦",
    "汇通",
    "春晖",
    "锦程",
    "惠邻",
    "御品",
    "旺角",
    "家和",
    "泰丰",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "国庆",
    "春梅",
    "晓东",
    "丽华",
    "文博",
    "玉兰",
    "德明",
    "红梅",
    "振宇",
    "淑珍",
    "立新",
    "雪梅",
]
STREETS = ["硅谷大街", "超达大路", "北湖大路", "长德路", "盛北大街", "天工路", "光谷大街"]

# What each kind of party is called, and its kind of credit code (authority, kind).
SHOPS = {
    "nursing": ("养老院", "52"),
    "school": ("培训学校", "52"),
    "hotel": ("宾馆有限公司", "91"),
    "ktv": ("娱乐有限公司", "91"),
    "pool": ("游泳健身有限公司", "91"),
    "troupe": ("文化传媒有限公司", "91"),
    "restaurant": ("餐饮店", "92"),
    "market": ("超市有限公司", "91"),
    "grocer": ("食品商行", "92"),
    "hardware": ("五金建材商行", "92"),
    "appliance": ("电器有限公司", "91"),
    "store": ("日用百货店", "92"),
}


@dataclass(frozen=True)
class Offence:
    """A penalty matter and how the year uses it."""

    matter: str
    field: str
    shop: str  # a SHOPS key, or "person"
    facts: str
    kinds: tuple[str, ...]  # the usual penalty kinds proposed
    confiscation: tuple[int, int] | None = None  # illegal gains confiscated (yuan)


OFFENCES = {
    BUREAU: [
        Offence(
            "SY-CF-001",
            "civil",
            "nursing",
            "当事人未按规定对入住老年人进行入院评估，消防通道堆放杂物，经责令改正逾期未改正。",
            ("warning", "fine"),
        ),
        Offence(
            "SY-CF-005",
            "education",
            "school",
            "当事人超出审批范围招收学员，未按规定公示收费项目。",
            ("warning",),
        ),
        Offence(
            "SY-CF-007",
            "education",
            "school",
            "当事人以“思维训练”名义变相开展学科类校外培训。",
            ("fine", "confiscate_gains"),
            (3000, 20000),
        ),
        Offence(
            "SY-CF-010",
            "health",
            "hotel",
            "当事人未取得公共场所卫生许可证擅自营业。",
            ("warning", "fine"),
        ),
        Offence(
            "SY-CF-011",
            "health",
            "hotel",
            "当事人未按规定对公共场所的空气、微小气候、水质进行卫生检测。",
            ("warning", "fine"),
        ),
        Offence(
            "SY-CF-012",
            "culture",
            "ktv",
            "当事人点歌系统中存在含有禁止内容的曲目。",
            ("fine",),
        ),
        Offence(
            "SY-CF-013",
            "culture",
            "troupe",
            "当事人未取得营业性演出许可证擅自从事营业性演出经营活动。",
            ("fine", "confiscate_gains"),
            (2000, 15000),
        ),
    ],
    MARKET: [
        Offence(
            "SJ-CF-001",
            "food",
            "restaurant",
            "当事人未取得食品经营许可，从事熟食制售经营活动。",
            ("fine", "confiscate_gains", "confiscate_property"),
            (500, 6000),
        ),
        Offence(
            "SJ-CF-002",
            "food",
            "market",
            "经抽样检验，当事人销售的芹菜中毒死蜱残留量超过食品安全国家标准限量。",
            ("fine", "confiscate_gains", "confiscate_property"),
            (100, 2000),
        ),
        Offence(
            "SJ-CF-003",
            "food",
            "restaurant",
            "当事人餐具使用前未经清洗消毒，安排未取得健康证明的人员从事接触直接入口食品的工作。",
            ("warning",),
        ),
        Offence(
            "SJ-CF-004",
            "quality",
            "hardware",
            "经监督抽查，当事人销售的电线电缆导体电阻不符合国家标准。",
            ("fine", "confiscate_property"),
            (800, 8000),
        ),
        Offence(
            "SJ-CF-005",
            "quality",
            "appliance",
            "当事人以不合格的电热水壶冒充合格产品销售。",
            ("fine", "confiscate_gains", "confiscate_property"),
            (500, 5000),
        ),
        Offence(
            "SJ-CF-006",
            "quality",
            "store",
            "当事人销售的儿童玩具无中文警示说明，产品标识不符合规定。",
            ("warning",),
        ),
    ],
}

# The matters the major cases use (a person fined more than the review threshold).
MAJOR = {
    BUREAU: Offence(
        "SY-CF-009",
        "health",
        "person",
        "当事人未取得医师执业证书，在其租住房屋内开展针灸、推拿诊疗活动。",
        ("fine", "confiscate_gains"),
        (5000, 30000),
    ),
    MARKET: Offence(
        "SJ-CF-001",
        "food",
        "person",
        "当事人未取得食品经营许可，长期从事团餐配送经营活动，货值金额一万元以上。",
        ("fine", "confiscate_gains", "confiscate_property"),
        (10000, 40000),
    ),
}
SIMPLIFIED = {
    BUREAU: [("SY-CF-013", "culture", "在广场未经许可组织营业性演出，经劝阻后停止。")],
    MARKET: [
        ("SJ-CF-003", "food", "餐饮具保洁柜未正常使用，现场责令改正。"),
        ("SJ-CF-006", "quality", "销售的商品标识缺少生产者地址，现场责令改正。"),
    ],
}
LICENCES = {
    BUREAU: [
        ("SY-XK-008", "health", "hotel", "公共场所卫生许可", "吉卫公证字〔{y}〕第{n:03d}号"),
        ("SY-XK-009", "culture", "ktv", "娱乐场所经营许可", "娱经字22011{n:06d}"),
        ("SY-XK-011", "sports", "pool", "经营高危险性体育项目许可", "吉体高危〔{y}〕{n:03d}号"),
    ],
    MARKET: [("SJ-XK-001", "food", "restaurant", "食品经营许可", "JY1220173{n:05d}")],
}
INSPECTIONS = {
    BUREAU: [
        ("SY-JC-001", "civil", "nursing", "养老机构监督检查"),
        ("SY-JC-003", "education", "school", "民办学校办学行为检查"),
        ("SY-JC-005", "health", "hotel", "公共场所卫生监督检查"),
        ("SY-JC-006", "culture", "ktv", "娱乐场所经营活动检查"),
    ],
    MARKET: [
        ("SJ-JC-001", "food", "restaurant", "食品经营者监督检查"),
        ("SJ-JC-001", "food", "market", "食品经营者监督检查"),
        ("SJ-JC-002", "quality", "hardware", "产品质量监督抽查"),
    ],
}


# ---------------------------------------------------------------- the plan


@dataclass
class Step:
    """One event: ``offset`` days after the year's first day; ``what`` names it."""

    offset: int
    what: str  # file, act, publish, remedy, outcome, judiciary, withdraw, correct
    user: str = ""
    action: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    title: str
    procedure: str
    matter: str
    handlers: tuple[str, str]
    opener: str
    party: dict[str, Any]
    source: str
    steps: list[Step] = field(default_factory=list)


def _workday(offset: int, start: datetime.date) -> int:
    """``offset``, moved on past a weekend."""
    weekday = (start + datetime.timedelta(days=offset)).weekday()
    return offset + (7 - weekday if weekday >= 5 else 0)


class _Planner:
    """Draws one agency's year (offsets only: the dates come from ``start``)."""

    def __init__(self, agency: str, rng: random.Random, start: datetime.date) -> None:
        self.agency, self.rng, self.start = agency, rng, start
        self.staff = STAFF[agency]
        self.names: set[str] = set()
        self.serial = 0
        self.plans: list[CasePlan] = []

    # -- parties

    def _word(self) -> str:
        return self.rng.choice(WORDS)

    def _person_name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def organisation(self, shop: str) -> dict[str, Any]:
        suffix, prefix = SHOPS[shop]
        name = f"长春新区{self._word()}{suffix}"
        while name in self.names:
            name = f"长春新区{self._word()}{self._word()}{suffix}"
        self.names.add(name)
        self.serial += 1
        body = f"{'DY' if self.agency == BUREAU else 'DK'}{self.serial:06d}"
        code = make_credit_code(
            authority=prefix[0], kind=prefix[1], division="220100", org_body=body
        )
        return {
            "kind": "organisation",
            "name": name,
            "credit_code": code,
            "legal_representative": self._person_name(),
        }

    def person(self) -> dict[str, Any]:
        area = self.rng.choice(["220102", "220103", "220104", "220105", "220106", "220112"])
        born = D(1962, 1, 1) + datetime.timedelta(days=self.rng.randrange(0, 36 * 365))
        first17 = f"{area}{born:%Y%m%d}{self.rng.randrange(100, 999):03d}"
        return {
            "kind": "person",
            "name": self._person_name(),
            "id_type": "resident_id",
            "id_number": first17 + id_check_digit(first17),
            "phone": f"139043{self.rng.randrange(10000, 99999)}",
        }

    def party(self, shop: str) -> dict[str, Any]:
        return self.person() if shop == "person" else self.organisation(shop)

    # -- cases

    def new(self, title, procedure, matter, field_, party, source, opened) -> CasePlan:
        login, handlers = self.staff.officers[field_]
        plan = CasePlan(title, procedure, matter, handlers, login, party, source)
        plan.steps.append(Step(opened, "file"))
        self.plans.append(plan)
        return plan

    def day(self, offset: int) -> int:
        return _workday(offset, self.start)

    def publish(self, plan: CasePlan, decided: int) -> None:
        """The publication of a decision: within the 7 working days mostly, some late."""
        late = self.rng.random() < 0.1
        delay = self.rng.randrange(12, 25) if late else self.rng.randrange(1, 7)
        plan.steps.append(Step(self.day(decided + delay), "publish", self.staff.publisher))

    def sanction(self, offence: Offence) -> tuple[dict, dict, int | None, int | None]:
        """The proposal and the decision: 不予处罚, a warning, or a fine within the
        standard (now and then reduced below it, 减轻处罚), with any confiscation."""
        rng = self.rng
        choice = rng.random()
        kinds = list(offence.kinds)
        decide: dict[str, Any] = {"outcome": "penalty"}
        fine = None
        if choice < 0.12:  # 不予处罚: first, minor, corrected (行政处罚法 Art 33)
            kinds = ["warning"]
            decide = {
                "outcome": "no_penalty_minor",
                "decision_text": "当事人初次违法且危害后果轻微并及时改正，依法不予行政处罚。",
                "amount_forgone": str(rng.choice([2000, 5000, 10000])),
            }
        elif "fine" in kinds or choice < 0.3:
            fine = self.fine_in_band(offence.matter)
            if "fine" not in kinds:
                kinds = ["warning", "fine"]
        else:
            kinds = ["warning"]
        proposal: dict[str, Any] = {"facts": offence.facts, "proposed_penalty_kinds": kinds}
        if fine is not None:
            proposal["proposed_fine"] = str(fine)
        confiscated = None
        if offence.confiscation and set(kinds) & {"confiscate_gains", "confiscate_property"}:
            confiscated = rng.randrange(*offence.confiscation) // 10 * 10
            proposal["proposed_confiscation"] = str(confiscated)
        return proposal, decide, fine, confiscated

    def penalty(self, opened: int, *, stall: bool = False) -> CasePlan:
        offence = self.rng.choice(OFFENCES[self.agency])
        party = self.party(offence.shop)
        title = f"{party['name']}{_short(offence.facts)}"
        plan = self.new(
            title, "penalty_ordinary", offence.matter, offence.field, party, "complaint", opened
        )
        staff, rng, o = self.staff, self.rng, plan.opener
        filed = self.day(opened + rng.randrange(0, 4))
        plan.steps.append(Step(filed, "act", staff.head, "approve_filing"))
        if stall:  # filed and then left: its decision period runs out
            return plan
        report = self.day(filed + rng.randrange(12, 40))
        proposal, decide, fine, confiscated = self.sanction(offence)
        plan.steps.append(Step(report, "act", o, "conclude_investigation", proposal))
        notice = self.day(report + rng.randrange(2, 10))
        plan.steps.append(Step(notice, "act", o, "serve_prior_notice", {"method": NOTICE}))
        if rng.random() < 0.6:
            plan.steps.append(
                Step(notice, "act", o, "waive_defence", {"document": "当事人书面放弃陈述申辩声明"})
            )
            decided = self.day(notice + rng.randrange(2, 8))
        else:
            statement = {"statement": "对违法事实无异议，已整改，请求从轻处理。"}
            plan.steps.append(Step(self.day(notice + 2), "act", o, "record_statement", statement))
            decided = self.day(notice + rng.randrange(8, 16))
        if decide["outcome"] == "penalty":
            floor = self.band_floor(offence.matter)
            if fine is not None and floor and floor >= 2000 and rng.random() < 0.12:
                # 减轻处罚 (Art 32): below the standard's lowest fine, the rest forgone.
                reduced = int(floor) // 2 // 100 * 100
                decide |= {"mitigated": True, "amount_forgone": str(int(floor) - reduced)}
                fine = reduced
            decide["decision_text"] = _decision_text(
                proposal["proposed_penalty_kinds"], fine, confiscated
            )
        if confiscated is not None and rng.random() < 0.25:
            decide["confiscation_value_undetermined"] = True
            confiscated = None
        plan.steps.append(Step(decided, "act", staff.head, "decide", decide))
        if decide["outcome"] == "penalty":
            self.publish(plan, decided)
        self.execute(plan, decided, fine, confiscated)
        return plan

    def execute(self, plan: CasePlan, decided: int, fine, confiscated) -> None:
        """Service, payment and closing; now and then archiving, or a fine left unpaid."""
        rng, o = self.rng, plan.opener
        served = self.day(decided + rng.randrange(1, 4))
        plan.steps.append(Step(served, "act", o, "serve_decision", {"method": NOTICE}))
        if fine is not None or confiscated is not None:
            if rng.random() < 0.08:
                return  # not paid yet
            paid = self.day(served + rng.randrange(3, 14))
            amount = (fine or 0) + (confiscated or 0)
            plan.steps.append(Step(paid, "act", o, "record_payment", {"amount": str(amount)}))
            served = paid
        closed = self.day(served + rng.randrange(1, 6))
        plan.steps.append(Step(closed, "act", o, "close_case"))
        if rng.random() < 0.5:
            plan.steps.append(Step(self.day(closed + 10), "act", o, "archive", {"note": "归档"}))

    def fine_in_band(self, matter: str) -> int:
        """A fine within one band of the matter's standard (read from the data)."""
        bands = [b for b in _standards(self.agency).get(matter, []) if b["fine_max"]]
        if not bands:
            return self.rng.choice([1000, 2000, 3000, 5000])
        band = self.rng.choice(bands[:2] if len(bands) > 2 else bands)
        low, high = band["fine_min"] or 0, band["fine_max"]
        return max(100, self.rng.randrange(int(low), int(high) + 1) // 100 * 100)

    def band_floor(self, matter: str) -> int | None:
        lows = [b["fine_min"] for b in _standards(self.agency).get(matter, []) if b["fine_min"]]
        return min(lows) if lows else None

    def major(self, opened: int, review: str) -> CasePlan:
        """A major decision: legal review agreeing, agreeing after changes, or disagreeing
        (then collective discussion)."""
        offence, rng, staff = MAJOR[self.agency], self.rng, self.staff
        party = self.person()
        plan = self.new(
            f"{party['name']}{_short(offence.facts)}（重大案件）",
            "penalty_ordinary",
            offence.matter,
            offence.field,
            party,
            "complaint",
            opened,
        )
        o = plan.opener
        filed = self.day(opened + 1)
        plan.steps.append(Step(filed, "act", staff.head, "approve_filing"))
        fine = 120000 if self.agency == MARKET else 30000
        low, high = offence.confiscation or (1000, 10000)
        confiscated = rng.randrange(low, high) // 100 * 100
        proposal: dict[str, Any] = {
            "facts": offence.facts,
            "proposed_penalty_kinds": list(offence.kinds),
            "proposed_fine": str(fine),
            "proposed_confiscation": str(confiscated),
        }
        report = self.day(filed + rng.randrange(25, 40))
        plan.steps.append(Step(report, "act", o, "conclude_investigation", proposal))
        submitted = self.day(report + 2)
        materials = {
            "materials": json.dumps(
                {
                    "investigation_report": "调查终结报告",
                    "proposed_decision": f"拟没收违法所得{confiscated}元，并处罚款{fine}元",
                    "draft_decision": "行政处罚决定书（草稿）",
                    "evidence_list": "证据清单12项",
                },
                ensure_ascii=False,
            )
        }
        plan.steps.append(Step(submitted, "act", o, "submit_review", materials))
        plan.steps.append(
            Step(submitted, "act", staff.head, "assign_reviewer", {"reviewer": staff.reviewer})
        )
        reviewed = self.day(submitted + rng.randrange(2, 6))
        reasons = {
            "agree": "事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。",
            "agree_with_changes": "违法所得计算有误，应扣除已退还消费者的款项后认定，修改后同意。",
            "disagree": "货值金额认定证据不足，处罚幅度偏重。",
        }[review]
        plan.steps.append(
            Step(
                reviewed,
                "act",
                staff.reviewer,
                "record_review_outcome",
                {"outcome": review, "reasons": reasons, "checklist": _checklist(review)},
            )
        )
        if review == "agree_with_changes":  # 纠错: the gains recounted, then confirmed
            revised = {**proposal, "proposed_confiscation": str(confiscated * 3 // 4 // 100 * 100)}
            plan.steps.append(Step(self.day(reviewed + 1), "act", o, "revise_proposal", revised))
            reviewed = self.day(reviewed + 2)
            plan.steps.append(Step(reviewed, "confirm", staff.reviewer))
            confiscated = int(revised["proposed_confiscation"])
        if review == "disagree":
            held = self.day(reviewed + 5)
            discussion = {
                "attendees": "局长、分管副局长、法规科科长、承办科室负责人",
                "opinions": "经讨论，证据已补强，同意按调整后的意见处理。",
                "conclusion": "as_proposed",
                "outcome": "decide",
            }
            plan.steps.append(
                Step(held, "act", staff.head, "hold_collective_discussion", discussion)
            )
            reviewed = held
        notice = self.day(reviewed + 3)
        plan.steps.append(Step(notice, "act", o, "serve_prior_notice", {"method": NOTICE}))
        plan.steps.append(
            Step(notice, "act", o, "waive_defence", {"document": "当事人书面放弃陈述申辩和听证"})
        )
        decided = self.day(notice + 6)
        text = _decision_text(offence.kinds, fine, confiscated)
        plan.steps.append(
            Step(
                decided, "act", staff.head, "decide", {"outcome": "penalty", "decision_text": text}
            )
        )
        self.publish(plan, decided)
        self.execute(plan, decided, fine, confiscated)
        return plan

    def transfer(self, opened: int) -> CasePlan:
        """A case handed to the public security organ as a suspected crime, and accepted."""
        offence, rng, staff = MAJOR[self.agency], self.rng, self.staff
        party = self.person()
        plan = self.new(
            f"{party['name']}涉嫌犯罪案（移送司法）",
            "penalty_ordinary",
            offence.matter,
            offence.field,
            party,
            "complaint",
            opened,
        )
        o = plan.opener
        filed = self.day(opened + 1)
        plan.steps.append(Step(filed, "act", staff.head, "approve_filing"))
        report = self.day(filed + 20)
        plan.steps.append(
            Step(
                report,
                "act",
                o,
                "conclude_investigation",
                {
                    "facts": offence.facts + "涉案金额巨大，涉嫌犯罪。",
                    "proposed_penalty_kinds": ["warning"],
                },
            )
        )
        notice = self.day(report + 2)
        plan.steps.append(Step(notice, "act", o, "serve_prior_notice", {"method": NOTICE}))
        plan.steps.append(
            Step(notice, "act", o, "waive_defence", {"document": "放弃陈述申辩声明书"})
        )
        decided = self.day(notice + 3)
        plan.steps.append(
            Step(
                decided,
                "act",
                staff.head,
                "decide",
                {
                    "outcome": "transfer_judiciary",
                    "decision_text": f"涉嫌犯罪，依法移送{staff.police}。",
                },
            )
        )
        plan.steps.append(Step(self.day(decided + rng.randrange(5, 12)), "judiciary", staff.head))
        return plan

    def simplified(self, opened: int) -> CasePlan:
        matter, field_, facts = self.rng.choice(SIMPLIFIED[self.agency])
        on_spot_person = self.rng.random() < 0.6
        party = self.person() if on_spot_person else self.organisation("store")
        plan = self.new(
            f"{party['name']}当场处罚（{_short(facts, 10)}）",
            "penalty_simplified",
            matter,
            field_,
            party,
            "inspection",
            opened,
        )
        o = plan.opener
        fine = None if self.rng.random() < 0.5 else (50 if on_spot_person else 500)
        if (self.band_floor(matter) or 0) > fine_limit(on_spot_person):
            fine = None  # the standard's fines exceed what may be imposed on the spot
        data: dict[str, Any] = {
            "facts": facts,
            "proposed_penalty_kinds": ["fine"] if fine else ["warning"],
            "rights_informed": True,
            "decision_text": f"当场罚款{fine}元。" if fine else "当场给予警告。",
        }
        if fine:
            data["proposed_fine"] = str(fine)
        plan.steps.append(Step(opened, "act", o, "decide_on_spot", data))
        if fine:
            plan.steps.append(Step(opened, "act", o, "record_payment", {"amount": str(fine)}))
        plan.steps.append(Step(self.day(opened + 1), "act", o, "close_case"))
        return plan

    def licence(self, opened: int, n: int) -> CasePlan:
        matter, field_, shop, name, number = self.rng.choice(LICENCES[self.agency])
        party = self.organisation(shop)
        plan = self.new(
            f"{name}：{party['name']}", "licensing", matter, field_, party, "application", opened
        )
        rng, o, staff = self.rng, plan.opener, self.staff
        accepted = self.day(opened + rng.randrange(0, 3))
        plan.steps.append(Step(accepted, "act", o, "accept_application"))
        decided = self.day(accepted + rng.randrange(3, 9))
        refused = rng.random() < 0.15
        text = "经审查，申请材料与现场核查情况不符，不予许可。" if refused else "准予许可。"
        outcome = {"outcome": "refused" if refused else "granted", "decision_text": text}
        plan.steps.append(Step(decided, "act", staff.head, "decide_licence", outcome))
        if not refused:
            issued = self.day(decided + rng.randrange(1, 3))
            year = (self.start + datetime.timedelta(days=issued)).year
            certificate = {"certificate_number": number.format(y=year, n=n)}
            plan.steps.append(Step(issued, "act", o, "issue_certificate", certificate))
            self.publish(plan, decided)
        return plan

    def inspection(self, opened: int) -> CasePlan:
        matter, field_, shop, name = self.rng.choice(INSPECTIONS[self.agency])
        party = self.organisation(shop)
        plan = self.new(
            f"{name}：{party['name']}", "inspection", matter, field_, party, "inspection", opened
        )
        rng, o = self.rng, plan.opener
        inspected = self.day(opened + rng.randrange(1, 5))
        complete = rng.random() < 0.8
        record = (
            "现场检查笔录：出示执法证件，检查经营场所、台账和从业人员健康证明，当事人签字确认。"
            if complete
            else "日常巡查记录：现场查看，未制作完整检查笔录。"
        )
        plan.steps.append(
            Step(
                inspected,
                "act",
                o,
                "record_inspection",
                {"record": record, "inspection_record_complete": complete},
            )
        )
        roll = rng.random()
        outcome, text = (
            ("no_problem", "未发现问题。")
            if roll < 0.6
            else ("rectification", "发现问题，责令十日内整改。")
            if roll < 0.88
            else ("transferred", "发现违法行为，转入行政处罚程序。")
        )
        concluded = self.day(inspected + rng.randrange(0, 3))
        plan.steps.append(
            Step(
                concluded,
                "act",
                o,
                "conclude_inspection",
                {"outcome": outcome, "decision_text": text},
            )
        )
        self.publish(plan, concluded)
        if outcome == "rectification":
            verify = {"outcome": "done", "record": "复查：已按要求整改完毕。"}
            plan.steps.append(
                Step(self.day(concluded + 12), "act", o, "verify_rectification", verify)
            )
        return plan


def fine_limit(person: bool) -> int:
    """The largest fine imposed on the spot (行政处罚法 Art 51)."""
    return 200 if person else 3000


def _short(facts: str, length: int = 14) -> str:
    """A case title's subject from its facts."""
    text = facts.removeprefix("经抽样检验，").removeprefix("经监督抽查，").removeprefix("当事人")
    return text.split("，")[0].split("。")[0][:length]


def _decision_text(kinds, fine, confiscated) -> str:
    parts = []
    if "warning" in kinds:
        parts.append("给予警告")
    if confiscated:
        parts.append(f"没收违法所得人民币{confiscated}元")
    elif {"confiscate_gains", "confiscate_property"} & set(kinds):
        parts.append("没收违法经营的物品")
    if fine:
        parts.append(f"并处罚款人民币{fine}元" if parts else f"罚款人民币{fine}元")
    return "，".join(parts) + "。"


def _checklist(review: str) -> str:
    points = {code: {"result": "pass", "note": ""} for code in POINT_CODES}
    if review != "agree":
        points[POINT_CODES[0]] = {"result": "fail", "note": "违法所得的计算依据不足"}
    return json.dumps(points, ensure_ascii=False)


_STANDARDS_CACHE: dict[str, dict[str, list[dict[str, Any]]]] = {}


def _standards(agency: str) -> dict[str, list[dict[str, Any]]]:
    if agency not in _STANDARDS_CACHE:
        from openenforce.demo.data import market, matters

        _STANDARDS_CACHE[agency] = market.STANDARDS if agency == MARKET else matters.STANDARDS
    return _STANDARDS_CACHE[agency]


def plan(agency: str, start: datetime.date) -> list[CasePlan]:
    """One agency's year: the cases and their events, from a seeded generator."""
    rng = random.Random(f"{SEED}-{agency}")
    planner = _Planner(agency, rng, start)
    count = COUNTS[agency]
    licences = 0
    for _ in range(count):
        opened = planner.day(rng.randrange(0, DAYS - 3))
        roll = rng.random()
        if roll < 0.45:
            planner.penalty(opened, stall=rng.random() < 0.04)
        elif roll < 0.58:
            planner.simplified(opened)
        elif roll < 0.72:
            licences += 1
            planner.licence(opened, licences)
        else:
            planner.inspection(opened)
    # The rarer situations, at fixed points of the year.
    for offset, review in ((60, "agree"), (150, "agree_with_changes"), (240, "disagree")):
        planner.major(planner.day(offset), review)
    planner.major(planner.day(DAYS - 40), "agree")
    planner.transfer(planner.day(200))
    _remedies(planner)
    return planner.plans


def _remedies(planner: _Planner) -> None:
    """Reconsiderations and lawsuits against some decided penalties, with their outcomes;
    one revoked decision's publication withdrawn, one publication corrected on request."""
    staff, rng = planner.staff, planner.rng
    decided = [
        (p, s)
        for p in planner.plans
        if p.procedure == "penalty_ordinary"
        for s in p.steps
        if s.action == "decide" and s.data.get("outcome") == "penalty" and s.offset < DAYS - 90
    ]
    picks = rng.sample(decided, min(len(decided), 7))
    results = [
        ("reconsideration", "upheld"),
        ("reconsideration", "revoked"),
        ("reconsideration", "changed"),
        ("reconsideration", None),
        ("litigation", "dismissed"),
        ("litigation", "confirmed_illegal"),
        ("litigation", None),
    ]
    notes = {
        "upheld": "复议决定：事实清楚，证据确凿，适用依据正确，程序合法，予以维持。",
        "revoked": "复议决定：认定事实的主要证据不足，撤销原行政处罚决定。",
        "changed": "复议决定：罚款数额明显不当，变更为较低数额。",
        "dismissed": "一审判决：驳回原告的诉讼请求。",
        "confirmed_illegal": "一审判决：未依法告知陈述申辩权利，确认行政处罚决定违法。",
    }
    for (case_plan, decide), (kind, result) in zip(picks, results, strict=False):
        # A case under remedy stays out of the archive until the remedy is over.
        case_plan.steps = [s for s in case_plan.steps if s.action != "archive"]
        body = staff.reconsideration_body if kind == "reconsideration" else staff.court
        filed = planner.day(decide.offset + rng.randrange(15, 40))
        remedy = {"kind": kind, "body": body, "instance": "first" if kind == "litigation" else ""}
        case_plan.steps.append(Step(filed, "remedy", staff.head, data=remedy))
        if result is None:
            continue
        ruled = planner.day(filed + rng.randrange(30, 60))
        outcome = {**remedy, "result": result, "note": notes[result]}
        case_plan.steps.append(Step(ruled, "outcome", staff.head, data=outcome))
        if result == "revoked":
            change = {"ground": "revoked", "reason": "该行政处罚决定已被行政复议机关撤销。"}
            case_plan.steps.append(Step(ruled, "act", staff.head, "record_decision_change", change))
            case_plan.steps.append(
                Step(planner.day(ruled + 2), "withdraw", staff.publisher, data=change)
            )
    published = [
        (p, s) for p in planner.plans for s in p.steps if s.what == "publish" and s.offset < 250
    ]
    if published:
        case_plan, step = published[len(published) // 2]
        case_plan.steps.append(Step(planner.day(step.offset + 10), "correct", staff.publisher))


# ---------------------------------------------------------------- running it


def window(today: datetime.date) -> datetime.date:
    """The year's first day."""
    return today - datetime.timedelta(days=DAYS)


def moment(day: datetime.date, index: int, count: int) -> datetime.datetime:
    """The ``index``-th of ``count`` moments of ``day``'s working hours, increasing."""
    minutes = 9 * 60 + (480 * index) // max(count, 1)
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), zone)


def titles(agency: str, today: datetime.date) -> list[str]:
    return [p.title for p in plan(agency, window(today))]


@contextmanager
def clock_at(at: datetime.datetime) -> Iterator[time_machine.Traveller]:
    """The clock stopped at ``at``; move it on with ``.move_to``."""
    with time_machine.travel(at, tick=False) as coordinates:
        yield coordinates


Event = tuple[datetime.date, int, int, str, CasePlan, Step]


def load_demo(
    *, actor: User | None, clock: time_machine.Traveller, today: datetime.date
) -> list[str]:
    """Replay both agencies' years (the clock is moved to each event); returns what was made."""
    events = _events(today)
    return _replay(events, clock) if events else []


def _events(today: datetime.date) -> list[Event]:
    """The events before today of the agencies whose year is not there yet, in time order."""
    start = window(today)
    events: list[Event] = []
    for n, code in enumerate((BUREAU, MARKET)):
        agency = Agency.objects.filter(code=code).first()
        plans = plan(code, start) if agency else []
        if Case.objects.filter(agency=agency, title__in=[p.title for p in plans]).exists():
            continue
        for i, case_plan in enumerate(plans):
            for j, step in enumerate(case_plan.steps):
                day = start + datetime.timedelta(days=step.offset)
                if day >= today:
                    break  # the rest of this case is still to come
                events.append((day, n * 10000 + i, j, code, case_plan, step))
    return sorted(events, key=lambda e: (e[0], e[1], e[2]))


def _replay(events: list[Event], clock: time_machine.Traveller) -> list[str]:
    """Each event at its moment: spread over the working day, always later than the last."""
    runner = _Runner()
    by_day = Counter(e[0] for e in events)
    seen: Counter[datetime.date] = Counter()
    last = None
    for day, _key, _j, code, case_plan, step in events:
        at = moment(day, seen[day], by_day[day])
        seen[day] += 1
        if runner.needs_recording(code, case_plan, step, day):
            # The devices are back and their clips uploaded after the day's field work.
            at = max(at, moment(day, 0, 1).replace(hour=17, minute=45))
        if last is not None and at <= last:
            at = last + datetime.timedelta(minutes=1)
        last = at
        clock.move_to(at)
        runner.run(code, case_plan, step, day)
    return runner.made


class _Runner:
    def __init__(self) -> None:
        self.made: list[str] = []
        self.cases: dict[str, Case] = {}
        self.remedies: dict[tuple[str, str], Remedy] = {}
        self.users: dict[str, User] = {u.username: u for u in User.objects.all()}
        self.agencies = {a.code: a for a in Agency.objects.filter(code__in=(BUREAU, MARKET))}
        self.system = get_system_actor()
        for code in (BUREAU, MARKET):
            reviewer = self.users.get(STAFF[code].reviewer)
            if reviewer and not ReviewerQualification.objects.filter(user=reviewer).exists():
                record_qualification(
                    reviewer,
                    actor=self.system,
                    certificate_number=STAFF[code].reviewer_certificate,
                    obtained_on=D(2015, 3, 1),
                )

    def needs_recording(self, code: str, case_plan: CasePlan, step: Step, day) -> bool:
        """Whether the bureau's recording list asks for a recording of this step."""
        case = self.cases.get(case_plan.title)
        if code != BUREAU or step.what != "act" or case is None:
            return False
        data = self._data(step, day)
        entries = requirements.requirements_for(case, (step.action,), data)
        return bool(entries) and not requirements.evaluate(case, (step.action,), entries).satisfied

    @staticmethod
    def _data(step: Step, day: datetime.date) -> dict[str, Any]:
        data = dict(step.data)
        for name in DATE_INPUTS.get(step.action, ()):
            data.setdefault(name, day.isoformat())
        return data

    def run(self, code: str, case_plan: CasePlan, step: Step, day: datetime.date) -> None:
        with transaction.atomic():
            getattr(self, f"_{step.what}")(code, case_plan, step, day)

    def _file(self, code, case_plan: CasePlan, step, day) -> None:
        case = file_case(
            actor=self.users[case_plan.opener],
            procedure=case_plan.procedure,
            matter=Matter.objects.get(agency=self.agencies[code], code=case_plan.matter),
            title=case_plan.title,
            source=case_plan.source,
            parties=[case_plan.party],
            handlers=list(case_plan.handlers),
            opened_on=day,
        )
        self.cases[case_plan.title] = case
        self.made.append(f"case {case_plan.title}")

    def _act(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        user = self.users[step.user]
        data = self._data(step, day)
        if code == BUREAU and self.needs_recording(code, case_plan, step, day):
            if zlib.crc32(f"{case_plan.title}{step.action}".encode()) % 12 == 0:
                # Now and then no recording exists, and the reason is recorded instead.
                waive_recording(case, actor=user, step=step.action, reason=WAIVER_REASON)
            else:
                recordings.prepare_step(case, step.action, actor=user, data=data)
        self.cases[case_plan.title] = perform_action(case, step.action, actor=user, data=data)

    def _publish(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        publication = case.publications.filter(status=Publication.Status.DRAFT).first()
        if publication is None:
            return
        disclosure.approve_publication(
            publication, actor=self.users[step.user], secrecy_checked=True
        )

    def _confirm(self, code, case_plan: CasePlan, step: Step, day) -> None:
        review = LegalReview.objects.filter(case=self.cases[case_plan.title]).order_by("-pk")[0]
        confirm_review_changes(review, actor=self.users[step.user], note="已按审核意见修改。")

    def _remedy(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        remedy = register_remedy(
            case,
            actor=self.users[step.user],
            kind=step.data["kind"],
            body=step.data["body"],
            filed_on=day,
            instance=step.data["instance"],
        )
        self.remedies[(case_plan.title, step.data["kind"])] = remedy
        self.made.append(f"remedy {case_plan.title} {step.data['kind']}")

    def _outcome(self, code, case_plan: CasePlan, step: Step, day) -> None:
        remedy = self.remedies[(case_plan.title, step.data["kind"])]
        record_remedy_outcome(
            remedy,
            actor=self.users[step.user],
            result=step.data["result"],
            decided_on=day,
            note=step.data["note"],
        )

    def _judiciary(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        record_judiciary_acceptance(case, actor=self.users[step.user], accepted_on=day)

    def _withdraw(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        for publication in case.publications.filter(status=Publication.Status.PUBLISHED):
            disclosure.withdraw_publication(
                publication, actor=self.users[step.user], reason=step.data["reason"]
            )

    def _correct(self, code, case_plan: CasePlan, step: Step, day) -> None:
        case = self.cases[case_plan.title]
        publication = case.publications.filter(status=Publication.Status.PUBLISHED).first()
        if publication is None:
            return
        correction = disclosure.request_correction(
            publication,
            actor=self.system,
            description="公示内容中的经营场所地址有误，请予更正。",
            name="当事人委托代理人",
        )
        disclosure.handle_correction(
            correction,
            actor=self.users[step.user],
            accept=True,
            response="经核实，已更正经营场所地址。",
            corrected_text=publication.original_text + "\n（经当事人申请，更正经营场所地址。）",
        )


WAIVER_REASON = "执法记录仪故障未能录像，已在现场笔录中注明，由当事人签字确认。"

# The date inputs an action takes; the event's day fills them.
DATE_INPUTS = {
    "approve_filing": ("filed_on",),
    "serve_prior_notice": ("served_on",),
    "waive_defence": ("waived_on",),
    "record_statement": ("received_on",),
    "decide": ("decided_on",),
    "decide_on_spot": ("decided_on",),
    "serve_decision": ("served_on",),
    "record_payment": ("paid_on",),
    "close_case": ("closed_on",),
    "submit_review": ("submitted_on",),
    "record_review_outcome": ("reviewed_on",),
    "hold_collective_discussion": ("held_on",),
    "accept_application": ("accepted_on",),
    "decide_licence": ("decided_on",),
    "issue_certificate": ("issued_on",),
    "record_inspection": ("inspected_on",),
    "conclude_inspection": ("decided_on",),
    "record_decision_change": ("changed_on",),
}
