"""The public portal against a real streaming replica (docs/deployment.md, "Read replica").

A new PostgreSQL primary and hot standby (``testing.replica.pair``); an installation on the
primary with ``OPENENFORCE_REPLICA_URL`` naming the standby, driven by ``openenforce`` in
subprocesses as an app server would run. With the standby's replay paused, an agency added on
the primary is missing from the public portal and the public API (they read the replica)
but shown to staff and counted by reads outside the replica scope (the primary), and the
record verifies; once replay resumes the portal shows it; with the standby stopped, the
portal answers from the primary.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from django.conf import settings as django_settings

from openenforce.testing import replica
from openenforce.testing.cli import run_cli

pytestmark = [pytest.mark.once, pytest.mark.slow, pytest.mark.postgres_only]

SETUP = """
from openenforce.accounts.models import Agency
from openenforce.accounts.services import create_user, get_system_actor, save_agency
actor = get_system_actor()
save_agency(Agency(code="before", name="复制前已设局"), actor=actor)
create_user("root", actor=actor, agency=None, is_superuser=True, password="x-Very-long-1")
"""

ADD = """
from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor, save_agency
save_agency(Agency(code="after", name="暂停后新设局"), actor=get_system_actor())
"""

# What each reader sees of the new agency, as JSON on the last line.
LOOK = """
import json
from django.test import Client
from openenforce.accounts.models import Agency, User
from openenforce.core.replica import reads_from_replica
from openenforce.ledger.models import Entry
name = "暂停后新设局"
anonymous, staff = Client(), Client()
staff.force_login(User.objects.get(username="root"))
portal = anonymous.get("/portal/agencies/")
api = anonymous.get("/api/v1/public/agencies")
admin = staff.get("/admin/accounts/agency/")
with reads_from_replica():
    replica_entries = Entry.objects.count()
print(json.dumps({
    "status": [portal.status_code, api.status_code, admin.status_code],
    "portal": name in portal.content.decode(),
    "api": name in api.content.decode("unicode_escape") or name in api.content.decode(),
    "staff": name in admin.content.decode(),
    "primary_entries": Entry.objects.count(),
    "replica_entries": replica_entries,
}))
"""


def openenforce(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = run_cli(environment, *args)
    assert done.returncode == 0, done.stderr + done.stdout
    return done


def look(environment: dict[str, str]) -> dict:
    done = openenforce(environment, "shell", "-c", LOOK)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_portal_reads_from_a_streaming_replica(tmp_path):
    reason = replica.unavailable()
    if reason:
        pytest.skip(f"no primary and standby can be started here: {reason}")
    with replica.pair() as pair:
        with pair.primary.connect() as primary:
            primary.execute("CREATE DATABASE openenforce")
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("OPENENFORCE_") and name != "DATABASE_URL"
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="openenforce.settings",
            OPENENFORCE_VAR_DIR=str(tmp_path),
            OPENENFORCE_LEDGER_HASH=django_settings.OPENENFORCE_LEDGER_HASH,
            OPENENFORCE_PORTAL_CACHE_SECONDS="0",
            DATABASE_URL=pair.primary.url("openenforce"),
            OPENENFORCE_REPLICA_URL=pair.standby.url("openenforce"),
        )
        openenforce(environment, "migrate", "--no-input")
        openenforce(environment, "shell", "-c", SETUP)
        pair.replayed()
        with pair.standby.connect("openenforce") as standby:
            standby.execute("SELECT pg_wal_replay_pause()")
            openenforce(environment, "shell", "-c", ADD)

            behind = look(environment)
            assert behind["status"] == [200, 200, 200]
            assert not behind["portal"] and not behind["api"]
            assert behind["staff"]
            assert behind["replica_entries"] < behind["primary_entries"]
            openenforce(environment, "ledger", "verify")

            standby.execute("SELECT pg_wal_replay_resume()")
        pair.replayed()
        caught_up = look(environment)
        assert caught_up["portal"] and caught_up["api"] and caught_up["staff"]
        assert caught_up["replica_entries"] == caught_up["primary_entries"]

        pair.standby.stop()
        down = look(environment)
        assert down["status"] == [200, 200, 200]
        assert down["portal"] and down["api"]
