"""Demo data: a target registry, a drawn plan partly inspected and published, and an
announced joint plan. Idempotent: each step runs only when its result is missing, and
everything goes through the services (the registry through the CSV import)."""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import random
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from openenforce.accounts.models import Agency, Role, User
from openenforce.cases.engine import perform_action
from openenforce.catalog.models import RandomInspectionItem
from openenforce.demo.creditcode import make_credit_code
from openenforce.inspections import registry, seeding, services
from openenforce.inspections.models import Plan
from openenforce.ledger import merkle, notes, witnessing
from openenforce.ledger import services as ledger_services
from openenforce.ledger.witness import Witness

AGENCY = "cnna-sa"
PERIOD = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
COUNT = 300
INDUSTRIES = [
    "养老服务",
    "养老服务",
    "民办非企业",
    "餐饮",
    "住宿",
    "文化娱乐",
    "体育健身",
    "教育培训",
]
REGIONS = ["朝阳区", "南关区", "宽城区", "绿园区", "二道区"]
NAMES = ["康乐", "福寿", "颐和", "安康", "松鹤", "金色年华", "同心", "春晖", "夕阳红", "长青"]
SUFFIX = {
    "养老服务": "养老院",
    "民办非企业": "社会服务中心",
    "餐饮": "餐饮有限公司",
    "住宿": "宾馆",
    "文化娱乐": "娱乐有限公司",
    "体育健身": "健身俱乐部",
    "教育培训": "培训学校",
}
SURNAMES = "王李张刘陈杨赵黄周吴"


def registry_rows(count: int = COUNT) -> list[list[str]]:
    """Generated entities with well-formed credit codes (organisation bodies DM…, a range
    no real code uses); fixed by a seeded generator so every run makes the same rows."""
    rng = random.Random(2026)
    rows = []
    for n in range(count):
        industry = INDUSTRIES[n % len(INDUSTRIES)]
        region = REGIONS[rng.randrange(len(REGIONS))]
        individual = industry == "餐饮" and n % 3 == 0
        kind = "个体工商户" if individual else "企业"
        prefix = "92" if individual else "91"
        code = make_credit_code(
            authority=prefix[0], kind=prefix[1], division="220102", org_body=f"DM{n:06d}"
        )
        name = (
            f"长春市{region}{SURNAMES[n % 10]}记小吃店"
            if individual
            else f"长春{NAMES[n % len(NAMES)]}{SUFFIX[industry]}（{n}号）"
        )
        grade = rng.choices("ABCD", weights=(30, 45, 18, 7))[0]
        abnormal = "是" if rng.random() < 0.04 else "否"
        complaints = str(rng.choices(range(6), weights=(70, 12, 8, 5, 3, 2))[0])
        address = f"长春市{region}示范路{n + 1}号"
        rows.append([code, name, kind, industry, region, address, grade, abnormal, complaints])
    return rows


def _import_registry(agency: Agency, actor: User) -> list[str]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "targets.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.header for c in registry.COLUMNS])
            writer.writerows(registry_rows())
        summary = services.import_targets(path, agency=agency, actor=actor)
    return [f"inspections.target {code}" for code in summary.created]


def _plan(agency, head, code, title, items, scope) -> tuple[Plan, bool]:
    plan = Plan.objects.filter(agency=agency, code=code).first()
    if plan is not None:
        return plan, False
    plan = services.create_plan(
        actor=head,
        agency=agency,
        code=code,
        title=title,
        items=items,
        frequency="每年一次",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        ratios={"A": 1000, "B": 2000, "C": 3000, "D": 5000},
        scope=scope,
    )
    return plan, True


def _progress(plan: Plan, publisher: User) -> list[str]:
    """Inspect the first tasks an officer with a login handles: record the inspection on
    three, conclude two (no problem; rectification), publish one result."""

    done, created = 0, []
    for task in plan.tasks.select_related("case").order_by("rank"):
        case = task.case
        users = [o.user for o in task.officers.select_related("user") if o.user_id]
        user = next((u for u in users if u.is_active and u.has_role(Role.OFFICER)), None)
        if case is None or user is None or done >= 3:
            continue
        done += 1
        if case.state == "task":
            _waive_recording_if_required(case, user)
            case = perform_action(
                case,
                "record_inspection",
                actor=user,
                data={
                    "inspected_on": "2026-11-10",
                    "record": "现场检查：出示执法证件，查看服务记录、消防设施和食品安全管理台账。",
                    "inspection_record_complete": True,
                },
            )
            created.append(f"inspection record {case.number or case.pk}")
        if case.state == "inspected" and done <= 2:
            outcome = "no_problem" if done == 1 else "rectification"
            text = "未发现问题。" if done == 1 else "消防通道堆放杂物，责令十日内整改。"
            case = perform_action(
                case,
                "conclude_inspection",
                actor=user,
                data={
                    "outcome": outcome,
                    "decision_text": text,
                    "decided_on": "2026-11-12",
                },
            )
            created.append(f"inspection result {case.number or case.pk}")
        if done == 1:
            created += _publish(case, publisher)
    return created


def _waive_recording_if_required(case, user) -> None:
    try:
        from openenforce.recordings.requirements import gate
        from openenforce.recordings.services import waive_recording
    except ImportError:  # the recordings app is not there
        return
    ok, _reasons, _article = gate(case, {"inspected_on": "2026-11-10"})
    if not ok:
        waive_recording(
            case,
            actor=user,
            step="record_inspection",
            reason="执法记录仪电量耗尽，未能录像；已在现场笔录中注明并由当事人签字确认。",
        )


