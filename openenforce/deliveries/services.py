"""Serving documents: the one write path for service (送达) and for what follows from it.

``serve_document`` records one act of service with its proof and computes the day the
document counts as served and the party's time limits. When the document is the one a
case action serves (the prior notice, the decision) and the case waits for that action,
it takes the action through the case engine in the same transaction, so the Delivery and
the case's transition (its deadlines, its record entry) commit or fail together; the
case's state is written only by the engine. An announcement counts as served only after
its 30 days: ``settle_announcement`` then takes the case action.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.permissions import can_read_agency, writable_agency_ids
from openenforce.cases import engine, lifecycles
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.cases.permissions import check_may_work_on, may_work_on
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.deliveries import deadlines, rules
from openenforce.deliveries.models import Delivery, ElectronicConsent
from openenforce.evidence import storage
from openenforce.evidence.services import store_stream
from openenforce.ledger.services import record

TEXT_FIELDS = (
    "address",
    "signed_by",
    "witnesses",
    "recording_reference",
    "tracking_number",
    "consent_reference",
    "electronic_address",
    "system_record",
    "announcement_medium",
    "reason",
    "note",
)
SERVING_ROLES = {"officer", "head"}


def can_serve(user, agency_id: int, case: Case | None = None) -> bool:
    """Officers and heads of the agency record service; readers of it (supervisors) do not.
    A case's documents are served by those who work on the case
    (``cases.permissions.may_work_on``: its handlers and the agency head)."""
    writable = writable_agency_ids(user)
    return (
        user.is_authenticated
        and (writable is None or agency_id in writable)
        and bool(SERVING_ROLES & user.role_codes())
        and (case is None or may_work_on(user, case))
    )


def _check_actor(document, actor) -> None:
    if not can_read_agency(actor, document.agency_id):
        raise NotFound(_("Not found."), code="not_found")
    writable = writable_agency_ids(actor)
    if writable is not None and document.agency_id not in writable:
        raise NotPermitted(_("You may only read this agency's documents."), code="read_only")
    if not (SERVING_ROLES & actor.role_codes()):
        raise NotPermitted(
            _("Only an officer or the agency head records the service of a document."),
            code="delivery_role_required",
        )
    if document.case_id is not None:
        check_may_work_on(actor, document.case)


def _date(value: Any, name: str, problems: list[FieldProblem]) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(FieldProblem(name, _("Enter a valid date (YYYY-MM-DD).")))
        return None


def _clean(document, method: str, recipient: str, served_on, fields: dict) -> dict:
    """The values of a service, or InvalidInput naming every missing or wrong field."""
    problems: list[FieldProblem] = []
    spec = rules.METHODS.get(method)
    if spec is None:
        raise InvalidInput(
            _("Choose a method of service."),
            code="delivery_method_unknown",
            problems=[FieldProblem("method", _("Choose a method of service."))],
        )
    values = {name: str(fields.get(name) or "").strip() for name in TEXT_FIELDS}
    values["recipient"] = str(recipient or "").strip()
    values["served_on"] = _date(served_on, "served_on", problems)
    values["consent_on"] = _date(fields.get("consent_on"), "consent_on", problems)
    if not values["recipient"]:
        problems.append(FieldProblem("recipient", _("Name the recipient.")))
    if values["served_on"] is None and not any(p.field == "served_on" for p in problems):
        problems.append(FieldProblem("served_on", _("Enter the date of service.")))
    for name in spec.proof:
        if not values.get(name):
            label = Delivery._meta.get_field(name).verbose_name
            problems.append(
                FieldProblem(
                    name,
                    _("%(method)s needs “%(field)s”.") % {"method": spec.label, "field": label},
                )
            )
    if spec.one_of and not any(values.get(name) for name in spec.one_of):
        problems.append(
            FieldProblem(spec.one_of[0], _("Name the witnesses or the recording of the service."))
        )
    _check_dates(document, method, values, problems)
    if problems:
        raise InvalidInput(
            problems[0].message,
            code="delivery_invalid",
            article=cite(spec.article),
            problems=problems,
        )
    return values


def _check_dates(document, method: str, values: dict, problems: list[FieldProblem]) -> None:
    served_on, today = values["served_on"], timezone.localdate()
    if served_on and served_on > today:
        problems.append(FieldProblem("served_on", _("The date of service is in the future.")))
    issued = timezone.localdate(document.issued_at) if document.issued_at else None
    if served_on and issued and served_on < issued:
        problems.append(
            FieldProblem("served_on", _("A document cannot be served before it was issued."))
        )
    consent = values["consent_on"]
    if method == rules.ELECTRONIC and consent and served_on and consent > served_on:
        problems.append(
            FieldProblem("consent_on", _("The written consent must precede electronic service."))
        )


# Twelve characters without look-alikes (no 0/O, 1/I/L): 58 bits, typed from paper.
PARTY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PARTY_CODE_LENGTH = 12


def new_party_code() -> str:
    """A fresh code for the party's page, shown grouped as XXXX-XXXX-XXXX."""
    return "".join(secrets.choice(PARTY_CODE_ALPHABET) for _i in range(PARTY_CODE_LENGTH))


