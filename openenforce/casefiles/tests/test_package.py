"""The verifiable package: built from a closed case, verified offline, tampering named."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from openenforce.casefiles import collect, package
from openenforce.casefiles.services import build_package
from openenforce.evidence.services import store_bytes
from openenforce.ledger.services import record


def _write(tmp_path, data: bytes, name="case.zip"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rewrite(source, target, change):
    """Copy a package, passing each member's bytes through ``change(name, data)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
    return target


@pytest.fixture
def built(closed, tmp_path):
    return _write(tmp_path, build_package(closed))


@pytest.mark.django_db
def test_a_closed_case_package_verifies_offline(closed, built, django_assert_num_queries):
    with django_assert_num_queries(0):
        report = package.verify_package(built)
    assert report.ok, report.problems
    assert report.entries >= 8  # opened, filed, ..., closed, its deadlines and parties
    with zipfile.ZipFile(built) as archive:
        manifest = json.loads(archive.read(package.MANIFEST))
        assert manifest["case"]["number"] == closed.number
        assert set(archive.namelist()) >= set(package.RECORD_FILES)


@pytest.mark.django_db
def test_an_altered_entry_is_named(built, tmp_path):
    with zipfile.ZipFile(built) as archive:
        first = next(n for n in archive.namelist() if n.startswith(package.ENTRIES_DIR))

    def change(name, data):
        return data.replace(b'"actor":', b'"actor": ') if name == first else data

    report = package.verify_package(_rewrite(built, tmp_path / "bad.zip", change))
    assert [(p.kind, p.name) for p in report.problems] == [("entry", first)]
    assert "altered" in report.problems[0].message


@pytest.mark.django_db
def test_an_altered_checkpoint_fails(built, tmp_path):
    def change(name, data):
        if name != package.CHECKPOINT:
            return data
        lines = data.decode().split("\n")
        lines[1] = str(int(lines[1]) + 1)
        return "\n".join(lines).encode()

    report = package.verify_package(_rewrite(built, tmp_path / "bad.zip", change))
    kinds = {p.kind for p in report.problems}
    assert "checkpoint" in kinds and "signature" in report.problems[0].message
    assert not report.ok


@pytest.mark.django_db
def test_a_foreign_key_does_not_verify_the_checkpoint(built):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from openenforce.ledger import notes

    other = notes.vkey(Ed25519PrivateKey.generate(), name="elsewhere")
    report = package.verify_package(built, vkey_text=other)
    assert report.problems[0].kind == "checkpoint"


def test_not_a_zip_is_refused(tmp_path):
    report = package.verify_package(_write(tmp_path, b"not a zip"))
    assert report.problems[0].kind == "package"


@pytest.mark.django_db
def test_cli_verifies_a_package_and_names_an_altered_file(tmp_path, closed, officer, monkeypatch):
    # A file of the case: a stored blob whose digest an entry about the case records.
    blob = store_bytes(b"%PDF-1.4 scanned receipt", content_type="application/pdf")
    with transaction.atomic():
        record(
            actor=officer, event_type="cases.case.test_file", subject=closed, files=[blob.sha256]
        )
    item = collect.Item("investigation", "evidence", "回执", closed, blob)
    monkeypatch.setattr(collect, "items", lambda case: [item])
    path = _write(tmp_path, build_package(closed), "with-file.zip")
    out = io.StringIO()
    call_command("ledger", "verify", "--package", str(path), stdout=out)
    assert "package verified: 1 files" in out.getvalue()

    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.startswith("files/"))
    bad = _rewrite(
        path, tmp_path / "bad.zip", lambda name, data: data + b"x" if name == member else data
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("ledger", "verify", "--package", str(bad), stderr=err)
    assert info.value.returncode == 1
    assert f"file {member}: content differs" in err.getvalue()


@pytest.mark.django_db
def test_a_file_no_entry_records_is_named(tmp_path, closed, monkeypatch):
    blob = store_bytes(b"%PDF-1.4 never recorded", content_type="application/pdf")
    item = collect.Item("investigation", "evidence", "x", closed, blob)
    monkeypatch.setattr(collect, "items", lambda case: [item])
    report = package.verify_package(_write(tmp_path, build_package(closed)))
    assert [p.message for p in report.problems] == ["its digest is in no verified entry"]
