"""The computed indicators built on what the system records, each from the supervision
indicators' own queries (``openenforce.supervision.indicators``) so that a scorecard's
value and the dashboard's figure for the same agency and year agree, and each value
drills down to the same list (``supervision.drills``).

Each function answers for one agency (with its subordinate units) and one year; the
ids behind the value make its digest.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openenforce.alerts.models import Warning
from openenforce.appraisal.registry import Measure, Source, register
from openenforce.reviews.major import assess_major
from openenforce.reviews.selectors import review_gate
from openenforce.supervision import indicators as ind


def _scope(agency_ids: frozenset[int]) -> ind.Scope:
    return ind.Scope(agency_ids=agency_ids)


def _pks(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def timeliness(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """办案时限: the agency's own periods falling due in the year, met on time, over those
    met or overdue (still running ones left out)."""
    due = ind.agency_deadlines(_scope(agency_ids), period)
    on_time = due.filter(ind.deadline_condition("on_time", today))
    settled = due.exclude(ind.deadline_condition("running", today))
    return Measure.rate(_pks(on_time), _pks(settled))


def review_coverage(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """Legal review of major decisions (重大执法决定法制审核): the decisions of the year
    that were major (reviewed, or major by the review rules), over those whose review
    passed or whose review gate was open (the review gate's own test, as the warning
    ``major_without_review`` uses)."""
    scope = _scope(agency_ids)
    reviewed = set(_pks(ind.major_decisions(scope, period)))
    major, covered = set(reviewed), set()
    decided = ind.decided_cases(scope, period).prefetch_related("legal_reviews")
    for case in decided.order_by("pk"):
        if any(review.passed for review in case.legal_reviews.all()):
            covered.add(case.pk)
            major.add(case.pk)
            continue
        if case.pk in reviewed or assess_major(case).is_major:
            major.add(case.pk)
            if review_gate(case).ok:
                covered.add(case.pk)
    return Measure.rate(covered, major)


def publication(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """公示及时率: items to publish falling due in the year, published on time, over those
    published or overdue (not yet due ones left out)."""
    due = ind.publications_due(_scope(agency_ids), period)
    on_time = due.filter(ind.publication_condition("on_time", today))
    settled = due.exclude(ind.publication_condition("pending", today))
    return Measure.rate(_pks(on_time), _pks(settled))


def recording(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """全过程记录: the steps of the year the recording list required a recording of,
    recorded or with a recorded reason why none exists, over all of them."""
    required = ind.required_recordings(_scope(agency_ids), period)
    kept = required.exclude(ind.required_condition("missing"))
    return Measure.rate(_pks(kept), _pks(required))


def certificates(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """持证率: active officers of the directory holding a certificate valid on the year's
    last day (or today, if earlier)."""
    day = ind.certificate_day(period, today)
    officers = ind.directory_officers(_scope(agency_ids))
    certified = officers.filter(ind.certified_condition(day))
    return Measure.rate(_pks(certified), _pks(officers))


def _corrected(kind: str):
    def compute(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
        remedies = ind.remedies_of(_scope(agency_ids), period).filter(kind=kind)
        return Measure.items(_pks(remedies.filter(ind.remedy_condition("corrected", period))))

    compute.__doc__ = f"{kind} decided against the agency in the year (items)."
    return compute


def warnings_unresolved(agency_ids, period: ind.Period, today: datetime.date) -> Measure:
    """Warnings raised in the year on the agency's work and not resolved now."""
    found = Warning.objects.filter(
        Q(agency_id__in=agency_ids), created_at__date__range=period.as_range()
    ).open()
    return Measure.items(_pks(found))


def register_all() -> None:
    register(
        Source(
            "timeliness", _("Deadlines met on time"), "percent", timeliness, ("deadlines", "late")
        )
    )
    register(
        Source(
            "review_coverage",
            _("Major decisions with legal review"),
            "percent",
            review_coverage,
            ("major", ""),
        )
    )
    register(
        Source(
            "publication",
            _("Publications on time"),
            "percent",
            publication,
            ("publications", "late"),
        )
    )
    register(
        Source(
            "recording",
            _("Required recordings made"),
            "percent",
            recording,
            ("required", "missing"),
        )
    )
    register(
        Source(
            "certificates",
            _("Officers with a valid certificate"),
            "percent",
            certificates,
            ("officers", "uncertified"),
        )
    )
    register(
        Source(
            "reconsideration_corrected",
            _("Reconsiderations decided against the agency"),
            "items",
            _corrected("reconsideration"),
            ("remedies", "reconsideration:corrected"),
        )
    )
    register(
        Source(
            "litigation_lost",
            _("Lawsuits lost"),
            "items",
            _corrected("litigation"),
            ("remedies", "litigation:corrected"),
        )
    )
    register(
        Source(
            "warnings_unresolved",
            _("Warnings not resolved"),
            "items",
            warnings_unresolved,
        )
    )
