"""The one write path of the party's access: opening the page, recording what the party
takes out of it, and what the party files (statement and defence, hearing request).

Opening: the code handed over with a served document (``Delivery.party_code``) and the
party's identity (an organisation's unified social credit code, a person's ID number),
checked against the parties of the document's case. A wrong code and a wrong identity get
the same refusal, whether or not a case exists; ``OPENENFORCE_PARTY_MAX_FAILURES`` (10)
wrong tries from one address, or on one code, lock the page for
``OPENENFORCE_PARTY_LOCK_MINUTES`` (the lockout is recorded). Every opening and every
download is recorded (``AccessEvent``); the address only as a keyed hash.

Filing: within the periods the prior notice started (行政处罚法 Art 44, 45: statement and
defence; Art 63, 64: the hearing request within 5 days), through the case lifecycle's own
actions (``cases.engine.perform_party_action``: the same gates as for an officer), with a
receipt whose digest is in the record. After the period: refused, saying what remains.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

import rfc8785
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.cases.articles import cite
from openenforce.cases.engine import perform_party_action
from openenforce.cases.gates import hearing_eligible
from openenforce.cases.models import Case, Deadline
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.core.ratelimit import RATE_LIMIT_CACHE
from openenforce.deliveries.models import Delivery
from openenforce.deliveries.services import normalise_party_code
from openenforce.documents.models import Document
from openenforce.evidence import storage, uploads
from openenforce.evidence.services import store_stream
from openenforce.ledger.services import record
from openenforce.partyaccess.models import AccessEvent, Lockout, Submission, SubmissionFile

FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")
FILE_MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 5
MAX_TEXT = 20_000
ART_DEFENCE = "行政处罚法 Art 44, 45"
ART_HEARING = "行政处罚法 Art 63, 64"


def refused() -> InvalidInput:
    """The one answer to a wrong code or a wrong identity: it says nothing of whether a
    case or a document exists."""
    message = _("The code and the identity number do not match a served document.")
    return InvalidInput(
        message,
        code="party_access_refused",
        problems=[FieldProblem("code", message)],
    )


def locked(until: datetime.datetime) -> NotPermitted:
    return NotPermitted(
        _("Too many wrong tries. Try again after %(time)s.")
        % {"time": timezone.localtime(until).strftime("%H:%M")},
        code="party_locked",
    )


def keyed(text: str) -> str:
    """A keyed hash (HMAC-SHA-256 under the secret key): addresses and tried codes are
    counted and recorded without being kept."""
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _keys(address: str, code: str) -> list[tuple[str, str]]:
    keys = [("address", keyed("address:" + address))]
    if code:
        keys.append(("code", keyed("code:" + code)))
    return keys


def _active_lockout(keys: Iterable[tuple[str, str]], now: datetime.datetime) -> Lockout | None:
    return (
        Lockout.objects.filter(key__in=[key for _scope, key in keys], until__gt=now)
        .order_by("-until")
        .first()
    )


def _count_failure(keys: list[tuple[str, str]], now: datetime.datetime) -> Lockout | None:
    """Count one wrong try against each key; a key at the limit is locked out (recorded)."""
    cache, minutes = caches[RATE_LIMIT_CACHE], settings.OPENENFORCE_PARTY_LOCK_MINUTES
    lockout = None
    for scope, key in keys:
        name = f"party-fail:{key}"
        cache.add(name, 0, timeout=minutes * 60)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=minutes * 60)
            count = 1
        if count >= settings.OPENENFORCE_PARTY_MAX_FAILURES:
            cache.delete(name)
            lockout = _lock_out(scope, key, now, minutes)
    return lockout


@transaction.atomic
def _lock_out(scope: str, key: str, now: datetime.datetime, minutes: int) -> Lockout:
    lockout = Lockout.objects.create(
        key=key, scope=scope, until=now + datetime.timedelta(minutes=minutes), created_at=now
    )
    record(actor=None, event_type="partyaccess.lockout.started", subject=lockout)
    return lockout


def _clean_identity(text: str) -> str:
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())


def identity_matches(case: Case, identity: str) -> bool:
    """Whether ``identity`` is the credit code or ID number of one of the case's parties."""
    wanted = _clean_identity(identity)
    if not wanted:
        return False
    found = False
    for party in case.parties.all():
        for known in (party.credit_code, party.id_number):
            # Compared in constant time: the time taken tells nothing either.
            if known and hmac.compare_digest(_clean_identity(known), wanted):
                found = True
    return found


