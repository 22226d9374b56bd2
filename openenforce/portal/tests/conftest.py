"""Published items and a catalogue for the portal's tests, built through the services."""

from __future__ import annotations

import pytest

from openenforce.disclosure import services as disclosure
from openenforce.ledger.services import publish_checkpoint
from openenforce.testing.catalog import build_catalog


@pytest.fixture
def catalog(agency, system_actor):
    return build_catalog(agency, system_actor, prefix="P")


@pytest.fixture
def published(decided, publisher):
    """Make a decided case and publish its item; the checkpoint then covers it."""

    def make(**open_kwargs):
        case = decided(**open_kwargs)
        item = disclosure.approve_publication(
            case.publications.get(), actor=publisher, secrecy_checked=True
        )
        publish_checkpoint(force=True)
        return item

    return make
