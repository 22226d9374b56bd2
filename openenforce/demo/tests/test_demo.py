"""The demo loader and the ``openenforce demo`` command."""

import os
import stat
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import scope
from openenforce.accounts.services import get_system_actor
from openenforce.catalog.exchange.exporter import export_to_dir
from openenforce.catalog.exchange.importer import import_workbook
from openenforce.catalog.models import (
    Certificate,
    EnforcementCategory,
    Matter,
    Officer,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.core.identifiers import is_valid_credit_code
from openenforce.demo.data.accounts import USERS
from openenforce.demo.management.commands.demo import row_counts
from openenforce.demo.services import PASSWORD_ENV, demo_password, load_demo
from openenforce.ledger.models import Entry
from openenforce.testing.record import delete_behind, tamper

PASSWORD = "demo-test-password"
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), FAST_HASHER:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(actor=get_system_actor(), password=PASSWORD, year=False)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db, settings, tmp_path, monkeypatch):
    """Per test: the demo, fast password hashing, a private var dir and the demo password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return demo


def bureau() -> Agency:
    return Agency.objects.get(code="cnna-sa")


def test_load_creates_the_bureau_catalogue(loaded):
    matters = Matter.objects.filter(agency=bureau())
    assert Officer.objects.filter(agency=bureau()).count() >= 15
    assert matters.count() >= 40
    assert set(matters.values_list("category", flat=True)) == set(EnforcementCategory.values)
    assert RecordingRequirement.objects.filter(agency=bureau()).count() >= 8
    assert ReviewCatalogueEntry.objects.filter(agency=bureau()).count() >= 6


def test_penalty_matters_have_four_bands_and_licensing_matters_a_service_guide(loaded):
    for matter in Matter.objects.filter(agency=bureau(), category="penalty"):
        assert list(matter.standards.values_list("degree", flat=True)) == [
            "轻微",
            "一般",
            "较重",
            "严重",
        ], matter.code
    for matter in Matter.objects.filter(agency=bureau(), category="licensing"):
        assert matter.materials and matter.conditions and matter.procedure, matter.code
        assert matter.fees == "不收费" and matter.phone and matter.remedy, matter.code
        assert matter.bases.exists(), matter.code


def test_certificates_include_an_expired_and_a_suspended_one(loaded):
    today = date(2026, 11, 26)
    statuses = [c.status_on(today) for c in Certificate.objects.filter(officer__agency=bureau())]
    assert statuses.count(Certificate.Status.EXPIRED) == 1
    assert statuses.count(Certificate.Status.SUSPENDED) == 1
    suspended = Certificate.objects.get(standing=Certificate.Standing.SUSPENDED)
    assert suspended.events.get(kind="suspended").reason
    assert suspended.events.filter(kind="annual_review").exists()


def test_the_contract_worker_has_no_certificate(loaded):
    contract = Officer.objects.get(agency=bureau(), employment=Officer.Employment.CONTRACT)
    assert not contract.certificates.exists()
    assert not contract.may_enforce


def test_officer_accounts_link_to_the_directory_and_the_supervisor_sees_the_bureau(loaded):
    assert User.objects.get(username="officer1").officer.name == "张立新"
    justice = Agency.objects.get(code="cnna-justice")
    assert justice.supervises.filter(pk=bureau().pk).exists()
    assert all(
        is_valid_credit_code(a.credit_code) for a in Agency.objects.exclude(credit_code=None)
    )


def test_the_justice_bureau_evaluates_case_files_by_published_rubrics(loaded):
    from openenforce.evaluation.models import Rubric

    rubrics = Rubric.objects.filter(agency__code="cnna-justice")
    assert rubrics.count() == 4
    assert all(r.versions.filter(status="published").exists() for r in rubrics)


def test_a_second_load_changes_nothing(loaded):
    counts = row_counts()
    report = load_demo(actor=get_system_actor(), password=PASSWORD, year=False)
    assert not report.changed, report
    assert row_counts() == counts
    assert Entry.objects.count() == counts["ledger.Entry"]


@pytest.mark.tampers
def test_a_changed_entry_is_restored_and_recorded(loaded):
    tamper(Matter.objects.filter(agency=bureau(), code="SY-XK-001"), name="改过的名称")
    entries = Entry.objects.count()
    report = load_demo(actor=get_system_actor(), password=PASSWORD, year=False)
    assert report.updated == ["catalog.matter 长春新区社会事业发展局 SY-XK-001"]
    assert Matter.objects.get(agency=bureau(), code="SY-XK-001").name == "民办非企业单位成立登记"
    assert Entry.objects.count() == entries + 1


def test_command_prints_every_demo_login(loaded, capsys, settings, monkeypatch):
    monkeypatch.delenv("OPENENFORCE_PUBLIC_URL", raising=False)
    call_command("demo", "--no-serve", "--port", "8125")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8125/" in out
    # Documents issued from now on carry QR codes that lead to the demo as served.
    assert settings.OPENENFORCE_PUBLIC_URL == "http://127.0.0.1:8125"
    assert PASSWORD in out
    for spec in USERS:
        assert spec["username"] in out and spec["display_name"] in out


def test_the_demo_checkpoint_is_cosigned_by_the_bureau_witness(loaded, capsys, client, tmp_path):
    from openenforce.ledger import cosign, notes

    call_command("demo", "--no-serve", "--port", "8126")
    vkey = (tmp_path / "witness.vkey").read_text().strip()
    assert vkey.startswith("justice-bureau.demo/witness+") and vkey in capsys.readouterr().out
    served = client.get("/transparency/checkpoint").content.decode()
    result = cosign.check_note(
        served, notes.Verifier.parse(notes.vkey()), [cosign.WitnessKey.parse(vkey)]
    )
    assert result.cosigned_by == ["justice-bureau.demo/witness"]


def test_check_idempotent_passes_after_a_load(loaded, capsys):
    with translation.override("en"):
        call_command("demo", "--check-idempotent")
    assert "Loading the demo data again changed nothing." in capsys.readouterr().out


@pytest.mark.tampers
def test_check_idempotent_fails_when_something_changed_behind_its_back(loaded):
    delete_behind(Matter.objects.filter(agency=bureau(), code="SY-QR-002"))
    with pytest.raises(CommandError) as error:
        call_command("demo", "--check-idempotent")
    assert error.value.returncode == 1
    assert "SY-QR-002" in str(error.value)
    assert "catalog.Matter" in str(error.value)


def test_password_is_generated_once_and_kept_private(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    first = demo_password()
    assert first == demo_password()
    assert len(first) >= 12
    assert stat.S_IMODE(os.stat(tmp_path / "demo-password").st_mode) == 0o600


def test_password_from_the_environment_wins(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv(PASSWORD_ENV, "from-env-123")
    assert demo_password() == "from-env-123"
    assert not (tmp_path / "demo-password").exists()


@pytest.mark.slow
def test_the_demo_catalogue_exports_and_reimports_without_change(loaded, tmp_path):
    path = export_to_dir(tmp_path, bureau())
    counts = row_counts()
    import_workbook(path, agency=bureau(), actor=get_system_actor())
    assert row_counts() == counts


def test_the_second_agency_sees_none_of_the_bureau_but_the_supervisor_sees_both(loaded):
    def visible_agencies(username):
        user = User.objects.get(username=username)
        return set(scope(Matter.objects.all(), user).values_list("agency__code", flat=True))

    assert visible_agencies("amr-admin") == {"cnna-amr"}
    assert visible_agencies("officer1") == {"cnna-sa"}
    assert visible_agencies("supervisor") == {"cnna-sa", "cnna-amr"}