def open_access(*, code: str, identity: str, address: str) -> Delivery:
    """The served document (its ``Delivery``) the party opens their page with, after the
    code and identity are checked; the opening is recorded. Refusals: InvalidInput
    ``party_access_refused`` (the same for every wrong code or identity), NotPermitted
    ``party_locked`` (too many wrong tries: the address or the code is locked out)."""
    now, typed = timezone.now(), normalise_party_code(code)
    keys = _keys(address, typed)
    lockout = _active_lockout(keys, now)
    if lockout is not None:
        raise locked(lockout.until)
    delivery = (
        Delivery.objects.select_related("case", "document", "agency")
        .filter(party_code=typed, case__isnull=False)
        .first()
        if typed
        else None
    )
    if delivery is None or delivery.case is None or not identity_matches(delivery.case, identity):
        lockout = _count_failure(keys, now)
        if lockout is not None:
            raise locked(lockout.until)
        raise refused()
    for _scope, key in keys:
        caches[RATE_LIMIT_CACHE].delete(f"party-fail:{key}")
    record_access(delivery, action=AccessEvent.Action.OPENED, address=address)
    return delivery


@transaction.atomic
def record_access(
    delivery: Delivery, *, action: str, address: str, document: Document | None = None
) -> AccessEvent:
    """Record one access of the party: the page opened, or a document downloaded."""
    if delivery.case_id is None:
        raise WrongState(_("This document belongs to no case."), code="party_no_case")
    event = AccessEvent.objects.create(
        agency_id=delivery.agency_id,
        case_id=delivery.case_id,
        delivery=delivery,
        action=action,
        document=document,
        client=keyed("address:" + address),
        at=timezone.now(),
    )
    files = [document.sha256] if document is not None else []
    record(actor=None, event_type=f"partyaccess.accessevent.{action}", subject=event, files=files)
    return event


# --- periods ------------------------------------------------------------------------------


def period_of(case: Case, kind: str) -> Deadline | None:
    return Deadline.objects.filter(case=case, kind=kind).order_by("-start", "-pk").first()


def period_open(case: Case, kind: str, today: datetime.date) -> bool:
    """Whether the party's period ``kind`` (``defence``, ``hearing_request``) runs today."""
    period = period_of(case, kind)
    return period is not None and period.status == Deadline.Status.OPEN and period.due >= today


def may_request_hearing(case: Case, today: datetime.date) -> bool:
    return (
        case.state == "notified"
        and not case.hearing_requested
        and hearing_eligible(case)
        and period_open(case, "hearing_request", today)
    )


def _period_passed(kind: str, case: Case) -> WrongState:
    period = period_of(case, kind)
    if kind == "defence":
        message = _("The period for statement and defence has passed.")
        article = ART_DEFENCE
    else:
        message = _("A hearing can no longer be requested.")
        article = ART_HEARING
    if period is not None:
        message += " " + _("It ended on %(date)s.") % {"date": period.due.isoformat()}
    return WrongState(message, code="party_period_passed", article=cite(article))


# --- filing ----------------------------------------------------------------------------------


def _digest(case: Case, kind: str, text: str, files: list[str], at: datetime.datetime) -> str:
    body = {"case": case.number, "kind": kind, "text": text, "files": files, "at": at.isoformat()}
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def _store_files(files: list[tuple[str, Any]]) -> list[tuple[Any, str]]:
    if len(files) > MAX_FILES:
        raise InvalidInput(
            _("At most %(n)d files.") % {"n": MAX_FILES},
            code="invalid_input",
            problems=[FieldProblem("files", _("At most %(n)d files.") % {"n": MAX_FILES})],
        )
    names = [uploads.check_file_name(name) for name, _stream in files]
    stored: list[tuple[Any, str]] = []
    try:
        for (_name, stream), name in zip(files, names, strict=True):
            blob = store_stream(stream, max_size=FILE_MAX_BYTES, allowed_types=FILE_TYPES)
            stored.append((blob, name))
    except BaseException:
        _discard(stored)
        raise
    return stored


def _discard(stored: list[tuple[Any, str]]) -> None:
    for blob, _name in stored:
        if getattr(blob, "created_now", False):
            storage.delete_if_unused(blob)


