"""The inspections demo: a drawn, partly inspected and published plan; idempotent."""

from __future__ import annotations

from openenforce.accounts.services import get_system_actor
from openenforce.demo import services as demo
from openenforce.demo.scenarios import inspections as inspections_demo
from openenforce.inspections.draw import verify_document
from openenforce.inspections.models import Plan, Target
from openenforce.inspections.selectors import public_export, task_rows


def test_demo_loads_once_and_verifies(db, monkeypatch):
    monkeypatch.setattr(demo, "SCENARIOS", (inspections_demo,))
    actor = get_system_actor()
    demo.load_demo(actor=actor, password="demo password 2026", year=False)
    assert Target.objects.count() == inspections_demo.COUNT
    plan = Plan.objects.get(code="2026-SC-001")
    assert plan.status == Plan.Status.DRAWN and plan.tasks.exists()
    statuses = [row.status for row in task_rows(plan)]
    assert "to_inspect" in statuses and statuses.count("published") == 1
    assert "concluded" in statuses or "inspecting" in statuses
    assert Plan.objects.get(code="2026-JOINT-01").status == Plan.Status.ANNOUNCED
    assert Plan.objects.get(code="2026-JOINT-01").is_joint
    assert verify_document(public_export(plan)).ok
    assert inspections_demo.load_demo(actor=actor) == []
