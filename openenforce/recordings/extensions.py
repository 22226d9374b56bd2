"""What the recordings app plugs into cases (``cases.registry``), from
``RecordingsConfig.ready()``: the ``recording_made`` gate and its case-page section."""

from __future__ import annotations

import datetime

from openenforce.cases import registry
from openenforce.cases.gates import GateResult
from openenforce.cases.models import Case
from openenforce.recordings import requirements
from openenforce.recordings.panels import case_panel


def recording_made(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """The agency's recording list (音像记录事项清单) may require an audio/video recording
    of this step: then a recording of it, or a recorded reason why none exists, must be
    there first (行政处罚法 Art 47)."""
    ok, reasons, article = requirements.gate(case, data)
    return GateResult(ok=ok, reasons=reasons, article=article)


def register() -> None:
    registry.register_gate("recording_made", recording_made)
    registry.register_panel("recordings", case_panel, order=40)
