"""What a submission for legal review must contain (docs/domain.md §3; 国办发〔2018〕118号):
the investigation report, the proposed decision with its reasons, the draft decision,
the evidence, and the hearing record when a hearing was held.

Each material is text or a reference to an attachment for now; the evidence and
documents apps will attach files later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Material:
    key: str
    label: str
    only_after_hearing: bool = False


MATERIALS: tuple[Material, ...] = (
    Material("investigation_report", _("Investigation report")),
    Material("proposed_decision", _("Proposed decision and its reasons")),
    Material("draft_decision", _("Draft decision document")),
    Material("evidence_list", _("Evidence list")),
    Material("hearing_record", _("Hearing record"), only_after_hearing=True),
)
MATERIAL_KEYS = tuple(m.key for m in MATERIALS)


def required_materials(case) -> list[Material]:
    """The materials ``case`` must submit: the hearing record only after a hearing."""
    return [m for m in MATERIALS if not m.only_after_hearing or case.hearing_held]


def materials_from(data: dict) -> dict[str, str]:
    """The materials in an action's input: given one by one, or together under
    ``materials`` as an object or a JSON object (the case lifecycle's single text input)."""
    found = {key: data.get(key) for key in MATERIAL_KEYS}
    bundle = data.get("materials")
    if isinstance(bundle, str) and bundle.strip().startswith("{"):
        try:
            bundle = json.loads(bundle)
        except ValueError:
            bundle = None
    if isinstance(bundle, dict):
        found.update({k: bundle.get(k) for k in MATERIAL_KEYS if not found.get(k)})
    return {
        k: str(v).strip() for k, v in found.items() if isinstance(v, str | int) and str(v).strip()
    }


def missing_materials(case, materials: dict[str, str]) -> list[Material]:
    return [m for m in required_materials(case) if not materials.get(m.key)]
