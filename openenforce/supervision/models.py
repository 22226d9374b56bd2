"""Kept figures: the case and deadline counts of the dashboard, maintained as the record is
written (``supervision.kept``).

These rows are derived data, like an index: not recorded themselves, rebuilt at any time
from the cases and deadlines (``openenforce supervision rebuild-figures``), and checked
against them (``openenforce supervision check-figures``, and after every test of the
suite). Each ``KeptFigure`` row is one group of the dashboard's grouped passes (docs/
supervision.md, Performance) for one day; each ``KeptMember`` row says what one case or
deadline currently adds to them, so a change subtracts exactly what was added before.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

ZERO = Decimal(0)


class KeptFigure(models.Model):
    """The number (and amounts) of cases or deadlines with these values on this day."""

    class Measure(models.TextChoices):
        FILED = "filed"  # by filed_on: procedure, state now
        CLOSED = "closed"  # by closed_on: procedure
        DECIDED = "decided"  # by decided_on: the decision's columns, with the amounts
        DEADLINE = "deadline"  # by due: kind, status, met late

    measure = models.CharField(max_length=10, choices=Measure.choices)
    agency_id = models.BigIntegerField()
    department_id = models.BigIntegerField(default=0)  # 0: no department
    day = models.DateField()
    procedure = models.CharField(max_length=40, default="", blank=True)
    state = models.CharField(max_length=40, default="", blank=True)
    outcome = models.CharField(max_length=30, default="", blank=True)
    kinds = models.CharField(max_length=400, default="", blank=True)  # JSON list, as stored
    mitigated = models.BooleanField(default=False)
    counted = models.BooleanField(default=False)
    kind = models.CharField(max_length=40, default="", blank=True)
    late = models.BooleanField(default=False)
    count = models.BigIntegerField(default=0)
    fines = models.DecimalField(max_digits=20, decimal_places=2, default=ZERO)
    confiscations = models.DecimalField(max_digits=20, decimal_places=2, default=ZERO)
    forgone = models.DecimalField(max_digits=20, decimal_places=2, default=ZERO)

    KEY = (
        "measure",
        "agency_id",
        "department_id",
        "day",
        "procedure",
        "state",
        "outcome",
        "kinds",
        "mitigated",
        "counted",
        "kind",
        "late",
    )
    AMOUNTS = ("fines", "confiscations", "forgone")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "measure",
                    "agency_id",
                    "day",
                    "department_id",
                    "procedure",
                    "state",
                    "outcome",
                    "kinds",
                    "mitigated",
                    "counted",
                    "kind",
                    "late",
                ],
                name="kept_figure_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.agency_id} {self.day}: {self.count}"


class KeptMember(models.Model):
    """What one case or deadline adds to the kept figures now: a list of
    ``[key..., fines, confiscations, forgone]`` rows (each counting one)."""

    source = models.CharField(max_length=10)  # "case" or "deadline"
    object_id = models.BigIntegerField()
    parts = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="kept_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}"
