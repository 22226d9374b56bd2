"""The client's address, and a per-address hourly allowance for the public forms that take
no login (correction requests, PDF checks, code look-ups).

The address is ``REMOTE_ADDR`` unless the request came from one of the proxies named in
``OPENENFORCE_TRUSTED_PROXIES``: then it is the right-most address of ``X-Forwarded-For``
that is not itself a trusted proxy (each proxy appends the address it saw, so everything to
the left of the first untrusted hop may be forged by the client). The log-in throttle
(django-axes, ``AXES_CLIENT_IP_CALLABLE``) uses the same function.

Counters live in the ``shared`` cache (``RATE_LIMIT_CACHE``): Redis when
``OPENENFORCE_REDIS_URL`` is set, else the database, so every worker process and app server
counts against the same allowance (docs/deployment.md).
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

WINDOW_SECONDS = 3600
RATE_LIMIT_CACHE = "shared"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The address the request came from: ``REMOTE_ADDR``, or, when that is a trusted
    proxy, the right-most untrusted address of its ``X-Forwarded-For`` header."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks(tuple(getattr(settings, "OPENENFORCE_TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        if not _valid(hop):
            break  # garbage from the client: the last proxy's view is all we can trust
        client = hop
        if not _trusted(hop, networks):
            break
    return client


def axes_client_address(request: HttpRequest) -> str | None:
    """``client_address`` for django-axes, which stores it in an IP address column: None
    where the request has no address (a test client's ``force_login`` builds one without
    ``REMOTE_ADDR``; PostgreSQL refuses "unknown" in that column)."""
    address = client_address(request)
    return address if _valid(address) else None


def over_hourly_allowance(request: HttpRequest, scope: str, per_hour: int) -> bool:
    """Count one request of ``scope`` from this address; True once it is over ``per_hour``
    within the hour that began with the first counted one."""
    cache = caches[RATE_LIMIT_CACHE]
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > per_hour
