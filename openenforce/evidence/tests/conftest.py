"""Evidence tests store files under a temporary media root and upload directory."""

import io
import struct
import zlib

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


def png_bytes(seed: int = 0, size: int = 8) -> bytes:
    """A small valid PNG whose pixels depend on ``seed``."""
    raw = b"".join(b"\x00" + bytes((seed + x + y) % 256 for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(text: str = "evidence") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


@pytest.fixture
def png():
    return png_bytes


@pytest.fixture
def stream():
    return io.BytesIO


@pytest.fixture
def case(team, officer):
    return team.open(actor=officer)


@pytest.fixture
def quiet_live_server(monkeypatch, live_server):
    """The live server, without its request threads closing the shared in-memory SQLite
    connection (which fails there and, under Python 3.11, formats tracebacks in threads
    concurrently with the main thread: a CPython bug then breaks later ``ast.parse``
    calls). Django marks ``_close_connections`` as the hook to replace in tests."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection

    if connection.vendor == "sqlite":
        monkeypatch.setattr(ThreadedWSGIServer, "_close_connections", lambda self: None)
    return live_server
