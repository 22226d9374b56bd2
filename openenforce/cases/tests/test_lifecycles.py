"""The lifecycle definitions are consistent, and the flowcharts and the documentation
show every state and transition (so neither can drift from what the engine enforces)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from openenforce.accounts.models import Role
from openenforce.cases import effects, rules
from openenforce.cases.flowchart import render_svg
from openenforce.cases.gates import GATES
from openenforce.cases.lifecycles import LIFECYCLES
from openenforce.catalog.models import EnforcementCategory
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md

SVG = "{http://www.w3.org/2000/svg}"
ALL = list(LIFECYCLES.values())


def test_every_category_has_a_procedure():
    assert {lc.category for lc in ALL} == set(EnforcementCategory.values)


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.code)
def test_definition_is_consistent(lifecycle):
    states = {s.code for s in lifecycle.states}
    assert len(states) == len(lifecycle.states)
    assert len({a.code for a in lifecycle.actions}) == len(lifecycle.actions)
    for action in lifecycle.actions:
        assert action.article and action.roles and set(action.roles) <= set(Role.values)
        assert set(lifecycle.sources_of(action)) <= states
        assert set(action.targets()) <= states
        assert set(action.gates) <= set(GATES)
        assert set(action.starts + action.stops) <= set(rules.PERIODS)
        for name in action.effects:
            base = name.partition(":")[0]
            assert "." in base or callable(getattr(effects, base, None)), name
        inputs = {spec.name for spec in action.inputs}
        assert not action.start_input or action.start_input in inputs
    for state in lifecycle.states:
        assert state.terminal or any(
            state.code in lifecycle.sources_of(a) for a in lifecycle.actions if a.changes_state
        ), f"{state.code} is a dead end"


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.code)
def test_every_state_is_reachable(lifecycle):
    reached, frontier = {lifecycle.initial}, [lifecycle.initial]
    while frontier:
        state = frontier.pop()
        for source, target, _action in lifecycle.edges():
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == {s.code for s in lifecycle.states}


@pytest.mark.parametrize("lifecycle", ALL, ids=lambda lc: lc.code)
def test_flowchart_shows_every_state_and_transition(lifecycle):
    with translation.override("zh-hans"):
        root = ET.fromstring(render_svg(lifecycle))  # noqa: S314 (our own output)
        labels = {str(s.code): str(s.label) for s in lifecycle.states}
    groups = root.iter(f"{SVG}g")
    drawn = [g for g in groups if g.get("class", "").startswith("state")]
    assert {g.get("data-state") for g in drawn} == set(labels)
    for group in drawn:
        assert labels[group.get("data-state")] in "".join(group.itertext())
    edges = {
        (g.get("data-from"), g.get("data-to"), g.get("data-action"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "edge"
    }
    assert edges == {(s, t, a.code) for s, t, a in lifecycle.edges()}
    steps = {g.get("data-action") for g in root.iter(f"{SVG}g") if g.get("class") == "step"}
    assert steps == {a.code for a in lifecycle.state_keeping()}


def test_docs_list_every_procedure_state_and_action():
    text = (Path(settings.BASE_DIR) / "docs" / "lifecycles.md").read_text(encoding="utf-8")
    for lifecycle in ALL:
        assert f"`{lifecycle.code}`" in text
        for state in lifecycle.states:
            assert f"`{state.code}`" in text, state.code
        for action in lifecycle.actions:
            assert f"`{action.code}`" in text, action.code
    for period in rules.PERIODS.values():
        assert f"`{period.code}`" in text


@pytest.mark.django_db
def test_flowchart_is_public_and_cacheable(client):
    response = client.get("/cases/flowcharts/penalty_ordinary.svg", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"]
    assert "《行政处罚法》第五十八条" in response.content.decode()
    assert client.get("/cases/flowcharts/nothing.svg").status_code == 404
    assert client.post("/cases/flowcharts/penalty_ordinary.svg").status_code == 405


@pytest.mark.django_db
def test_flowchart_marks_the_step_a_case_is_at(client):
    lifecycle = LIFECYCLES["penalty_ordinary"]
    state = lifecycle.states[2]
    url = "/cases/flowcharts/penalty_ordinary.svg"
    response = client.get(url, {"current": state.code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    current = [g for g in root.iter(f"{SVG}g") if "current" in g.get("class", "").split()]
    assert [g.get("data-state") for g in current] == [state.code]
    with translation.override("zh-hans"):
        assert f"本案当前所处环节（{state.label}）" in response.content.decode()
    # The chart scales to the page: it has a viewBox; an unknown state marks nothing.
    assert root.get("viewBox", "").startswith("0 0 ")
    plain = client.get(url, {"current": "<nothing>"}).content.decode()
    assert 'class="state current"' not in plain and "当前所处环节" not in plain
