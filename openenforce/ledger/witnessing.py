"""The log's side of witnessing: submit the latest checkpoint to each configured witness
(C2SP tlog-witness ``add-checkpoint``) and keep their cosignatures with it.

``OPENENFORCE_WITNESSES`` lists ``{"vkey": ..., "url": ...}`` (the URL is the witness's
submission prefix; ``/add-checkpoint`` is appended). A round runs from the checkpoint loop
(``ledger checkpoint --watch``) and from ``ledger witness-round``, never on a user's
request; a witness that fails is logged and tried again at the next round.
"""

from __future__ import annotations

import datetime
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openenforce.ledger import cosign, notes
from openenforce.ledger.models import Entry, Head, WitnessedCheckpoint, WitnessState
from openenforce.ledger.tiles import TileStore

logger = logging.getLogger(__name__)

#: (url, request body) → (HTTP status, response body)
Transport = Callable[[str, bytes], tuple[int, str]]
TIMEOUT = 10.0


@dataclass(frozen=True)
class ConfiguredWitness:
    key: cosign.WitnessKey
    url: str


def configured() -> list[ConfiguredWitness]:
    return [
        ConfiguredWitness(cosign.WitnessKey.parse(w["vkey"]), str(w["url"]))
        for w in getattr(settings, "OPENENFORCE_WITNESSES", [])
    ]


def quorum() -> int:
    """How many witnesses must cosign for a checkpoint to count (default: all)."""
    value = getattr(settings, "OPENENFORCE_WITNESS_QUORUM", None)
    return len(configured()) if value is None else int(value)


# Event types whose first witnessed checkpoint is kept whatever the interval (extensions
# register theirs: a draw's announcement must be shown witnessed before the draw).
_PROMPT: set[str] = set()


def witness_promptly(*event_types: str) -> None:
    _PROMPT.update(event_types)


def _keep(size: int, note: str) -> None:
    """Keep the cosigned ``note`` (the head at ``size``) when it is due: the first, one an
    interval, or the first covering an entry registered with ``witness_promptly``."""
    from openenforce.ledger.services import keep_interval

    now = timezone.now()
    updated = WitnessedCheckpoint.objects.filter(size=size).update(note=note)
    if updated:
        return
    WitnessedCheckpoint.objects.filter(transient=True, size__lt=size).delete()
    last = WitnessedCheckpoint.objects.order_by("-size").first()
    due = (
        last is None
        or (now - last.witnessed_at).total_seconds() >= keep_interval()
        or bool(_PROMPT)
        and Entry.objects.filter(
            sequence__gte=last.size, sequence__lt=size, event_type__in=_PROMPT
        ).exists()
    )
    if last is None or size > last.size:
        WitnessedCheckpoint.objects.create(
            size=size, note=note, witnessed_at=now, transient=not due
        )


@dataclass(frozen=True)
class Witnessed:
    """A kept checkpoint that the configured quorum cosigned, and when the quorum was
    reached (the quorum-th earliest cosignature's own timestamp, by the witnesses' clocks)."""

    size: int
    note: str
    at: datetime.datetime
    witnesses: tuple[str, ...]


def quorum_check(note: str) -> Witnessed | None:
    """``note`` checked against the configured witnesses: None without the quorum (or
    with no witness configured, or a bad signature)."""
    witnesses, need = configured(), quorum()
    if not witnesses or need < 1:
        return None
    try:
        result = cosign.check_note(
            note, notes.Verifier.parse(notes.vkey()), [w.key for w in witnesses]
        )
    except ValueError:
        return None
    if len(result.cosigned_by) < need:
        return None
    stamps = sorted(result.timestamps.values())
    at = datetime.datetime.fromtimestamp(stamps[need - 1], tz=datetime.UTC)
    return Witnessed(result.checkpoint.size, note, at, tuple(result.cosigned_by))


def latest_witnessed() -> WitnessedCheckpoint | None:
    """The newest checkpoint that got cosignatures (the head's, once cosigned)."""
    return WitnessedCheckpoint.objects.order_by("-size").first()


