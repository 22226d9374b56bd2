"""The steps the recording list required, kept as facts when they are taken
(``RequiredRecording``): written by the ``recordings.note_required`` effect in the step's
own transaction and recorded, settled by a recording or a reason registered later, and
added for steps taken before (``note_past_requirements``, ``recordings note-required``)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from openenforce.ledger.models import Entry
from openenforce.recordings import services
from openenforce.recordings.models import RequiredRecording
from openenforce.recordings.tests.conftest import record_step, requirement, webm
from openenforce.testing.cases import WRITTEN, D, act, to_report

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]
INSPECTED = {"inspected_on": "2026-11-18", "record": "现场检查笔录"}


def entries_of(row) -> list[str]:
    rows = Entry.objects.filter(subject_kind="recordings.requiredrecording", subject_id=str(row.pk))
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


@pytest.fixture
def inspection(team, officer):
    return team.open("inspection", actor=officer)


def test_a_required_step_is_kept_with_its_recording(
    inspection, officer, agency, system_actor, held_camera
):
    requirement(agency, system_actor, "on_site_inspection", code="YX-001")
    recording = record_step(inspection, "record_inspection", officer, held_camera, stream=webm())
    act(inspection, "record_inspection", officer, **INSPECTED)
    [row] = RequiredRecording.objects.filter(case=inspection)
    assert (row.step, row.taken_on, row.entries, row.video) == (
        "record_inspection",
        D(2026, 11, 18),  # the day the inspection took place, not the day it was entered
        "YX-001",
        True,
    )
    assert row.recording == recording and row.waiver is None and row.status == "recorded"
    assert row.agency_id == agency.pk
    assert entries_of(row) == ["recordings.requiredrecording.noted"]


def test_a_waived_step_is_kept_with_its_reason(inspection, officer, agency, system_actor):
    requirement(agency, system_actor, "on_site_inspection", kind="audio")
    waiver = services.waive_recording(
        inspection, actor=officer, step="record_inspection", reason="执法记录仪故障，已制作笔录"
    )
    act(inspection, "record_inspection", officer, **INSPECTED)
    row = RequiredRecording.objects.get(case=inspection)
    assert row.waiver == waiver and row.recording is None and row.status == "waived"
    assert not row.video
    assert list(RequiredRecording.objects.waived()) == [row]


def test_no_requirement_no_row(inspection, officer, team, head):
    act(inspection, "record_inspection", officer, **INSPECTED)
    assert not RequiredRecording.objects.exists()


def test_a_service_step_is_kept_only_for_its_method(team, officer, head, agency, system_actor):
    requirement(agency, system_actor, "service_leaving", kind="audio")
    case = to_report(team, officer, head)
    act(case, "serve_prior_notice", officer, method="直接送达")
    assert not RequiredRecording.objects.filter(case=case).exists()


def test_steps_taken_before_are_added_missing_then_settled(
    team, officer, head, agency, system_actor, held_camera
):
    # Investigated before the recording list named evidence collection.
    case = to_report(team, officer, head)
    requirement(agency, system_actor, "evidence", code="YX-EV", kind="audio")
    assert not RequiredRecording.objects.exists()

    out = io.StringIO()
    call_command("recordings", "note-required", stdout=out)
    assert "1" in out.getvalue()
    row = RequiredRecording.objects.get(case=case)
    assert row.step == "conclude_investigation" and row.status == "missing"
    assert list(RequiredRecording.objects.missing()) == [row]
    assert entries_of(row) == ["recordings.requiredrecording.backfilled"]
    call_command("recordings", "note-required", stdout=io.StringIO())  # nothing new
    assert RequiredRecording.objects.count() == 1

    services.waive_recording(
        case, actor=officer, step="conclude_investigation", reason="取证时设备故障，已书面记录"
    )
    row.refresh_from_db()
    assert row.status == "waived"
    recording = record_step(case, "conclude_investigation", officer, held_camera)
    row.refresh_from_db()
    assert row.status == "recorded" and row.recording == recording
    assert entries_of(row) == [
        "recordings.requiredrecording.backfilled",
        "recordings.requiredrecording.settled",
        "recordings.requiredrecording.settled",
    ]
