"""Backup and restore: what a backup holds (and leaves out), and the restore drill — a small
installation backed up, restored into an empty one by the ``openenforce`` command in a
subprocess, where ``ledger verify`` and ``evidence verify`` pass and the counts match; a
damaged backup or a non-empty installation refused. The subprocesses run on the real clock
and depend on no date (docs/testing.md)."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from openenforce.cases.models import Case
from openenforce.evidence import services as evidence
from openenforce.evidence.models import Blob, EvidenceItem
from openenforce.operations import backup
from openenforce.testing import s3
from openenforce.testing.cases import WRITTEN
from openenforce.testing.cli import run_cli

pytestmark = [
    pytest.mark.clock(WRITTEN),
    pytest.mark.django_db(transaction=True),
    pytest.mark.once,
]

PDF = b"%PDF-1.4\n% site inspection record\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def installation(decided_case, decision, officer):
    """A decided case with its decision document (a PDF) and an item of evidence with a
    file, all through the services."""
    evidence.add_evidence(
        decided_case,
        actor=officer,
        kind="record",
        title="现场检查笔录",
        collected_at=timezone.now() - datetime.timedelta(days=1),
        place="长春市某路1号",
        method="现场检查",
        blob=evidence.store_bytes(PDF, content_type="application/pdf"),
    )
    return decided_case


def run_backup(target: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("backup", str(target), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def openenforce(
    var_dir: Path, *args: str, database_url: str = "", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``openenforce …`` in a fresh installation: its own var directory (SQLite database,
    media, signing key) or the given database, this record's hash profile and origin, and
    any ``extra`` settings (an object store's)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("OPENENFORCE_") and name != "DATABASE_URL"
    }
    environment.update(
        OPENENFORCE_VAR_DIR=str(var_dir),
        OPENENFORCE_LEDGER_HASH=django_settings.OPENENFORCE_LEDGER_HASH,
        OPENENFORCE_LEDGER_ORIGIN=django_settings.OPENENFORCE_LEDGER_ORIGIN,
        DJANGO_SETTINGS_MODULE="openenforce.settings",
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    environment.update(extra or {})
    return run_cli(environment, *args)


COUNT = (
    "import json; from openenforce.cases.models import Case; "
    "from openenforce.evidence.models import Blob, EvidenceItem; "
    "print(json.dumps([Case.objects.count(), EvidenceItem.objects.count(), Blob.objects.count()]))"
)


def drill(
    installation, tmp_path: Path, *, target: Path, database_url: str = "", migrated: bool = False
) -> Path:
    """Back up here, restore into an empty installation (``migrated``: its tables made by
    ``openenforce migrate`` first), verify there; its var dir."""
    run_backup(target)
    fresh = tmp_path / "restored"
    if migrated:
        made = openenforce(fresh, "migrate", "--no-input", database_url=database_url)
        assert made.returncode == 0, made.stderr
    restored = openenforce(fresh, "restore", str(target), database_url=database_url)
    assert restored.returncode == 0, restored.stderr + restored.stdout
    ledger = openenforce(fresh, "ledger", "verify", database_url=database_url)
    assert ledger.returncode == 0, ledger.stderr + ledger.stdout
    files = openenforce(fresh, "evidence", "verify", database_url=database_url)
    assert files.returncode == 0, files.stderr + files.stdout
    counts = openenforce(fresh, "shell", "-c", COUNT, database_url=database_url)
    assert counts.returncode == 0, counts.stderr
    assert json.loads(counts.stdout.strip().splitlines()[-1]) == [
        Case.objects.count(),
        EvidenceItem.objects.count(),
        Blob.objects.count(),
    ]
    assert EvidenceItem.objects.count() == 1 and Blob.objects.count() == 2
    key = Path(django_settings.OPENENFORCE_LEDGER_KEY_FILE).read_bytes()
    assert (fresh / "ledger-signing.key").read_bytes() == key
    assert oct((fresh / "ledger-signing.key").stat().st_mode & 0o777) == "0o600"
    return fresh


@pytest.mark.slow
def test_restore_drill_on_sqlite(installation, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill; the PostgreSQL one is below")
    fresh = drill(installation, tmp_path, target=tmp_path / "backup.tar")
    stored = sorted(p.name for p in (fresh / "media" / "blobs").rglob("*") if p.is_file())
    assert stored == sorted(Blob.objects.values_list("sha256", flat=True))

    again = openenforce(fresh, "restore", str(tmp_path / "backup.tar"))
    assert again.returncode == 1
    assert "--force" in again.stderr  # not empty: refused, says how to replace it
    forced = openenforce(fresh, "restore", "--force", str(tmp_path / "backup.tar"))
    assert forced.returncode == 0, forced.stderr  # replaced, and checked against the manifest


@pytest.mark.slow
@pytest.mark.postgres_only
def test_restore_drill_on_postgresql(installation, tmp_path):
    import psycopg

    params = connection.settings_dict
    host, port, user = params["HOST"] or "127.0.0.1", params["PORT"] or 5432, params["USER"]
    name = f"oe_restore_{uuid.uuid4().hex[:12]}"
    admin = f"host={host} port={port} user={user} dbname=postgres"
    if params.get("PASSWORD"):
        admin += f" password={params['PASSWORD']}"
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        secret = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
        url = f"postgres://{user}{secret}@{host}:{port}/{name}"
        drill(installation, tmp_path, target=tmp_path / "backup", database_url=url, migrated=True)
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_a_damaged_backup_is_refused_and_nothing_is_restored(installation, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("restores into a fresh SQLite installation")
    target = tmp_path / "backup"
    run_backup(target)
    blob = Blob.objects.get(content_type="application/pdf", size=len(PDF))
    part = target / "files" / blob.name
    part.write_bytes(PDF.replace(b"site", b"fake"))

    fresh = tmp_path / "restored"
    refused = openenforce(fresh, "restore", str(target))
    assert refused.returncode == 1
    assert f"files/{blob.name}" in refused.stderr
    assert not (fresh / "media").exists() and not (fresh / "ledger-signing.key").exists()
    database = fresh / "openenforce.sqlite3"
    assert not database.exists() or database.stat().st_size == 0


@pytest.mark.slow
def test_an_object_store_is_backed_up_and_restored_into_another_bucket(
    s3_endpoint, s3_bucket, installation, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("restores into a fresh SQLite installation")
    names = sorted(Blob.objects.values_list("name", flat=True))
    assert s3_bucket.stored() == names  # the installation's files are in the bucket
    run_backup(tmp_path / "backup")
    assert (
        sorted(
            p.relative_to(tmp_path / "backup" / "files").as_posix()
            for p in (tmp_path / "backup" / "files").rglob("*")
            if p.is_file()
        )
        == names
    )

    other = s3.new_bucket(s3_endpoint)
    fresh = tmp_path / "restored"
    restored = openenforce(fresh, "restore", str(tmp_path / "backup"), extra=other.environment())
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert other.stored() == names and not (fresh / "media").exists()
    verified = openenforce(fresh, "evidence", "verify", extra=other.environment())
    assert verified.returncode == 0, verified.stderr + verified.stdout


def test_a_backup_lists_every_part_with_its_digest_and_keeps_secrets_out(
    installation, tmp_path, monkeypatch, settings
):
    monkeypatch.setenv("DATABASE_URL_UNUSED", "x")
    monkeypatch.setenv("OPENENFORCE_S3_SECRET_KEY", "s3-secret-value")
    monkeypatch.setenv("OPENENFORCE_SITE_NAME", "某区社会事业局")
    target = tmp_path / "backup"
    out = run_backup(target)
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["counts"]["cases"] == Case.objects.count()
    assert manifest["counts"]["files"] == 2 and manifest["problems"] == []
    assert backup.check(target) == manifest  # every part there with its digest and size
    names = {part["path"] for part in manifest["parts"]}
    assert {backup.SQLITE_PART if connection.vendor == "sqlite" else backup.POSTGRES_PART} <= names
    assert {f"files/{name}" for name in Blob.objects.values_list("name", flat=True)} <= names
    assert backup.KEY_PART in names and backup.SECRET_KEY_PART not in names
    environment = (target / backup.ENVIRONMENT_PART).read_text()
    assert "OPENENFORCE_SITE_NAME=某区社会事业局" in environment
    assert "s3-secret-value" not in environment
    assert "OPENENFORCE_S3_SECRET_KEY" in (target / backup.SECRETS_PART).read_text()
    everything = b"".join(p.read_bytes() for p in target.rglob("*") if p.is_file())
    assert settings.SECRET_KEY.encode() not in everything
    assert manifest["record"]["checkpoint"].startswith(settings.OPENENFORCE_LEDGER_ORIGIN)
    digest = hashlib.sha256((target / "manifest.json").read_bytes()).hexdigest()
    assert digest in out  # printed, to be kept apart from the backup

    with_key = tmp_path / "with-key"
    run_backup(with_key, "--with-secret-key")
    assert (with_key / backup.SECRET_KEY_PART).read_text() == settings.SECRET_KEY


def test_database_url_is_kept_without_its_password():
    text = backup.environment_text(
        {"DATABASE_URL": "postgres://oe:hunter2@db.internal:5432/oe", "OPENENFORCE_SECRET_KEY": "k"}
    )
    assert text == "DATABASE_URL=postgres://oe@db.internal:5432/oe\n"


def test_a_backup_never_overwrites(installation, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "old").write_text("kept")
    with pytest.raises(CommandError) as refused:
        run_backup(target)
    assert refused.value.returncode == 1
    assert (target / "old").read_text() == "kept"


def test_check_names_a_missing_an_altered_and_an_unlisted_part(installation, tmp_path):
    target = tmp_path / "backup"
    run_backup(target)
    manifest = json.loads((target / "manifest.json").read_text())
    files = [p["path"] for p in manifest["parts"] if p["path"].startswith("files/")]
    (target / files[0]).unlink()
    (target / files[1]).write_bytes(b"other")
    (target / "files" / "extra").write_bytes(b"planted")
    with pytest.raises(backup.BackupRefused) as refused:
        backup.check(target)
    assert sorted(refused.value.problems) == sorted(
        [f"{files[0]}: 缺失", f"{files[1]}: 与清单不符", "files/extra: 未列入清单"]
    )
