"""What the disclosure app plugs into cases (``cases.registry``) and into search
(``search.sources``), from ``DisclosureConfig.ready()``: the effects that draft and
withdraw publications, its case-page section, and the public publications as the source
of the search index."""

from __future__ import annotations

from django.apps import apps

from openenforce.cases import registry
from openenforce.disclosure import selectors, services
from openenforce.disclosure.panels import case_panel
from openenforce.search import sources as search_sources


def register() -> None:
    registry.register_effect("disclosure.draft_for_decision", services.draft_for_decision)
    registry.register_effect("disclosure.decision_changed", services.decision_changed)
    registry.register_panel("disclosure", case_panel, order=50)
    if apps.is_installed("openenforce.search"):
        search_sources.register_source("disclosure", selectors.searchable_items)
