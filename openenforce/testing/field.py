"""An inspection task for today, drawn through the services, for the field app's and the
on-site services' tests (and the field benchmark): two certified officers (``officer`` as
O1, ``officer2`` as O2) drawn to inspect each of a few targets."""

from __future__ import annotations

import datetime
import hashlib
import io
import struct
import wave
import zlib
from dataclasses import dataclass

from django.db import transaction

from openenforce.accounts.models import Role
from openenforce.demo.creditcode import make_credit_code
from openenforce.inspections import services as inspections
from openenforce.inspections.models import Target, Task
from openenforce.ledger.services import create_recorded
from openenforce.testing.team import Team
from openenforce.testing.witness import draw_with_ceremony


@dataclass
class FieldWorld:
    team: Team
    officer2: object
    tasks: list[Task]

    @property
    def task(self) -> Task:
        return self.tasks[0]


def _targets(agency, count: int) -> list:
    with transaction.atomic():
        return create_recorded(
            [
                Target(
                    agency=agency,
                    credit_code=make_credit_code(
                        authority="9", kind="1", division="220102", org_body=f"MF{n:06d}"
                    ),
                    name=f"长春新区福寿康养老院{n}号",
                    kind=Target.Kind.ENTERPRISE,
                    industry="养老服务",
                    region="长春新区",
                    address=f"长春新区福寿路{n + 8}号",
                    risk_grade="B",
                )
                for n in range(count)
            ],
            actor=None,
            event_type="inspections.target.created",
        )


def field_world(
    agency,
    actor,
    officer,
    head,
    *,
    today: datetime.date,
    supervisor,
    witness,
    targets: int = 2,
) -> FieldWorld:
    """A plan running from yesterday for a month, drawn today (the supervising bureau's
    ``supervisor`` and the record's ``witness`` take their part: docs/draws.md §1): every
    target is a task of O1 and O2, with its inspection case."""
    team = Team(agency, actor, prefix="F")
    team.officer("O1", user=officer)
    officer2 = team.user("officer2", Role.OFFICER)
    team.officer("O2", user=officer2)
    item = team.inspection_item("SC-001")
    _targets(agency, targets)
    plan = inspections.create_plan(
        actor=head,
        agency=agency,
        code="FIELD",
        title="养老机构双随机抽查",
        items=[(item, 2)],
        frequency="每年一次",
        period_start=today - datetime.timedelta(days=1),
        period_end=today + datetime.timedelta(days=30),
        ratios={"A": 10000, "B": 10000, "C": 10000, "D": 10000},
    )
    plan = draw_with_ceremony(
        plan, head=head, supervisor=supervisor, witness=witness, opened_on=today
    )
    return FieldWorld(team, officer2, list(plan.tasks.select_related("case", "target")))


# --- media made in the test ---------------------------------------------------------------------


def png(seed: int = 0, size: int = 8) -> bytes:
    """A tiny valid PNG whose pixels depend on ``seed``."""
    rows = b"".join(
        b"\x00" + bytes((seed * 7 + x * 13 + y * 5) % 256 for x in range(size * 3))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """A short mono WAV (a 440 Hz tone, 8 bit)."""
    import math

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(
            bytes(
                int(128 + 100 * math.sin(2 * math.pi * 440 * i / rate))
                for i in range(int(rate * seconds))
            )
        )
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- a tus client on Django's test client --------------------------------------------------------

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def tus_create(client, length: int, name: str = "photo.png") -> str:
    import base64

    meta = "filename " + base64.b64encode(name.encode()).decode()
    response = client.post(
        "/api/v1/uploads/", HTTP_UPLOAD_LENGTH=str(length), HTTP_UPLOAD_METADATA=meta, **TUS
    )
    assert response.status_code == 201, response.content
    return response["Location"]


def tus_offset(client, location: str) -> int:
    return int(client.head(location, **TUS)["Upload-Offset"])


def tus_send(client, location: str, data: bytes, offset: int) -> int:
    response = client.generic(
        "PATCH",
        location,
        data[offset:],
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
    )
    assert response.status_code == 204, response.content
    return int(response["Upload-Offset"])


def tus_upload(client, data: bytes, name: str = "photo.png") -> str:
    """Upload ``data`` whole; the upload's id."""
    location = tus_create(client, len(data), name)
    tus_send(client, location, data, 0)
    return location.rstrip("/").split("/")[-1]
