"""Backup and restore of a whole installation (docs/deployment.md, "Backup and restore").

A backup is a directory, or one uncompressed tar file when its name ends in ``.tar``::

    manifest.json                  what it holds: every part with its SHA-256 and size
    database/openenforce.sqlite3   SQLite: a copy made with SQLite's online backup API
    database/openenforce.pgdump    PostgreSQL: ``pg_dump -Fc`` of one exported snapshot
    files/blobs/ab/cd/<sha256>     every stored file that database snapshot names
    keys/ledger-signing.key        the record's checkpoint signing key (mode 600)
    config/environment             the OPENENFORCE_* settings in force, without secrets
    config/secrets.txt             the secrets to keep, and give back, separately
    secrets/secret-key             Django's secret key, only when asked for

**Consistent.** The database is copied as one snapshot: SQLite's backup API copies every
page under one read transaction; on PostgreSQL a REPEATABLE READ transaction exports its
snapshot, ``pg_dump --snapshot`` dumps exactly that state, and the list of stored files is
read in the same snapshot. Files are content-addressed and never change, so copying the
files that snapshot names gives them exactly as the database knows them (each is hashed
on the way and checked against its recorded SHA-256). A checkpoint is signed first, so the
whole record in the backup is covered by the signed checkpoint the manifest holds.

**Not in the ledger.** A backup changes no domain state, and a record entry needs a row as
its subject; a restore must give back the record exactly as it was backed up. Neither is
recorded: the manifest carries the signed checkpoint instead, and a restore checks that
the restored record ends at it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from openenforce.evidence.storage import CHUNK, open_stored
from openenforce.ledger import notes
from openenforce.ledger.services import publish_checkpoint

FORMAT, VERSION = "openenforce-backup", 1
MANIFEST = "manifest.json"
SQLITE_PART = "database/openenforce.sqlite3"
POSTGRES_PART = "database/openenforce.pgdump"
KEY_PART = "keys/ledger-signing.key"
ENVIRONMENT_PART = "config/environment"
SECRETS_PART = "config/secrets.txt"
SECRET_KEY_PART = "secrets/secret-key"  # noqa: S105 (where the key goes, not a key)
FILES = "files/"
# What the manifest counts, so a restore (and its drill) can compare.
COUNTED = {
    "users": "accounts.User",
    "cases": "cases.Case",
    "evidence_items": "evidence.EvidenceItem",
    "documents": "documents.Document",
    "record_entries": "ledger.Entry",
}
# Settings that are secrets: never written into config/environment (the *_FILE variant,
# a path, is kept). DATABASE_URL is kept without its password.
SECRETS = {
    "OPENENFORCE_SECRET_KEY": gettext_lazy(
        "Django's secret key: sessions and password-reset links"
    ),
    "OPENENFORCE_S3_ACCESS_KEY": gettext_lazy("the object store's access key"),
    "OPENENFORCE_S3_SECRET_KEY": gettext_lazy("the object store's secret key"),
    "OPENENFORCE_EMAIL_PASSWORD": gettext_lazy("the mail server's password"),
    "DATABASE_URL": gettext_lazy("the database password (the URL is kept without it)"),
}
_BLOB_NAME = re.compile(r"^blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$")


class BackupRefused(CommandError):
    """A backup or restore that cannot go ahead; the message says why (exit status 1)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        text = "\n".join([message, *self.problems])
        super().__init__(text, returncode=1)


@dataclass
class Snapshot:
    """What the database snapshot says about itself."""

    blobs: list[tuple[str, str, int]]  # storage name, SHA-256, size
    counts: dict[str, int]
    head_size: int
    head_note: str


@dataclass
class Result:
    path: Path
    manifest: dict
    manifest_sha256: str = ""
    problems: list[str] = field(default_factory=list)


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def _facts(cursor) -> Snapshot:
    """Read the stored files, the counts and the record's head through a DB-API cursor
    that sees the snapshot (the SQLite copy, or the exporting PostgreSQL transaction)."""

    def scalar(sql: str) -> int:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])

    cursor.execute(f"SELECT name, sha256, size FROM {_table('evidence.Blob')} ORDER BY name")  # noqa: S608
    blobs = [(str(n), str(s), int(z)) for n, s, z in cursor.fetchall()]
    counts = {}
    for key, label in COUNTED.items():
        counts[key] = scalar(f"SELECT COUNT(*) FROM {_table(label)}")  # noqa: S608
    cursor.execute(f"SELECT size, note FROM {_table('ledger.Head')}")  # noqa: S608
    head = cursor.fetchone() or (0, "")
    return Snapshot(blobs=blobs, counts=counts, head_size=int(head[0]), head_note=str(head[1]))


