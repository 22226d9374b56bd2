"""docs/independent-checks.md's tools run on real bundles: its Python script (standard
library and ``cryptography`` only) and its openssl/coreutils commands accept a cosigned
proof and history, and refuse a wrong witness, a missing quorum and a changed entry."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import openenforce
from openenforce.ledger import merkle, notes

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-22T10:00:00+08:00")]

DOC = Path(openenforce.__file__).parent.parent / "docs" / "independent-checks.md"


def _block(after: str, fence: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(after) :].split(f"```{fence}\n", 1)[1].split("```", 1)[0]


def _oecheck(tmp_path, bundle: dict, *args: str) -> subprocess.CompletedProcess:
    script, saved = tmp_path / "oecheck.py", tmp_path / "bundle.json"
    script.write_text(_block("<!-- oecheck.py -->", "python"))
    saved.write_text(json.dumps(bundle))
    return subprocess.run(  # noqa: S603 (our own interpreter, our own file)
        [sys.executable, str(script), str(saved), notes.vkey(), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_docs_python_check(tmp_path, client, published, bureau, stranger_witness):
    if merkle.profile() == "sm3":
        try:
            hashlib.new("sm3")
        except ValueError:
            pytest.skip("this Python's OpenSSL has no SM3")
    item = published()
    bureau.cosign()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    done = _oecheck(tmp_path, bundle, bureau.vkey())
    assert done.returncode == 0, done.stderr
    assert f"witnesses that cosigned: {bureau.name}" in done.stdout
    assert "disclosure.publication.published" in done.stdout and "OK:" in done.stdout

    history = client.get(f"/portal/history/decision/{item.pk}.json").json()
    assert _oecheck(tmp_path, history, bureau.vkey()).returncode == 0
    unwitnessed = _oecheck(tmp_path, history)
    assert unwitnessed.returncode == 0 and "NO witness checked" in unwitnessed.stdout

    wrong = _oecheck(tmp_path, bundle, stranger_witness.vkey())
    assert wrong.returncode != 0 and "only 0 of the 1 required" in wrong.stderr
    both = (bureau.vkey(), stranger_witness.vkey())
    assert _oecheck(tmp_path, bundle, *both).returncode != 0
    assert _oecheck(tmp_path, bundle, *both, "--quorum", "1").returncode == 0

    changed = json.loads(json.dumps(bundle))
    body = json.loads(base64.b64decode(changed["versions"][0]["entry"]))
    body["files"] = ["0" * 64]
    changed["versions"][0]["entry"] = base64.b64encode(json.dumps(body).encode()).decode()
    assert _oecheck(tmp_path, changed, bureau.vkey()).returncode != 0


@pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl")
def test_the_docs_openssl_check(tmp_path, client, published, bureau, stranger_witness):
    item = published()
    bureau.cosign()
    note = client.get(f"/portal/decisions/{item.pk}/proof.json").json()["checkpoint"]
    (tmp_path / "checkpoint.txt").write_text(note)
    lines = _block("**With openssl and coreutils**", "sh").split("\n")
    assert lines[0].startswith("LOG=")
    commands = "set -e\n" + "\n".join(lines[1:])

    def run(witness: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            ["bash", "-c", commands],  # noqa: S607
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "LOG": notes.vkey(), "WITNESS": witness},
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = run(bureau.vkey())
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Signature Verified Successfully") == 2
    assert "2026" in done.stdout  # the cosignature's time: 1795000000 is 2026-11-18 UTC
    assert run(stranger_witness.vkey()).returncode != 0  # no line by that witness
