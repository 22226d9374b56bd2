"""About thirty demo cases of the demo bureau (长新社), made by driving the lifecycle
engine as the demo users would, so every step is a recorded action.

Dates are given to the actions (filed, served, accepted…) so that some periods have
run out: those cases show as overdue. Loading is idempotent: a case whose title
already exists in the bureau is skipped, so a second load writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from openenforce.accounts.models import Agency, User
from openenforce.cases.engine import perform_action
from openenforce.cases.models import Case
from openenforce.cases.services import file_case
from openenforce.catalog.models import Matter
from openenforce.demo.scenarios import (
    cases_licensing,
    cases_other,
    cases_penalty,
    evidence,
    recordings,
)
from openenforce.demo.scenarios.case_kit import BUREAU, HEAD, O1, O2, REVIEWER, D, Spec
from openenforce.reviews.models import ReviewerQualification
from openenforce.reviews.services import record_qualification

# Every demo case, in the order they are filed (their numbers follow it).
SPECS: list[Spec] = [*cases_penalty.SPECS, *cases_licensing.SPECS, *cases_other.SPECS]


def _data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def _qualify_reviewer(users: dict[str, User], actor: User) -> None:
    """The demo reviewer's legal qualification (Art 58 para 2), once."""
    reviewer = users[REVIEWER]
    if not ReviewerQualification.objects.filter(user=reviewer).exists():
        record_qualification(
            reviewer, actor=actor, certificate_number="A20150220112001", obtained_on=D(2015, 3, 1)
        )


@transaction.atomic
def _load_one(spec: Spec, agency: Agency, users: dict[str, User]) -> Case:
    matter = Matter.objects.get(agency=agency, code=spec.matter)
    case = file_case(
        actor=users[_opener(spec)],
        procedure=spec.procedure,
        matter=matter,
        title=spec.title,
        source=spec.source,
        parties=[spec.party],
        handlers=list(spec.handlers),
        opened_on=spec.opened_on,
    )
    for username, action, data in spec.steps:
        _before_step(case, action, users[username], data)
        case = perform_action(case, action, actor=users[username], data=_data(data))
    return case


def _before_step(case: Case, action: str, user: User, data: dict[str, Any]) -> None:
    """A step the agency's recording list covers needs its recording (or the reason why
    none exists) first: the recordings scenario makes it as the officers would have."""
    recordings.prepare_step(case, action, actor=user, data=_data(data))
    # The evidence its officers collected, before the investigation report (closed cases
    # take no evidence, so it cannot be added after the case has been driven).
    evidence.prepare_step(case, action, actor=user, data=_data(data))


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
