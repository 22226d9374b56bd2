"""Statutory periods and thresholds, in one place, each with its article.

Every number the lifecycles use is here. An installation adjusts them through the
``OPENENFORCE_RULES`` setting (a dict, or JSON in the environment variable of the same
name), e.g. ``{"defence": {"days": 5}, "simplified_fine_person": 100}``; the pages and
``docs/lifecycles.md`` show the values in force with their articles. Rules tagged
``local`` are common provincial practice rather than statute (docs/domain.md §5).

Units: periods of ten days or fewer in the enforcement laws are working days
(行政处罚法 Art 85, 行政强制法 Art 69); every licensing period is in working days
(行政许可法 Art 82); longer periods are calendar days.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WORKING, CALENDAR, HOURS = "working", "calendar", "hours"


@dataclass(frozen=True)
class Period:
    """A time limit: ``days`` (or hours) counted from the day an event happened."""

    code: str
    label: str | Promise
    days: int
    unit: str
    article: str
    suspendable: bool = False  # hearing, testing, announcement excluded (Art 60; 许可法 45)
    local: bool = False


@dataclass(frozen=True)
class Threshold:
    """An amount or rate a rule compares against."""

    code: str
    label: str | Promise
    value: Decimal
    article: str
    local: bool = False


_PERIODS = (
    Period(
        "decision_limit",
        _("Decision within 90 days of filing"),
        90,
        CALENDAR,
        "行政处罚法 Art 60",
        suspendable=True,
    ),
    Period(
        "defence",
        _("Statement and defence period after the prior notice"),
        3,
        WORKING,
        "行政处罚法 Art 44, 45",
        local=True,
    ),
    Period(
        "hearing_request",
        _("Hearing request within 5 days of the notice"),
        5,
        WORKING,
        "行政处罚法 Art 64",
    ),
    Period(
        "evidence_preservation",
        _("Decision on preserved evidence within 7 days"),
        7,
        WORKING,
        "行政处罚法 Art 56",
    ),
    Period("service", _("Service of the decision within 7 days"), 7, WORKING, "行政处罚法 Art 61"),
    Period("payment", _("Payment of the fine within 15 days"), 15, CALENDAR, "行政处罚法 Art 67"),
    Period(
        "legal_review", _("Legal review time limit"), 5, WORKING, "行政处罚法 Art 58", local=True
    ),
    Period(
        "licence_completeness",
        _("Completeness notice within 5 days, else accepted"),
        5,
        WORKING,
        "行政许可法 Art 32, 82",
    ),
    Period(
        "licence_decision",
        _("Licensing decision within 20 days of acceptance"),
        20,
        WORKING,
        "行政许可法 Art 42, 45, 82",
        suspendable=True,
    ),
    Period(
        "licence_extension",
        _("Extension of the licensing decision, approved"),
        10,
        WORKING,
        "行政许可法 Art 42",
    ),
    Period(
        "licence_certificate",
        _("Certificate issued within 10 days of the decision"),
        10,
        WORKING,
        "行政许可法 Art 44, 82",
    ),
    Period(
        "emergency_report",
        _("Emergency measure reported to the head within 24 hours"),
        24,
        HOURS,
        "行政强制法 Art 19",
    ),
    Period(
        "seizure",
        _("Seizure or freezing for at most 30 days"),
        30,
        CALENDAR,
        "行政强制法 Art 25, 32",
    ),
    Period(
        "seizure_extension",
        _("Extension of a seizure, approved"),
        30,
        CALENDAR,
        "行政强制法 Art 25, 32",
    ),
    Period(
        "rectification",
        _("Rectification period ordered"),
        30,
        CALENDAR,
        "行政处罚法 Art 28",
        local=True,
    ),
    Period(
        "generic_decision",
        _("Decision time limit (matter's published limit)"),
        20,
        WORKING,
        "事项清单 (published time limit)",
        suspendable=True,
        local=True,
    ),
)

_THRESHOLDS = (
    Threshold(
        "simplified_fine_person",
        _("On-the-spot fine, natural person, at most (yuan)"),
        Decimal("200"),
        "行政处罚法 Art 51",
    ),
    Threshold(
        "simplified_fine_org",
        _("On-the-spot fine, organisation, at most (yuan)"),
        Decimal("3000"),
        "行政处罚法 Art 51",
    ),
    Threshold(
        "hearing_fine_person",
        _("Fine from which a person may request a hearing (yuan)"),
        Decimal("10000"),
        "行政处罚法 Art 63",
        local=True,
    ),
    Threshold(
        "hearing_fine_org",
        _("Fine from which an organisation may request a hearing"),
        Decimal("100000"),
        "行政处罚法 Art 63",
        local=True,
    ),
    Threshold(
        "surcharge_rate_percent",
        _("Late-payment surcharge per day (%)"),
        Decimal("3"),
        "行政处罚法 Art 72",
    ),
    Threshold(
        "minimum_handlers",
        _("Officers acting on a case, at least"),
        Decimal("2"),
        "行政处罚法 Art 42; 行政强制法 Art 17",
    ),
)

PERIODS = {p.code: p for p in _PERIODS}
THRESHOLDS = {t.code: t for t in _THRESHOLDS}


def overrides() -> dict:
    """The installation's adjustments: ``settings.OPENENFORCE_RULES`` or the env JSON."""
    configured = getattr(settings, "OPENENFORCE_RULES", None)
    if configured is None:
        configured = json.loads(os.environ.get("OPENENFORCE_RULES") or "{}")
    return configured


# Periods another app's setting already configures.
SETTINGS = {"legal_review": "OPENENFORCE_REVIEW_DAYS"}


def period(code: str) -> Period:
    """The period ``code`` as in force here (KeyError for an unknown code: a bug)."""
    base = PERIODS[code]
    if code in SETTINGS and hasattr(settings, SETTINGS[code]):
        base = replace(base, days=int(getattr(settings, SETTINGS[code])))
    override = overrides().get(code)
    if isinstance(override, int):
        return replace(base, days=override)
    if isinstance(override, dict):
        allowed = {k: v for k, v in override.items() if k in ("days", "unit", "article")}
        return replace(base, **allowed)
    return base


def threshold(code: str) -> Decimal:
    """The value of threshold ``code`` as in force here."""
    override = overrides().get(code)
    return Decimal(str(override)) if override is not None else THRESHOLDS[code].value


def all_periods() -> list[Period]:
    return [period(code) for code in PERIODS]


def all_thresholds() -> list[Threshold]:
    return [replace(t, value=threshold(t.code)) for t in _THRESHOLDS]