# --- the database -------------------------------------------------------------------------


def _sqlite_snapshot(target: Path) -> Snapshot:
    """SQLite's online backup API: all pages in one step, under one read transaction."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _facts(copy.cursor())
    finally:
        copy.close()


def _postgres_environment(alias: str = "default") -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore from Django's database settings."""
    params = connections[alias].settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            environment[variable] = str(params[key])
    if params.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = params["OPTIONS"]["sslmode"]
    return environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(
            _(
                "%(tool)s was not found on PATH. Install the PostgreSQL client tools of the "
                "server's major version (Debian: apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    return path


def _run(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupRefused(
            _("%(tool)s failed:") % {"tool": Path(command[0]).name},
            [line for line in done.stderr.splitlines() if line.strip()][-20:],
        )


def _postgres_snapshot(target: Path) -> Snapshot:
    """pg_dump of a snapshot exported by a REPEATABLE READ transaction that also reads the
    list of stored files: the dump and the file list describe the same instant."""
    pg_dump = _tool("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--file", str(target)],
                _postgres_environment(),
            )
            facts = _facts(cursor)
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return facts


# --- configuration ------------------------------------------------------------------------


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def environment_text(environ: dict[str, str] | None = None) -> str:
    """The installation's settings from the environment, secrets left out."""
    environ = dict(os.environ if environ is None else environ)
    lines = []
    for name in sorted(environ):
        if not (name.startswith("OPENENFORCE_") or name == "DATABASE_URL"):
            continue
        if name in SECRETS and name != "DATABASE_URL":
            continue
        value = environ[name]
        if name == "DATABASE_URL":
            value = _without_password(value)
        lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def secrets_text(environ: dict[str, str] | None = None, *, with_secret_key: bool) -> str:
    environ = dict(os.environ if environ is None else environ)
    lines = [_("Secrets not in this backup: keep them, and give them back, separately."), ""]
    for name, what in SECRETS.items():
        if name == "OPENENFORCE_SECRET_KEY" and with_secret_key:
            continue
        source = f"{name}_FILE={environ[name + '_FILE']}" if environ.get(name + "_FILE") else ""
        given = source or (
            pgettext("secret", "set") if environ.get(name) else pgettext("secret", "not set")
        )
        lines.append(f"{name}\t{what}\t{given}")
    if not with_secret_key:
        lines += [
            "",
            _(
                "Without the old secret key the restored installation works; only sessions "
                "and password-reset links made before are no longer valid."
            ),
        ]
    return "\n".join(lines) + "\n"


# --- making a backup ----------------------------------------------------------------------


class _Parts:
    """The parts written so far, with their digests, for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.listed: list[dict] = []

    def path(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add(self, name: str, sha256: str | None = None, size: int | None = None) -> None:
        if sha256 is None or size is None:
            sha256, size = _sha256_file(self.root / name)
        self.listed.append({"path": name, "sha256": sha256, "size": size})

    def write(self, name: str, data: bytes, mode: int = 0o644) -> None:
        path = self.path(name)
        path.write_bytes(data)
        path.chmod(mode)
        self.add(name)


def _copy_file(parts: _Parts, name: str, sha256: str) -> str:
    """Copy one stored file into the backup, hashing it; '' or what is wrong with it."""
    if not _BLOB_NAME.match(name):
        return _("not a storage name")
    target, digest, size = parts.path(FILES + name), hashlib.sha256(), 0
    try:
        with open_stored(name) as source, open(target, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return _("missing")
    parts.add(FILES + name, digest.hexdigest(), size)
    return "" if digest.hexdigest() == sha256 else _("altered")


def _record_settings() -> dict:
    return {
        "hash": settings.OPENENFORCE_LEDGER_HASH,
        "origin": settings.OPENENFORCE_LEDGER_ORIGIN,
        "vkey": notes.vkey(),
    }


def make_backup(target: Path, *, with_secret_key: bool = False) -> Result:
    """Write a backup of this installation to ``target`` (a new directory, or a ``.tar``)."""
    target = Path(target)
    if target.exists() and (target.is_file() or any(target.iterdir())):
        raise BackupRefused(_("%(path)s exists and is not empty.") % {"path": target})
    as_tar = target.suffix == ".tar"
    root = Path(tempfile.mkdtemp(prefix=".backup-", dir=target.parent)) if as_tar else target
    try:
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)  # it holds the signing key
        result = _write(root, with_secret_key=with_secret_key)
        if as_tar:
            with tarfile.open(target, "w") as archive:
                for path in sorted(root.rglob("*")):
                    archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
            target.chmod(0o600)
    finally:
        if as_tar:
            shutil.rmtree(root, ignore_errors=True)
    result.path = target
    return result


def _write(root: Path, *, with_secret_key: bool) -> Result:
    with transaction.atomic():
        publish_checkpoint()  # the whole record is covered by the checkpoint in the manifest
    parts = _Parts(root)
    vendor = connection.vendor
    if vendor == "sqlite":
        snapshot, database = _sqlite_snapshot(parts.path(SQLITE_PART)), SQLITE_PART
    elif vendor == "postgresql":
        snapshot, database = _postgres_snapshot(parts.path(POSTGRES_PART)), POSTGRES_PART
    else:
        raise BackupRefused(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    parts.add(database)
    problems = []
    for name, sha256, _size in snapshot.blobs:
        problem = _copy_file(parts, name, sha256)
        if problem:
            problems.append(f"{sha256}\t{name}\t{problem}")
    key_file = Path(settings.OPENENFORCE_LEDGER_KEY_FILE)
    if key_file.exists():
        parts.write(KEY_PART, key_file.read_bytes(), 0o600)
    parts.write(ENVIRONMENT_PART, environment_text().encode())
    parts.write(SECRETS_PART, secrets_text(with_secret_key=with_secret_key).encode())
    if with_secret_key:
        parts.write(SECRET_KEY_PART, settings.SECRET_KEY.encode(), 0o600)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "part": database},
        "storage": settings.STORAGES["default"]["BACKEND"],
        "record": {
            **_record_settings(),
            "checkpoint": snapshot.head_note,
            "checkpoint_size": snapshot.head_size,
        },
        "counts": {**snapshot.counts, "files": len(snapshot.blobs)},
        "secret_key_included": with_secret_key,
        "problems": problems,
        "parts": parts.listed,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    (root / MANIFEST).write_bytes(text)
    return Result(root, manifest, hashlib.sha256(text).hexdigest(), problems)


# --- checking and restoring ---------------------------------------------------------------


@contextlib.contextmanager
def opened(source: Path) -> Iterator[Path]:
    """The backup's directory: itself, or a tar file unpacked into a temporary one."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupRefused(_("%(path)s does not exist.") % {"path": source})
    # Unpacked beside the tar file (the same disk has room for it), else in the temp dir.
    beside = source.parent if os.access(source.parent, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=beside) as unpacked:
        try:
            with tarfile.open(source) as archive:
                archive.extractall(unpacked, filter="data")  # no links out, no absolute paths
        except (tarfile.TarError, OSError) as error:
            raise BackupRefused(
                _("%(path)s is not a readable backup: %(error)s") % {"path": source, "error": error}
            ) from error
        yield Path(unpacked)


def check(root: Path) -> dict:
    """The manifest, once every part is present with its stated digest and size and no
    other file is there; BackupRefused naming each part that is not."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupRefused(
            _("The backup's manifest cannot be read: %(error)s") % {"error": error}
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupRefused(_("This is not a backup this version can restore."))
    problems, listed = [], set()
    for part in manifest.get("parts", []):
        name = part["path"]
        listed.add(name)
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: " + _("missing"))
            continue
        sha256, size = _sha256_file(path)
        if (sha256, size) != (part["sha256"], part["size"]):
            problems.append(f"{name}: " + _("differs from the manifest"))
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_file() and name != MANIFEST and name not in listed:
            problems.append(f"{name}: " + _("not listed in the manifest"))
    if problems:
        raise BackupRefused(_("The backup is damaged; nothing was restored."), problems)
    return manifest


def _record_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    entries = _table("ledger.Entry")
    if entries not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {entries}")  # noqa: S608
        return cursor.fetchone()[0] == 0


def _storage_is_empty() -> bool:
    try:
        directories, files = default_storage.listdir("blobs")
    except FileNotFoundError:
        return True
    return not directories and not files


def _what_is_there(key: bytes | None) -> list[str]:
    found = []
    if not _record_is_empty():
        found.append(_("the database holds a record"))
    if not _storage_is_empty():
        found.append(_("the file storage holds files"))
    key_file = Path(settings.OPENENFORCE_LEDGER_KEY_FILE)
    if key is not None and key_file.exists() and key_file.read_bytes() != key:
        found.append(_("another signing key is at %(path)s") % {"path": key_file})
    return found


def _check_settings(manifest: dict) -> None:
    record, vendor = manifest["record"], manifest["database"]["vendor"]
    problems = []
    if vendor != connection.vendor:
        problems.append(
            _("The backup is of a %(backup)s database; this installation uses %(here)s.")
            % {"backup": vendor, "here": connection.vendor}
        )
    for variable, wanted, here in (
        ("OPENENFORCE_LEDGER_HASH", record["hash"], settings.OPENENFORCE_LEDGER_HASH),
        ("OPENENFORCE_LEDGER_ORIGIN", record["origin"], settings.OPENENFORCE_LEDGER_ORIGIN),
    ):
        if wanted != here:
            problems.append(f"{variable}={wanted} " + _("(here: %(value)s)") % {"value": here})
    if problems:
        raise BackupRefused(_("This installation's settings do not fit the backup:"), problems)


def _restore_sqlite(path: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgres(path: Path) -> None:
    pg_restore = _tool("pg_restore")
    clean = bool(connection.introspection.table_names())
    connections.close_all()
    command = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if clean:  # a migrated but empty installation, or --force
        command += ["--clean", "--if-exists"]
    environment = _postgres_environment()
    _run([*command, "--dbname", environment["PGDATABASE"], str(path)], environment)


def _restore_files(root: Path, manifest: dict, *, force: bool) -> int:
    count = 0
    for part in manifest["parts"]:
        if not part["path"].startswith(FILES):
            continue
        name = part["path"][len(FILES) :]
        if default_storage.exists(name):
            if not force:
                continue  # content-addressed: the same name holds the same content
            default_storage.delete(name)
        with open(root / part["path"], "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupRefused(
                _("The storage kept %(name)s as %(saved)s.") % {"name": name, "saved": saved}
            )
        count += 1
    return count


def _install(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".restoring")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    temporary.replace(path)


def _compare(manifest: dict) -> list[str]:
    """What of the restored installation differs from what the backup says it holds."""
    with connection.cursor() as cursor:
        restored = _facts(cursor)
    problems = []
    if restored.head_note != manifest["record"]["checkpoint"]:
        problems.append(_("the record's latest checkpoint differs from the backup's"))
    for key, count in manifest["counts"].items():
        here = len(restored.blobs) if key == "files" else restored.counts.get(key)
        if here != count:
            problems.append(f"{key}: {here} ≠ {count}")
    return problems


def restore(source: Path, *, force: bool = False, report: Callable[[str], None] = print) -> dict:
    """Restore a backup into this (empty) installation; the manifest restored.

    Checks everything before changing anything: the parts against the manifest, the
    settings the record depends on, and that the installation is empty (or ``force``).
    """
    with opened(source) as root:
        manifest = check(root)
        _check_settings(manifest)
        key = (root / KEY_PART).read_bytes() if (root / KEY_PART).exists() else None
        found = _what_is_there(key)
        if found and not force:
            raise BackupRefused(
                _("This installation is not empty; restore with --force to replace it:"), found
            )
        part = root / manifest["database"]["part"]
        if manifest["database"]["vendor"] == "sqlite":
            _restore_sqlite(part)
        else:
            _restore_postgres(part)
        report(_("Database restored."))
        report(
            _("%(count)d files restored.") % {"count": _restore_files(root, manifest, force=force)}
        )
        if key is not None:
            _install(Path(settings.OPENENFORCE_LEDGER_KEY_FILE), key)
            notes.forget_keys()
            report(
                _("Signing key restored to %(path)s.")
                % {"path": settings.OPENENFORCE_LEDGER_KEY_FILE}
            )
        if (root / SECRET_KEY_PART).exists():
            if os.environ.get("OPENENFORCE_SECRET_KEY") or os.environ.get(
                "OPENENFORCE_SECRET_KEY_FILE"
            ):
                report(
                    _(
                        "The backup's secret key was not installed: OPENENFORCE_SECRET_KEY is set here."
                    )
                )
            else:
                _install(
                    Path(settings.VAR_DIR) / "secret_key", (root / SECRET_KEY_PART).read_bytes()
                )
                report(_("Secret key restored."))
        problems = _compare(manifest)
        if problems:
            raise BackupRefused(_("The restored installation does not match the backup:"), problems)
    return manifest
