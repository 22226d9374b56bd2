"""A real PostgreSQL primary with a streaming hot standby, for the read-replica test.

``pair()`` makes both in a temporary directory on free loopback ports: ``initdb`` a new
primary (``wal_level=replica``, replication connections from 127.0.0.1 trusted), copy it
with ``pg_basebackup -R -X stream`` (the copy follows the primary by streaming replication)
and start the copy as a hot standby; at the end of the block both are stopped and removed.
A new pair, not the suite's own server: that server need not allow replication, and a
cluster of one's own may be restarted and paused at will. The PostgreSQL server programs
(``initdb``, ``pg_ctl``, ``pg_basebackup``) come from ``PATH`` or ``/usr/lib/postgresql/*/bin``;
as root they run as the ``postgres`` user (the server refuses to run as root).
``unavailable()`` says why a pair cannot be made here, or returns "".
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup")


def _program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _server_user() -> str | None:
    """The user to run the server as: ourselves, or ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return "postgres"


def unavailable() -> str:
    """Why a primary and standby cannot be started here ("" if they can)."""
    missing = [name for name in PROGRAMS if _program(name) is None]
    if missing:
        return f"the PostgreSQL server programs are not installed ({', '.join(missing)})"
    if os.geteuid() == 0 and (_server_user() is None or shutil.which("runuser") is None):
        return "running as root without a postgres user and runuser to run the server as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*command: str) -> None:
    user = _server_user()
    if user:
        command = ("runuser", "-u", user, "--", *command)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603 (fixed server programs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


@dataclass
class Server:
    directory: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def start(self) -> None:
        _run(
            _program("pg_ctl") or "pg_ctl",
            "-D",
            str(self.directory),
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            _run(
                _program("pg_ctl") or "pg_ctl",
                "-D",
                str(self.directory),
                "-m",
                "immediate",
                "-w",
                "stop",
            )


@dataclass
class Pair:
    primary: Server
    standby: Server

    def replayed(self, timeout: float = 30.0) -> None:
        """Wait until the standby has replayed everything the primary has written."""
        with self.primary.connect() as primary:
            (target,) = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
        deadline = time.monotonic() + timeout
        with self.standby.connect() as standby:
            while True:
                (caught_up,) = standby.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
                ).fetchone()
                if caught_up:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("the standby did not catch up with the primary")
                time.sleep(0.05)


def _configure(directory: Path, port: int, sockets: Path, extra: str = "") -> None:
    with open(directory / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{sockets}'\n"
            # A throw-away cluster: durability is not what the test is about.
            "fsync = off\nfull_page_writes = off\n" + extra
        )


@contextlib.contextmanager
def pair() -> Iterator[Pair]:
    """A running primary and hot standby (see the module's docstring)."""
    root = Path(tempfile.mkdtemp(prefix="oe-replica-"))
    user = _server_user()
    if user:
        shutil.chown(root, user)
    primary = Server(root / "primary", _free_port())
    standby = Server(root / "standby", _free_port())
    started: list[Server] = []
    try:
        _run(
            _program("initdb") or "initdb",
            "-D",
            str(primary.directory),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        )
        _configure(
            primary.directory,
            primary.port,
            root,
            "wal_level = replica\nmax_wal_senders = 4\n",
        )
        with open(primary.directory / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("\nhost replication postgres 127.0.0.1/32 trust\n")
        primary.start()
        started.append(primary)
        _run(
            _program("pg_basebackup") or "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(standby.directory),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        _configure(standby.directory, standby.port, root, "hot_standby = on\n")
        standby.start()
        started.append(standby)
        made = Pair(primary, standby)
        made.replayed()
        yield made
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
