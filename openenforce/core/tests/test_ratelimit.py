"""The client's address behind a proxy, and hourly allowances shared by every worker."""

import uuid

import pytest
from django.core.cache import CacheHandler
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from openenforce.core import ratelimit
from openenforce.core.ratelimit import client_address, over_hourly_allowance

PROXY = "10.0.0.2"


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.OPENENFORCE_TRUSTED_PROXIES = []
    assert client_address(request(PROXY, "203.0.113.7")) == PROXY


def test_a_trusted_proxys_header_names_the_client(settings):
    settings.OPENENFORCE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request(PROXY, "203.0.113.7")) == "203.0.113.7"
    # Proxies in a chain: the right-most address that is not a trusted proxy.
    assert client_address(request(PROXY, "203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_a_spoofed_header_cannot_pick_the_address(settings):
    settings.OPENENFORCE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # From an untrusted address the header is the client's own say-so.
    assert client_address(request("198.51.100.20", "1.2.3.4")) == "198.51.100.20"
    # Through the proxy, what the client wrote to the left of the proxy's entry is ignored.
    assert client_address(request(PROXY, "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    assert client_address(request(PROXY, "1.2.3.4, not-an-address")) == PROXY


def test_ipv6_proxies(settings):
    settings.OPENENFORCE_TRUSTED_PROXIES = ["fd00::/8", "127.0.0.1"]
    assert client_address(request("fd00::1", "2001:db8::7")) == "2001:db8::7"
    assert client_address(request("127.0.0.1", "2001:db8::8")) == "2001:db8::8"


def _two_workers(monkeypatch, limit=2):
    """Two processes' cache connections (each its own client objects) over one backend."""
    workers = [CacheHandler(), CacheHandler()]
    scope = f"test-{uuid.uuid4().hex}"
    results = []
    for worker in (0, 1, 0, 1):
        monkeypatch.setattr(ratelimit, "caches", workers[worker])
        results.append(over_hourly_allowance(request("198.51.100.20"), scope, limit))
    return workers, results


@pytest.mark.django_db
def test_two_workers_share_the_count_in_the_database_cache(monkeypatch, settings):
    backend = "django.core.cache.backends.db.DatabaseCache"
    shared = {"BACKEND": backend, "LOCATION": "openenforce_cache"}
    settings.CACHES = {**settings.CACHES, "shared": shared}
    call_command("createcachetable", verbosity=0)  # made by migrate only when configured
    workers, results = _two_workers(monkeypatch)
    assert workers[0]["shared"] is not workers[1]["shared"]
    assert results == [False, False, True, True]


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except Exception:
        return False
    return True


def test_without_redis_the_shared_cache_is_the_database(settings):
    """Never a per-process memory cache: each worker would count on its own."""
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        assert settings.CACHES["shared"]["BACKEND"].endswith("DatabaseCache")
    assert not settings.CACHES["shared"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_two_workers_share_the_count_in_redis(monkeypatch, settings):
    prefix = f"oe-test-{uuid.uuid4().hex}"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": backend,
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        },
    }
    workers, results = _two_workers(monkeypatch)
    assert results == [False, False, True, True]
    workers[0]["shared"].clear()


@pytest.mark.django_db
def test_one_person_behind_the_proxy_does_not_use_up_everyones_allowance(client, settings):
    """Every request arrives from the proxy: counted by REMOTE_ADDR, one person's look-ups
    would refuse everyone's."""
    settings.OPENENFORCE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.OPENENFORCE_CODE_LOOKUPS_PER_HOUR = 2
    url = reverse("documents:lookup")

    def look_up(who: str) -> int:
        query = {"code": "no-such-code"}
        return client.get(url, query, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=who).status_code

    assert [look_up("203.0.113.7") for _n in range(3)] == [404, 404, 429]
    assert look_up("198.51.100.20") == 404


def test_the_lock_out_log_gets_an_address_or_none_never_unknown():
    """django-axes stores the address in an IP column: a request without one (the test
    client's force_login) must not make PostgreSQL refuse the log-in."""
    without = RequestFactory().get("/")
    del without.META["REMOTE_ADDR"]
    assert client_address(without) == "unknown"  # the rate limits still count it
    assert ratelimit.axes_client_address(without) is None
    assert ratelimit.axes_client_address(request("203.0.113.9")) == "203.0.113.9"
