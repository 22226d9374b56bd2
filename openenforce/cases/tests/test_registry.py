"""The extension points of cases (``cases.registry``): every gate, effect, input choice
and panel the installed apps register resolves, and the engine calls what is
registered (a fake extension below), or goes without it when nothing is."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.safestring import mark_safe

from openenforce.cases import engine, gates, inputs, registry
from openenforce.cases.lifecycles import LIFECYCLES
from openenforce.cases.lifecycles.base import Action, Input
from openenforce.testing.cases import WRITTEN, D, decide_on_spot, events

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md

ACTIONS = [action for lc in LIFECYCLES.values() for action in lc.actions]


def test_every_gate_the_lifecycles_name_resolves():
    for action in ACTIONS:
        for name in action.gates:
            assert callable(gates.resolve(name)), name


def test_every_registered_gate_replaces_a_fallback_of_cases():
    for name, gate in registry.registered()["gates"].items():
        assert name in gates.GATES and callable(gate), name
        assert gates.resolve(name) is gate


def test_every_effect_the_lifecycles_name_resolves_with_all_apps_installed():
    named = set()
    for action in ACTIONS:
        for name in action.effects:
            base = name.partition(":")[0]
            named.add(base)
            assert callable(engine.resolve_effect(base)), name
    extension = {name for name in named if "." in name}
    assert extension == set(registry.registered()["effects"])  # none unused
    assert {name.partition(".")[0] for name in extension} == {"reviews", "disclosure", "recordings"}


def test_every_action_carrying_the_recording_gate_keeps_its_requirement():
    for lc in LIFECYCLES.values():
        for action in lc.actions:
            noted = f"recordings.note_required:{action.code}" in action.effects
            assert noted == ("recording_made" in action.gates), (lc.code, action.code)


def test_every_registered_effect_input_choice_and_panel_belongs_to_an_installed_app():
    registered = registry.registered()
    for name, effect in registered["effects"].items():
        assert apps.is_installed(f"openenforce.{name.partition('.')[0]}") and callable(effect)
    input_names = {spec.name for action in ACTIONS for spec in action.inputs}
    assert set(registered["input_choices"]) <= input_names
    assert [panel.app for panel in registry.panels()] == [
        "documents",
        "deliveries",
        "partyaccess",
        "evidence",
        "recordings",
        "disclosure",
        "inspections",
        "onsite",
        "remedies",
        "casefiles",
    ]
    for panel in registry.panels():
        assert apps.is_installed(f"openenforce.{panel.app}") and callable(panel.render)
    for app, steps in registered["party_steps"].items():
        assert apps.is_installed(f"openenforce.{app}") and callable(steps)


def test_registering_another_one_under_a_taken_name_is_refused():
    registry.register_gate("review_passed", registry.gate("review_passed"))  # the same: fine
    with pytest.raises(ValueError, match="registered already"):
        registry.register_gate("review_passed", lambda case, data, today: gates.OPEN)
    with pytest.raises(ValueError, match="<app label>.<name>"):
        registry.register_effect("undotted", lambda case, *, actor, data: None)


@pytest.fixture
def fake():
    """A fake extension app: a gate, an effect, input choices and a panel."""
    calls = []

    def gate(case, data, today):
        calls.append(("gate", case.pk, data))
        return gates.GateResult(ok=bool(case.title), reasons=["无标题"], article="测试法 Art 1")

    def effect(case, *, actor, data):
        calls.append(("effect", case.pk, data.get("note")))
        return "fake_outcome"

    registry.register_gate("fake_gate", gate)
    registry.register_effect("fake.effect", effect)
    registry.register_input_choices("fake_input", lambda case: [["a", "甲"], ["b", "乙"]])
    registry.register_panel("fake", lambda request, case: mark_safe("<p>假</p>"), order=0)
    yield calls
    for kind, name in (
        ("gates", "fake_gate"),
        ("effects", "fake.effect"),
        ("input_choices", "fake_input"),
        ("panels", "fake"),
    ):
        registry.unregister(kind, name)


@pytest.mark.django_db
def test_the_engine_calls_a_registered_gate_and_effect(fake, team, officer):
    case = team.open("penalty_simplified", actor=officer)
    action = Action(
        "fake_action",
        "假动作",
        "测试法 Art 1",
        ("on_spot",),
        ("officer",),
        gates=("fake_gate",),
        effects=("fake.effect",),
    )
    assert engine.check_gates(case, action, {"x": 1}, D(2026, 11, 2)) == []
    outcome = engine._run_effects(case, action, officer, {"note": "n"})
    assert outcome == "fake_outcome"
    assert fake == [("gate", case.pk, {"x": 1}), ("effect", case.pk, "n")]
    case.title = ""
    [(name, result)] = engine.check_gates(case, action, None, D(2026, 11, 2))
    assert name == "fake_gate" and result.reasons == ["无标题"]


@pytest.mark.django_db
def test_registered_input_choices_and_panels_are_offered(fake, team, officer):
    case = team.open("penalty_simplified", actor=officer)
    described = inputs.describe(case, Input("fake_input", "假", "text"))
    assert described["type"] == "choice" and described["choices"] == [["a", "甲"], ["b", "乙"]]
    assert inputs.describe(case, Input("other", "别", "text"))["type"] == "text"
    first = registry.panels()[0]  # order=0: before the apps' (the workbench renders them)
    assert first.app == "fake" and first.render(None, case) == "<p>假</p>"


@pytest.mark.django_db
def test_perform_action_runs_the_registered_effect_in_its_transaction(team, officer, monkeypatch):
    """The simplified decision publishes through ``disclosure.draft_for_decision``."""
    seen = []
    real = registry.effect("disclosure.draft_for_decision")

    def spy(case, *, actor, data):
        seen.append((case.pk, case.state, data["decided_on"]))
        return real(case, actor=actor, data=data)

    monkeypatch.setitem(registry._effects, "disclosure.draft_for_decision", spy)
    case = team.open("penalty_simplified", actor=officer)
    case = decide_on_spot(case, officer)
    assert seen == [(case.pk, "on_spot", D(2026, 11, 2))]
    assert case.state == "execution" and "cases.case.decide_on_spot" in events(case)


@pytest.mark.django_db
def test_without_the_extension_its_effect_is_skipped_and_its_gate_falls_back(
    team, officer, monkeypatch
):
    """What an installation without reviews or disclosure meets: the review gates stay
    shut with the article, the publication effect is not run, the rest goes on."""
    monkeypatch.delitem(registry._effects, "disclosure.draft_for_decision")
    monkeypatch.delitem(registry._gates, "review_passed")
    result = gates.resolve("review_passed")(None, None, D(2026, 11, 2))
    assert not result.ok and result.article == "行政处罚法 Art 58"
    case = team.open("penalty_simplified", actor=officer)
    case = decide_on_spot(case, officer)
    assert case.state == "execution"
    with pytest.raises(KeyError):
        gates.resolve("no_such_gate")
