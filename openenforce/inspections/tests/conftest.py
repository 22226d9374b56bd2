"""A small registry, an inspection item and certified officers, built through the services."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from openenforce.accounts.models import Role
from openenforce.demo.creditcode import make_credit_code
from openenforce.inspections import seeding, services
from openenforce.inspections.models import Plan, Target
from openenforce.ledger.services import create_recorded
from openenforce.testing.team import Team
from openenforce.testing.witness import new_share

PERIOD = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def credit_code(n: int) -> str:
    return make_credit_code(authority="9", kind="1", division="220102", org_body=f"MA{n:06d}")


def make_targets(agency, count: int, grades: str = "ABCD") -> list[Target]:
    """Targets created directly (test set-up), with their entries; the import service is
    tested on its own."""
    with transaction.atomic():
        return create_recorded(
            [
                Target(
                    agency=agency,
                    credit_code=credit_code(n),
                    name=f"测试养老机构{n}号",
                    kind=Target.Kind.ENTERPRISE,
                    industry="养老服务",
                    region="朝阳区",
                    address=f"朝阳区测试路{n}号",
                    risk_grade=grades[n % len(grades)],
                )
                for n in range(count)
            ],
            actor=None,
            event_type="inspections.target.created",
        )


class Inspections:
    def __init__(self, team: Team, head, admin, supervisor=None, witness=None):
        self.team, self.head, self.admin = team, head, admin
        self.supervisor, self.witness = supervisor, witness
        self.item = team.inspection_item("SC-001")
        self.values: dict[int, str] = {}  # the bureau's secret value per plan

    def announce(self, plan, *, actor=None):
        """The bureau commits (while the plan is a draft), then the plan is announced."""
        plan.refresh_from_db()
        bureau = self.supervisor.agency.code
        if plan.status == Plan.Status.DRAFT and bureau not in plan.seed_shares:
            self.values[plan.pk], commitment = new_share()
            seeding.commit_share(plan, actor=self.supervisor, commitment=commitment)
        return services.announce_plan(plan, actor=actor or self.head)

    def ready(self, plan):
        """Announce if still a draft; the witness cosigns; the bureau reveals: the draw
        may run (the tests' delay is zero)."""
        plan.refresh_from_db()
        if plan.status == Plan.Status.DRAFT:
            plan = self.announce(plan)
        share = plan.seed_shares.get(self.supervisor.agency.code, {})
        if plan.status == Plan.Status.ANNOUNCED and not share.get("reveal"):
            self.witness.round()
            plan = seeding.reveal_share(plan, actor=self.supervisor, reveal=self.values[plan.pk])
        return plan

    def draw(self, plan, *, actor=None, **kwargs):
        """``ready``, then the draw, then the checkpoint that holds it."""
        plan = self.ready(plan)
        plan = services.draw_plan(plan, actor=actor or self.head, **kwargs)
        self.witness.round()  # the checkpoint loop's next tick: the draw is in the log
        return plan

    def plan(self, code="P1", *, quota=2, ratios=None, items=None, **kwargs):
        start, end = PERIOD
        return services.create_plan(
            actor=self.head,
            agency=self.team.agency,
            code=code,
            title="2026年养老机构双随机抽查",
            items=items or [(self.item, quota)],
            frequency="每年一次",
            period_start=start,
            period_end=end,
            ratios=ratios if ratios is not None else {"A": 2000, "B": 2000, "C": 5000, "D": 10000},
            **kwargs,
        )


@pytest.fixture
def insp(agency, system_actor, officer, head, admin_user, supervisor, record_witness):
    team = Team(agency, system_actor)
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    for code in ("O3", "O4", "O5"):
        team.officer(code)
    return Inspections(team, head, admin_user, supervisor, record_witness)


@pytest.fixture
def registry_targets(agency):
    return make_targets(agency, 40)
