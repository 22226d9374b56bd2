"""Real commits on PostgreSQL: concurrent writers leave a gapless log; a writer killed
with SIGKILL loses no acknowledged event; the log verifies afterwards."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from openenforce.ledger import services, verify
from openenforce.ledger.models import Entry

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WRITERS, EVENTS = 8, int(os.environ.get("OPENENFORCE_LEDGER_TEST_EVENTS", "100"))


def _write(agency, errors: list) -> None:
    try:
        with connection.cursor() as cursor:  # this machine's fsync is slow; gaps are the point
            cursor.execute("SET synchronous_commit = off")
        for _ in range(EVENTS):
            with transaction.atomic():
                services.record(actor=None, event_type="test.concurrent", subject=agency)
    except Exception as exc:  # reported by the main thread
        errors.append(exc)
    finally:
        connections.close_all()


def test_concurrent_writers_leave_no_gap_and_no_duplicate(agency):
    before = Entry.objects.count()
    errors: list = []
    threads = [threading.Thread(target=_write, args=(agency, errors)) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = list(Entry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(before + WRITERS * EVENTS))
    services.publish_checkpoint()
    assert verify.verify_database() == []


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_writer_killed_mid_stream_loses_no_acknowledged_event(agency):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "openenforce.settings",
        "OPENENFORCE_LEDGER_KEY_FILE": str(settings.OPENENFORCE_LEDGER_KEY_FILE),
    }
    writer = subprocess.Popen(
        [sys.executable, "-m", "openenforce.ledger.tests.crash_writer", str(agency.pk)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(settings.BASE_DIR),
    )
    acknowledged = [int(writer.stdout.readline()) for _ in range(300)]
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    stored = set(Entry.objects.values_list("sequence", flat=True))
    assert set(acknowledged) <= stored
    assert sorted(stored) == list(range(len(stored)))
    services.publish_checkpoint()
    assert verify.verify_database() == []
