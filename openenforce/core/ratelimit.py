"""A per-address hourly allowance for the public forms that take no login (correction
requests, PDF checks): counted in Django's cache, so servers sharing a cache share it."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    """The address the request came from (``REMOTE_ADDR``: behind a reverse proxy, have it
    set from the proxy's header there, not trusted from the client here)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_hourly_allowance(request: HttpRequest, scope: str, per_hour: int) -> bool:
    """Count one request of ``scope`` from this address; True once it is over ``per_hour``
    within the hour that began with the first counted one."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > per_hour
