"""Reads from the replica only where asked for, and the primary when the replica is down
(docs/deployment.md, "Read replica"). The streaming replica itself:
``portal/tests/test_replica_live.py``."""

from __future__ import annotations

import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from openenforce.accounts.models import Agency
from openenforce.core import replica
from openenforce.core.routers import ReplicaRouter


@pytest.fixture
def unreachable_replica(monkeypatch):
    """A ``replica`` alias, configured as ``OPENENFORCE_REPLICA_URL`` does, naming a port
    where no server listens."""
    import dj_database_url

    config = {
        **connections.settings[DEFAULT_DB_ALIAS],
        **dj_database_url.parse("postgres://postgres@127.0.0.1:9/openenforce"),
        "OPTIONS": {"connect_timeout": 1},
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
    }
    monkeypatch.setitem(connections.settings, replica.REPLICA, config)
    monkeypatch.setattr(replica, "_down_until", 0.0)
    yield
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]


@pytest.fixture
def usable_replica(monkeypatch):
    """The router's view of a configured replica that answers (no server needed to route)."""
    monkeypatch.setattr(replica, "usable", lambda: True)


def test_reads_go_to_the_replica_only_inside_the_scope(usable_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Agency) is None  # the primary
    with replica.reads_from_replica():
        assert router.db_for_read(Agency) == replica.REPLICA
        # A session written at login must be read at once: always the primary.
        assert router.db_for_read(Session) is None
        # Writes, and migrations, only ever on the primary.
        assert router.db_for_write(Agency) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Agency) is None
    assert router.allow_migrate(replica.REPLICA, "accounts") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "accounts") is None


@pytest.mark.django_db(transaction=True)
def test_a_transaction_on_the_primary_reads_its_own_writes(usable_replica):
    router = ReplicaRouter()
    with replica.reads_from_replica(), transaction.atomic():
        assert router.db_for_read(Agency) is None


@pytest.mark.django_db
def test_without_a_replica_the_scope_reads_the_primary():
    assert not replica.configured()
    with replica.reads_from_replica():
        assert replica.current() is None


MESSAGE = "The read replica cannot be reached; reading from the primary."


def test_an_unreachable_replica_is_left_alone_for_a_while(
    unreachable_replica, django_db_blocker, settings, caplog
):
    with django_db_blocker.unblock(), caplog.at_level(logging.WARNING, logger=replica.__name__):
        assert not replica.usable()  # a real connection attempt, refused
        assert not replica.usable()  # not tried again for OPENENFORCE_REPLICA_RETRY_SECONDS
        assert [r.getMessage() for r in caplog.records] == [MESSAGE]
        with replica.reads_from_replica():
            assert replica.current() is None  # the primary
        settings.OPENENFORCE_REPLICA_RETRY_SECONDS = 0
        replica.mark_down()
        assert not replica.usable()  # the time is up: tried again
        assert [r.getMessage() for r in caplog.records] == [MESSAGE, MESSAGE]


@pytest.fixture
def consulted(monkeypatch):
    """A configured replica that is down; one mark per request that asked for it."""
    asked: list[str] = []
    monkeypatch.setattr(replica, "configured", lambda: True)

    def usable():
        asked.append("asked")
        return False

    monkeypatch.setattr(replica, "usable", usable)
    return asked


@pytest.mark.django_db
def test_public_pages_ask_for_the_replica_and_answer_from_the_primary_when_it_is_down(
    consulted, client, agency, settings
):
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 0
    page = client.get("/portal/agencies/")
    assert page.status_code == 200
    assert agency.name in page.content.decode()
    assert client.get("/api/v1/public/agencies").status_code == 200
    assert len(consulted) == 2


@pytest.mark.django_db
def test_staff_pages_and_unsafe_requests_never_ask_for_the_replica(
    consulted, client_for, officer, client
):
    assert client_for(officer).get("/cases/").status_code == 200
    client.post("/portal/agencies/")
    assert consulted == []
