"""``openenforce documents …``: verify a PDF file, list a case's documents."""

import pytest
from django.core.management import CommandError, call_command

from openenforce.documents.tests.test_services import flip_one_byte


def test_verify_a_genuine_and_an_altered_file(case, issue, pdf_of, tmp_path, capsys):
    document = issue(case)
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(pdf_of(document))
    call_command("documents", "verify", str(genuine))
    out = capsys.readouterr().out
    assert document.number in out and document.sha256 in out
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(flip_one_byte(pdf_of(document)))
    with pytest.raises(CommandError) as info:
        call_command("documents", "verify", str(altered))
    assert info.value.returncode == 1
    with pytest.raises(CommandError):
        call_command("documents", "verify", str(tmp_path / "missing.pdf"))


def test_list_a_case(case, issue, capsys):
    document = issue(case)
    call_command("documents", "list", case.number)
    assert document.number in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("documents", "list", "no such case")
