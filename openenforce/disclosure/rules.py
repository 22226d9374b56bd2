"""The periods of the publication workflow, each with its article, and the settings
that adjust them (``settings.py``; README's configuration table).

* Licensing and penalty decisions are public within 7 working days of the decision;
  other decisions and inspection results within 20 working days (国办发〔2018〕118号;
  国发〔2019〕5号 for random-inspection results).
* A published penalty decision that is changed, revoked, confirmed illegal or void is
  withdrawn within 3 days, with the reason made public (行政处罚法 Art 48); "days" of ten
  or fewer are working days (行政处罚法 Art 85).
* Items leave the portal after a retention period: 5 years, 2 for natural persons
  [local practice: configurable].
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    code: str
    label: str | Promise
    days: int
    article: str
    setting: str


_DEFAULTS = {
    "publish_decision": (
        _("Licensing and penalty decisions public within 7 working days of the decision"),
        7,
        "国办发〔2018〕118号; 行政处罚法 Art 48",
        "OPENENFORCE_PUBLISH_DAYS_DECISION",
    ),
    "publish_other": (
        _("Other decisions and inspection results public within 20 working days"),
        20,
        "国办发〔2018〕118号; 国发〔2019〕5号",
        "OPENENFORCE_PUBLISH_DAYS_OTHER",
    ),
    "withdraw": (
        _("A changed, revoked, illegal or void decision withdrawn within 3 working days"),
        3,
        "行政处罚法 Art 48, 85",
        "OPENENFORCE_WITHDRAW_DAYS",
    ),
}

# Which period applies to which kind of publication.
KIND_PERIOD = {
    "penalty": "publish_decision",
    "licensing": "publish_decision",
    "other": "publish_other",
    "inspection": "publish_other",
}

# Decisions about a natural person's civil status, social assistance or a personal
# grievance (marriage or adoption registration, subsistence allowance, a teacher's
# appeal) are personal privacy: not published when the party is a natural person.
PERSONAL_CATEGORIES = ("confirmation", "payment", "adjudication")


def period(code: str) -> Period:
    """The period ``code`` as configured here."""
    label, days, article, setting = _DEFAULTS[code]
    return Period(code, label, int(getattr(settings, setting, days)), article, setting)


def period_for_kind(kind: str) -> Period:
    return period(KIND_PERIOD[kind])


def retention_years(natural_person: bool) -> int:
    """How long an item stays on the portal [local practice]."""
    if natural_person:
        return int(getattr(settings, "OPENENFORCE_RETENTION_YEARS_PERSON", 2))
    return int(getattr(settings, "OPENENFORCE_RETENTION_YEARS", 5))


def publish_simplified() -> bool:
    """Whether on-the-spot (simplified procedure) penalty decisions are published too;
    many provinces publish only ordinary-procedure decisions [local]."""
    return bool(getattr(settings, "OPENENFORCE_PUBLISH_SIMPLIFIED", False))


def corrections_per_hour() -> int:
    """Correction requests accepted from one address per hour (public form)."""
    return int(getattr(settings, "OPENENFORCE_CORRECTIONS_PER_HOUR", 5))
