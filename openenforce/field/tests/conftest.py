"""The field app's tests: the on-site world of openenforce/onsite's tests (media folders,
a drawn plan's tasks), a quiet live server, a bystander officer."""

import pytest

# The same media folders and drawn plan as the on-site services' tests.
from openenforce.onsite.tests.conftest import _media, world  # noqa: F401


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
def team_bystander(world):  # noqa: F811 - the fixture imported above
    """A certified officer of the agency on none of the tasks."""
    from openenforce.testing.team import bystander

    return bystander(world.team, "O9", "officer9")
