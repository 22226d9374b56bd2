"""A drawn campaign to score, for the scoring tests (unit and browser)."""

from __future__ import annotations

import datetime

from openenforce.accounts.models import Role
from openenforce.accounts.services import add_supervision
from openenforce.evaluation import campaigns, services
from openenforce.evaluation.models import Campaign
from openenforce.evaluation.tests.helpers import small_spec
from openenforce.testing.cases import conclude_inspection
from openenforce.testing.team import Team, two_officers

D = datetime.date


def drawn_campaign(
    system_actor, agency, other_agency, justice_bureau, officer, supervisor, **options
) -> Campaign:
    """A drawn campaign over two agencies' closed inspections (A: 2, B: 1, all drawn),
    scored by the rubric of ``small_spec`` (veto J1 two certified officers, veto J2;
    L1 50 points at 10 each, S1 30, G1 20), with three evaluators: A's officer, B's
    officer and a user of the bureau (``jevaluator``). It runs 1 Nov – 31 Dec 2026."""
    add_supervision(justice_bureau, actor=system_actor, supervised=other_agency)
    team_a = two_officers(agency, system_actor, officer)
    team_b = Team(other_agency, system_actor, prefix="B")
    b_user = team_b.user("bofficer", Role.OFFICER)
    team_b.officer("B1", user=b_user)
    team_b.officer("B2", user=team_b.user("bofficer2", Role.OFFICER))
    for _ in range(2):
        conclude_inspection(team_a.open("inspection", actor=officer), officer)
    conclude_inspection(team_b.open("inspection", actor=b_user, handlers=("B1", "B2")), b_user)
    bureau_user = Team(justice_bureau, system_actor, prefix="J").user("jevaluator")
    return publish_and_draw(
        justice_bureau,
        supervisor,
        [agency.pk, other_agency.pk],
        (officer, b_user, bureau_user),
        **options,
    )


def publish_and_draw(justice_bureau, supervisor, agency_ids, evaluators, **options) -> Campaign:
    """The bureau's inspection rubric (``small_spec``) published, and its campaign over
    ``agency_ids`` (inspections closed in September 2026, 1 Nov – 31 Dec 2026) with these
    evaluators, announced and drawn; ``options`` are further campaign fields (the
    re-check policy)."""
    version = services.import_version(
        small_spec(code="test-inspection", procedure="inspection"),
        agency=justice_bureau,
        actor=supervisor,
    )
    services.publish_version(version, actor=supervisor)
    campaign = campaigns.create_campaign(
        justice_bureau,
        actor=supervisor,
        title="2026年案卷评查",
        agency_ids=agency_ids,
        procedures=["inspection"],
        closed_from=D(2026, 9, 1),
        closed_to=D(2026, 9, 30),
        starts_on=D(2026, 11, 1),
        ends_on=D(2026, 12, 31),
        **options,
    )
    for user in evaluators:
        campaigns.add_evaluator(campaign, user, actor=supervisor)
    campaigns.announce(campaign, actor=supervisor)
    return campaigns.draw(campaign, actor=supervisor)