def normalise_party_code(text: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())[: PARTY_CODE_LENGTH * 2]


def case_action_for(document) -> str:
    """The action of the document's case that this service takes now, or ""."""
    code = rules.CASE_ACTIONS.get(document.doc_type)
    if not code or document.case_id is None:
        return ""
    case = Case.objects.get(pk=document.case_id)  # its state now, not a stale copy
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(code) if lifecycle else None
    if action is None or case.state not in lifecycle.sources_of(action):
        return ""
    return code


def _take_case_action(delivery: Delivery, code: str, actor) -> None:
    data = {"served_on": delivery.deemed_served_on, "method": delivery.get_method_display()}
    engine.perform_action(Case.objects.get(pk=delivery.case_id), code, actor=actor, data=data)


@transaction.atomic
def serve_document(
    document,
    *,
    actor,
    method: str,
    recipient: str,
    served_on: datetime.date | str,
    proof_blob=None,
    reached_at: Any = None,  # a datetime: when the system's electronic service reached the party
    **fields,
) -> Delivery:
    """Record the service of ``document`` on ``recipient`` by ``method`` with its proof.

    ``fields`` are the proof fields of Delivery the method needs (rules.METHODS). The
    document counts as served on ``served_on`` (an announcement: 30 days after it was
    published). If the document is the prior notice or decision a case waits to serve,
    the case action is taken too (now, or for an announcement when it is settled).

    Refusals: NotFound (another agency's document), NotPermitted (role, read-only),
    WrongState (an internal record, a corrected document), InvalidInput (method, missing proof, dates; every
    problem named). Writes ``deliveries.delivery.served``.
    """
    _check_actor(document, actor)
    if document.doc_type not in rules.SERVED_TYPES:
        raise WrongState(
            _("This document is an internal record; it is not served on the party."),
            code="delivery_not_served",
        )
    if document.corrections.exists():
        raise WrongState(
            _("This document was corrected; serve the correcting document instead."),
            code="delivery_document_superseded",
        )
    values = _clean(document, method, recipient, served_on, fields)
    deemed = deadlines.deemed_served_on(method, values["served_on"])
    code = case_action_for(document)
    delivery = Delivery.objects.create(
        agency_id=document.agency_id,
        document=document,
        case_id=document.case_id,
        method=method,
        deemed_served_on=deemed,
        proof_blob=proof_blob,
        deadlines=deadlines.snapshot(document, deemed),
        case_action=code,
        settled_at=None if method == rules.ANNOUNCEMENT else timezone.now(),
        recorded_by=actor,
        party_code=new_party_code(),
        reached_at=reached_at,
        **values,
    )
    files = proof_blob.digests() if proof_blob is not None else []
    record(actor=actor, event_type="deliveries.delivery.served", subject=delivery, files=files)
    if code and not delivery.pending:
        _take_case_action(delivery, code, actor)
    return delivery


