"""The offline verifier of packages that carry record entries with their files (a case
file's zip), registered by the app that writes them: ``casefiles`` does so in
``CasefilesConfig.ready()``. ``openenforce ledger verify --package`` calls it, so the ledger
imports nothing from the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PackageVerifier = Callable[..., Any]  # (path, vkey text or None) -> report

_verifier: PackageVerifier | None = None


def register_package_verifier(verifier: PackageVerifier) -> None:
    global _verifier
    _verifier = verifier


def package_verifier() -> PackageVerifier | None:
    """The registered verifier; None when no installed app writes packages."""
    return _verifier
