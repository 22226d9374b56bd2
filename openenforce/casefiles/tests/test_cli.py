"""``openenforce casefiles export`` then ``openenforce ledger verify --package``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openenforce.casefiles.models import CaseFileExport


@pytest.mark.django_db
def test_export_then_verify(closed, officer, tmp_path):
    path = tmp_path / "case.zip"
    out = io.StringIO()
    call_command(
        "casefiles",
        "export",
        closed.number,
        "--user",
        officer.username,
        "-o",
        str(path),
        stdout=out,
    )
    assert CaseFileExport.objects.get().sha256 in out.getvalue()
    verified = io.StringIO()
    call_command("ledger", "verify", "--package", str(path), stdout=verified)
    assert "package verified" in verified.getvalue()


@pytest.mark.django_db
def test_export_of_an_open_case_is_refused(team, officer, outsider, tmp_path):
    case = team.open(actor=officer)
    with pytest.raises(CommandError) as info:
        call_command(
            "casefiles",
            "export",
            str(case.pk),
            "--user",
            officer.username,
            "-o",
            str(tmp_path / "x.zip"),
        )
    assert info.value.returncode == 1
    with pytest.raises(CommandError):
        call_command(
            "casefiles",
            "export",
            str(case.pk),
            "--user",
            outsider.username,
            "-o",
            str(tmp_path / "x.zip"),
        )
