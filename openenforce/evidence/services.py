"""The one write path for evidence: storing files, adding evidence items, recording views.

``store_stream`` and ``store_bytes`` store content-addressed files (blobs). They do not
write the record: a blob is not a domain event; the caller puts ``blob.sha256`` (or
``blob.digests()``) into its own ``record(..., files=[...])``.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterable
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.cases.permissions import check_may_work_on, may_work_on, may_write
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.core.params import parse_id
from openenforce.evidence import storage, uploads
from openenforce.evidence.models import Blob, EvidenceItem, EvidenceKind, EvidenceView, Upload
from openenforce.ledger.services import record


def store_stream(
    stream: BinaryIO | Iterable[bytes],
    *,
    content_type: str | None = None,
    max_size: int | None = None,
    allowed_types=None,
) -> Blob:
    """Store a file read from ``stream`` in chunks, hashed while streaming.

    The type is sniffed from the content (``content_type``, if given, must agree); it must
    be one of ``allowed_types`` (default: ``OPENENFORCE_EVIDENCE_TYPES``) and the size at
    most ``max_size`` (default: ``OPENENFORCE_EVIDENCE_MAX_BYTES``). Refuses with
    InvalidInput and leaves nothing behind. Identical content returns the existing blob.
    """
    limit = storage.max_size_or_default(max_size)
    allowed = settings.OPENENFORCE_EVIDENCE_TYPES if allowed_types is None else allowed_types
    spooled = storage.spool(stream, max_size=limit)
    try:
        checked = storage.check_type(spooled.head, declared=content_type, allowed_types=allowed)
    except BaseException:
        spooled.discard()
        raise
    return storage.commit(spooled, content_type=checked)


def store_bytes(data: bytes, *, content_type: str, max_size: int | None = None) -> Blob:
    """Store a file the system generated (a PDF, a zip). The declared type must agree with
    the content where the content tells; any type is accepted."""
    spooled = storage.spool(io.BytesIO(data), max_size=storage.max_size_or_default(max_size))
    try:
        checked = storage.check_type(
            spooled.head, declared=content_type, allowed_types=None, trust_declared=True
        )
    except BaseException:
        spooled.discard()
        raise
    return storage.commit(spooled, content_type=checked)


# --- Evidence items ---------------------------------------------------------------------

ART_46 = "行政处罚法 Art 46"
# Repeated range requests of one playback (seeking) are one view: a viewer's views of an
# item within this window enter the record once.
VIEW_WINDOW = datetime.timedelta(minutes=10)
_CLOCK_SKEW = datetime.timedelta(minutes=5)


def _invalid(field_name: str, message: str, code: str = "invalid_input", article: str = ""):
    return InvalidInput(
        message, code=code, article=article, problems=[FieldProblem(field_name, message)]
    )


def can_add_evidence(user: User, case: Case) -> bool:
    """The people who work on the case (``cases.permissions.may_work_on``: its handlers
    and the agency head), while the case is open."""
    return may_work_on(user, case) and case.is_open


def _check_may_add(actor: User, case: Case) -> None:
    if not (actor.is_active and may_write(actor, case)):
        raise NotPermitted(_("You may not add evidence to this case."), code="evidence_scope")
    if not actor.has_role(Role.OFFICER, Role.HEAD):
        raise NotPermitted(
            _("Only enforcement officers and agency heads add evidence."),
            code="evidence_role_required",
        )
    check_may_work_on(actor, case)
    if not case.is_open:
        raise WrongState(_("The case is closed: no evidence can be added."), code="case_closed")


def _check_fields(case: Case, *, kind: str, step: str, title: str, place: str, method: str):
    problems = []
    if kind not in EvidenceKind.values:
        problems.append(FieldProblem("kind", _("Choose one of the eight kinds of evidence.")))
    lifecycle = lifecycles.get(case.procedure)
    if step and (lifecycle is None or lifecycle.action(step) is None):
        problems.append(FieldProblem("step", _("This step is not part of the case's procedure.")))
    for name, value, message in (
        ("title", title, _("Enter a title.")),
        ("place", place, _("Enter where the evidence was collected.")),
        ("method", method, _("Enter how the evidence was collected.")),
    ):
        if not value.strip():
            problems.append(FieldProblem(name, message))
    if problems:
        message = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidInput(message, code="invalid_input", article=ART_46, problems=problems)


def _collector(case: Case, collected_by: User | None, actor: User) -> User:
    collector = collected_by or actor
    if collector.agency_id != case.agency_id or not collector.is_active:
        raise _invalid("collected_by", _("The collector must be active staff of the agency."))
    return collector


def _file_of(upload: Upload | None, blob: Blob | None, actor: User) -> tuple[Blob | None, str]:
    if upload is None:
        return blob, ""
    if upload.owner_id != actor.pk:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    if upload.status != Upload.Status.COMPLETE or upload.blob_id is None:
        raise _invalid("upload", _("The upload is not complete yet."), code="upload_incomplete")
    return upload.blob, upload.file_name


@transaction.atomic
def add_evidence(
    case: Case,
    *,
    actor: User,
    kind: str,
    title: str,
    collected_at: datetime.datetime,
    place: str,
    method: str,
    step: str = "",
    description: str = "",
    collected_by: User | None = None,
    blob: Blob | None = None,
    upload: Upload | None = None,
    file_name: str = "",
) -> EvidenceItem:
    """Add an item of evidence (行政处罚法 Art 46) to an open case: its kind, the step it
    belongs to, who collected it, when, where and how, and optionally its file (a stored
    blob, or a completed upload of the actor's). The record holds the file's digests."""
    _check_may_add(actor, case)
    title, place, method = title.strip(), place.strip(), method.strip()
    _check_fields(case, kind=kind, step=step, title=title, place=place, method=method)
    if collected_at > timezone.now() + _CLOCK_SKEW:
        raise _invalid("collected_at", _("The collection time cannot be in the future."))
    collector = _collector(case, collected_by, actor)
    blob, uploaded_name = _file_of(upload, blob, actor)
    # Lock the case row: numbers within a case have no gaps and no repeats.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    last = EvidenceItem.objects.filter(case=case).aggregate(m=Max("seq"))["m"] or 0
    item = EvidenceItem.objects.create(
        agency_id=case.agency_id,
        case=case,
        seq=last + 1,
        kind=kind,
        step=step,
        title=title[:200],
        description=description.strip(),
        collected_by=collector,
        collected_at=collected_at,
        place=place[:200],
        method=method[:200],
        blob=blob,
        file_name=(file_name or uploaded_name)[:200] if blob else "",
        added_by=actor,
    )
    files = blob.digests() if blob else []
    record(actor=actor, event_type="evidence.evidenceitem.added", subject=item, files=files)
    return item


@transaction.atomic
def record_view(item: EvidenceItem, *, actor: User, mode: str) -> EvidenceView | None:
    """Note that ``actor`` viewed or downloaded ``item``'s file, in the record and in the
    view log staff see. Repeated requests of one viewing (seeking in a video sends many
    range requests) within ``VIEW_WINDOW`` are one view: None is returned for them."""
    if mode not in EvidenceView.Mode.values:
        raise _invalid("mode", _("Unknown view mode."))
    since = timezone.now() - VIEW_WINDOW
    recent = EvidenceView.objects.filter(item=item, viewer=actor, mode=mode, at__gte=since)
    if recent.exists():
        return None
    view = EvidenceView.objects.create(agency_id=item.agency_id, item=item, viewer=actor, mode=mode)
    event = (
        "evidence.evidenceitem.downloaded" if mode == "download" else "evidence.evidenceitem.viewed"
    )
    files = item.blob.digests() if item.blob_id else []
    record(actor=actor, event_type=event, subject=item, files=files)
    return view


# --- Resumable uploads (tus) ------------------------------------------------------------


# Unfinished uploads one user may have at a time: partial files take disk space.
MAX_OPEN_UPLOADS = 50


# Who uploads files (evidence, recordings): the people who add them to cases.
UPLOAD_ROLES = (Role.OFFICER, Role.HEAD)


def _upload_limit() -> int:
    return settings.OPENENFORCE_EVIDENCE_MAX_BYTES


def may_upload(user: User) -> bool:
    """Officers and heads of an agency: those who may add evidence and recordings (not
    supervisors, reviewers, publishers or administrators, whose uploads nothing would use)."""
    return user.is_active and user.agency_id is not None and user.has_role(*UPLOAD_ROLES)


def _blob_references() -> list[tuple[type, str]]:
    """(model, field) of every foreign key to a stored file other than an upload's: what
    makes a file "attached" (evidence, recordings, documents, deliveries)."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if model is not Upload
        for field in model._meta.get_fields()
        if field.many_to_one and field.concrete and field.related_model is Blob
    ]


