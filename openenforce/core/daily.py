"""The daily job's further steps: apps above the workbench's imports (the warnings'
evaluation) register a step here from their ``AppConfig.ready()``; the workbench's
``run_daily`` runs every registered step after its own work, in registration order.

``step(today)``: ``today`` is the day the job runs for (None: today). This module imports
nothing of the project above ``core``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

Step = Callable[[datetime.date | None], Any]

_steps: dict[str, Step] = {}


def register(name: str, step: Step) -> None:
    """Register ``step`` under ``name`` (an app label); the same one again is a no-op."""
    if _steps.get(name, step) is not step:
        raise ValueError(f"A daily step {name!r} is registered already.")
    _steps[name] = step


def run_all(today: datetime.date | None = None) -> dict[str, Any]:
    """Run every registered step for ``today``; their results by name."""
    return {name: step(today) for name, step in _steps.items()}