def first_witnessed_after(sequence: int) -> Witnessed | None:
    """The earliest kept checkpoint that covers entry ``sequence`` (its size is larger)
    and carries the quorum's cosignatures; None while there is none."""
    for row in WitnessedCheckpoint.objects.filter(size__gt=sequence).order_by("size")[:50]:
        witnessed = quorum_check(row.note)
        if witnessed is not None:
            return witnessed
    return None


def http_transport(url: str, body: bytes) -> tuple[int, str]:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"a witness URL is http(s), not {url!r}")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url.rstrip("/") + "/add-checkpoint",
        data=body,
        method="POST",
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def request_body(old: int, proof: list[bytes], note: str) -> bytes:
    import base64

    lines = [f"old {old}"] + [base64.b64encode(p).decode() for p in proof]
    return ("\n".join(lines) + "\n\n" + note).encode()


def _proof(old: int, size: int) -> list[bytes]:
    return TileStore().consistency_proof(old, size) if 0 < old < size else []


def submit(witness: ConfiguredWitness, head: Head, transport: Transport) -> list[str]:
    """The witness's valid cosignature lines on ``head.note``; raises on any failure.
    A 409 (the witness last cosigned another size) is retried once with its size."""
    state, _ = WitnessState.objects.get_or_create(vkey=witness.key.text)
    old = state.size if state.size <= head.size else 0
    for _attempt in range(2):
        status, text = transport(witness.url, request_body(old, _proof(old, head.size), head.note))
        if status == 409:
            witness_size = int(text.strip())
            if witness_size > head.size:
                raise RuntimeError(
                    f"witness {witness.key.name} has cosigned size {witness_size}, "
                    f"larger than the log's {head.size}"
                )
            old = witness_size
            continue
        if status != 200:
            raise RuntimeError(f"witness {witness.key.name} answered {status}: {text.strip()}")
        body = head.note.rpartition("\n\n")[0] + "\n"
        lines = [
            line for line in text.split("\n") if line and witness.key.verify(body, line) is not None
        ]
        if not lines:
            raise RuntimeError(f"witness {witness.key.name} sent no valid cosignature")
        WitnessState.objects.filter(pk=state.pk).update(size=head.size, cosigned_at=timezone.now())
        return lines
    raise RuntimeError(f"witness {witness.key.name} kept answering 409")


def witness_round(transport: Transport | None = None) -> int:
    """Submit the latest checkpoint to every configured witness; keep the cosignatures.
    Returns how many witnesses cosigned it. Never raises for a failing witness."""
    witnesses = configured()
    if not witnesses:
        return 0
    head = Head.objects.filter(pk=1).exclude(note="").first()
    if head is None:
        return 0
    transport = transport or http_transport
    present = cosign.split_note(head.cosigned_note)[1] if head.cosigned_note else []
    lines: list[str] = []
    cosigned = 0
    for witness in witnesses:
        body = head.note.rpartition("\n\n")[0] + "\n"
        if any(witness.key.verify(body, line) is not None for line in present):
            cosigned += 1
            continue
        try:
            lines += submit(witness, head, transport)
            cosigned += 1
        except Exception:
            logger.exception("witness %s did not cosign checkpoint %s", witness.url, head.size)
    if lines:
        with transaction.atomic():
            locked = Head.objects.select_for_update().get(pk=1)
            if locked.note == head.note:  # not replaced by a newer checkpoint meanwhile
                locked.cosigned_note = cosign.add_signatures(
                    locked.cosigned_note or locked.note, lines
                )
                locked.save(update_fields=["cosigned_note"])
                _keep(locked.size, locked.cosigned_note)
    return cosigned


_running = threading.Lock()


def start_round_in_background() -> threading.Thread | None:
    """A round in its own thread, unless one is still running: a slow or unreachable
    witness (up to ``TIMEOUT`` seconds each) must not hold up the signer's one-second tick."""
    if not getattr(settings, "OPENENFORCE_WITNESSES", None) or not _running.acquire(blocking=False):
        return None

    def run() -> None:
        try:
            witness_round()
        except Exception:
            logger.exception("a witness round failed")
        finally:
            connection.close()  # this thread's own connection
            _running.release()

    thread = threading.Thread(target=run, name="witness-round", daemon=True)
    thread.start()
    return thread
