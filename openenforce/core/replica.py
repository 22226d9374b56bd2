"""Reads from a streaming replica, only where asked for (docs/deployment.md, "Read replica").

With ``OPENENFORCE_REPLICA_URL`` set, settings add a ``replica`` database alias. Nothing
reads from it by default: a staff request that writes then reads must see its own writes,
and the record's verification must read the primary. Reads go to the replica only inside
``reads_from_replica()`` (a context manager and decorator), which ``ReplicaReadsMiddleware``
enters for GET and HEAD requests under ``OPENENFORCE_REPLICA_READ_PATHS`` (the public portal
and its open-data API); ``routers.ReplicaRouter`` does the routing.

If the replica cannot be reached, the scope falls back to the primary and does not try the
replica again for ``OPENENFORCE_REPLICA_RETRY_SECONDS``.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
logger = logging.getLogger(__name__)

_reading: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "openenforce_replica_reads", default=None
)
_down_until = 0.0


def configured() -> bool:
    return REPLICA in connections.settings


def current() -> str | None:
    """The alias reads go to in this scope, or None (the router's default: the primary)."""
    return _reading.get()


def mark_down() -> None:
    """Stop using the replica for ``OPENENFORCE_REPLICA_RETRY_SECONDS``."""
    global _down_until
    _down_until = time.monotonic() + settings.OPENENFORCE_REPLICA_RETRY_SECONDS


def usable() -> bool:
    """Whether the replica is configured, not marked down, and connects."""
    if not configured() or time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("The read replica cannot be reached; reading from the primary.")
        mark_down()
        return False
    return True


@contextlib.contextmanager
def reads_from_replica() -> Iterator[None]:
    """Inside, reads go to the replica if it is usable, else to the primary; writes always
    go to the primary (and reads inside a transaction on the primary stay there)."""
    token = _reading.set(REPLICA if usable() else None)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaReadsMiddleware:
    """GET and HEAD requests under ``OPENENFORCE_REPLICA_READ_PATHS`` read from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            configured()
            and request.method in ("GET", "HEAD")
            and request.path_info.startswith(tuple(settings.OPENENFORCE_REPLICA_READ_PATHS))
        ):
            with reads_from_replica():
                return self.get_response(request)
        return self.get_response(request)
