"""Fixtures of the apps whose scenarios are tested here: a decided case and its decision
(deliveries)."""

from openenforce.deliveries.tests.conftest import decided_case, decision, team  # noqa: F401
