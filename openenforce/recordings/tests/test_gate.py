"""A step that requires a recording cannot complete without one or a reason: the
agency's recording list (catalog.RecordingRequirement) read by the ``recording_made``
gate of the lifecycles (行政处罚法 Art 47)."""

from __future__ import annotations

import pytest

from openenforce.cases import lifecycles
from openenforce.core.errors import WrongState
from openenforce.recordings import requirements, services
from openenforce.recordings.tests.conftest import record_step, requirement, webm
from openenforce.testing.cases import WRITTEN, act, offer, refused, to_report

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]
INSPECTED = {"inspected_on": "2026-11-20", "record": "现场检查笔录"}


@pytest.fixture
def inspection(team, officer):
    return team.open("inspection", actor=officer)


def test_a_required_step_is_refused_without_a_recording(inspection, officer, agency, system_actor):
    requirement(agency, system_actor, "on_site_inspection", code="YX-001")
    error = refused(WrongState, inspection, "record_inspection", officer, **INSPECTED)
    assert error.code == "gate_recording_made"
    assert "YX-001" in error.message and "录音录像" in error.message
    assert "第四十七条" in error.article and "国办发〔2018〕118号" in error.article
    shown = offer(inspection, officer, "record_inspection")
    assert not shown.allowed and "YX-001" in shown.reasons[0]


def test_a_recording_of_the_step_opens_it(inspection, officer, agency, system_actor, held_camera):
    requirement(agency, system_actor, "on_site_inspection")
    record_step(inspection, "record_inspection", officer, held_camera, stream=webm())
    assert offer(inspection, officer, "record_inspection").allowed
    assert act(inspection, "record_inspection", officer, **INSPECTED).state == "inspected"


def test_a_recorded_reason_opens_it(inspection, officer, agency, system_actor):
    requirement(agency, system_actor, "on_site_inspection")
    services.waive_recording(
        inspection, actor=officer, step="record_inspection", reason="执法记录仪故障，已制作现场笔录"
    )
    assert act(inspection, "record_inspection", officer, **INSPECTED).state == "inspected"


def test_a_recording_of_another_step_does_not_count(
    inspection, officer, agency, system_actor, held_camera
):
    requirement(agency, system_actor, "on_site_inspection")
    record_step(inspection, "conclude_inspection", officer, held_camera, stream=webm())
    refused(WrongState, inspection, "record_inspection", officer, **INSPECTED)


def test_audio_does_not_satisfy_a_video_requirement(
    inspection, officer, agency, system_actor, held_camera
):
    requirement(agency, system_actor, "on_site_inspection", kind="video")
    record_step(inspection, "record_inspection", officer, held_camera)  # a WAV
    error = refused(WrongState, inspection, "record_inspection", officer, **INSPECTED)
    assert "仅登记了录音" in error.message


def test_an_audio_requirement_takes_audio(inspection, officer, agency, system_actor, held_camera):
    requirement(agency, system_actor, "on_site_inspection", kind="audio")
    record_step(inspection, "record_inspection", officer, held_camera)
    assert act(inspection, "record_inspection", officer, **INSPECTED).state == "inspected"


def test_no_list_entry_no_gate(inspection, officer, agency, system_actor, team):
    # Another matter's entry, a suspended entry, another step: none applies.
    other = team.matters["penalty"]
    requirement(agency, system_actor, "on_site_inspection", code="A", matter=other)
    requirement(agency, system_actor, "on_site_inspection", code="B", status="suspended")
    requirement(agency, system_actor, "hearing", code="C")
    assert act(inspection, "record_inspection", officer, **INSPECTED).state == "inspected"


def test_a_matter_specific_entry_applies_to_its_matter(
    inspection, officer, agency, system_actor, team
):
    requirement(agency, system_actor, "on_site_inspection", matter=team.matters["inspection"])
    refused(WrongState, inspection, "record_inspection", officer, **INSPECTED)


def test_evidence_collection_gates_the_investigation_report(
    team, officer, head, agency, system_actor
):
    requirement(agency, system_actor, "evidence", kind="audio")
    with pytest.raises(WrongState) as info:
        to_report(team, officer, head)
    assert info.value.code == "gate_recording_made"


def test_service_by_leaving_needs_a_recording_direct_service_does_not(
    team, officer, head, agency, system_actor
):
    requirement(agency, system_actor, "service_leaving", kind="audio")
    case = to_report(team, officer, head)
    assert offer(case, officer, "serve_prior_notice").allowed  # method not known yet
    refused(WrongState, case, "serve_prior_notice", officer, method="留置送达")
    error = refused(WrongState, case, "serve_prior_notice", officer, method="left_at_address")
    assert error.code == "gate_recording_made"
    assert act(case, "serve_prior_notice", officer, method="直接送达").state == "notified"


def test_gated_actions_leaving_one_state_complete_one_kind_of_step():
    """The gate reads the step from the case's state: keep that unambiguous."""
    for lifecycle in lifecycles.LIFECYCLES.values():
        for state in lifecycle.open_states():
            kinds = {
                tuple(requirements.steps_for_action(a.code))
                for a in lifecycle.actions
                if requirements.GATE in a.gates and state in lifecycle.sources_of(a)
            }
            assert len(kinds) <= 1, (lifecycle.code, state, kinds)


def test_every_mapped_action_carries_the_gate():
    mapped = requirements.gated_action_codes()
    for lifecycle in lifecycles.LIFECYCLES.values():
        for action in lifecycle.actions:
            if action.code in mapped:
                assert requirements.GATE in action.gates, (lifecycle.code, action.code)


@pytest.mark.parametrize(
    ("method", "leaving", "announcement"),
    [
        ("left", True, False),  # the deliveries app's code
        ("Left at the address (witness or recording)", True, False),  # its label
        ("留置送达（见证人或音像记录）", True, False),
        ("Service by announcement", False, True),
        ("公告送达", False, True),
        ("直接送达", False, False),
        ("post", False, False),
    ],
)
def test_service_methods_are_recognised(method, leaving, announcement):
    assert requirements.method_matches("service_leaving", method) is leaving
    assert requirements.method_matches("service_announcement", method) is announcement
