"""The one write path for documents: issuing one, and issuing a correction.

An issued document is never changed. ``issue_document`` takes the next number of the
agency, type and year with the counter row locked until commit (so numbers have no gaps:
a refused or failed issue rolls the number back), renders the HTML and the PDF, stores
the PDF as an evidence blob and records ``documents.document.issued`` with the PDF's
digests. ``correct_document`` issues a new document of the same type, with its own number,
that points to the old one (``corrects``); the old one is then shown as superseded.
``record_download`` records each time staff take the PDF out of the system.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, Role, User
from openenforce.accounts.permissions import can_read_agency, writable_agency_ids
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.cases.permissions import check_may_work_on, may_work_on
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.documents import context as doc_context
from openenforce.documents import render, sealing
from openenforce.documents.kinds import KINDS, Field, Kind
from openenforce.documents.models import Document, DocumentNumberCounter
from openenforce.evidence.services import store_bytes
from openenforce.ledger.services import record

__all__ = ["correct_document", "issue_document", "next_number", "record_download"]

MAX_TEXT = 10_000  # characters of one field
MAX_LINES = 200  # rows of an inventory or evidence list
ISSUER_ROLES = (Role.OFFICER, Role.HEAD)
REVIEW_ROLES = (Role.REVIEWER, Role.HEAD)  # who issues the legal review opinion


def _invalid(field: str, message: str, code: str = "invalid_input") -> InvalidInput:
    return InvalidInput(message, code=code, problems=[FieldProblem(field, message)])


def _kind(doc_type: str) -> Kind:
    kind = KINDS.get(doc_type)
    if kind is None:
        raise _invalid("doc_type", _("Unknown document type."), "document_type_unknown")
    return kind


def can_issue(user: User, agency_id: int, doc_type: str = "") -> bool:
    """Officers and heads of the agency issue documents; reviewers (and heads) the legal
    review opinion. Without ``doc_type``: whether the user may issue some type."""
    ids = writable_agency_ids(user)
    if not user.is_active or (ids is not None and agency_id not in ids):
        return False
    if user.is_superuser:
        return True
    if not doc_type:
        roles = (*ISSUER_ROLES, *REVIEW_ROLES)
    else:
        roles = REVIEW_ROLES if doc_type == "legal_review_opinion" else ISSUER_ROLES
    return user.has_role(*roles)


def can_issue_for_case(user: User, case: Case, doc_type: str = "") -> bool:
    """``can_issue`` for one case, by those who work on it (``cases.permissions.
    may_work_on``: its handlers and the agency head; a reviewer its review opinion)."""
    review = doc_type in ("", "legal_review_opinion")
    return can_issue(user, case.agency_id, doc_type) and may_work_on(user, case, review=review)


def can_correct(user: User, document: Document) -> bool:
    """Whether ``user`` may issue the correction of ``document`` (as ``can_issue_for_case``
    for a case's document)."""
    if document.case is None:
        return can_issue(user, document.agency_id, document.doc_type)
    return can_issue_for_case(user, document.case, document.doc_type)


def _check_may_issue(actor: User, agency: Agency, case: Case | None, kind: Kind) -> None:
    if not can_read_agency(actor, agency.pk):
        raise NotFound(_("Not found."), code="not_found")
    if not can_issue(actor, agency.pk, kind.code):
        raise NotPermitted(
            _("Your role does not allow issuing “%(type)s” for this agency.")
            % {"type": kind.label},
            code="document_role_required",
        )
    if case is not None:
        check_may_work_on(actor, case, review=kind.code == "legal_review_opinion")
    if case is not None and case.state == "archived":
        raise WrongState(
            _("The case is archived: its file can no longer change."),
            code="case_archived",
            article=cite("行政处罚法 Art 47"),
        )


def _clean_value(field: Field, value: Any, case: Case | None) -> str:
    """One form value as the string stored in the context (ISO for dates)."""
    if value is None:
        return ""
    if field.type == "date":
        return _clean_date(field, value)
    if field.type == "datetime":
        return _clean_datetime(field, value)
    text = str(value).replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise _invalid(field.name, _("At most %(n)d characters.") % {"n": MAX_TEXT})
    if field.type == "decimal" and text:
        try:
            Decimal(text)
        except InvalidOperation:
            raise _invalid(field.name, _("Enter a number.")) from None
    if field.type == "lines" and len(text.splitlines()) > MAX_LINES:
        raise _invalid(field.name, _("At most %(n)d lines.") % {"n": MAX_LINES})
    if field.type == "document" and text:
        return _served_document(field, text, case)
    return text


def _clean_date(field: Field, value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat() if value else ""
    except ValueError:
        raise _invalid(field.name, _("Enter a date as YYYY-MM-DD.")) from None


def _clean_datetime(field: Field, value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None).isoformat(timespec="minutes")
    text = str(value).strip()
    try:
        return datetime.datetime.fromisoformat(text).isoformat(timespec="minutes") if text else ""
    except ValueError:
        raise _invalid(field.name, _("Enter a date and time as YYYY-MM-DD HH:MM.")) from None


def _served_document(field: Field, text: str, case: Case | None) -> str:
    """A document of the same case, given by its number: printed as 《title》number."""
    found = Document.objects.filter(case=case, number=text).first() if case else None
    if found is None:
        raise _invalid(field.name, _("Choose a document issued in this case."))
    return f"《{found.title}》{found.number}"


def clean_values(kind: Kind, case: Case | None, data: dict[str, Any], base: dict) -> dict:
    """The kind's values: ``base`` (defaults) overridden by ``data``; unknown names and
    missing required values refused, naming the field."""
    unknown = sorted(set(data) - {f.name for f in kind.fields})
    if unknown:
        raise _invalid(unknown[0], _("Unknown field for this document type."))
    values = {}
    for field in kind.fields:
        raw = data[field.name] if field.name in data else base.get(field.name, "")
        values[field.name] = _clean_value(field, raw, case)
        if field.required and not values[field.name]:
            raise _invalid(field.name, _("“%(field)s” is required.") % {"field": field.label})
    return values


def next_number(agency: Agency, kind: Kind, year: int) -> tuple[int, str]:
    """The next sequence and number of the agency, type and year, without gaps: the
    counter row stays locked until the caller's transaction ends."""
    DocumentNumberCounter.objects.get_or_create(agency=agency, doc_type=kind.code, year=year)
    counter = DocumentNumberCounter.objects.select_for_update().get(
        agency=agency, doc_type=kind.code, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = agency.short_name or agency.code
    return counter.last, f"{prefix}{kind.word}〔{year}〕第{counter.last}号"


def _store_pdf(pdf: bytes):
    """The PDF as an evidence blob (the evidence app's content-addressed storage)."""
    return store_bytes(pdf, content_type="application/pdf")


def _issue(
    *,
    kind: Kind,
    agency: Agency,
    case: Case | None,
    actor: User,
    values: dict[str, str],
    corrects: Document | None = None,
    reason: str = "",
) -> Document:
    now = timezone.now()
    issued_on = timezone.localdate(now)
    seq, number = next_number(agency, kind, issued_on.year)
    code = secrets.token_urlsafe(16)
    old = (
        {"number": corrects.number, "title": corrects.title, "reason": reason} if corrects else None
    )
    context = doc_context.build(
        kind=kind,
        agency=agency,
        case=case,
        values=values,
        number=number,
        issued_on=issued_on,
        corrects=old,
    )
    html = render.render_html(context, code=code)
    pdf = sealing.seal_pdf(
        render.render_pdf(html),
        agency_code=agency.code,
        reason=f"{kind.title} {number}",
        location=agency.name,
    )
    blob = _store_pdf(pdf)
    document = Document.objects.create(
        agency=agency,
        case=case,
        doc_type=kind.code,
        number=number,
        year=issued_on.year,
        seq=seq,
        title=kind.title,
        blob=blob,
        sha256=blob.sha256,
        verification_code=code,
        issued_at=now,
        issued_by=actor,
        corrects=corrects,
        correction_reason=reason,
        context=context,
        html=html,
    )
    event = "documents.document.corrected" if corrects else "documents.document.issued"
    record(actor=actor, event_type=event, subject=document, files=_digests(blob))
    return document


def _digests(blob) -> list[str]:
    return blob.digests() if hasattr(blob, "digests") else [blob.sha256]


@transaction.atomic
def record_download(document: Document, *, actor: User) -> None:
    """Record that ``actor`` downloaded the issued PDF (it holds the parties' data), with
    the digest of the file they got. Callers have checked that they may."""
    record(
        actor=actor,
        event_type="documents.document.downloaded",
        subject=document,
        files=_digests(document.blob),
    )


@transaction.atomic
def issue_document(
    case: Case | None,
    *,
    actor: User,
    doc_type: str,
    data: dict[str, Any],
    agency: Agency | None = None,
) -> Document:
    """Issue a document of ``doc_type`` for ``case`` (or, without a case, for ``agency``),
    filled from the case and ``data`` (the kind's form fields; missing ones take the
    case's defaults). Refusals: InvalidInput (type, field), NotFound (another agency's
    case), NotPermitted (role), WrongState (archived case). Records
    ``documents.document.issued`` with the PDF's digests."""
    kind = _kind(doc_type)
    if case is not None:
        case = Case.objects.select_related("agency", "matter").get(pk=case.pk)
        agency = case.agency
    if agency is None:
        raise _invalid("case", _("A document belongs to a case or to an agency."))
    _check_may_issue(actor, agency, case, kind)
    values = clean_values(kind, case, dict(data or {}), doc_context.defaults(case, kind))
    return _issue(kind=kind, agency=agency, case=case, actor=actor, values=values)


@transaction.atomic
def correct_document(
    document: Document, *, actor: User, data: dict[str, Any], reason: str
) -> Document:
    """Issue the correction of ``document``: a new document of the same type and its own
    number, pointing to the old one, which stays unchanged and is shown as superseded.
    ``data`` overrides the old document's values. Refusals as ``issue_document``, and
    WrongState when the document was already corrected; a reason is required. Records
    ``documents.document.corrected``."""
    old = Document.objects.select_for_update().get(pk=document.pk)
    kind = _kind(old.doc_type)
    case = (
        Case.objects.select_related("agency", "matter").get(pk=old.case_id) if old.case_id else None
    )
    _check_may_issue(actor, old.agency, case, kind)
    if old.corrections.exists():
        raise WrongState(
            _("This document was already corrected: correct the newest one."),
            code="document_superseded",
        )
    if not (reason or "").strip():
        raise _invalid("reason", _("A correction needs a reason."))
    base = dict(old.context.get("values") or {})
    for field in kind.fields:  # the stored value of a document field is already printed
        if field.type == "document" and field.name not in (data or {}):
            base.pop(field.name, None)
            data = {**(data or {}), field.name: _number_in(old.context["values"].get(field.name))}
    values = clean_values(kind, case, dict(data or {}), base)
    return _issue(
        kind=kind,
        agency=old.agency,
        case=case,
        actor=actor,
        values=values,
        corrects=old,
        reason=reason.strip(),
    )


def _number_in(printed: str | None) -> str:
    """The number out of 《title》number."""
    return (printed or "").rpartition("》")[2]
