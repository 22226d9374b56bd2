"""Recorded models, and the guard that keeps their rows from changing behind the record.

A model is *recorded* when it inherits ``RecordedModel``: each of its rows is the subject
of record entries, and ``ledger verify`` checks every row against the state digest of its
latest entry (and that every row has an entry, and that a row whose deletion was recorded
is gone). A write that changes such a row without an entry is, to the verifier,
tampering. So recorded models refuse the ORM's ways of writing many rows at once
(``QuerySet.update``, ``delete``, ``bulk_create``, ``bulk_update``) and ``Model.delete``:
the one way to do any of these is through the ledger's own services
(``update_recorded``, ``create_recorded``, ``bulk_update_recorded``, ``delete_recorded``
in ``openenforce.ledger.services``), which write the entries in the same transaction.
Single-row ``save()`` stays allowed: the service that calls it records the row (the
suite's teardown check and the day-in-the-life test find a service that forgets).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from django.db import models

_ESCAPE: contextvars.ContextVar[bool] = contextvars.ContextVar("ledger_escape", default=False)


class UnrecordedWrite(RuntimeError):
    """A bulk write or delete of a recorded model outside the ledger's services: a
    programming error, never a user's."""


def _refuse(model: type[models.Model], what: str) -> None:
    if not _ESCAPE.get():
        raise UnrecordedWrite(
            f"{what} on the recorded model {model._meta.label} would change rows without "
            "a record entry; use the ledger's update_recorded / create_recorded / "
            "bulk_update_recorded / delete_recorded instead"
        )


@contextlib.contextmanager
def _ledger_writes() -> Iterator[None]:
    """The single escape, used only by ``openenforce.ledger.services``: inside it the
    ledger writes rows and their entries together."""
    token = _ESCAPE.set(True)
    try:
        yield
    finally:
        _ESCAPE.reset(token)


_T = TypeVar("_T", bound=models.Model)


class RecordedQuerySet(models.QuerySet[_T]):
    """A queryset of a recorded model: reads as usual; bulk writes only via the ledger."""

    def update(self, **kwargs: Any) -> int:
        # Fields the record leaves out on purpose (``ledger_volatile_fields``: a token's
        # last use) may be set in bulk: no recorded state changes.
        if not set(kwargs) <= set(getattr(self.model, "ledger_volatile_fields", ())):
            _refuse(self.model, "QuerySet.update()")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse(self.model, "QuerySet.delete()")
        return super().delete()

    def bulk_create(self, objs: Iterable[_T], *args: Any, **kwargs: Any) -> list[_T]:
        _refuse(self.model, "QuerySet.bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[_T], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        _refuse(self.model, "QuerySet.bulk_update()")
        return super().bulk_update(objs, fields, *args, **kwargs)


class RecordedModel(models.Model):
    """Base of every recorded model (``ledger_recorded``); see the module's docstring.

    Subclasses that need their own queryset methods derive the queryset from
    ``RecordedQuerySet``.
    """

    ledger_recorded = True

    objects = RecordedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse(type(self), "Model.delete()")
        return super().delete(*args, **kwargs)


def is_recorded(model: type[models.Model] | models.Model) -> bool:
    return bool(getattr(model, "ledger_recorded", False))


def recorded_models() -> list[type[models.Model]]:
    """Every installed recorded model, in a stable order."""
    from django.apps import apps

    found = [m for m in apps.get_models() if is_recorded(m) and not m._meta.proxy]
    return sorted(found, key=lambda m: m._meta.label_lower)
