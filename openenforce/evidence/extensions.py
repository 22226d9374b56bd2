"""What the evidence app plugs into cases (``cases.registry``): its case-page section and
the case's evidence items as the choices of an ``evidence`` input (item number, title,
kind), so the evidence list of a submission is chosen, not typed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from openenforce.cases import registry
from openenforce.cases.models import Case
from openenforce.evidence.models import EvidenceItem
from openenforce.evidence.panels import case_panel


def evidence_items(case: Case) -> list[dict[str, str]]:
    """The case's evidence items, in number order: ref ``evidence:<id>``, label, page."""
    return [
        {
            "ref": f"evidence:{item.pk}",
            "label": _("No. %(seq)s %(title)s (%(kind)s)")
            % {"seq": item.seq, "title": item.title, "kind": item.get_kind_display()},
            "url": reverse("evidence:item", args=[item.pk]),
        }
        for item in EvidenceItem.objects.filter(case=case).order_by("seq")
    ]


def register() -> None:
    registry.register_panel("evidence", case_panel, order=30)
    registry.register_evidence("evidence", evidence_items)