@transaction.atomic
def _file(
    delivery: Delivery, *, kind: str, text: str, stored: list[tuple[Any, str]], action: str
) -> Submission:
    Case.objects.select_for_update().filter(pk=delivery.case_id).first()
    case = case_of(delivery)
    now = timezone.now()
    digests = [blob.sha256 for blob, _name in stored]
    submission = Submission.objects.create(
        agency_id=case.agency_id,
        case=case,
        delivery=delivery,
        kind=kind,
        text=text,
        submitted_at=now,
        receipt_code=secrets.token_urlsafe(18),
        digest=_digest(case, kind, text, digests, now),
        case_action=action,
    )
    for blob, name in stored:
        SubmissionFile.objects.create(submission=submission, blob=blob, file_name=name)
    files = [d for blob, _name in stored for d in blob.digests()]
    record(actor=None, event_type="partyaccess.submission.filed", subject=submission, files=files)
    return submission


def _clean_text(text: str, *, required: bool) -> str:
    text = str(text or "").replace("\r\n", "\n").strip()
    problem = ""
    if required and not text:
        problem = _("Write your statement and defence.")
    elif len(text) > MAX_TEXT:
        problem = _("At most %(n)d characters.") % {"n": MAX_TEXT}
    if problem:
        raise InvalidInput(problem, code="invalid_input", problems=[FieldProblem("text", problem)])
    return text


def case_of(delivery: Delivery) -> Case:
    """The case of a party's delivery, fresh from the database (its state now)."""
    if delivery.case_id is None:
        raise WrongState(_("This document belongs to no case."), code="party_no_case")
    return Case.objects.get(pk=delivery.case_id)


def file_statement(
    delivery: Delivery, *, text: str, files: Sequence[tuple[str, Any]] = ()
) -> Submission:
    """The party's statement and defence (陈述、申辩), with files, within the period the
    prior notice started. While the case waits in "notified", the lifecycle's
    ``record_statement`` is taken too. Records ``partyaccess.submission.filed``."""
    case, today = case_of(delivery), timezone.localdate()
    text = _clean_text(text, required=True)
    if not period_open(case, "defence", today):
        raise _period_passed("defence", case)
    stored = _store_files(list(files))
    action = "record_statement" if case.state == "notified" else ""
    try:
        with transaction.atomic():
            submission = _file(
                delivery, kind=Submission.Kind.STATEMENT, text=text, stored=stored, action=action
            )
            if action:
                perform_party_action(
                    case, action, data={"received_on": today, "statement": text[:10_000]}
                )
    except BaseException:
        _discard(stored)
        raise
    return submission


@transaction.atomic
def request_hearing(delivery: Delivery, *, text: str = "") -> Submission:
    """The party's request for a hearing (行政处罚法 Art 63, 64), within 5 days of the
    prior notice: the case goes to "hearing" through the lifecycle's ``request_hearing``
    (its gate ``hearing_available``), and no decision can be made before the hearing is
    held (gate ``no_pending_hearing``). Records ``partyaccess.submission.filed``."""
    case, today = case_of(delivery), timezone.localdate()
    text = _clean_text(text, required=False)
    if not hearing_eligible(case):
        raise WrongState(
            _("The intended penalty does not give the right to a hearing."),
            code="hearing_not_available",
            article=cite("行政处罚法 Art 63"),
        )
    if case.hearing_requested:
        raise WrongState(_("A hearing has already been requested."), code="hearing_requested")
    if not period_open(case, "hearing_request", today):
        raise _period_passed("hearing_request", case)
    submission = _file(
        delivery, kind=Submission.Kind.HEARING, text=text, stored=[], action="request_hearing"
    )
    perform_party_action(case, "request_hearing", data={"requested_on": today})
    return submission


def give_consent(delivery: Delivery, *, channels: Sequence[str], email: str = "") -> Any:
    """The party's consent to electronic service, confirmed on their own page: the
    confirmation (确认书) is the text the page shows and the party ticks, recorded by the
    deliveries app (``deliveries.electronicconsent.given``, 行政处罚法 Art 61)."""
    from openenforce.deliveries.models import ElectronicConsent
    from openenforce.deliveries.services import record_electronic_consent

    return record_electronic_consent(
        case_of(delivery),
        actor=None,
        channels=list(channels),
        email=email,
        form=ElectronicConsent.Form.ONLINE,
    )
