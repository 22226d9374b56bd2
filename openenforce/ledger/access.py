"""Whose record entries a user may read, decided by the app that knows roles and agencies.

Entries show which cases, evidence and documents were viewed or moved, when and by whom,
so they are read by agency. The ledger itself knows agencies only as ids: ``accounts``
registers a scope in ``AccountsConfig.ready()`` saying which agencies' entries a user may
read (administrators and supervisors: the agencies they may read), so the ledger needs
nothing from the layers above it.

Two ways of reading follow from the scope:

- a full C2SP entry bundle (``tile/entries/<N>``) holds every entry of 256 leaves,
  whichever agency wrote them, and must be served byte for byte for the hash tiles to
  verify; so only a **platform-wide** reader, whose scope is every agency (``None``:
  superusers, or a scope that covers every agency), gets bundles;
- everyone else with a scope reads their agencies' entries one by one, each with its
  RFC 9162 inclusion proof against the latest checkpoint (``GET /api/v1/ledger/entries``).
"""

from __future__ import annotations

from collections.abc import Callable

# ``scope(user)``: the agency ids whose entries ``user`` may read, or ``None`` for all.
EntryScope = Callable[[object], "set[int] | None"]

_ENTRY_SCOPES: list[EntryScope] = []


def register_entry_scope(scope: EntryScope) -> None:
    """Admit users to the entries of the agencies ``scope(user)`` names (idempotent)."""
    if scope not in _ENTRY_SCOPES:
        _ENTRY_SCOPES.append(scope)


def entry_agencies(user) -> set[int] | None:
    """The agency ids whose entries ``user`` may read; ``None`` means every entry (also
    those of no agency: the installation's own). Superusers read everything; anyone else
    what the registered scopes give (the union); nobody without one."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for scope in _ENTRY_SCOPES:
        found = scope(user)
        if found is None:
            return None
        ids |= found
    return ids


def may_read_entries(user) -> bool:
    """Whether ``user`` may fetch full entry bundles: only a platform-wide reader."""
    return entry_agencies(user) is None
