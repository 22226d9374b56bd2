"""The command line in a child process, as an operator runs it (its own settings from
``environment``; the real clock: docs/testing.md)."""

from __future__ import annotations

import subprocess
import sys


def run_cli(
    environment: dict[str, str], *args: str, timeout: int = 600
) -> subprocess.CompletedProcess:
    """``openenforce *args`` with ``environment``; the finished process, never raising."""
    return subprocess.run(  # noqa: S603  (our own command, a fixed argument list)
        [sys.executable, "-m", "openenforce", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
