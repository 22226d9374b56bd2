import pytest
from django.utils import timezone

from openenforce.testing.field import field_world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


@pytest.fixture
def world(agency, system_actor, officer, head, supervisor, record_witness):
    return field_world(
        agency,
        system_actor,
        officer,
        head,
        today=timezone.localdate(),
        supervisor=supervisor,
        witness=record_witness,
    )


@pytest.fixture
def quiet_live_server(monkeypatch, live_server):
    """The live server without its request threads closing the shared in-memory SQLite
    connection (as the evidence app's browser tests do)."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection

    if connection.vendor == "sqlite":
        monkeypatch.setattr(ThreadedWSGIServer, "_close_connections", lambda self: None)
    return live_server


@pytest.fixture
def team_bystander(world):
    """A certified officer of the agency on none of the tasks."""
    from openenforce.testing.team import bystander

    return bystander(world.team, "O9", "officer9")
