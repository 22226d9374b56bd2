"""Changing recorded rows behind the record, for tests that show it is caught.

Recorded models refuse unrecorded bulk writes (``openenforce.ledger.recorded``). A test
that means to tamper (or to force a state the services would refuse) goes around the
application the way an intruder with database access would: through the plain base
manager, which has no guard. Such tests carry ``@pytest.mark.tampers``, which turns off
the after-test check that the record still matches its rows.
"""

from __future__ import annotations

from django.db import models


def tamper(target: models.Model | models.QuerySet, **values) -> int:
    """Set ``values`` on a row (or every row of a queryset) without a record entry."""
    if isinstance(target, models.QuerySet):
        model, pks = target.model, list(target.values_list("pk", flat=True))
    else:
        model, pks = type(target), [target.pk]
    return model._base_manager.filter(pk__in=pks).update(**values)


def delete_behind(target: models.Model | models.QuerySet) -> int:
    """Delete a row (or a queryset's rows) without a record entry."""
    if isinstance(target, models.QuerySet):
        model, pks = target.model, list(target.values_list("pk", flat=True))
    else:
        model, pks = type(target), [target.pk]
    deleted, _by_model = model._base_manager.filter(pk__in=pks).delete()
    return deleted


def record_state() -> tuple[int, list[str]]:
    """The number of entries in the record and what ``ledger verify`` finds (nothing on an
    honest database): a refused request must leave both as they were."""
    from openenforce.ledger.models import Entry
    from openenforce.ledger.verify import verify_database

    return Entry.objects.count(), [str(problem) for problem in verify_database()]
