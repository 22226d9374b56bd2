"""``openenforce recordings …``: the register, custody and a case's required steps."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from openenforce.recordings.models import DeviceCustody
from openenforce.recordings.tests.conftest import requirement

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("recordings", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_checkout_devices_custody_and_return(camera, team, officer, agency):
    assert "ZFJLY-001\tO1" in run("checkout", "ZFJLY-001", "O1", "--user", "officer")
    assert "\tbody_camera\tin_service\tO1\t" in run("devices", "--agency", agency.code)
    run("return", "ZFJLY-001", "--user", "officer")
    assert DeviceCustody.objects.get().returned_at is not None
    assert run("custody", "ZFJLY-001", "--agency", agency.code).startswith("O1\t")


def test_refusals_exit_1(camera, team, officer):
    with pytest.raises(CommandError) as info:
        run("return", "ZFJLY-001", "--user", "officer")
    assert info.value.returncode == 1
    with pytest.raises(CommandError):
        run("checkout", "NOPE", "O1", "--user", "officer")


def test_steps_of_a_case(team, officer, agency, system_actor):
    requirement(agency, system_actor, "on_site_inspection", code="YX-001")
    case = team.open("inspection", actor=officer)
    with pytest.raises(CommandError) as info:
        run("steps", str(case.pk))
    assert info.value.returncode == 1 and "YX-001" in str(info.value.__cause__)
    from openenforce.recordings.services import waive_recording

    waive_recording(case, actor=officer, step="record_inspection", reason="设备故障无法录像")
    assert run("steps", case.number or str(case.pk)).startswith("record_inspection\tmet\tYX-001")
