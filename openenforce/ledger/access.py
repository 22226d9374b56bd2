"""Who may read the record's entry bundles, decided by the app that knows roles.

Entries show which cases moved, and when; the ledger serves them only to users some
registered check admits (besides superusers). ``accounts`` registers administrators and
supervisors in ``AccountsConfig.ready()``, so the ledger needs nothing from the layers
above it.
"""

from __future__ import annotations

from collections.abc import Callable

EntryReaderCheck = Callable[[object], bool]

_ENTRY_READER_CHECKS: list[EntryReaderCheck] = []


def register_entry_reader_check(check: EntryReaderCheck) -> None:
    """Admit the authenticated users for whom ``check(user)`` is true (idempotent)."""
    if check not in _ENTRY_READER_CHECKS:
        _ENTRY_READER_CHECKS.append(check)


def may_read_entries(user) -> bool:
    """Superusers, and the users a registered check admits."""
    return bool(user.is_authenticated) and (
        user.is_superuser or any(check(user) for check in _ENTRY_READER_CHECKS)
    )
