"""What the apps extending cases plug into it: gates, effects, input choices, panels.

``cases`` (layer 3) never imports the apps built on it (layer 4: reviews, recordings,
disclosure, documents, ...). Each of them registers its parts here from its
``AppConfig.ready()``; an app that is not installed registers nothing, so its gates,
effects and panels are simply not there.

- A **gate** ``gate(case, data, today) -> cases.gates.GateResult`` under the name the
  lifecycles use (``review_passed``). A registered gate replaces the fallback
  ``cases.gates`` keeps for that name (what the action meets while the app is missing).
- An **effect** ``effect(case, *, actor, data) -> str | None`` under a dotted name
  ``<app label>.<name>`` (``reviews.submit_review``), as the lifecycles name it. An
  effect of an app that is not installed is skipped.
- **Input choices** ``choices(case) -> [[value, label], ...]`` for a text input of that
  name (``reviewer``): the page offers them as a choice; the value stays text.
- **Evidence** ``items(case) -> [{"ref", "label", "url"}, ...]``: what an app keeps as
  evidence of the case (evidence items, recordings), offered by an ``evidence`` input as
  a multiple choice. ``ref`` is ``<kind>:<id>`` and unique across apps; ``label`` names
  it (number, title, kind) in the active language; ``url`` is its page.
- A **panel** ``panel(request, case) -> SafeString | None``: a section of the case page,
  placed by ``order`` (lowest first).
- An **assignee check** ``check(user, case) -> bool`` for an action: of the people whose
  role may take it, the ones it waits for (the reviewer the round was given to). The
  to-do list and the hand-off notices use it (with ``lifecycles.awaits``).
- **Case-file records** ``records(case) -> [dict, ...]``: the pages an app adds to the
  case file (卷宗) for what it keeps that is no issued document (a legal review round's
  opinion, a collective discussion). Each dict has ``section`` (a ``casefiles.collect``
  section code), ``title``, ``when`` (a datetime or date, for the order within the
  section), ``rank`` (the order before ``when``), ``fields`` (a list of ``(label, text)``)
  and optionally ``table`` (``{"columns": [...], "rows": [[...], ...]}``). Labels and
  texts are in the active language, never codes; times local.
- A **reader** ``check(user, case) -> bool``: lets a user outside the case's agency scope
  read that one case (its page, record, case file, evidence, recordings and documents),
  e.g. an evaluator a campaign assigned the file to (``evaluation``). It grants reading
  only, never acting, and records the opening itself when it must be recorded.
  ``permissions.get_case_for_reader``, ``get_for_reader`` and ``may_read_case`` ask them,
  once per request and case.

This module imports nothing of the project, so any module may import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    app: str
    render: Callable[..., Any]
    order: int


_gates: dict[str, Callable[..., Any]] = {}
_effects: dict[str, Callable[..., Any]] = {}
_input_choices: dict[str, Callable[..., Any]] = {}
_panels: dict[str, Panel] = {}
_assignees: dict[str, Callable[..., Any]] = {}
_casefile_records: dict[str, Callable[..., Any]] = {}
_evidence: dict[str, Callable[..., Any]] = {}
_readers: dict[str, Callable[..., Any]] = {}
_party_steps: dict[str, Callable[..., Any]] = {}


def _put(table: dict, name: str, value: Any) -> None:
    """Register ``value`` under ``name``; registering the same one again is a no-op
    (``ready()`` may run twice in tests), another one under a taken name an error."""
    if table.get(name, value) != value:
        raise ValueError(f"{name!r} is registered already: {table[name]!r}")
    table[name] = value


def register_gate(name: str, gate: Callable[..., Any]) -> None:
    _put(_gates, name, gate)


def register_effect(name: str, effect: Callable[..., Any]) -> None:
    if "." not in name:
        raise ValueError(f"An extension effect is named <app label>.<name>, not {name!r}.")
    _put(_effects, name, effect)


def register_input_choices(input_name: str, choices: Callable[..., Any]) -> None:
    _put(_input_choices, input_name, choices)


def register_panel(app: str, render: Callable[..., Any], *, order: int) -> None:
    _put(_panels, app, Panel(app, render, order))


def register_assignee(action_code: str, check: Callable[..., Any]) -> None:
    _put(_assignees, action_code, check)


def register_casefile_records(app: str, records: Callable[..., Any]) -> None:
    _put(_casefile_records, app, records)


def register_evidence(app: str, items: Callable[..., Any]) -> None:
    _put(_evidence, app, items)


def register_reader(app: str, check: Callable[..., Any]) -> None:
    _put(_readers, app, check)


def register_party_steps(app: str, steps: Callable[..., Any]) -> None:
    """``steps(case)`` returns what the party did themselves, as ``(state code, words)``
    pairs, shown on the case page's stepper under that state (the party's step)."""
    _put(_party_steps, app, steps)


def party_steps(case: Any) -> list[tuple[str, str]]:
    """The party's own steps on ``case`` from every app, by app label."""
    return [step for app in sorted(_party_steps) for step in _party_steps[app](case)]


def readers() -> list[Callable[..., Any]]:
    """The registered reader checks, by app label."""
    return [_readers[app] for app in sorted(_readers)]


def evidence_items(case: Any) -> list[dict[str, str]]:
    """The registered evidence of ``case`` from every app, by app label."""
    return [item for app in sorted(_evidence) for item in _evidence[app](case)]


def casefile_records() -> dict[str, Callable[..., Any]]:
    """The case-file record providers, by app label."""
    return dict(_casefile_records)


def gate(name: str) -> Callable[..., Any] | None:
    return _gates.get(name)


def effect(name: str) -> Callable[..., Any] | None:
    return _effects.get(name)


def input_choices(input_name: str) -> Callable[..., Any] | None:
    return _input_choices.get(input_name)


def assignee(action_code: str) -> Callable[..., Any] | None:
    return _assignees.get(action_code)


def panels() -> list[Panel]:
    """The case-page panels, in page order."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.app))


def registered() -> dict[str, dict[str, Any]]:
    """Everything registered, by kind (for checks and tests)."""
    return {
        "gates": dict(_gates),
        "effects": dict(_effects),
        "input_choices": dict(_input_choices),
        "panels": {panel.app: panel for panel in panels()},
        "assignees": dict(_assignees),
        "casefile_records": dict(_casefile_records),
        "evidence": dict(_evidence),
        "readers": dict(_readers),
        "party_steps": dict(_party_steps),
    }


def unregister(kind: str, name: str) -> None:
    """Take one registration back out (tests registering a fake extension)."""
    table = {
        "gates": _gates,
        "effects": _effects,
        "input_choices": _input_choices,
        "panels": _panels,
        "assignees": _assignees,
        "casefile_records": _casefile_records,
        "evidence": _evidence,
        "readers": _readers,
        "party_steps": _party_steps,
    }[kind]
    table.pop(name, None)
