"""Appending to the record. Other services call ``record`` inside their own transaction."""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785
from django.db import connection, models, transaction
from django.utils import timezone

from openenforce.ledger.models import Entry


def subject_state(subject: models.Model) -> dict[str, Any]:
    """The subject's concrete field values, as JSON-safe primitives."""
    state: dict[str, Any] = {}
    for field in subject._meta.concrete_fields:
        value = field.value_from_object(subject)
        if value is not None and not isinstance(value, (str, int, bool, float, list, dict)):
            value = str(value)
        state[field.attname] = value
    return state


def state_digest(subject: models.Model) -> str:
    return hashlib.sha256(rfc8785.dumps(subject_state(subject))).hexdigest()


def record(
    *,
    actor,
    event_type: str,
    subject: models.Model,
    agency=None,
    files: tuple[str, ...] = (),
) -> Entry:
    """Append one event about ``subject`` to the record, in the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("record() must run inside the service's transaction")
    agency_id = agency.pk if agency is not None else getattr(subject, "agency_id", None)
    last = Entry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    sequence = 0 if last is None else last + 1
    now = timezone.now()
    envelope = {
        "seq": sequence,
        "time": now.isoformat(),
        "agency": agency_id,
        "actor": getattr(actor, "pk", None),
        "type": event_type,
        "subject": {"kind": subject._meta.label_lower, "id": str(subject.pk)},
        "state": state_digest(subject),
        "files": list(files),
    }
    body = rfc8785.dumps(envelope)
    with transaction.atomic():
        return Entry.objects.create(
            sequence=sequence,
            recorded_at=now,
            agency_id=agency_id,
            actor_id=envelope["actor"],
            event_type=event_type,
            subject_kind=envelope["subject"]["kind"],
            subject_id=envelope["subject"]["id"],
            body=body,
            leaf_hash=hashlib.sha256(b"\x00" + body).digest(),
        )