@transaction.atomic
def settle_announcement(delivery: Delivery, *, actor, today: datetime.date | None = None):
    """Record that an announcement's period has passed: the document is now served, and
    the case action it waited for is taken. Refusals: NotFound, NotPermitted, WrongState
    (not an announcement, already settled, or the period still running: 民事诉讼法 Art 95).
    Writes ``deliveries.delivery.settled``."""
    locked = Delivery.objects.select_for_update().get(pk=delivery.pk)  # one settler at a time
    delivery = Delivery.objects.select_related("document", "case").get(pk=locked.pk)
    _check_actor(delivery.document, actor)
    today = today or timezone.localdate()
    if not delivery.pending:
        raise WrongState(
            _("Only an announcement still running can be settled."), code="delivery_not_pending"
        )
    if today < delivery.deemed_served_on:
        raise WrongState(
            _("The announcement counts as served only from %(date)s.")
            % {"date": delivery.deemed_served_on.isoformat()},
            code="delivery_announcement_running",
            article=cite(rules.period("announcement").article),
        )
    delivery.settled_at = timezone.now()
    delivery.save(update_fields=["settled_at"])
    record(actor=actor, event_type="deliveries.delivery.settled", subject=delivery)
    if delivery.case_action and case_action_for(delivery.document) == delivery.case_action:
        _take_case_action(delivery, delivery.case_action, actor)
    return delivery


def settle_due_announcements(*, actor, today: datetime.date | None = None) -> list[Delivery]:
    """Settle every announcement of the actor's agencies whose period has passed."""
    today = today or timezone.localdate()
    due = Delivery.objects.filter(
        method=Delivery.Method.ANNOUNCEMENT, settled_at__isnull=True, deemed_served_on__lte=today
    )
    writable = writable_agency_ids(actor)
    if writable is not None:
        due = due.filter(agency_id__in=writable)
    due = due.select_related("case").order_by("pk")
    mine = [d for d in due if d.case is None or may_work_on(actor, d.case)]
    return [settle_announcement(d, actor=actor, today=today) for d in mine]


PROOF_TYPES = ("application/pdf", "image/jpeg", "image/png")
PROOF_MAX_BYTES = 20 * 1024 * 1024


def serve_document_with_proof(document, *, actor, stream, **kwargs) -> Delivery:
    """``serve_document`` with the proof as a file (a scan of the signed proof of service,
    the postal return slip, a screenshot of the delivery record): PDF, JPEG or PNG up to
    20 MB, type checked from the content. Everything else is checked first; a file stored
    for a service that is then refused is removed again unless something else uses it."""
    _check_actor(document, actor)
    blob = store_stream(stream, max_size=PROOF_MAX_BYTES, allowed_types=PROOF_TYPES)
    try:
        return serve_document(document, actor=actor, proof_blob=blob, **kwargs)
    except BaseException:
        if getattr(blob, "created_now", False):
            storage.delete_if_unused(blob)
        raise


# --- electronic service by the system (行政处罚法 Art 61; 民事诉讼法 Art 90) -------------------

ART_61 = "行政处罚法 Art 61"


def _consent_problem(field: str, message: str) -> InvalidInput:
    return InvalidInput(
        message,
        code="consent_invalid",
        article=cite(ART_61),
        problems=[FieldProblem(field, message)],
    )


def _clean_consent(channels, email: str, reference: str, signed_on, form: str) -> tuple:
    chosen = [c for c in dict.fromkeys(channels or ()) if c in ElectronicConsent.Channel.values]
    if not chosen or len(chosen) != len(set(channels or ())):
        raise _consent_problem("channels", _("Choose the channels the party accepted."))
    email = str(email or "").strip()
    if ElectronicConsent.Channel.EMAIL in chosen:
        try:
            validate_email(email)
        except ValidationError:
            raise _consent_problem("email", _("Enter the party's e-mail address.")) from None
    reference = str(reference or "").strip()
    if form != ElectronicConsent.Form.ONLINE and not reference:
        raise _consent_problem("reference", _("Name the signed confirmation (确认书)."))
    problems: list[FieldProblem] = []
    day = _date(signed_on, "signed_on", problems)
    if problems or day is None or day > timezone.localdate():
        raise _consent_problem("signed_on", _("Enter the day the confirmation was signed."))
    return chosen, email, reference, day


