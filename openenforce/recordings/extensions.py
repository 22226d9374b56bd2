"""What the recordings app plugs into cases (``cases.registry``), from
``RecordingsConfig.ready()``: the ``recording_made`` gate, the ``note_required`` effect of
the actions carrying it (the requirement kept as a ``RequiredRecording``) and the
case-page section."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.cases import registry
from openenforce.cases.gates import GateResult
from openenforce.cases.models import Case
from openenforce.recordings import requirements, services
from openenforce.recordings.models import Recording
from openenforce.recordings.panels import case_panel


def recording_made(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """The agency's recording list (音像记录事项清单) may require an audio/video recording
    of this step: then a recording of it, or a recorded reason why none exists, must be
    there first (行政处罚法 Art 47)."""
    ok, reasons, article = requirements.gate(case, data)
    return GateResult(ok=ok, reasons=reasons, article=article)


def recordings(case: Case) -> list[dict[str, str]]:
    """The case's recordings as evidence (audio-visual material, Art 46): ref
    ``recording:<id>``, what and when, the media page."""
    rows = Recording.objects.filter(case=case).order_by("started_at", "pk")
    return [
        {
            "ref": f"recording:{r.pk}",
            "label": _("Recording (%(media)s) of %(when)s at %(place)s")
            % {
                "media": r.get_media_display(),
                "when": timezone.localtime(r.started_at).strftime("%Y-%m-%d %H:%M"),
                "place": r.place,
            },
            "url": reverse("recordings:media", args=[r.pk]),
        }
        for r in rows
    ]


def register() -> None:
    registry.register_evidence("recordings", recordings)
    registry.register_gate("recording_made", recording_made)
    # Every action carrying the gate names it (cases.lifecycles): the requirement kept.
    registry.register_effect("recordings.note_required", services.note_required)
    registry.register_panel("recordings", case_panel, order=40)
