"""The vocabulary lifecycles are written in: states, actions, their inputs.

A lifecycle is data. Each state and action names its article; an action names the roles
that may take it, the gates that must be open, the typed inputs it asks for (so the API
and the pages can build forms), the effects it runs, the state it leads to (or one per
outcome), and the statutory periods it starts and stops (codes of ``cases.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Label = str | Promise

# Sources shorthand: every state that is not terminal.
ANY_OPEN = "*"


@dataclass(frozen=True)
class Input:
    """One typed input of an action.

    Types: ``text``, ``date``, ``decimal``, ``int``, ``bool``, ``choice`` (one of
    ``choices``), ``choices`` (several), ``officer`` (an officer's code in the agency),
    ``id`` (a row of the case, e.g. a recusal), ``evidence`` (several of the case's
    registered evidence items and recordings, cases.registry; kept as refs and labels).
    """

    name: str
    label: Label
    type: str = "text"
    required: bool = True
    choices: tuple[tuple[str, Label], ...] = ()
    help: Label = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": str(self.label),
            "type": self.type,
            "required": self.required,
            "choices": [[value, str(label)] for value, label in self.choices],
            "help": str(self.help),
        }


@dataclass(frozen=True)
class State:
    code: str
    label: Label
    article: str = ""
    terminal: bool = False


@dataclass(frozen=True)
class Action:
    """A transition (or, with no target, a step that keeps the state)."""

    code: str
    label: Label
    article: str
    sources: tuple[str, ...]
    roles: tuple[str, ...]
    target: str | None = None
    outcomes: dict[str, str] = field(default_factory=dict)  # outcome code -> state
    gates: tuple[str, ...] = ()
    inputs: tuple[Input, ...] = ()
    effects: tuple[str, ...] = ()  # names in cases.effects, or <app>.<name> (cases.registry)
    starts: tuple[str, ...] = ()  # period codes started (from ``start_input`` or today)
    stops: tuple[str, ...] = ()  # period codes met
    start_input: str = ""

    @property
    def changes_state(self) -> bool:
        return bool(self.target or self.outcomes)

    def targets(self) -> list[str]:
        """Every state this action can lead to, in order, without repeats."""
        found = list(dict.fromkeys(self.outcomes.values()))
        if self.target and self.target not in found:
            found.insert(0, self.target)
        return found


@dataclass(frozen=True)
class Lifecycle:
    code: str
    label: Label
    category: str
    article: str
    states: tuple[State, ...]
    actions: tuple[Action, ...]
    number_word: str  # 文号 word, e.g. 罚立字
    number_at: str = "open"  # "open", or the action that gives the case its number
    opening_starts: tuple[str, ...] = ()  # periods started when the case is opened

    @property
    def initial(self) -> str:
        return self.states[0].code

    def state(self, code: str) -> State:
        return next(s for s in self.states if s.code == code)

    def has_state(self, code: str) -> bool:
        return any(s.code == code for s in self.states)

    def action(self, code: str) -> Action | None:
        return next((a for a in self.actions if a.code == code), None)

    def open_states(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.states if not s.terminal)

    def sources_of(self, action: Action) -> tuple[str, ...]:
        return self.open_states() if action.sources == (ANY_OPEN,) else action.sources

    def edges(self) -> list[tuple[str, str, Action]]:
        """Every (from, to, action) that changes the state."""
        return [
            (source, target, action)
            for action in self.actions
            for source in self.sources_of(action)
            for target in action.targets()
        ]

    def state_keeping(self) -> list[Action]:
        return [a for a in self.actions if not a.changes_state]
