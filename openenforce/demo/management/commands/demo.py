"""``openenforce demo``: set up a demo installation and serve it.

Migrates the database, makes sure the record's signing key exists, loads the demo data
(idempotently), prints the URL and every demo login, then serves on 127.0.0.1 with
Django's server (no autoreload; static files through WhiteNoise).
``--check-idempotent`` instead verifies that loading again changes nothing (CI runs it
after a first load) and exits 1 if it did.
"""

from __future__ import annotations

import os
import threading

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.demo.data.accounts import USERS
from openenforce.demo.services import LoadReport, demo_password, load_demo


def _ensure_demo_seal() -> None:
    """The demo seals its documents with a demo PKI it makes once (docs/documents.md,
    "Seal"): a demo CA, a seal certificate per demo agency and the in-process TSA."""
    from openenforce.demo.data.accounts import AGENCIES
    from openenforce.documents.seal_keys import make_demo_pki

    key = settings.OPENENFORCE_SEAL_KEY_FILE
    if not settings.OPENENFORCE_SEAL_PROFILE or key.exists():
        return
    pki = make_demo_pki(
        key.parent,
        agency_name="OpenEnforce 演示",
        agencies=tuple((spec["code"], spec["name"]) for spec in AGENCIES),
    )
    settings.OPENENFORCE_SEAL_TSA_KEY_FILE = pki.tsa_key
    settings.OPENENFORCE_SEAL_TSA_CERT_FILE = pki.tsa_chain
    settings.OPENENFORCE_SEAL_KEY_FILE, settings.OPENENFORCE_SEAL_CERT_FILE = pki.key, pki.chain


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (the record's entries included)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class Command(BaseCommand):
    help = _("Set up the demo: migrate, load the demo data, print the logins and serve.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help=_("Do not start the server."))
        parser.add_argument(
            "--check-idempotent",
            action="store_true",
            help=_("Load again, without serving, and exit 1 if anything changed."),
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help=_("Port to serve on (default: $PORT, else 8000)."),
        )

    def handle(self, *args, no_serve: bool, check_idempotent: bool, port: int, **options):
        if not os.environ.get("OPENENFORCE_REQUIRE_ADMIN_2FA"):
            # The demo's administrators log in with the printed password alone; an
            # installation requires two-step verification of administrators by default.
            settings.OPENENFORCE_REQUIRE_ADMIN_2FA = False
        if not os.environ.get("OPENENFORCE_PUBLIC_URL"):
            # The documents' QR codes and the e-mailed links lead to the demo as served.
            settings.OPENENFORCE_PUBLIC_URL = f"http://127.0.0.1:{port}"
        _migrate()
        _ensure_ledger_key()
        # The justice bureau's witness runs before the load: it cosigns the announcement
        # of the demo's draw, which may only run after that (docs/draws.md §1).
        witness_key = _start_demo_witness()
        _ensure_demo_seal()
        password = demo_password()
        before = row_counts()
        report = load_demo(password=password)
        if check_idempotent:
            self._check(before, row_counts(), report)
        else:
            self.stdout.write(
                _("Demo data: %(created)d created, %(updated)d updated.")
                % {"created": len(report.created), "updated": len(report.updated)}
            )
        self._print_logins(port, password)
        if not check_idempotent:
            self._witness(witness_key)
        if not (no_serve or check_idempotent):
            stop = _start_checkpoint_signer()
            try:
                # Django's server without the autoreloader; WhiteNoise serves static files.
                call_command(
                    "runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=False
                )
            finally:
                stop.set()

    def _witness(self, vkey: str | None) -> None:
        """The justice bureau's witness (``_start_demo_witness``): its own key and state
        under var/witness/, served on a loopback port in this process, reached by the log
        over HTTP as in production. One round now, so the served checkpoint is cosigned;
        the signer's loop does the rest."""
        from openenforce.ledger import services, witnessing

        if vkey is None:  # witnesses configured by the environment: theirs, not the demo's
            return
        services.publish_checkpoint()
        cosigned = witnessing.witness_round()
        self.stdout.write(
            _("The justice bureau's witness key (also in var/witness.vkey): %(vkey)s")
            % {"vkey": vkey}
        )
        if not cosigned:
            self.stderr.write(
                _(
                    "The witness did not cosign the record's checkpoint (was the database reset while var/witness/ was kept? Then delete var/witness/)."
                )
            )

    def _check(self, before: dict[str, int], after: dict[str, int], report: LoadReport) -> None:
        """Report every difference a repeated load made; exit 1 if there is one."""
        lines = [
            _("%(table)s: %(before)d → %(after)d rows")
            % {"table": label, "before": before.get(label, 0), "after": count}
            for label, count in after.items()
            if before.get(label, 0) != count
        ]
        lines += [_("created: %(what)s") % {"what": what} for what in report.created]
        lines += [_("updated: %(what)s") % {"what": what} for what in report.updated]
        if lines:
            raise CommandError(
                _("Loading the demo data again changed something:") + "\n  " + "\n  ".join(lines),
                returncode=1,
            )
        self.stdout.write(_("Loading the demo data again changed nothing."))

    def _print_party_access(self, port: int) -> None:
        """A party's way into their case (docs/party.md): the code of a served document and
        the party's identity, for the newest served prior notice or decision."""
        from openenforce.deliveries.models import Delivery

        delivery = (
            Delivery.objects.filter(
                case__isnull=False,
                party_code__isnull=False,
                document__doc_type__in=("prior_notice", "penalty_decision"),
            )
            .select_related("case")
            .order_by("-pk")
            .first()
        )
        party = delivery.case.parties.first() if delivery and delivery.case else None
        if delivery is None or party is None:
            return
        self.stdout.write(
            _(
                "The party's page: http://127.0.0.1:%(port)d/party/ · code %(code)s · identity %(id)s"
            )
            % {
                "port": port,
                "code": delivery.party_code_display,
                "id": party.credit_code or party.id_number,
            }
        )

    def _print_logins(self, port: int, password: str) -> None:
        names = [spec["username"] for spec in USERS]
        users = {
            u.username: u for u in User.objects.select_related("agency").filter(username__in=names)
        }
        self.stdout.write("")
        self.stdout.write(
            _("OpenEnforce demo: http://127.0.0.1:%(port)d/accounts/login/") % {"port": port}
        )
        self.stdout.write(
            _("Demo logins (the same password for all: %(password)s)") % {"password": password}
        )
        for spec in USERS:
            user = users[spec["username"]]
            # A user with no role reads the evaluation campaigns' files assigned to them.
            roles = ", ".join(str(Role(role).label) for role in spec["roles"]) or _(
                "Case-file evaluator"
            )
            self.stdout.write(
                f"  {spec['username']:<12} {roles} · {user.display_name} · {user.agency}"
            )
        self._print_party_access(port)
        if not settings.OPENENFORCE_REQUIRE_ADMIN_2FA:
            self.stdout.write(
                _(
                    "Two-step verification is optional for everyone in the demo, administrators included (a real installation requires it of administrators; OPENENFORCE_REQUIRE_ADMIN_2FA=1 requires it here too)."
                )
            )
        if not users[names[0]].check_password(password):
            self.stderr.write(
                _(
                    "The demo users were created earlier with another password; their passwords were not changed."
                )
            )


def _migrate() -> None:
    """Apply pending migrations, and only then run ``migrate`` (it is slow even when idle)."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def _start_checkpoint_signer() -> threading.Event:
    """Sign checkpoints in a daemon thread while the demo serves, so every entry is covered
    within ``OPENENFORCE_LEDGER_CHECKPOINT_SECONDS`` even when nobody writes (production
    runs ``openenforce ledger checkpoint --watch`` as its own process instead)."""
    from openenforce.ledger.services import checkpoint_loop

    stop = threading.Event()
    thread = threading.Thread(
        target=checkpoint_loop, kwargs={"stop": stop}, name="checkpoint-signer", daemon=True
    )
    thread.start()
    return stop


def _start_demo_witness() -> str | None:
    """Make (once) and serve the demo's witness; point the log at it. Its vkey, or None
    when ``OPENENFORCE_WITNESSES`` is set in the environment."""
    if os.environ.get("OPENENFORCE_WITNESSES"):
        return None
    from openenforce.ledger import notes
    from openenforce.ledger.witness import Witness, make_server

    directory = settings.VAR_DIR / "witness"
    if (directory / "state.json").exists():
        witness = Witness(directory)
    else:
        witness = Witness.init(directory, "justice-bureau.demo/witness")
    origin = settings.OPENENFORCE_LEDGER_ORIGIN
    if origin not in witness.state()["logs"]:
        witness.add_log(origin, notes.vkey(), settings.OPENENFORCE_LEDGER_HASH.lower())
    server = make_server(witness, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, name="witness", daemon=True).start()
    vkey = witness.vkey()
    (settings.VAR_DIR / "witness.vkey").write_text(vkey + "\n")
    settings.OPENENFORCE_WITNESSES = [
        {"vkey": vkey, "url": f"http://127.0.0.1:{server.server_port}"}
    ]
    return vkey


def _ensure_ledger_key() -> None:
    """Create the record's checkpoint signing key now, not at the first checkpoint."""
    try:
        from openenforce.ledger.notes import load_or_create_key
    except ImportError:  # a ledger without signed checkpoints has no key to create
        return
    load_or_create_key()