@transaction.atomic
def record_electronic_consent(
    case: Case,
    *,
    actor,
    channels,
    email: str = "",
    reference: str = "",
    signed_on=None,
    form: str = ElectronicConsent.Form.PAPER,
    scan_blob=None,
) -> ElectronicConsent:
    """Record the party's consent to electronic service and its signed confirmation
    (确认书), 行政处罚法 Art 61. ``actor`` None: the party confirmed on their own page
    (``form`` online; the caller, the party's service, checked who they are); otherwise the
    case's handlers or the agency head record a paper or scanned confirmation. Records
    ``deliveries.electronicconsent.given``."""
    if actor is None:
        if form != ElectronicConsent.Form.ONLINE:
            raise _consent_problem("form", _("Only the party confirms online."))
    else:
        if form == ElectronicConsent.Form.ONLINE:
            raise _consent_problem("form", _("Only the party confirms online."))
        if not can_read_agency(actor, case.agency_id):
            raise NotFound(_("Not found."), code="not_found")
        if not (SERVING_ROLES & actor.role_codes()):
            raise NotPermitted(
                _("Only an officer or the agency head records the service of a document."),
                code="delivery_role_required",
            )
        check_may_work_on(actor, case)
    chosen, email, reference, day = _clean_consent(
        channels, email, reference, signed_on or timezone.localdate(), form
    )
    consent = ElectronicConsent.objects.create(
        agency_id=case.agency_id,
        case=case,
        channels=chosen,
        email=email,
        reference=reference or _("Confirmation on the party's page"),
        signed_on=day,
        form=form,
        scan_blob=scan_blob,
        recorded_by=actor,
        created_at=timezone.now(),
    )
    files = scan_blob.digests() if scan_blob is not None else []
    record(
        actor=actor,
        event_type="deliveries.electronicconsent.given",
        subject=consent,
        agency=case.agency,
        files=files,
    )
    return consent


def consent_for(case: Case) -> ElectronicConsent | None:
    """The party's newest consent to electronic service in this case, if any."""
    return ElectronicConsent.objects.filter(case=case).order_by("-created_at", "-pk").first()


def _send_email(document, delivery_code: str, consent: ElectronicConsent) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    link = settings.OPENENFORCE_PUBLIC_URL.rstrip("/") + "/party/"
    code = "-".join(delivery_code[i : i + 4] for i in range(0, len(delivery_code), 4))
    body = _(
        "%(agency)s serves on you electronically, with your consent: %(title)s %(number)s.\n"
        "Open it at %(link)s with the code %(code)s and your identity number."
    ) % {
        "agency": document.agency.name,
        "title": document.title,
        "number": document.number,
        "link": link,
        "code": code,
    }
    send_mail(f"{document.title} {document.number}", body, None, [consent.email])


@transaction.atomic
def serve_electronically(document, *, actor, channel: str) -> Delivery:
    """Serve ``document`` through the system on a channel the party accepted (行政处罚法
    Art 61): refused without the party's recorded consent (``electronic_no_consent``) or
    on a channel they did not accept (``electronic_channel_not_accepted``). The document is
    made available on the party's page; by e-mail the message with the code goes out. The
    moment it reached the channel is kept (``reached_at``); that day is the day of service
    and the day it counts as served (民事诉讼法 Art 90), from which the time limits run and
    with which the case's action (e.g. ``serve_decision``) is taken."""
    _check_actor(document, actor)
    case = Case.objects.get(pk=document.case_id) if document.case_id else None
    consent = consent_for(case) if case is not None else None
    if consent is None:
        raise WrongState(
            _("The party has not consented to electronic service with a signed confirmation."),
            code="electronic_no_consent",
            article=cite(ART_61),
        )
    if channel not in consent.channels:
        raise WrongState(
            _("The party did not accept this channel."),
            code="electronic_channel_not_accepted",
            article=cite(ART_61),
        )
    reached = timezone.now()
    address = consent.email if channel == ElectronicConsent.Channel.EMAIL else "/party/"
    label = ElectronicConsent.Channel(channel).label
    delivery = serve_document(
        document,
        actor=actor,
        method=rules.ELECTRONIC,
        recipient=getattr(case.parties.order_by("pk").first(), "name", "") or "—",
        served_on=timezone.localdate(reached),
        reached_at=reached,
        consent_reference=consent.reference,
        consent_on=consent.signed_on,
        electronic_address=address,
        system_record=f"{label} {timezone.localtime(reached).isoformat(timespec='seconds')}",
    )
    if channel == ElectronicConsent.Channel.EMAIL:
        _send_email(document, delivery.party_code or "", consent)  # a failure rolls back
    return delivery
