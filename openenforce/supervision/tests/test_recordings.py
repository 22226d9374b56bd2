"""Recordings required against recordings made: the steps the agency's recording list
required when they were taken (``recordings.RequiredRecording``), recorded, waived or
missing, with the share missing; each figure with its list, its workbook and in the API."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from openenforce.catalog.models import RecordingRequirement
from openenforce.catalog.services import save_entry
from openenforce.recordings import services as recordings
from openenforce.supervision import drills
from openenforce.supervision import indicators as ind
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, act, to_report
from openenforce.testing.recordings import hold, record_step

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]

YEAR = ind.Period.year(2026)
QUERY = "from=2026-01-01&to=2026-12-31"
INSPECTED = {"inspected_on": "2026-11-18", "record": "现场检查笔录"}


def listed(agency, actor, step: str, code: str):
    return save_entry(
        RecordingRequirement(agency=agency, code=code, step=step, content="全过程", kind="audio"),
        actor=actor,
    )


@pytest.fixture
def steps(team, officer, head, admin_user, agency, system_actor):
    """Three steps the list required in 2026: an inspection recorded, one with a reason
    instead, and an investigation concluded before the list named evidence collection
    (added afterwards by the recordings app's backfill: missing)."""
    late = to_report(team, officer, head)
    listed(agency, system_actor, "on_site_inspection", "YX-01")
    camera = recordings.register_device(actor=admin_user, code="ZFJLY-9", kind="body_camera")
    hold(camera, "O1", officer)
    recorded = team.open("inspection", actor=officer)
    record_step(recorded, "record_inspection", officer, camera)
    act(recorded, "record_inspection", officer, **INSPECTED)
    waived = team.open("inspection", actor=officer)
    recordings.waive_recording(
        waived, actor=officer, step="record_inspection", reason="执法记录仪故障，已制作笔录"
    )
    act(waived, "record_inspection", officer, **INSPECTED)
    listed(agency, system_actor, "evidence", "YX-02")
    recordings.note_past_requirements([late], actor=system_actor)
    return {"recorded": recorded, "waived": waived, "missing": late}


def only(agency) -> ind.Scope:
    return ind.Scope(frozenset({agency.pk}))


def test_required_recorded_waived_missing_and_the_share_missing(steps, agency, other_agency):
    figures = ind.recordings(only(agency), YEAR)
    assert figures["required"] == 3
    assert figures["required_recorded"] == 1
    assert figures["required_waived"] == 1
    assert figures["required_missing"] == 1
    assert figures["missing_rate"] == 33.3
    assert ind.recordings(only(other_agency), YEAR)["required"] == 0
    assert ind.recordings(only(other_agency), YEAR)["missing_rate"] is None
    before = ind.Period(datetime.date(2026, 1, 1), datetime.date(2026, 11, 17))
    assert ind.recordings(only(agency), before)["required"] == 0  # inspected on the 18th


def test_each_figure_lists_its_steps(steps, agency):
    drill = drills.DRILLS["required"]
    for status, case in steps.items():
        rows = list(drill.rows(drill.items(only(agency), YEAR, YEAR.end, status)))
        assert [r["url"] for r in rows] == [f"/cases/{case.pk}/"], status
        assert rows[0]["status"] == str(drills.REQUIRED_STATUS_LABELS[status])
    everything = list(drill.rows(drill.items(only(agency), YEAR, YEAR.end, "")))
    assert len(everything) == 3
    assert {r["entries"] for r in everything} == {"YX-01", "YX-02"}


def test_the_dashboard_the_list_and_the_workbook(steps, client_for, head):
    client = client_for(head)
    html = client.get(f"/supervision/?{QUERY}").content.decode()
    assert "应音像记录的步骤" in html and "应音像记录步骤缺失率" in html and "33.3%" in html
    assert "/supervision/list/required/?from=2026-01-01&amp;to=2026-12-31&amp;key=missing" in html
    listed_page = client.get(f"/supervision/list/required/?{QUERY}&key=missing")
    assert listed_page.status_code == 200
    text = listed_page.content.decode()
    assert f'href="/cases/{steps["missing"].pk}/"' in text and "提交调查终结报告" in text
    assert f'href="/cases/{steps["recorded"].pk}/"' not in text
    assert client.get(f"/supervision/list/required/?{QUERY}&key=other").status_code == 404
    book = client.get(f"/supervision/list/required/?{QUERY}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 3


def test_the_api_gives_the_figures(steps, supervisor, agency):
    body = api_as(supervisor).get(f"/api/v1/supervision/indicators?agency={agency.pk}").json()
    assert {k: body["recordings"][k] for k in ("required", "required_missing")} == {
        "required": 3,
        "required_missing": 1,
    }
    assert body["recordings"]["missing_rate"] == 33.3
