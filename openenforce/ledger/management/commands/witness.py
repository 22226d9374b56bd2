"""``openenforce witness init|add-log|vkey|serve``: a witness for another party's log
(C2SP tlog-witness), run on the witness's own machine with its own key."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.management.base import CommandError

from openenforce.core.cli import GroupCommand
from openenforce.ledger.witness import Witness, make_server


class Command(GroupCommand):
    help = "Run a witness that cosigns other logs' checkpoints."
    subcommands = {
        "init": "Make the witness's key and state in DIR; print its verifier key.",
        "add-log": "Witness a log: its origin and verifier key.",
        "vkey": "Print the witness's verifier key.",
        "serve": "Answer POST /add-checkpoint over HTTP.",
    }

    def _state(self, parser, *, required: bool = True) -> None:
        parser.add_argument("--state", type=Path, required=True, help="The state directory.")

    def add_init_arguments(self, parser) -> None:
        self._state(parser)
        parser.add_argument("--name", required=True, help="The key name, e.g. bureau.example/w")

    def handle_init(self, *, state: Path, name: str, **_) -> None:
        try:
            witness = Witness.init(state, name)
        except (FileExistsError, ValueError) as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(witness.vkey())

    def add_add_log_arguments(self, parser) -> None:
        self._state(parser)
        parser.add_argument("--origin", required=True)
        parser.add_argument("--vkey", required=True, help="The log's verifier key.")
        parser.add_argument("--hash", default="sha256", help="The log's hash (sha256 or sm3).")

    def handle_add_log(self, *, state: Path, origin: str, vkey: str, hash: str, **_) -> None:
        try:
            self._open(state).add_log(origin, vkey, hash)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(f"witnessing {origin}")

    def add_vkey_arguments(self, parser) -> None:
        self._state(parser)

    def handle_vkey(self, *, state: Path, **_) -> None:
        self.stdout.write(self._open(state).vkey())

    def add_serve_arguments(self, parser) -> None:
        self._state(parser)
        parser.add_argument("--port", type=int, default=8780)
        parser.add_argument("--host", default="127.0.0.1")

    def handle_serve(self, *, state: Path, port: int, host: str, **_) -> None:
        logging.basicConfig(level=logging.INFO)
        server = make_server(self._open(state), host, port)
        self.stdout.write(f"witness listening on http://{host}:{server.server_port}/add-checkpoint")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _open(self, state: Path) -> Witness:
        witness = Witness(state)
        if not (state / "state.json").exists():
            raise CommandError(f"{state} holds no witness: run `witness init` first", returncode=1)
        return witness
