"""A witness of the tests' record, reached in-process (production speaks HTTP), and the
draw's whole ceremony (docs/draws.md §1) for tests that need a drawn plan."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings

from openenforce.ledger import merkle, notes, services, witnessing
from openenforce.ledger.witness import Witness


class RecordWitness:
    """A C2SP witness of this log with its own key in ``directory``, configured as the
    installation's only witness (quorum 1); ``round()`` signs a checkpoint and has it
    cosigned, as the checkpoint loop does in production."""

    def __init__(self, directory: Path, name: str = "bureau.example/witness") -> None:
        self.witness = Witness.init(directory, name)
        self.witness.add_log(settings.OPENENFORCE_LEDGER_ORIGIN, notes.vkey(), merkle.profile())
        self.vkey = self.witness.vkey()

    def configure(self, settings_fixture) -> RecordWitness:
        settings_fixture.OPENENFORCE_WITNESSES = [{"vkey": self.vkey, "url": "local:"}]
        settings_fixture.OPENENFORCE_WITNESS_QUORUM = 1
        return self

    def transport(self, url: str, body: bytes) -> tuple[int, str]:
        return self.witness.add_checkpoint(body)

    def round(self) -> int:
        services.publish_checkpoint()
        return witnessing.witness_round(self.transport)


def new_share() -> tuple[str, str]:
    """A bureau's secret value and its commitment, as its own tools would make them."""
    value = secrets.token_bytes(32)
    return value.hex(), hashlib.sha256(value).hexdigest()


def draw_with_ceremony(plan, *, head, supervisor, witness: RecordWitness, **draw_kwargs):
    """Commit (the bureau), announce, witness, reveal, draw — with the delay set to zero
    by the caller — and return the drawn plan."""
    from openenforce.inspections import seeding, services

    value, commitment = new_share()
    seeding.commit_share(plan, actor=supervisor, commitment=commitment)
    plan = services.announce_plan(plan, actor=head)
    witness.round()
    seeding.reveal_share(plan, actor=supervisor, reveal=value)
    plan = services.draw_plan(plan, actor=head, **draw_kwargs)
    witness.round()  # the checkpoint loop's next tick: the draw is in the log
    return plan
