"""The nine points a legal reviewer checks (法制审核内容), as data.

The points follow the State Council guidance on the legal review of major enforcement
decisions (国办发〔2018〕118号) as docs/domain.md §3 lists them; the order is the order of the
review opinion (法制审核意见书).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PointResult(models.TextChoices):
    PASS = "pass", _("Passes")
    FAIL = "fail", _("Fails")
    NOT_APPLICABLE = "na", _("Not applicable")


@dataclass(frozen=True)
class Point:
    code: str
    label: str
    hint: str


POINTS: tuple[Point, ...] = (
    Point("body", _("Lawful enforcement body"), _("The agency has the power to act here.")),
    Point(
        "officers",
        _("Officers qualified"),
        _(
            "At least two officers with valid certificates acted (Administrative Penalty Law Art 42)."
        ),
    ),
    Point("procedure", _("Procedure lawful"), _("Every required step was taken, in order.")),
    Point(
        "facts",
        _("Facts clear, evidence lawful and sufficient"),
        _("Each fact is proved by lawfully obtained evidence."),
    ),
    Point(
        "law",
        _("Law correctly applied, discretion appropriate"),
        _("The provisions cited fit the facts; the penalty is within the discretion standard."),
    ),
    Point("powers", _("Within powers"), _("The decision does not exceed the agency's powers.")),
    Point(
        "documents",
        _("Documents complete"),
        _("The enforcement documents are complete and in the required form."),
    ),
    # The review comes before the party is told of the intended decision (docs/domain.md
    # §3: "submission comes before the party is notified"; the case file puts the review
    # before the prior notice, docs/casefiles.md), so the reviewer checks the notice that
    # is to be served; a round after a hearing (Art 58 para 1 (2)) checks the hearing too.
    Point(
        "rights",
        _("The notice to be served states the party's rights"),
        _(
            "The prior notice to be served states the facts, reasons and basis and the "
            "rights to state, defend and request a hearing (Arts 44, 45, 63); after a "
            "hearing, it was held lawfully (Art 64)."
        ),
    ),
    Point(
        "crime",
        _("Transfer as a suspected crime considered"),
        _("Fails when the facts suggest a crime and the case was not transferred."),
    ),
)

POINT_CODES: tuple[str, ...] = tuple(point.code for point in POINTS)


def point_label(code: str) -> str:
    """The label of the point ``code`` in the active language."""
    return next((str(p.label) for p in POINTS if p.code == code), code)