def _publish(case, publisher: User) -> list[str]:
    try:
        from openenforce.disclosure.services import approve_publication
    except ImportError:
        return []
    publication = case.publications.filter(status="draft").first()
    if publication is None:
        return []
    approve_publication(publication, actor=publisher, secrecy_checked=True)
    return [f"inspection result published {case.number or case.pk}"]


# The demo's rule of the draw: it may run one second after the witnesses cosigned the
# announcement (an installation's default is a day, docs/draws.md §1), so that the demo
# can draw its plan while loading and the joint plan can be drawn in the browser at once.
DEMO_DELAY_SECONDS = 1


@contextlib.contextmanager
def _demo_rules() -> Iterator[Callable[[], int]]:
    """The demo's delay, and a witness round: the justice bureau's witness when one is
    configured (``openenforce demo`` starts it before loading), else a witness of this
    load alone, in-process (a test loading the demo)."""
    saved = {
        name: getattr(settings, name, None)
        for name in (
            "OPENENFORCE_DRAW_DELAY_SECONDS",
            "OPENENFORCE_WITNESSES",
            "OPENENFORCE_WITNESS_QUORUM",
        )
    }
    settings.OPENENFORCE_DRAW_DELAY_SECONDS = DEMO_DELAY_SECONDS
    try:
        if witnessing.configured():
            yield lambda: _round(None)
            return
        with tempfile.TemporaryDirectory() as directory:
            witness = Witness.init(Path(directory) / "witness", "justice-bureau.demo/load")
            witness.add_log(settings.OPENENFORCE_LEDGER_ORIGIN, notes.vkey(), merkle.profile())
            settings.OPENENFORCE_WITNESSES = [{"vkey": witness.vkey(), "url": "local:"}]
            settings.OPENENFORCE_WITNESS_QUORUM = 1
            yield lambda: _round(lambda _url, body: witness.add_checkpoint(body))
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


def _round(transport) -> int:
    ledger_services.publish_checkpoint()
    return witnessing.witness_round(transport)


def _bureau_value_file(plan: Plan) -> Path:
    """Where the demo's justice bureau keeps its secret value for ``plan`` (as its officer
    would keep the file the browser saved)."""
    return Path(settings.VAR_DIR) / "bureau" / f"draw-value-{plan.agency.code}-{plan.code}.txt"


def _commit_as_bureau(plan: Plan, supervisor: User) -> None:
    """The justice bureau's share: a value it keeps (in var/bureau/), its commitment sent."""
    if plan.status != Plan.Status.DRAFT or supervisor.agency.code in plan.seed_shares:
        return
    value = secrets.token_bytes(32)
    path = _bureau_value_file(plan)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value.hex() + "\n", encoding="utf-8")
    seeding.commit_share(plan, actor=supervisor, commitment=hashlib.sha256(value).hexdigest())


def _announce_and_draw(plan: Plan, head: User, supervisor: User, witness_round) -> Plan:
    """The whole ceremony: the bureau commits, the head announces, the witness cosigns,
    the bureau reveals, and once the delay has passed the head draws."""
    _commit_as_bureau(plan, supervisor)
    if plan.status == Plan.Status.DRAFT:
        plan = services.announce_plan(plan, actor=head)
    witness_round()
    share = plan.seed_shares.get(supervisor.agency.code, {})
    if not share.get("reveal"):
        value = _bureau_value_file(plan).read_text(encoding="utf-8").strip()
        plan = seeding.reveal_share(plan, actor=supervisor, reveal=value)
    gate = seeding.gate(plan)
    if gate.earliest is not None:
        time.sleep(max(0.0, (gate.earliest - timezone.now()).total_seconds()) + 0.05)
    return services.draw_plan(plan, actor=head, opened_on=datetime.date(2026, 11, 2))


def load_demo(*, actor) -> list[str]:
    with _demo_rules() as witness_round:
        return _load(witness_round)


def _load(witness_round) -> list[str]:
    agency = Agency.objects.filter(code=AGENCY).first()
    head = User.objects.filter(username="head").first()
    supervisor = User.objects.filter(username="supervisor").first()
    publisher = User.objects.filter(username="publisher").first()
    items = {i.code: i for i in RandomInspectionItem.objects.filter(agency=agency)}
    if agency is None or head is None or supervisor is None or "SC-001" not in items:
        return []
    created = _import_registry(agency, head)
    plan, new = _plan(
        agency,
        head,
        "2026-SC-001",
        "2026年第四季度养老机构双随机抽查",
        [(items["SC-001"], 2)],
        {"industries": ["养老服务"]},
    )
    created += [f"inspections.plan {plan.code}"] if new else []
    if plan.status != Plan.Status.DRAWN:
        plan = _announce_and_draw(plan, head, supervisor, witness_round)
        created.append(f"inspections.plan {plan.code} announced and drawn")
    if publisher is not None:
        created += _progress(plan, publisher)
    if "SC-006" in items:
        joint, new = _plan(
            agency,
            head,
            "2026-JOINT-01",
            "2026年第四季度养老机构消防与公共卫生联合抽查",
            [(items["SC-001"], 2), (items["SC-006"], 1)],
            {"industries": ["养老服务"], "regions": ["朝阳区", "南关区"]},
        )
        created += [f"inspections.plan {joint.code}"] if new else []
        if joint.status == Plan.Status.DRAFT:
            # Announced, not drawn: the bureau reveals its value in the browser (its file
            # is in var/bureau/), then the head draws.
            _commit_as_bureau(joint, supervisor)
            services.announce_plan(joint, actor=head)
            created.append(f"inspections.plan {joint.code} announced")
    return created
