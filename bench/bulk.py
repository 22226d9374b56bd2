"""Benchmark set-up only: rows in bulk, behind the record's back.

The application writes every recorded row through the ledger's services, and a recorded
model's queryset refuses ``bulk_create``. A benchmark that needs a hundred thousand cases
in seconds creates them with Django's plain queryset instead: the rows exist, but the
record knows nothing of them, so ``openenforce ledger verify`` would rightly call them
unrecorded. Never use this outside ``bench/`` (and only on the benchmark's own database).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models


def bulk_create_unrecorded(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    models.QuerySet(model=model).bulk_create(rows, batch_size=5000)
