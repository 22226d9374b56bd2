"""Fixtures shared by the apps' tests beyond the root conftest's agencies and users,
registered for the whole suite by the root ``conftest.py`` (``pytest_plugins``): the case
tests' ``team``, a ``decided`` case factory (disclosure, portal) and a ``decided_case``
with its ``decision`` document (deliveries, demo). An app's own conftest may override
any of them (several apps define their own ``team``)."""

from __future__ import annotations

import pytest

from openenforce.testing import deliveries
from openenforce.testing.cases import D, decide_penalty, to_notified
from openenforce.testing.team import two_officers


@pytest.fixture
def team(agency, system_actor, officer):
    """A small catalogue and a team for case tests, built through the services."""
    return two_officers(agency, system_actor, officer)


@pytest.fixture
def decided(team, officer, head):
    """A penalty case decided on 2026-09-21 (Monday): the publication is drafted."""

    def make(**open_kwargs):
        case = to_notified(team, officer, head, **open_kwargs)
        text = "给予警告。张三应于十五日内整改。证人李四在场。"
        return decide_penalty(case, officer, head, text, D(2026, 9, 21))

    return make


@pytest.fixture
def decided_case(team, officer, head):
    """A penalty case decided (a fine of 500 yuan), waiting for service of its decision."""
    return deliveries.decided(team, officer, head)


@pytest.fixture
def decision(decided_case, officer):
    """The decision document of ``decided_case``, issued through the documents app."""
    return deliveries.issue(decided_case, officer, "penalty_decision")
