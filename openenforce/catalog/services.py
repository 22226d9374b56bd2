"""Services that change the catalogue. Each runs in one transaction and writes the record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.accounts.permissions import can_edit_catalog
from openenforce.accounts.services import SYSTEM_USERNAME
from openenforce.catalog.models import Certificate, CertificateEvent
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.ledger.services import record


def _agency_id_of(entry: models.Model) -> int:
    return entry.agency_id  # type: ignore[attr-defined]


def _is_system(actor: User) -> bool:
    """The installation itself (CLI imports, demo set-up): inactive, so nobody logs in as it."""
    return not actor.is_active and actor.username == SYSTEM_USERNAME


def _check_may_edit(entry: models.Model, actor: User) -> None:
    if not _is_system(actor) and not can_edit_catalog(actor, _agency_id_of(entry)):
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


def check_same_agency(entry: models.Model, links: Mapping[str, list[models.Model]]) -> None:
    """Refuse links to another agency's data (a matter citing someone else's department):
    every agency owns its catalogue, and forms and spreadsheets must not cross it."""
    agency_id = _agency_id_of(entry)
    linked: dict[str, list[models.Model]] = dict(links)
    for field in entry._meta.concrete_fields:
        if field.is_relation and field.name != "agency" and getattr(entry, field.attname):
            linked[field.name] = [getattr(entry, field.name)]
    problems = [
        FieldProblem(
            field=name,
            message=_("“%(target)s” belongs to another agency.") % {"target": target},
        )
        for name, targets in linked.items()
        for target in targets
        if getattr(target, "agency_id", agency_id) != agency_id
    ]
    if problems:
        raise InvalidInput(
            "; ".join(p.message for p in problems), code="other_agency", problems=problems
        )


EntryT = TypeVar("EntryT", bound=models.Model)


@transaction.atomic
def save_entry(
    entry: EntryT,
    *,
    actor: User,
    relations: Mapping[str, Iterable[models.Model]] | None = None,
) -> EntryT:
    """Create or update one catalogue entry (and its many-to-many ``relations``).

    ``actor`` must be allowed to edit the entry's agency; the system actor (CLI, demo
    loader) is trusted by its caller.
    """
    _check_may_edit(entry, actor)
    created = entry.pk is None
    links = {name: list(targets) for name, targets in (relations or {}).items()}
    _clean(entry)
    check_same_agency(entry, links)
    entry.save()
    for name, targets in links.items():
        getattr(entry, name).set(targets)
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
    if kind not in _EVENT_TRANSITIONS:
        raise InvalidInput(
            _("Unknown certificate event “%(event)s”.") % {"event": kind},
            code="unknown_certificate_event",
            problems=[FieldProblem(field="kind", message=_("Choose a valid event."))],
        )
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
    agency = certificate.officer.agency
    # The history row is state of its own (date, reason): recorded beside the certificate.
    record(actor=actor, event_type="catalog.certificateevent.added", subject=event, agency=agency)
    record(
        actor=actor, event_type=f"catalog.certificate.{kind}", subject=certificate, agency=agency
    )
    return event
