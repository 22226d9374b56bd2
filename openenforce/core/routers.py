"""The database router: reads to the replica inside ``replica.reads_from_replica()``,
everything else to the primary (``default``)."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

from openenforce.core import replica

# Read from the primary even in a replica scope: a session written at login must be seen at
# once; so must the shared counters of the database cache (rate limits), the log-in
# lock-out's attempts and the two-step devices (a device just set up).
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "django_cache", "axes", "otp_totp", "otp_static", "django_otp"}
)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica.current()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        # Inside a transaction on the primary (a service that writes, then reads), stay there.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return alias

    def db_for_write(self, model, **hints):
        # Explicit: without it Django would write an object back where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema; it is never migrated itself.
        return False if db == replica.REPLICA else None
