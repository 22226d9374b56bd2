"""What the disclosure app plugs into cases (``cases.registry``), from
``DisclosureConfig.ready()``: the effects that draft and withdraw publications, and its
case-page section."""

from __future__ import annotations

from openenforce.cases import registry
from openenforce.disclosure import services
from openenforce.disclosure.panels import case_panel


def register() -> None:
    registry.register_effect("disclosure.draft_for_decision", services.draft_for_decision)
    registry.register_effect("disclosure.decision_changed", services.decision_changed)
    registry.register_panel("disclosure", case_panel, order=50)
