"""Services that change the catalogue. Each runs in one transaction and writes the record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.accounts.permissions import can_edit_catalog
from openenforce.catalog.models import Certificate, CertificateEvent
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.ledger.services import record


def _agency_id_of(entry: models.Model) -> int:
    return entry.agency_id  # type: ignore[attr-defined]


def _check_may_edit(entry: models.Model, actor: User) -> None:
    if actor.is_active and not can_edit_catalog(actor, _agency_id_of(entry)):
        raise NotPermitted(
            _("Only administrators and heads of the agency may change its catalogue."),
            code="catalog_not_permitted",
        )


def validation_problems(error: ValidationError) -> list[FieldProblem]:
    """Django validation errors as field problems (field name, message)."""
    return [
        FieldProblem(field=name, message=" ".join(str(m) for m in messages))
        for name, messages in error.message_dict.items()
    ]


def _clean(entry: models.Model) -> None:
    try:
        entry.full_clean()
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise InvalidInput(
            "; ".join(f"{p.field}: {p.message}" for p in problems),
            code="invalid_entry",
            problems=problems,
        ) from exc


@transaction.atomic
def save_entry(
    entry: models.Model,
    *,
    actor: User,
    relations: Mapping[str, Iterable[models.Model]] | None = None,
) -> models.Model:
    """Create or update one catalogue entry (and its many-to-many ``relations``).

    ``actor`` must be allowed to edit the entry's agency; inactive actors are the system
    itself (CLI, demo loader) and are trusted by the caller.
    """
    _check_may_edit(entry, actor)
    created = entry.pk is None
    _clean(entry)
    entry.save()
    for name, targets in (relations or {}).items():
        getattr(entry, name).set(list(targets))
    verb = "created" if created else "updated"
    record(actor=actor, event_type=f"catalog.{entry._meta.model_name}.{verb}", subject=entry)
    return entry


@transaction.atomic
def retire_entry(entry: models.Model, *, actor: User, status: str) -> models.Model:
    """Mark an entry suspended or repealed. Entries are never deleted: the public record
    must show what was in force when a past decision was made."""
    _check_may_edit(entry, actor)
    if entry.status == status:  # type: ignore[attr-defined]
        raise WrongState(_("The entry already has this status."), code="status_unchanged")
    entry.status = status  # type: ignore[attr-defined]
    _clean(entry)
    entry.save(update_fields=["status", "updated_at"])
    record(actor=actor, event_type=f"catalog.{entry._meta.model_name}.{status}", subject=entry)
    return entry


# The standing each certificate event leads to, and the standings it may start from.
_EVENT_TRANSITIONS: dict[str, tuple[str | None, set[str]]] = {
    CertificateEvent.Kind.EXAM_PASSED: (None, set(Certificate.Standing.values)),
    CertificateEvent.Kind.ISSUED: (None, set(Certificate.Standing.values)),
    CertificateEvent.Kind.ANNUAL_REVIEW: (None, {Certificate.Standing.IN_FORCE}),
    CertificateEvent.Kind.RENEWED: (None, {Certificate.Standing.IN_FORCE}),
    CertificateEvent.Kind.SUSPENDED: (
        Certificate.Standing.SUSPENDED,
        {Certificate.Standing.IN_FORCE},
    ),
    CertificateEvent.Kind.REINSTATED: (
        Certificate.Standing.IN_FORCE,
        {Certificate.Standing.SUSPENDED},
    ),
    CertificateEvent.Kind.REVOKED: (
        Certificate.Standing.REVOKED,
        {Certificate.Standing.IN_FORCE, Certificate.Standing.SUSPENDED},
    ),
}


def allowed_certificate_events(certificate: Certificate) -> list[str]:
    """The event kinds a certificate in its current standing may be given."""
    return [
        kind
        for kind, (_standing, allowed_from) in _EVENT_TRANSITIONS.items()
        if certificate.standing in allowed_from
    ]


@transaction.atomic
def add_certificate_event(
    certificate: Certificate,
    *,
    actor: User,
    kind: str,
    date: datetime.date,
    reason: str = "",
    valid_to: datetime.date | None = None,
) -> CertificateEvent:
    """Add an event to a certificate's history and update its standing accordingly.

    Suspension and revocation need a reason; a renewal extends ``valid_to``.
    """
    certificate = (
        Certificate.objects.select_for_update().select_related("officer").get(pk=certificate.pk)
    )
    _check_may_edit(certificate.officer, actor)
    new_standing, allowed_from = _EVENT_TRANSITIONS[kind]
    if certificate.standing not in allowed_from:
        raise WrongState(
            _("A %(status)s certificate cannot be given the event “%(event)s”.")
            % {
                "status": certificate.get_standing_display(),
                "event": CertificateEvent.Kind(kind).label,
            },
            code="certificate_wrong_state",
        )
    if (
        kind in (CertificateEvent.Kind.SUSPENDED, CertificateEvent.Kind.REVOKED)
        and not reason.strip()
    ):
        raise InvalidInput(
            _("A suspension or revocation needs a reason."),
            code="reason_required",
            problems=[FieldProblem(field="reason", message=_("This field is required."))],
        )
    if kind == CertificateEvent.Kind.RENEWED:
        if valid_to is None or valid_to <= certificate.valid_to:
            raise InvalidInput(
                _("A renewal needs a new expiry date later than the current one."),
                code="renewal_date_required",
                problems=[FieldProblem(field="valid_to", message=_("Enter a later date."))],
            )
        certificate.valid_to = valid_to
    if new_standing:
        certificate.standing = new_standing
    certificate.save()
    event = CertificateEvent.objects.create(
        certificate=certificate, kind=kind, date=date, reason=reason
    )
    record(
        actor=actor,
        event_type=f"catalog.certificate.{kind}",
        subject=certificate,
        agency=certificate.officer.agency,
    )
    return event