def attached_blob_ids(blob_ids: Iterable[int]) -> set[int]:
    """The ids among ``blob_ids`` of files something other than an upload refers to."""
    wanted, attached = set(blob_ids), set()
    for model, name in _blob_references() if wanted else ():
        rows = model._default_manager.filter(**{f"{name}__in": wanted})
        attached |= set(rows.values_list(name, flat=True))
    return attached


def pending_upload_bytes(user: User) -> int:
    """Disk the user's uploads hold that nothing uses yet: the declared length of each
    unfinished upload, the size of each completed one not attached to anything."""
    rows = list(Upload.objects.filter(owner=user).values_list("status", "length", "blob_id"))
    unfinished = sum(length for status, length, _blob in rows if status == Upload.Status.OPEN)
    complete = {blob: length for status, length, blob in rows if blob is not None}
    attached = attached_blob_ids(complete)
    return unfinished + sum(size for blob, size in complete.items() if blob not in attached)


def create_upload(*, actor: User, length: int, metadata: dict[str, str]) -> Upload:
    """Open a resumable upload of ``length`` bytes for ``actor``. The file name (metadata
    ``filename``) is checked and kept for display only; a declared type (``filetype``)
    must be an accepted one. The actor's uploads that nothing uses yet may hold at most
    ``OPENENFORCE_UPLOAD_QUOTA_BYTES``. Nothing is stored for a refused upload."""
    if not may_upload(actor):
        raise NotPermitted(
            _("Only enforcement officers and agency heads upload files."),
            code="upload_not_permitted",
        )
    if length <= 0:
        raise _invalid("Upload-Length", _("The upload is empty."), code="upload_empty")
    if length > _upload_limit():
        raise storage.too_large(_upload_limit())
    # The actor's own abandoned uploads go first: they count against the quota below.
    for expired in Upload.objects.filter(
        owner=actor, status=Upload.Status.OPEN, expires_at__lte=timezone.now()
    ):
        with uploads.locked(expired.pk):
            _remove(expired)
    open_uploads = Upload.objects.filter(owner=actor, status=Upload.Status.OPEN)
    if open_uploads.count() >= MAX_OPEN_UPLOADS:
        raise WrongState(
            _("You have too many unfinished uploads: finish or cancel some first."),
            code="too_many_uploads",
        )
    quota = settings.OPENENFORCE_UPLOAD_QUOTA_BYTES
    if pending_upload_bytes(actor) + length > quota:
        message = _(
            "Your uploads not yet attached to a case would exceed %(quota)s MB: attach "
            "them to a case or cancel some first."
        ) % {"quota": quota // 1024**2}
        raise InvalidInput(
            message,
            code="upload_quota_exceeded",
            problems=[FieldProblem("Upload-Length", message)],
        )
    file_name = uploads.check_file_name(metadata.get("filename", metadata.get("name", "")))
    declared = storage.normalise(metadata.get("filetype", metadata.get("type", "")))
    if declared and declared not in {
        storage.normalise(t) for t in settings.OPENENFORCE_EVIDENCE_TYPES
    }:
        raise _invalid(
            "filetype",
            _("Files of type %(type)s are not accepted.") % {"type": declared},
            code="file_type_not_allowed",
        )
    upload_id = uuid.uuid4()
    path = uploads.partial_path(upload_id)
    path.touch(exist_ok=False)
    try:
        with transaction.atomic():
            return Upload.objects.create(
                id=upload_id,
                owner=actor,
                length=length,
                file_name=file_name,
                declared_type=declared,
                metadata=metadata,
                expires_at=timezone.now()
                + datetime.timedelta(hours=settings.OPENENFORCE_UPLOAD_EXPIRE_HOURS),
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _check_open(upload: Upload, actor: User) -> None:
    if upload.owner_id != actor.pk:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    if upload.status == Upload.Status.COMPLETE:
        raise WrongState(_("The upload is already complete."), code="upload_complete")
    if upload.expires_at <= timezone.now():
        raise WrongState(_("The upload has expired."), code="upload_expired")


def receive_chunk(
    upload: Upload,
    *,
    actor: User,
    offset: int,
    stream: BinaryIO,
    content_length: int,
    checksum: str = "",
) -> Upload:
    """Append ``content_length`` bytes read from ``stream`` at ``offset`` (tus PATCH).

    The chunk is hashed as it is written. With a checksum (``sha1 <base64>``), a chunk that
    does not match, or arrives short, is dropped (``checksum_mismatch``). Without one, the
    bytes that arrived before an interruption are kept, so the client resumes from there.
    As soon as the first bytes tell the type, a type that is not accepted ends the upload
    and removes it. The last chunk turns the upload into a Blob.
    """
    _check_open(upload, actor)
    check = uploads.parse_checksum(checksum) if checksum else None
    if content_length < 0 or offset + content_length > upload.length:
        raise _invalid(
            "Content-Length",
            _("The data goes past the declared length of the upload."),
            code="upload_too_long",
        )
    with uploads.locked(upload.pk) as fd:
        upload.refresh_from_db()
        if upload.offset != offset:
            raise WrongState(
                _("The offset does not match the bytes received (%(offset)s).")
                % {"offset": upload.offset},
                code="offset_mismatch",
            )
        state = uploads.state_for(upload.pk, offset).copy()
        received = _write_chunk(fd, upload.pk, state, offset, stream, content_length, check)
        _check_head(upload, state, final=offset + received == upload.length)
        Upload.objects.filter(pk=upload.pk).update(offset=offset + received)
        upload.offset = offset + received
        uploads.remember(upload.pk, state)
    if upload.offset == upload.length:
        return _complete(upload, state)
    return upload


def _write_chunk(fd, upload_id, state, offset, stream, content_length, check) -> int:
    digest = uploads.CHECKSUM_ALGORITHMS[check[0]]() if check else None
    head = bytearray(state.head)
    received = 0
    with open(fd, "r+b", closefd=False) as out:
        out.truncate(offset)  # bytes of an earlier write that never counted
        out.seek(offset)
        while received < content_length:
            try:
                chunk = stream.read(min(storage.CHUNK, content_length - received))
            except OSError:  # the client went away: keep what arrived (resumable)
                break
            if not chunk:
                break
            out.write(chunk)
            state.hasher.update(chunk)
            if digest is not None:
                digest.update(chunk)
            if len(head) < storage.SNIFF_BYTES:
                head += chunk[: storage.SNIFF_BYTES - len(head)]
            received += len(chunk)
        if digest is not None and (received < content_length or digest.digest() != check[1]):
            out.truncate(offset)
            uploads.forget(upload_id)
            raise InvalidInput(
                _("The checksum of the data does not match: the chunk was dropped; send it again."),
                code="checksum_mismatch",
                problems=[FieldProblem("Upload-Checksum", _("Checksum mismatch."))],
            )
    state.offset, state.head = offset + received, bytes(head)
    return received


def _check_head(upload: Upload, state, *, final: bool) -> None:
    if len(state.head) < storage.SNIFF_BYTES and not final:
        return
    try:
        upload.content_type = storage.check_type(
            state.head,
            declared=upload.declared_type,
            allowed_types=settings.OPENENFORCE_EVIDENCE_TYPES,
        )
    except InvalidInput:
        _remove(upload)
        raise


def _remove(upload: Upload) -> None:
    uploads.forget(upload.pk)
    uploads.partial_path(upload.pk).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).delete()


def _complete(upload: Upload, state) -> Upload:
    sha256, sm3 = state.hasher.hexdigests()
    spooled = storage.Spooled(
        path=uploads.partial_path(upload.pk), size=upload.length, sha256=sha256, sm3=sm3
    )
    try:
        blob = storage.commit(spooled, content_type=upload.content_type)
    except BaseException:
        _remove(upload)
        raise
    uploads.forget(upload.pk)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.COMPLETE, blob=blob)
    upload.status, upload.blob = Upload.Status.COMPLETE, blob
    return upload


