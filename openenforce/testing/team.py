"""A small catalogue and a team of officers, built through the services: the cases' tests
and the benchmarks use it (a plain module, so a benchmark need not import pytest)."""

from __future__ import annotations

import datetime

from openenforce.accounts.models import Department, Role
from openenforce.accounts.services import create_user, save_department
from openenforce.cases import services
from openenforce.catalog.models import (
    Certificate,
    EnforcementCategory,
    EnforcementField,
    Matter,
    Officer,
    RandomInspectionItem,
)
from openenforce.catalog.services import save_entry

FAR = datetime.date(2099, 12, 31)


class Team:
    """Matters per category, officers with and without valid certificates, users."""

    def __init__(self, agency, actor, prefix="T"):
        self.agency, self.actor = agency, actor
        self.field = save_entry(
            EnforcementField(agency=agency, code="mz", name="民政"), actor=actor
        )
        self.other_field = save_entry(
            EnforcementField(agency=agency, code="wh", name="文化"), actor=actor
        )
        self.department = save_department(
            Department(agency=agency, code="zf", name="执法队"), actor=actor
        )
        self.matters = {
            category: save_entry(
                Matter(
                    agency=agency,
                    code=f"M-{category}",
                    name=f"事项 {category}",
                    category=category,
                    field=self.field,
                    department=self.department,
                ),
                actor=actor,
            )
            for category in EnforcementCategory.values
        }
        self.prefix = prefix
        self.officers = {}

    def inspection_item(self, code: str) -> RandomInspectionItem:
        """An entry of the random inspection list (抽查事项清单): homes for the elderly."""
        return save_entry(
            RandomInspectionItem(
                agency=self.agency,
                code=code,
                item="养老机构监督检查",
                field=self.field,
                department=self.department,
                matter=self.matters["inspection"],
                basis="《老年人权益保障法》第四十四条",
                target_type="养老机构",
                ratio_percent=20,
                frequency="每年一次",
            ),
            actor=self.actor,
        )

    def officer(
        self,
        code,
        *,
        user=None,
        employment=Officer.Employment.CIVIL_SERVANT,
        valid_to=FAR,
        field=None,
    ):
        officer = save_entry(
            Officer(
                agency=self.agency,
                code=code,
                name=f"执法{code}",
                employment=employment,
                department=self.department,
                user=user,
            ),
            actor=self.actor,
        )
        save_entry(
            Certificate(
                officer=officer,
                number=f"{self.prefix}{code}",
                issuing_authority="吉林省人民政府",
                valid_from=datetime.date(2020, 1, 1),
                valid_to=valid_to,
            ),
            actor=self.actor,
            relations={"fields": [field or self.field]},
        )
        self.officers[code] = officer
        return officer

    def user(self, username, *roles):
        return create_user(
            username,
            actor=self.actor,
            agency=self.agency,
            roles=list(roles),
            password="correct horse battery 42",  # noqa: S106  (a test password)
            display_name=username,
        )

    def open(
        self,
        procedure="penalty_ordinary",
        *,
        actor,
        handlers=("O1", "O2"),
        party="person",
        **kwargs,
    ):
        category = "penalty" if procedure.startswith("penalty") else procedure
        parties = [
            {
                "kind": party,
                "name": "张三" if party == "person" else "某养老院",
                "id_number": "220102199001011239",
                "phone": "13800000000",
            }
        ]
        return services.file_case(
            actor=actor,
            procedure=procedure,
            matter=self.matters[category],
            title="测试案件",
            source="complaint",
            parties=parties,
            handlers=list(handlers),
            **kwargs,
        )


def two_officers(agency, actor, officer, prefix: str = "T") -> Team:
    """A team of two certified officers: ``officer`` as O1 and ``officer2`` as O2."""
    team = Team(agency, actor, prefix=prefix)
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team


def bystander(team: Team, code: str = "O3", username: str = "officer3"):
    """A certified officer of the team's agency (a user with the officer role) who handles
    none of the team's cases unless named: the one ``cases.permissions.may_work_on``
    refuses."""
    user = team.user(username, Role.OFFICER)
    team.officer(code, user=user)
    return user
