"""Plans, announcement, the draw and its tasks/cases, through the services."""

from __future__ import annotations

import json

import pytest

from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.inspections import draw as algorithm
from openenforce.inspections import services
from openenforce.inspections.models import Plan, Task
from openenforce.ledger.models import Entry

from .conftest import make_targets


class Found:
    def __init__(self, entry):
        self.entry = entry
        self.files = json.loads(bytes(entry.body)).get("files", [])


def entry(plan, event):
    return Found(
        Entry.objects.get(
            subject_kind="inspections.plan", subject_id=str(plan.pk), event_type=event
        )
    )


def test_create_plan_records_it(insp, registry_targets):
    plan = insp.plan()
    assert plan.status == Plan.Status.DRAFT
    assert entry(plan, "inspections.plan.created")
    assert not plan.is_joint


def test_create_plan_refusals(insp, officer, outsider):
    with pytest.raises(NotPermitted):
        services.create_plan(
            actor=officer,
            agency=insp.team.agency,
            code="X",
            title="X",
            items=[(insp.item, 2)],
            frequency="",
            period_start=insp_period()[0],
            period_end=insp_period()[1],
        )
    with pytest.raises(InvalidInput) as info:
        insp.plan(quota=1)
    assert info.value.code == "two_inspectors"
    assert "Art 42" in info.value.article
    with pytest.raises(InvalidInput):
        insp.plan(ratios={"A": 20000})
    with pytest.raises(InvalidInput):
        insp.plan(ratios={"A": 0, "B": 0, "C": 0, "D": 0})
    insp.plan()
    with pytest.raises(InvalidInput) as info:
        insp.plan()
    assert info.value.code == "plan_code_taken"


def insp_period():
    from .conftest import PERIOD

    return PERIOD


def test_announce_commits_to_lists_parameters_and_seed(insp, registry_targets):
    plan = insp.announce(insp.plan())
    assert plan.status == Plan.Status.ANNOUNCED
    data = services.draw_input(plan)
    assert plan.parameters == data.parameters()
    assert plan.parameters_sha256 == algorithm.parameters_digest(plan.parameters)
    assert algorithm.seed_commitment(bytes.fromhex(plan.seed)) == plan.seed_commitment
    assert plan.targets_text.count("\n") == 40
    assert plan.inspectors_text.count("\n") == 5  # O1..O5, all certified for the field
    files = entry(plan, "inspections.plan.announced").files
    assert plan.parameters_sha256 in files and plan.seed_commitment in files
    assert data.digests()["targets_sha256"] in files
    with pytest.raises(WrongState):
        insp.announce(plan)


def test_announce_refuses_without_enough_inspectors(insp, registry_targets):
    plan = insp.plan(quota=6)  # only 5 certified officers
    with pytest.raises(WrongState) as info:
        insp.announce(plan)
    assert info.value.code == "too_few_inspectors"
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_draw_creates_tasks_and_inspection_cases(insp, registry_targets):
    plan = insp.announce(insp.plan())
    plan = insp.draw(plan)
    assert plan.status == Plan.Status.DRAWN
    tasks = list(plan.tasks.order_by("rank"))
    # 10 targets per grade: 20% of A and B (2 each), 50% of C (5), all of D (10)
    assert len(tasks) == 2 + 2 + 5 + 10
    for task in tasks:
        assert len(task.inspectors) == 2 and len(set(task.inspectors)) == 2
        case = task.case
        assert case.procedure == "inspection" and case.state == "task"
        assert case.source == Case.Source.INSPECTION
        assert case.handlers.count() == 2
        assert case.parties.get().credit_code == task.target.credit_code
    drawn = entry(plan, "inspections.plan.drawn")
    assert plan.result_sha256 in drawn.files
    assert Entry.objects.filter(event_type="inspections.task.drawn").count() == len(tasks)
    # the same committed inputs and seed give the same result
    again = algorithm.run_draw(services.draw_input(plan), plan.seed_material())
    assert again.digest() == plan.result_sha256
    with pytest.raises(WrongState):
        insp.draw(plan)


def test_draw_requires_head(insp, registry_targets):
    plan = insp.announce(insp.plan(), actor=insp.admin)
    with pytest.raises(NotPermitted):
        insp.draw(plan, actor=insp.admin)


def test_rotation_excludes_last_inspectors(insp, agency):
    make_targets(agency, 3, grades="D")  # every target drawn every time
    first = insp.draw(insp.plan("P1"))
    second = insp.announce(insp.plan("P2"))
    previous = {t.target.credit_code: set(t.inspectors) for t in first.tasks.all()}
    excluded = [line.split("\t") for line in second.exclusions_text.splitlines()]
    assert {(i, t) for i, t in excluded} == {
        (i, t) for t, inspectors in previous.items() for i in inspectors
    }
    second = insp.draw(second)
    for task in second.tasks.all():
        assert not set(task.inspectors) & previous[task.target.credit_code]


