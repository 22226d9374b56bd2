"""Service of documents (送达): the methods, their proof, when a document counts as served,
and the time limits that run from that day. All as data, each with its article.

行政处罚法 Art 61: a decision is handed over on the spot; if the party is absent, it is
served within 7 days by the rules of the Civil Procedure Law; by fax, e-mail and the like
only if the party agreed and signed a confirmation. 民事诉讼法 (2023) Chapter VII §2:
direct service against signature on the proof of service (Art 87, 88); leaving the
document at the address, before witnesses or recorded on photo or video (Art 89);
electronic service with consent, served when the message reaches the recipient's system
(Art 90); post, served on the date the receipt shows (Art 91); announcement when the
recipient cannot be found or other methods failed, deemed served 30 days after it was
published (Art 95).

An installation adjusts the periods like those of ``cases.rules`` (``OPENENFORCE_RULES``,
e.g. ``{"announcement": {"days": 60}}``).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openenforce.cases import rules as case_rules
from openenforce.cases.rules import CALENDAR, WORKING, Period

MONTHS = "months"

DIRECT, LEFT, POST, ELECTRONIC, ANNOUNCEMENT = (
    "direct",
    "left",
    "post",
    "electronic",
    "announcement",
)


@dataclass(frozen=True)
class Method:
    """A method of service: which proof it needs, and its article."""

    code: str
    label: str | Promise
    article: str
    proof: tuple[str, ...]  # field names of Delivery that must be filled
    one_of: tuple[str, ...] = ()  # at least one of these must be filled
    served_on_label: str | Promise = ""


METHODS = {
    m.code: m
    for m in (
        Method(
            DIRECT,
            _("Direct service (signed receipt)"),
            "民事诉讼法 Art 87, 88",
            proof=("signed_by",),
            served_on_label=_("Date signed"),
        ),
        Method(
            LEFT,
            _("Left at the address (witness or recording)"),
            "民事诉讼法 Art 89",
            proof=("address",),
            one_of=("witnesses", "recording_reference"),
            served_on_label=_("Date left"),
        ),
        Method(
            POST,
            _("Service by post"),
            "民事诉讼法 Art 91",
            proof=("tracking_number",),
            served_on_label=_("Receipt date on the return slip"),
        ),
        Method(
            ELECTRONIC,
            _("Electronic service (written consent)"),
            "行政处罚法 Art 61; 民事诉讼法 Art 90",
            proof=("consent_reference", "consent_on", "electronic_address", "system_record"),
            served_on_label=_("Date it reached the recipient's system"),
        ),
        Method(
            ANNOUNCEMENT,
            _("Service by announcement"),
            "民事诉讼法 Art 95",
            proof=("announcement_medium", "reason"),
            served_on_label=_("Date published"),
        ),
    )
}

_PERIODS = (
    Period(
        "announcement",
        _("Deemed served 30 days after the announcement"),
        30,
        CALENDAR,
        "民事诉讼法 Art 95",
    ),
    Period(
        "reconsideration",
        _("Application for administrative reconsideration within 60 days"),
        60,
        CALENDAR,
        "行政复议法 Art 20",
    ),
    Period(
        "litigation", _("Administrative lawsuit within 6 months"), 6, MONTHS, "行政诉讼法 Art 46"
    ),
)
PERIODS = {p.code: p for p in _PERIODS}

# What runs from service, per document type. Payment runs only for a fine; the defence and
# hearing-request periods of a prior notice are the case lifecycle's (started when the
# case action is taken) and shown here for the party's benefit.
REMEDIES = ("reconsideration", "litigation")
RUNS_FROM_SERVICE = {
    "penalty_decision": ("payment", *REMEDIES),
    "no_penalty_decision": REMEDIES,
    "seizure_decision": REMEDIES,
    "rectification_order": REMEDIES,
    "licensing_decision": REMEDIES,
    "prior_notice": ("defence", "hearing_request"),
}

# The documents addressed to the party, which are served (internal records are not).
SERVED_TYPES = (
    "evidence_preservation",
    "seizure_decision",
    "rectification_order",
    "inspection_result",
    "prior_notice",
    "hearing_notice",
    "penalty_decision",
    "no_penalty_decision",
    "licensing_decision",
)

# The case action serving a document takes in the case's lifecycle.
CASE_ACTIONS = {
    "penalty_decision": "serve_decision",
    "no_penalty_decision": "serve_decision",
    "prior_notice": "serve_prior_notice",
}

EXPLANATIONS = {
    "payment": _(
        "The party pays the fine at the designated bank or by electronic payment "
        "within 15 days of receiving the decision; after that a late-payment surcharge "
        "runs each day."
    ),
    "reconsideration": _(
        "The party may apply for administrative reconsideration within 60 "
        "days of learning of the decision."
    ),
    "litigation": _(
        "The party may sue in a people's court within 6 months of learning of the decision."
    ),
    "defence": _(
        "The party may state their case and defend themselves after the prior "
        "notice; the agency must hear them."
    ),
    "hearing_request": _(
        "For a heavy penalty the party may request a hearing within 5 days of the notice."
    ),
}


def period(code: str) -> Period:
    """The period ``code`` as in force here: ours, or one of ``cases.rules``."""
    if code not in PERIODS:
        return case_rules.period(code)
    base, override = PERIODS[code], case_rules.overrides().get(code)
    if isinstance(override, int):
        return replace(base, days=override)
    if isinstance(override, dict):
        return replace(base, **{k: v for k, v in override.items() if k in ("days", "article")})
    return base


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day if it has no such day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def all_periods() -> list[Period]:
    return [period(code) for code in PERIODS]


__all__ = ["CALENDAR", "WORKING", "MONTHS", "METHODS", "PERIODS", "period", "add_months"]