def terminate_upload(upload: Upload, *, actor: User) -> None:
    """Remove an upload and the bytes received (tus termination). A completed upload's
    file stays stored (it may be evidence already); only the upload goes."""
    if upload.owner_id != actor.pk:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    if upload.status == Upload.Status.OPEN:
        with uploads.locked(upload.pk):
            _remove(upload)
    else:
        Upload.objects.filter(pk=upload.pk).delete()


def purge_uploads(*, now: datetime.datetime | None = None) -> int:
    """Remove what uploads leave behind (the daily run, ``openenforce evidence
    purge-uploads``); the number of uploads and files removed.

    - unfinished uploads past their expiry, with their partial files;
    - completed uploads older than ``OPENENFORCE_UPLOAD_EXPIRE_HOURS``: the upload goes,
      and its stored file too when nothing else refers to it (a file that became evidence,
      a recording, a document stays, as does its record);
    - partial files no unfinished upload owns (a process died mid-request).

    Uploads are not domain objects and are not recorded; a stored file that is in the
    record is always referred to by the recorded row (PROTECT), so it is never removed.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.OPENENFORCE_UPLOAD_EXPIRE_HOURS)
    removed = 0
    for upload in Upload.objects.filter(status=Upload.Status.OPEN, expires_at__lte=now):
        with uploads.locked(upload.pk):
            _remove(upload)
        removed += 1
    complete = Upload.objects.filter(status=Upload.Status.COMPLETE, created_at__lte=cutoff)
    for upload in complete.select_related("blob"):
        with transaction.atomic():
            if not Upload.objects.select_for_update().filter(pk=upload.pk).exists():
                continue  # removed meanwhile
            Upload.objects.filter(pk=upload.pk).delete()
        removed += 1
        blob = upload.blob
        if blob is not None and not Upload.objects.filter(blob=blob).exists():
            # PROTECT refuses while evidence, a recording, a document … refers to it.
            removed += storage.delete_if_unused(blob)
    open_ids = {
        str(pk)
        for pk in Upload.objects.filter(status=Upload.Status.OPEN).values_list("pk", flat=True)
    }
    for path in storage.upload_dir().iterdir():
        owned = path.name.startswith("tus-") and path.name[4:] in open_ids
        if not owned and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def upload_not_found() -> NotFound:
    return NotFound(_("Upload not found."), code="upload_not_found")


def collector_for(case: Case, pk) -> User:
    """The collector chosen on a form: active staff of the case's agency."""
    pk = parse_id(pk)
    collector = User.objects.filter(pk=pk).first() if pk is not None else None
    if collector is None or collector.agency_id != case.agency_id or not collector.is_active:
        raise _invalid("collected_by", _("The collector must be active staff of the agency."))
    return collector


def add_evidence_with_file(
    case: Case, *, actor: User, stream: BinaryIO | Iterable[bytes], file_name: str, **fields
) -> EvidenceItem:
    """``add_evidence`` with a file read from ``stream`` (a plain form upload). Everything
    is checked before the file is stored; a file stored for an item that is then refused
    is removed again unless other records use it."""
    _check_may_add(actor, case)
    _check_fields(
        case,
        kind=fields.get("kind", ""),
        step=fields.get("step", ""),
        title=fields.get("title", ""),
        place=fields.get("place", ""),
        method=fields.get("method", ""),
    )
    name = uploads.check_file_name(file_name)
    blob = store_stream(stream)
    try:
        return add_evidence(case, actor=actor, blob=blob, file_name=name, **fields)
    except BaseException:
        if getattr(blob, "created_now", False):
            storage.delete_if_unused(blob)
        raise
