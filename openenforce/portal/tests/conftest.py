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


@pytest.fixture
def bureau(tmp_path, settings):
    """The justice bureau's witness of this log, configured and reached in-process (in
    production it runs on the bureau's machine: ``openenforce witness serve``).
    ``bureau.cosign()`` runs one witness round over the latest checkpoint."""
    from openenforce.ledger import merkle, notes, witnessing
    from openenforce.ledger.witness import Witness

    witness = Witness.init(tmp_path / "bureau", "justice-bureau.test/witness")
    witness.clock = lambda: 1795000000
    witness.add_log(settings.OPENENFORCE_LEDGER_ORIGIN, notes.vkey(), merkle.profile())
    settings.OPENENFORCE_WITNESSES = [{"vkey": witness.vkey(), "url": "local:"}]
    settings.OPENENFORCE_WITNESS_QUORUM = None

    def transport(url, body):
        return witness.add_checkpoint(body)

    witness.cosign = lambda: witnessing.witness_round(transport)
    return witness


@pytest.fixture
def stranger_witness(tmp_path):
    """A witness that never saw this log (its key is a wrong key for the citizen)."""
    from openenforce.ledger.witness import Witness

    return Witness.init(tmp_path / "stranger", "journalist.test/witness")
