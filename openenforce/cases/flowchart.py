"""The flowchart (执法流程图) of a lifecycle, drawn as SVG from the definition itself, so
the published chart is what the engine enforces.

Layout: the states down one column in the order the definition lists them (the
statutory order), dead ends beside the state they leave; an arrow to the next row is
straight, one skipping rows curves on the left, one going back curves on the right. Each arrow carries the action and its article. Actions
that keep the state (handlers, recusal, the clock) are listed under the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from openenforce.cases.articles import cite
from openenforce.cases.lifecycles.base import Lifecycle

BOX_W, BOX_H = 210, 50
ROW = BOX_H + 46
SPINE_X = 430  # left edge of the main column; skipping arrows and labels go left of it
SIDE_X = SPINE_X + BOX_W + 150  # room for an article cited in Chinese on the arrow
MARGIN = 30
LINE = 18


@dataclass(frozen=True)
class Box:
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + BOX_W // 2


def _side_states(lifecycle: Lifecycle) -> dict[str, str]:
    """Dead ends reached from one state only (e.g. "not filed"): drawn beside it."""
    edges = lifecycle.edges()
    side = {}
    for state in lifecycle.states:
        sources = {s for s, t, _a in edges if t == state.code}
        leaves = any(s == state.code for s, _t, _a in edges)
        if state.terminal and len(sources) == 1 and not leaves:
            side[state.code] = next(iter(sources))
    return side


def layout(lifecycle: Lifecycle) -> dict[str, Box]:
    """States down one column in definition order, dead ends beside their source."""
    side = _side_states(lifecycle)
    boxes: dict[str, Box] = {}
    row = 0
    for state in lifecycle.states:
        if state.code not in side:
            boxes[state.code] = Box(SPINE_X, MARGIN + 50 + row * ROW)
            row += 1
    for code, source in side.items():
        boxes[code] = Box(SIDE_X, boxes[source].y)
    return boxes


def _text(x: int, y: int, text: str, cls: str, anchor: str = "middle") -> str:
    return f'<text x="{x}" y="{y}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'


def _state(lifecycle: Lifecycle, code: str, box: Box, current: str | None = None) -> str:
    state = lifecycle.state(code)
    cls = "state terminal" if state.terminal else "state"
    if code == current:
        cls += " current"
    return (
        f'<g class="{cls}" data-state={quoteattr(code)}>'
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{BOX_H}" rx="8"/>'
        + _text(box.cx, box.y + 21, str(state.label), "label")
        + _text(box.cx, box.y + 39, cite(state.article), "article")
        + "</g>"
    )


LABEL_X = SPINE_X + BOX_W + 280  # the column of labels of arrows going back


def _path(a: Box, b: Box, lane: int, stack: int) -> tuple[str, int, int, str]:
    """The arrow's path, where its label goes and the label's anchor; ``lane`` spreads
    the curves, ``stack`` the labels of curves leaving the same state."""
    if a.y == b.y:  # beside: a straight arrow to the right
        y = a.y + BOX_H // 2
        return f"M{a.x + BOX_W},{y} L{b.x},{y}", a.x + BOX_W + 8, y - 6, "start"
    if b.y == a.y + ROW and a.x == b.x:  # next row: straight down
        return f"M{a.cx},{a.y + BOX_H} L{b.cx},{b.y}", a.cx + 8, a.y + BOX_H + 26, "start"
    y1, y2 = a.y + BOX_H // 2 + 6, b.y + BOX_H // 2 - 6
    label_y = a.y + 12 + 28 * stack
    if b.y > a.y:  # skipping rows: a curve on the left
        bend = a.x - 40 - 26 * lane
        path = f"M{a.x},{y1} C{bend},{y1} {bend},{y2} {b.x},{y2}"
        return path, a.x - 40 - 26 * lane - 8, label_y, "end"
    x1, x2 = a.x + BOX_W, b.x + BOX_W  # going back: a curve on the right
    bend = max(x1, x2) + 40 + 26 * lane
    return f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}", LABEL_X, label_y, "start"


def _edge(lifecycle: Lifecycle, source: str, target: str, action, boxes, lane, stack) -> str:
    path, lx, ly, anchor = _path(boxes[source], boxes[target], lane, stack)
    label = str(action.label)
    if lx == LABEL_X:  # labels in the side column name where the arrow goes
        label = f"{label} → {lifecycle.state(target).label}"
    return (
        f'<g class="edge" data-action={quoteattr(action.code)} data-from={quoteattr(source)} '
        f"data-to={quoteattr(target)}>"
        f'<path d="{path}" marker-end="url(#arrow)"/>'
        + _text(lx, ly, label, "action", anchor)
        + _text(lx, ly + 13, cite(action.article), "article", anchor)
        + "</g>"
    )


def _legend(lifecycle: Lifecycle, x: int, y: int) -> tuple[str, int]:
    parts = [_text(x, y, _("Steps that keep the state:"), "legend-title", "start")]
    for action in lifecycle.state_keeping():
        y += LINE
        text = f"{action.label}（{cite(action.article)}）"
        parts.append(f'<g class="step" data-action={quoteattr(action.code)}>')
        parts.append(_text(x, y, text, "step", "start") + "</g>")
    return "".join(parts), y


def _current_note(lifecycle: Lifecycle, current: str | None) -> str:
    if current is None:
        return ""
    note = _("Highlighted: the step this case is at now (%(state)s)") % {
        "state": lifecycle.state(current).label
    }
    return _text(MARGIN, MARGIN + 30, note, "current-note", "start")


STYLE = (
    "text{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif}"
    ".state rect{fill:#eef4fb;stroke:#2b5d8a;stroke-width:1.5}"
    ".terminal rect{fill:#eceeef;stroke:#666}"
    ".label{font-size:14px;font-weight:bold;fill:#1b2a38}"
    ".article{font-size:10px;fill:#555}"
    ".edge path{fill:none;stroke:#2b5d8a;stroke-width:1.2}"
    ".action{font-size:11px;fill:#1b2a38}"
    ".title{font-size:18px;font-weight:bold}"
    ".current rect{fill:#fff1c2;stroke:#9a5b00;stroke-width:4}"
    ".current-note{font-size:12px;font-weight:bold;fill:#7a4800}"
    ".legend-title{font-size:12px;font-weight:bold}.step{font-size:11px}"
)


def render_svg(lifecycle: Lifecycle, *, current: str | None = None) -> str:
    """The lifecycle's flowchart as a standalone SVG document; with ``current`` (a state
    of the lifecycle: a case's), that state is highlighted and named under the title.

    The document has a ``viewBox``, so a page may scale it to its width (``width:100%``)."""
    if current is not None and not lifecycle.has_state(current):
        current = None
    boxes = layout(lifecycle)
    lanes = {"left": 0, "right": 0}
    stacks: dict[tuple[str, str], int] = {}
    edges = []
    for source, target, action in lifecycle.edges():
        a, b = boxes[source], boxes[target]
        side = "left" if b.y > a.y else "right"
        stack = stacks.get((source, side), 0)
        edges.append(_edge(lifecycle, source, target, action, boxes, lanes[side], stack))
        if a.y != b.y and not (b.y == a.y + ROW and a.x == b.x):
            lanes[side] += 1
            stacks[(source, side)] = stack + 1
    states = [_state(lifecycle, code, box, current) for code, box in boxes.items()]
    bottom = max(box.y for box in boxes.values()) + BOX_H + 40
    legend, bottom = _legend(lifecycle, MARGIN, bottom)
    width = LABEL_X + 260
    height = bottom + MARGIN
    title = f"{lifecycle.label}（{cite(lifecycle.article)}）"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#2b5d8a"/></marker></defs>'
        + _text(MARGIN, MARGIN + 8, title, "title", "start")
        + _current_note(lifecycle, current)
        + "".join(edges)
        + "".join(states)
        + legend
        + "</svg>"
    )