def test_conflict_and_absence_respected(insp, agency):
    targets = make_targets(agency, 2, grades="D")
    o1 = insp.team.officers["O1"]
    conflict = services.declare_conflict(o1, actor=insp.head, target=targets[0], reason="亲属")
    assert Entry.objects.filter(event_type="inspections.conflict.declared").exists()
    with pytest.raises(WrongState):
        services.declare_conflict(o1, actor=insp.head, target=targets[0], reason="亲属")
    o2 = insp.team.officers["O2"]
    start, end = insp_period()
    services.record_absence(o2, actor=insp.head, starts_on=start, ends_on=start, reason="培训")
    plan = insp.announce(insp.plan())
    assert "O2" not in plan.inspectors_text
    assert f"{conflict.officer.agency.code}:O1\t{targets[0].credit_code}" in plan.exclusions_text
    plan = insp.draw(plan)
    task = plan.tasks.get(target=targets[0])
    assert f"{agency.code}:O1" not in task.inspectors


def test_absence_refusals(insp, officer):
    o1 = insp.team.officers["O1"]
    start, end = insp_period()
    with pytest.raises(InvalidInput):
        services.record_absence(o1, actor=insp.head, starts_on=end, ends_on=start, reason="x")
    with pytest.raises(NotPermitted):
        services.record_absence(o1, actor=officer, starts_on=start, ends_on=end, reason="x")


def test_officer_declares_own_conflict(insp, agency, officer):
    target = make_targets(agency, 1)[0]
    o1 = insp.team.officers["O1"]  # officer's own directory entry
    assert services.declare_conflict(o1, actor=officer, target=target, reason="曾任顾问")
    with pytest.raises(NotPermitted):
        services.declare_conflict(
            insp.team.officers["O3"], actor=officer, target=target, reason="x"
        )


def test_task_unique_per_plan(insp, registry_targets):
    plan = insp.draw(insp.plan())
    assert Task.objects.filter(plan=plan).values("target").distinct().count() == plan.tasks.count()


def test_same_registry_same_lists_and_draw_on_every_database(insp, registry_targets):
    """The frozen lists depend only on the data, not on the database's row order: these
    constants hold on SQLite and on PostgreSQL."""
    plan = insp.announce(insp.plan())
    data = services.draw_input(plan)
    seed = bytes(32)
    fixed = algorithm.DrawInput(
        **{**data.__dict__, "commitments": {}, "seed_commitment": algorithm.seed_commitment(seed)}
    )
    result = algorithm.run_draw(fixed, seed)
    assert data.digests() == EXPECTED_DIGESTS
    assert result.digest() == EXPECTED_RESULT


EXPECTED_DIGESTS = {
    "targets_sha256": "0ab5742e2c46ff44afb4131288e79bf0286b157290d2badee8160fa86e2d8344",
    "inspectors_sha256": "46b8112e16eed3c41ad50f5d405ccf6677a0c38591b7d68eab4c3a1b9de53e5e",
    "exclusions_sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
}
EXPECTED_RESULT = "b2d68b0f1f4727c5b0381302136c23134d978625fc373c6c7e26c98ba6804099"


def _inspected(insp, officer):
    """A drawn plan, a task of the officer's, and its case once the inspection is recorded."""
    from openenforce.cases.engine import perform_action

    plan = insp.draw(insp.plan())
    own = f"{plan.agency.code}:O1"
    task = next(t for t in plan.tasks.order_by("rank") if own in t.inspectors)
    case = perform_action(
        task.case,
        "record_inspection",
        actor=officer,
        data={"inspected_on": "2026-10-09", "record": "现场检查记录"},
    )
    return plan, task, case


def _conclude(case, officer, outcome: str, text: str) -> None:
    """Conclude the inspection on 9 Oct 2026 with ``outcome``."""
    from openenforce.cases.engine import perform_action

    data = {"outcome": outcome, "decision_text": text, "decided_on": "2026-10-09"}
    perform_action(case, "conclude_inspection", actor=officer, data=data)


def test_result_recorded_then_flagged_overdue_until_published(insp, registry_targets, officer):
    import datetime

    from openenforce.inspections import selectors

    plan, task, case = _inspected(insp, officer)
    _conclude(case, officer, "no_problem", "未发现问题")
    row = selectors.task_row(Task.objects.get(pk=task.pk), datetime.date(2026, 10, 10))
    assert row.status == "concluded" and row.due_on and not row.overdue
    late = row.due_on + datetime.timedelta(days=1)
    row = selectors.task_row(Task.objects.get(pk=task.pk), late)
    assert row.overdue
    assert [r.task.pk for r in selectors.overdue_tasks(plan.agency_id, late)] == [task.pk]


def test_problem_found_turns_into_a_penalty_case(insp, registry_targets, officer):
    _plan, task, case = _inspected(insp, officer)
    _conclude(case, officer, "transferred", "未建立入院评估制度")
    penalty = Case.objects.get(parent_case=task.case)
    assert penalty.procedure == "penalty_ordinary"
    assert penalty.parties.get().credit_code == task.target.credit_code
