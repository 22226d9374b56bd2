"""What a submission for legal review must contain (docs/domain.md §3; 国办发〔2018〕118号):
the investigation report, the proposed decision with its reasons, the draft decision,
the evidence, and the hearing record when a hearing was held.

Each material is text or a reference to an attachment; the evidence is chosen among the
case's registered evidence items and recordings (an ``evidence`` input, kept as refs and
labels), with a free-text note for what is not registered (``evidence_other``). The
materials keep the list as text (``evidence_list``) and the chosen refs
(``evidence_refs``), so the review page links to the files.
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


def _evidence(data: dict) -> tuple[str, list[str]]:
    """The evidence list as text (the chosen items' labels, one a line, then the note of
    what is not registered) and the chosen refs."""
    chosen = data.get("evidence_list")
    chosen = chosen if isinstance(chosen, list) else []
    picked = [c for c in chosen if isinstance(c, dict) and c.get("ref")]
    other = data.get("evidence_other")
    lines = [str(c.get("label", c["ref"])) for c in picked]
    if isinstance(other, str) and other.strip():
        lines.append(other.strip())
    return "\n".join(lines), [str(c["ref"]) for c in picked]


def materials_from(data: dict) -> dict:
    """The materials in an action's input: given one by one, or together under
    ``materials`` as an object or a JSON object (the case lifecycle's single text input).
    Text by key, and ``evidence_refs``: the registered evidence chosen."""
    bundle = data.get("materials")
    if isinstance(bundle, str) and bundle.strip().startswith("{"):
        try:
            bundle = json.loads(bundle)
        except ValueError:
            bundle = None
    given = {k: v for k, v in data.items() if v not in (None, "", [])}
    if isinstance(bundle, dict):
        given = {**bundle, **given}
    found = {key: given.get(key) for key in MATERIAL_KEYS}
    evidence_text, refs = _evidence(given)
    if not isinstance(found["evidence_list"], str | int):
        found["evidence_list"] = evidence_text
    materials: dict = {
        k: str(v).strip() for k, v in found.items() if isinstance(v, str | int) and str(v).strip()
    }
    if refs:
        materials["evidence_refs"] = refs
    return materials


def missing_materials(case, materials: dict) -> list[Material]:
    return [m for m in required_materials(case) if not materials.get(m.key)]
