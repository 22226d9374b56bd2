"""The one write path for on-site work sent from the field app.

Each function takes one item of an officer's device queue with its idempotency ``key``:
the same key sent again returns the item already accepted (an interrupted sync resumes
without duplicates). What the device hashed at capture is checked here: a file or a text
whose SHA-256 differs from the device's is refused (``hash_mismatch``), nothing is kept.
A case that moved on while the officer was offline makes the item a conflict, kept and
shown to the officer, who resolves it (``resolve_conflict``); nothing is overwritten.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.cases import engine, lifecycles
from openenforce.cases.models import Case
from openenforce.cases.opening import file_case
from openenforce.cases.permissions import check_may_work_on
from openenforce.catalog.models import Certificate, EnforcementCategory, Matter, Officer
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.documents.services import issue_document
from openenforce.evidence.models import Blob, EvidenceKind, Upload
from openenforce.evidence.services import add_evidence, store_bytes
from openenforce.ledger.services import record
from openenforce.onsite.models import Signature, Submission

ART_55 = "行政处罚法 Art 55"
ART_52 = "行政处罚法 Art 51, 52"
MEDIA = {"photo", "audio", "video", "bodycam"}
MAX_TEXT = 20_000
MAX_IMAGE = 512 * 1024  # a finger signature as PNG is a few kilobytes
# Captured in the future by more than this is a wrong device clock, not a capture.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _invalid(name: str, message: str, code: str = "invalid_input", article: str = ""):
    return InvalidInput(message, code=code, article=article, problems=[FieldProblem(name, message)])


def _mismatch(name: str) -> InvalidInput:
    return _invalid(
        name,
        _(
            "The content differs from what the device hashed at capture: it was changed "
            "after capture and is refused."
        ),
        code="hash_mismatch",
        article="电子签名法 Art 13",
    )


@dataclass
class Signed:
    """What the party was shown (the exact text) and their signature or refusal."""

    text: str
    text_sha256: str
    image: bytes = b""
    image_sha256: str = ""
    signer: str = ""
    refused: bool = False
    refusal_note: str = ""
    witnesses: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    submission: Submission
    duplicate: bool


# --- checks ----------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hex(name: str, value: str) -> str:
    value = (value or "").strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise _invalid(name, _("Give the SHA-256 digest as 64 hexadecimal digits."))
    return value


def _check_officer(actor: User, case: Case) -> None:
    if not actor.is_active or not actor.has_role(Role.OFFICER, Role.HEAD):
        raise NotPermitted(
            _("Only enforcement officers send on-site work."), code="field_role_required"
        )
    check_may_work_on(actor, case)


def _check_time(captured_at: datetime.datetime) -> None:
    if captured_at > timezone.now() + CLOCK_SKEW:
        raise _invalid("captured_at", _("The capture time cannot be in the future."))


def decode_image(text: str) -> bytes:
    """A PNG given as base64 (a data: URL or bare)."""
    text = (text or "").split(",", 1)[-1]
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise _invalid("signature", _("The signature image is not valid base64.")) from exc
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) > MAX_IMAGE:
        raise _invalid("signature", _("The signature must be a PNG image of at most 512 KB."))
    return data


def _witness_officers(actor: User, case: Case, ids: list[int]) -> list[dict[str, str]]:
    """The witnessing officers of a refusal: certified officers of the agency besides the
    one who made the record (行政处罚法 Art 55: the refusal is noted by the officers)."""
    today = timezone.localdate()
    officers = list(
        Officer.objects.filter(
            agency_id=case.agency_id, user_id__in=ids, status=Officer.Status.ACTIVE
        ).exclude(user_id=actor.pk)
    )
    if not officers or len(officers) != len(set(ids) - {actor.pk}):
        raise _invalid(
            "witnesses",
            _(
                "A refusal to sign is witnessed by at least one other certified officer of "
                "the agency, named here."
            ),
            code="witness_required",
            article=ART_55,
        )
    rows = []
    for officer in officers:
        certificate = Certificate.objects.valid_on(today).filter(officer=officer).first()
        if certificate is None:
            raise _invalid(
                "witnesses",
                _("%(name)s holds no valid certificate and cannot witness.")
                % {"name": officer.name},
                code="witness_required",
                article=ART_55,
            )
        rows.append(
            {"user": officer.user_id, "name": officer.name, "certificate": certificate.number}
        )
    return rows


def _check_signed(signed: Signed) -> None:
    if not signed.text.strip() or len(signed.text) > MAX_TEXT:
        raise _invalid("text", _("The text shown to the party is missing or too long."))
    if _sha256(signed.text.encode("utf-8")) != _hex("sha256", signed.text_sha256):
        raise _mismatch("text")
    if signed.refused:
        return
    if not signed.image:
        raise _invalid(
            "signature",
            _("The party signs, or their refusal is recorded with witnesses."),
            article=ART_55,
        )
    if _sha256(signed.image) != _hex("signature_sha256", signed.image_sha256):
        raise _mismatch("signature")


def _existing(actor: User, key: str) -> Submission | None:
    return Submission.objects.filter(owner=actor, key=key).first()


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if not 8 <= len(key) <= 64 or not key.isascii() or not key.replace("-", "").isalnum():
        raise _invalid("key", _("The item's idempotency key is malformed."))
    return key


def _new_submission(actor: User, case: Case, **fields: Any) -> Submission:
    try:
        with transaction.atomic():
            return Submission.objects.create(
                agency_id=case.agency_id, owner=actor, case=case, **fields
            )
    except IntegrityError as exc:  # the same key, sent twice at once
        raise WrongState(
            _("This item is being received already."), code="duplicate_in_flight"
        ) from exc


def _save(submission: Submission, actor: User, event: str, files: list[str] | None = None) -> None:
    submission.save()
    record(
        actor=actor, event_type=f"onsite.submission.{event}", subject=submission, files=files or []
    )


# --- captures --------------------------------------------------------------------------------


def _upload_blob(upload: Upload | None, actor: User) -> Blob:
    if upload is None or upload.owner_id != actor.pk:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    if upload.status != Upload.Status.COMPLETE or upload.blob_id is None:
        raise _invalid("upload", _("The upload is not complete yet."), code="upload_incomplete")
    return cast(Blob, upload.blob)


@transaction.atomic
def submit_capture(
    case: Case,
    *,
    actor: User,
    key: str,
    seq: int,
    media: str,
    sha256: str,
    captured_at: datetime.datetime,
    position: str = "",
    upload: Upload | None = None,
    device: str = "",
    window_end: datetime.datetime | None = None,
    title: str = "",
) -> Outcome:
    """A photo, audio or video clip taken in the app (its completed tus ``upload``), or a
    link to a body camera's file (``media="bodycam"``: ``device`` and the window from
    ``captured_at`` to ``window_end``). The file's SHA-256 must equal the device's."""
    key = _check_key(key)
    if (found := _existing(actor, key)) is not None:
        return Outcome(found, True)
    _check_officer(actor, case)
    _check_time(captured_at)
    if media not in MEDIA:
        raise _invalid("media", _("Unknown kind of capture."))
    blob = None
    if media == "bodycam":
        if not device.strip() or window_end is None or window_end <= captured_at:
            raise _invalid(
                "device", _("Name the body camera and a time window that ends after it starts.")
            )
    else:
        blob = _upload_blob(upload, actor)
        if blob.sha256 != _hex("sha256", sha256):
            raise _mismatch("file")
    payload = {"media": media, "title": title[:200], "device": device[:100]}
    if window_end is not None:
        payload["window_end"] = window_end.isoformat()
    submission = _new_submission(
        actor,
        case,
        key=key,
        kind=Submission.Kind.CAPTURE,
        device_seq=seq,
        device_sha256=sha256 or "",
        captured_at=captured_at,
        position=position[:100],
        payload=payload,
    )
    if blob is not None:
        payload["blob"] = blob.sha256
    if not case.is_open:
        submission.status = Submission.Status.CONFLICT
        submission.note = _("The case was closed before this capture reached the server.")
    else:
        name = upload.file_name if upload is not None else ""
        submission.evidence = _capture_evidence(case, actor, submission, blob, name)
    _save(submission, actor, "received", blob.digests() if blob else [])
    return Outcome(submission, False)


METHODS = {
    "photo": ("拍照", EvidenceKind.AUDIOVISUAL),
    "audio": ("录音", EvidenceKind.AUDIOVISUAL),
    "video": ("录像", EvidenceKind.AUDIOVISUAL),
    "bodycam": ("执法记录仪", EvidenceKind.AUDIOVISUAL),
}


def _capture_evidence(case, actor, submission: Submission, blob, file_name: str = ""):
    media = submission.payload["media"]
    method, kind = METHODS[media]
    description = f"现场采集（掌上执法），设备端SHA-256：{submission.device_sha256}"
    if media == "bodycam":
        description = (
            f"执法记录仪 {submission.payload['device']}，"
            f"{submission.captured_at:%Y-%m-%d %H:%M}至{submission.payload['window_end']}"
        )
    return add_evidence(
        case,
        actor=actor,
        kind=kind,
        title=submission.payload.get("title") or f"现场{method}",
        collected_at=submission.captured_at,
        place=submission.position or case.title[:200],
        method=f"{method}（掌上执法）",
        step="record_inspection" if case.procedure == "inspection" else "",
        description=description,
        blob=blob,
        file_name=file_name,
    )


# --- the party's signature -------------------------------------------------------------------


def _sign(submission: Submission, actor: User, case: Case, signed: Signed) -> Signature:
    witnesses = _witness_officers(actor, case, signed.witnesses) if signed.refused else []
    content = store_bytes(signed.text.encode("utf-8"), content_type="text/plain")
    image = store_bytes(signed.image, content_type="image/png") if not signed.refused else None
    signature = Signature.objects.create(
        agency_id=case.agency_id,
        submission=submission,
        content=content,
        content_sha256=content.sha256,
        image=image,
        image_sha256=image.sha256 if image else "",
        signer=signed.signer.strip()[:100],
        refused=signed.refused,
        refusal_note=signed.refusal_note.strip()[:2000],
        witnesses=witnesses,
        signed_at=submission.captured_at,
    )
    # The text and the image, together in one entry: either changed later shows.
    files = [content.sha256] + ([image.sha256] if image else [])
    event = "refused" if signed.refused else "signed"
    record(actor=actor, event_type=f"onsite.signature.{event}", subject=signature, files=files)
    return signature


def _receive_signed(
    actor: User, case: Case, key: str, captured_at: datetime.datetime, signed: Signed
) -> tuple[str, Outcome | None, Case]:
    """The checks every signed item passes (an item sent again is the one kept: its
    ``Outcome``), then the case as it is now, locked: it may have moved on while the
    officer was offline."""
    key = _check_key(key)
    if (found := _existing(actor, key)) is not None:
        return key, Outcome(found, True), case
    _check_officer(actor, case)
    _check_time(captured_at)
    _check_signed(signed)
    return key, None, Case.objects.select_for_update().get(pk=case.pk)


def _signed_submission(
    actor: User,
    case: Case,
    kind: str,
    key: str,
    seq: int,
    signed: Signed,
    captured_at: datetime.datetime,
    position: str,
    payload: dict[str, Any],
) -> tuple[Submission, Signature]:
    """The submission of a signed text and its signature, hashed and kept together."""
    submission = _new_submission(
        actor,
        case,
        key=key,
        kind=kind,
        device_seq=seq,
        device_sha256=signed.text_sha256,
        captured_at=captured_at,
        position=position[:100],
        payload=payload,
    )
    return submission, _sign(submission, actor, case, signed)


def signature_line(signature: Signature) -> str:
    """The sentence about the signature printed on the document (legal text, Chinese)."""
    if signature.refused:
        names = "、".join(
            f"{w['name']}（执法证号：{w['certificate']}）" for w in signature.witnesses
        )
        note = f"（{signature.refusal_note}）" if signature.refusal_note else ""
        return f"当事人拒绝签名{note}，见证执法人员：{names}。"
    return (
        f"当事人{signature.signer}已于{timezone.localtime(signature.signed_at):%Y年%m月%d日 %H:%M}"
        f"在屏幕上阅读并手写签名。所签文本SHA-256：{signature.content_sha256}；"
        f"签名图像SHA-256：{signature.image_sha256}。"
    )


# --- the on-site inspection record -----------------------------------------------------------


@transaction.atomic
def submit_record(
    case: Case,
    *,
    actor: User,
    key: str,
    seq: int,
    captured_at: datetime.datetime,
    signed: Signed,
    place: str = "",
    present: str = "",
    checklist: list[dict[str, str]] | None = None,
    position: str = "",
) -> Outcome:
    """The on-site inspection record (现场检查笔录, 行政处罚法 Art 55) the party read and
    signed, or refused to sign before witnesses. Takes the case's ``record_inspection``
    step and issues the record as a numbered document; if the case moved on meanwhile,
    the signed record is kept as a conflict for the officer to resolve."""
    key, found, case = _receive_signed(actor, case, key, captured_at, signed)
    if found is not None:
        return found
    payload = {
        "place": place[:200],
        "present": present[:200],
        "checklist": list(checklist or [])[:200],
    }
    submission, signature = _signed_submission(
        actor, case, Submission.Kind.RECORD, key, seq, signed, captured_at, position, payload
    )
    if case.state != "task":
        submission.status = Submission.Status.CONFLICT
        submission.note = _(
            "The case moved on while you were offline (now: %(state)s): the record was not "
            "entered as the case's inspection."
        ) % {"state": _state_label(case)}
    else:
        day = timezone.localdate(captured_at)
        engine.perform_action(
            case,
            "record_inspection",
            actor=actor,
            data={
                "inspected_on": day.isoformat(),
                "record": signed.text,
                "inspection_record_complete": True,
            },
        )
        submission.document = issue_document(
            case,
            actor=actor,
            doc_type="inspection_record",
            data={
                "started_at": timezone.localtime(captured_at).strftime("%Y-%m-%dT%H:%M"),
                "place": place or case.title,
                "present": present,
                "findings": f"{signed.text}\n\n{signature_line(signature)}",
            },
        )
        submission.evidence = _record_evidence(case, actor, submission, signature)
    _save(submission, actor, "received", [signature.content_sha256])
    return Outcome(submission, False)


def _state_label(case: Case) -> str:
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None or not lifecycle.has_state(case.state):
        return case.state
    return str(lifecycle.state(case.state).label)


def _record_evidence(case: Case, actor: User, submission: Submission, signature: Signature):
    return add_evidence(
        case,
        actor=actor,
        kind=EvidenceKind.RECORD,
        title=_("On-site inspection record, as signed"),
        collected_at=submission.captured_at,
        place=submission.payload.get("place") or case.title[:200],
        method="现场制作，当事人屏幕阅读签名（掌上执法）",
        step="record_inspection" if case.procedure == "inspection" else "",
        description=signature_line(signature),
        blob=signature.content,
        file_name="现场检查笔录.txt",
    )


# --- the on-the-spot decision ----------------------------------------------------------------


def _fine(value: str) -> Decimal | None:
    if not str(value or "").strip():
        return None
    try:
        fine = Decimal(str(value).strip())
        whole_cents = fine.is_finite() and fine == fine.quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise _invalid("fine", _("Enter the fine in yuan.")) from exc
    if not whole_cents or fine <= 0 or fine > 10**9:
        raise _invalid("fine", _("Enter the fine in yuan."))
    return fine


def penalty_matters(agency_id: int):
    """The matters an on-the-spot penalty may be decided under."""
    return Matter.objects.filter(
        agency_id=agency_id, category=EnforcementCategory.PENALTY, status=Matter.Status.ACTIVE
    ).order_by("code")


@transaction.atomic
def submit_decision(
    case: Case,
    *,
    actor: User,
    key: str,
    seq: int,
    captured_at: datetime.datetime,
    signed: Signed,
    matter: Matter,
    facts: str,
    penalty_kind: str,
    fine: str = "",
    violated: str = "",
    basis: str = "",
    place: str = "",
    position: str = "",
) -> Outcome:
    """An on-the-spot decision (当场行政处罚决定书, 行政处罚法 Art 51, 52) found during the
    inspection ``case``: a simplified penalty case is opened for the same party with the
    same officers, decided on the spot (its gates: two certified officers, the limits),
    the decision issued with a number from the agency's pool and its verification QR, and
    filed with the agency (备案) in the same transaction."""
    key, found, case = _receive_signed(actor, case, key, captured_at, signed)
    if found is not None:
        return found
    if matter.agency_id != case.agency_id or matter.category != EnforcementCategory.PENALTY:
        raise _invalid("matter", _("Choose a penalty matter of the agency."))
    if penalty_kind not in {"warning", "fine"} or not facts.strip():
        raise _invalid(
            "facts", _("State the facts and choose a warning or a fine."), article=ART_52
        )
    amount = _fine(fine)
    if (penalty_kind == "fine") != (amount is not None):
        raise _invalid("fine", _("A fine needs its amount; a warning has none."), article=ART_52)
    payload = {
        "place": place[:200],
        "facts": facts[:2000],
        "penalty_kind": penalty_kind,
        "fine": str(amount or ""),
        "matter": matter.code,
    }
    submission, signature = _signed_submission(
        actor, case, Submission.Kind.DECISION, key, seq, signed, captured_at, position, payload
    )
    if not case.is_open:
        submission.status = Submission.Status.CONFLICT
        submission.note = _(
            "The inspection case was closed before the decision reached the server."
        )
        _save(submission, actor, "received", [signature.content_sha256])
        return Outcome(submission, False)
    decided = _decide(case, actor, matter, submission, facts, penalty_kind, amount, signed.text)
    penalty = "警告" if penalty_kind == "warning" else f"罚款人民币{amount}元"
    submission.result_case = decided
    submission.document = issue_document(
        decided,
        actor=actor,
        doc_type="on_spot_decision",
        data={
            "decided_at": timezone.localtime(captured_at).strftime("%Y-%m-%dT%H:%M"),
            "place": place or case.title,
            "facts": facts,
            "violated_provision": violated,
            "penalty_basis": basis,
            "penalty": penalty,
            "signature": signature_line(signature),
        },
    )
    _save(submission, actor, "received", [signature.content_sha256])
    # 备案 (Art 52): filed with the agency as it is issued; the agency's record holds it.
    record(
        actor=actor,
        event_type="onsite.submission.filed",
        subject=submission,
        files=[submission.document.sha256],
    )
    return Outcome(submission, False)


def _decide(case, actor, matter, submission, facts, penalty_kind, amount, text) -> Case:
    handlers = case.handlers.active().select_related("officer").order_by("role", "id")
    codes = [h.officer.code for h in sorted(handlers, key=lambda h: h.role != "lead")]
    party = case.parties.first()
    parties = []
    if party is not None:
        parties = [
            {
                k: getattr(party, k)
                for k in (
                    "kind",
                    "name",
                    "id_type",
                    "id_number",
                    "credit_code",
                    "legal_representative",
                    "phone",
                    "address",
                )
                if getattr(party, k)
            }
        ]
    decided = file_case(
        actor=actor,
        procedure="penalty_simplified",
        matter=matter,
        title=_("On-the-spot penalty: %(title)s") % {"title": case.title},
        source=Case.Source.INSPECTION,
        parties=parties,
        handlers=codes,
        facts=facts,
        source_detail=case.number or "",
        opened_on=timezone.localdate(submission.captured_at),
        parent_case=case,
    )
    data = {
        "facts": facts,
        "proposed_penalty_kinds": [penalty_kind],
        "rights_informed": True,
        "decision_text": text,
        "decided_on": timezone.localdate(submission.captured_at).isoformat(),
    }
    if amount is not None:
        data["proposed_fine"] = str(amount)
    return engine.perform_action(decided, "decide_on_spot", actor=actor, data=data)


# --- conflicts -------------------------------------------------------------------------------


@transaction.atomic
def resolve_conflict(
    submission: Submission, *, actor: User, keep: bool, note: str = ""
) -> Submission:
    """The officer resolves a conflict: keep the item as evidence of the case (while it is
    open), or withdraw it with a reason. Either way the item stays in the record."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.owner_id != actor.pk:
        raise NotFound(_("Not found."), code="not_found")
    if submission.status != Submission.Status.CONFLICT:
        raise WrongState(_("This item has no conflict to resolve."), code="no_conflict")
    case = submission.case
    if keep:
        if not case.is_open:
            raise WrongState(
                _("The case is closed: the item can only be withdrawn with a reason."),
                code="case_closed",
            )
        signature = getattr(submission, "signature", None)
        if signature is not None:
            submission.evidence = _record_evidence(case, actor, submission, signature)
        else:
            blob = Blob.objects.filter(sha256=submission.payload.get("blob", "")).first()
            submission.evidence = _capture_evidence(case, actor, submission, blob)
        submission.status = Submission.Status.KEPT
    else:
        if not note.strip():
            raise _invalid("note", _("Give the reason for withdrawing the item."))
        submission.status = Submission.Status.WITHDRAWN
    submission.note = "\n".join(p for p in (submission.note, note.strip()) if p)
    _save(submission, actor, "resolved")
    return submission
