"""Observers of recorded rows: derived data kept in step with the record.

Every change of a recorded row ends in a record entry (``record``, ``record_bulk`` and the
bulk writers built on them), in the writer's transaction. An app above the ledger that keeps
data derived from a recorded model (the supervision's kept figures, say) registers an
observer for that model here; the ledger calls it with the rows as stored whenever it
records them, and with the primary keys of rows whose deletion it records, in the same
transaction. So derived data cannot miss a change that the record holds, whichever service
(or bulk writer) made it, and a rolled-back change rolls back its derived rows too.

An observer must only write its own, unrecorded rows (never a recorded model: that would
call for entries of its own) and must not fail on a row it cannot use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

Observer = Callable[[Sequence[Any], Sequence[Any]], None]

_OBSERVERS: dict[str, list[Observer]] = {}


def observe(model_label: str, observer: Observer) -> None:
    """Call ``observer(rows, deleted_pks)`` whenever rows of the model ``model_label``
    ("app_label.ModelName") are recorded. Registering the same function twice is a no-op."""
    observers = _OBSERVERS.setdefault(model_label.lower(), [])
    if observer not in observers:
        observers.append(observer)


def observed(model: type[models.Model]) -> bool:
    return model._meta.label_lower in _OBSERVERS


def notify(
    model: type[models.Model], rows: Sequence[models.Model], deleted: Sequence[Any] = ()
) -> None:
    """Tell the model's observers about ``rows`` (as stored now) and ``deleted`` keys."""
    for observer in _OBSERVERS.get(model._meta.label_lower, ()):
        observer(rows, deleted)
