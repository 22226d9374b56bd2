"""The warning rules: their definitions (seeded as ``WarningRule`` rows) and the checks
that find the subjects a rule applies to on a given day.

Each check reads the record's own state (deadlines, decisions, reviews, recordings,
publications, inspections, certificates, remedy outcomes) and returns ``Finding`` rows:
one per subject the condition holds for today, with its agency and a sentence saying why.
``alerts.services.evaluate`` turns findings into warnings and resolves the warnings whose
finding is gone. Nothing here writes.

Parameters are thresholds: each rule's ``TIGHTER`` says for each parameter which way
is stricter ("up": a larger value raises earlier, e.g. days before a deadline; "down": a
smaller value does, e.g. the yearly cap), so an agency's own row may only tighten.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.cases import lifecycles
from openenforce.cases.articles import cite
from openenforce.cases.models import Case, CaseHandler, Deadline, Party
from openenforce.catalog.models import (
    Certificate,
    DiscretionStandard,
    EnforcementCategory,
    format_yuan,
)
from openenforce.disclosure.models import Publication
from openenforce.recordings.models import RequiredRecording
from openenforce.remedies.models import Remedy
from openenforce.reviews.major import assess_major
from openenforce.reviews.selectors import review_gate

CASE, PUBLICATION, OFFICER, ENTERPRISE, MATTER, RECTIFICATION = (
    "case",
    "publication",
    "officer",
    "enterprise",
    "matter",
    "rectification",
)


@dataclass(frozen=True)
class Finding:
    """The condition of a rule holds for one subject today."""

    agency_id: int
    subject_kind: str
    subject_id: str
    label: str
    url: str
    message: str


Check = Callable[[dict[str, Any], datetime.date, set[int] | None], list["Finding"]]


@dataclass(frozen=True)
class Definition:
    """A rule as shipped: the seed of its ``WarningRule`` row and its check."""

    code: str
    name: str  # Chinese, as stored; ``label`` is the translated name for the pages
    label: Any
    level: str
    basis: str
    parameters: dict[str, int]
    tighter: dict[str, str]
    check: Check


def _case_label(case: Case) -> str:
    return f"{case.number or '—'} {case.title}"[:300]


def _case_url(case_id: int) -> str:
    return reverse("workbench:case", args=[case_id])


def _case_finding(case: Case, message: str) -> Finding:
    """A finding about a case: its agency, its number and title, a link to its page."""
    return Finding(
        case.agency_id, CASE, str(case.pk), _case_label(case), _case_url(case.pk), message
    )


def _in(queryset, agencies: set[int] | None, field: str = "agency_id"):
    return queryset if agencies is None else queryset.filter(**{f"{field}__in": agencies})


# ----------------------------------------------------------------------------- deadlines


def _deadline_findings(deadlines: Iterable[Deadline], text: Callable[[Deadline], str]):
    """One finding per case (its earliest such deadline)."""
    seen: dict[int, Finding] = {}
    for deadline in deadlines:
        case = deadline.case
        if case.pk in seen:
            continue
        seen[case.pk] = Finding(
            case.agency_id,
            CASE,
            str(case.pk),
            _case_label(case),
            _case_url(case.pk),
            text(deadline),
        )
    return list(seen.values())


def deadline_near(params: dict, today: datetime.date, agencies: set[int] | None) -> list[Finding]:
    days = int(params.get("days", 3))
    rows = (
        _in(
            Deadline.objects.running(today).due_soon(days, today=today), agencies, "case__agency_id"
        )
        .filter(case__closed_on__isnull=True)
        .select_related("case")
        .order_by("due", "id")
    )
    return _deadline_findings(
        rows,
        lambda d: (
            _("%(rule)s is due on %(due)s (%(article)s).")
            % {"rule": d.label, "due": d.due.isoformat(), "article": cite(d.article)}
        ),
    )


def deadline_past(params: dict, today: datetime.date, agencies: set[int] | None) -> list[Finding]:
    rows = (
        _in(Deadline.objects.running(today).overdue(today), agencies, "case__agency_id")
        .filter(case__closed_on__isnull=True)
        .select_related("case")
        .order_by("due", "id")
    )
    return _deadline_findings(
        rows,
        lambda d: (
            _("%(rule)s was due on %(due)s and is overdue (%(article)s).")
            % {"rule": d.label, "due": d.due.isoformat(), "article": cite(d.article)}
        ),
    )


def case_pending_long(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    days = int(params.get("days_beyond", 30))
    limit = today - datetime.timedelta(days=days)
    rows = (
        _in(Deadline.objects.running(today).filter(due__lt=limit), agencies, "case__agency_id")
        .filter(case__closed_on__isnull=True)
        .select_related("case")
        .order_by("due", "id")
    )
    return _deadline_findings(
        rows,
        lambda d: (
            _("Still pending %(days)d days after %(rule)s fell due on %(due)s.")
            % {"days": (today - d.due).days, "rule": d.label, "due": d.due.isoformat()}
        ),
    )


# ----------------------------------------------------------------------------- decisions


def _decided_cases(params: dict, today: datetime.date, agencies: set[int] | None):
    since = today - datetime.timedelta(days=int(params.get("lookback_days", 365)))
    return _in(Case.objects.filter(decided_on__gte=since, decided_on__lte=today), agencies)


def fine_outside_band(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """A decided fine below the lowest or above the highest fine of the matter's
    discretion standard (its bands taken together)."""
    cases = list(
        _decided_cases(params, today, agencies).filter(
            proposed_fine__isnull=False, matter__isnull=False
        )
    )
    bands: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    rows = DiscretionStandard.objects.filter(matter_id__in={c.matter_id for c in cases})
    for standard in rows:
        low, high = bands.get(standard.matter_id, (None, None))
        if standard.fine_min is not None:
            low = standard.fine_min if low is None else min(low, standard.fine_min)
        if standard.fine_max is not None:
            high = standard.fine_max if high is None else max(high, standard.fine_max)
        bands[standard.matter_id] = (low, high)
    found = []
    for case in cases:
        low, high = bands.get(case.matter_id, (None, None))
        fine = case.proposed_fine
        if (low is None or fine >= low) and (high is None or fine <= high):
            continue
        band = f"{format_yuan(low) if low is not None else '0'} – "
        band += format_yuan(high) if high is not None else "…"
        message = _("The fine of %(fine)s yuan is outside the discretion standard's %(band)s.") % {
            "fine": format_yuan(fine),
            "band": band,
        }
        if case.departs_from_standard:
            message += " " + _("A departure from the standard was declared.")
        found.append(_case_finding(case, message))
    return found


def major_without_review(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """A decided case whose decision is major (行政处罚法 Art 58) with no passed review,
    nor a collective discussion that settled the reviewer's disagreement (Art 57): the
    review gate's own test, so the warning and the gate never disagree."""
    found = []
    cases = _decided_cases(params, today, agencies).prefetch_related("legal_reviews")
    for case in cases.order_by("pk"):
        if any(review.passed for review in case.legal_reviews.all()):
            continue
        assessment = assess_major(case)
        if not assessment.is_major or review_gate(case).ok:
            continue
        message = _("A major decision was made without a passed legal review: %(reasons)s") % {
            "reasons": "；".join(assessment.reasons)
        }
        found.append(_case_finding(case, message))
    return found


# ----------------------------------------------------------------------------- recordings


def recording_missing(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """A step the recording list required when it was taken (``RequiredRecording``, kept
    by the recordings app), with neither a recording nor a recorded reason why none
    exists; in open cases and those closed within ``lookback_days``."""
    since = today - datetime.timedelta(days=int(params.get("lookback_days", 365)))
    missing = _in(
        RequiredRecording.objects.missing().filter(
            Q(case__closed_on__isnull=True) | Q(case__closed_on__gte=since)
        ),
        agencies,
    )
    steps: dict[int, list[str]] = defaultdict(list)
    for case_id, step in missing.order_by("case_id", "taken_on", "pk").values_list(
        "case_id", "step"
    ):
        steps[case_id].append(step)
    found = []
    for case in Case.objects.filter(pk__in=list(steps)).order_by("pk"):
        lifecycle = lifecycles.get(case.procedure)
        labels = []
        for code in steps[case.pk]:
            action = lifecycle.action(code) if lifecycle else None
            labels.append(str(action.label) if action else code)
        message = _("No recording and no reason recorded for: %(steps)s.") % {
            "steps": "、".join(labels)
        }
        found.append(
            Finding(
                case.agency_id, CASE, str(case.pk), _case_label(case), _case_url(case.pk), message
            )
        )
    return found


# ----------------------------------------------------------------------------- publication


def publication_overdue(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    grace = int(params.get("grace_days", 0))
    rows = _in(Publication.objects.overdue(today - datetime.timedelta(days=grace)), agencies)
    return [
        Finding(
            item.agency_id,
            PUBLICATION,
            str(item.pk),
            item.title[:300],
            reverse("disclosure:detail", args=[item.pk]),
            _("Due for publication on %(due)s and not yet published (%(article)s).")
            % {
                "due": item.due_on.isoformat(),
                "article": cite(item.due_article) if item.due_article else item.due_rule,
            },
        )
        for item in rows.order_by("due_on", "id")
    ]


# ----------------------------------------------------------------------------- inspections


def inspection_cap(params: dict, today: datetime.date, agencies: set[int] | None) -> list[Finding]:
    """The same enterprise (by its credit code) inspected by one agency more often in the
    calendar year than the yearly cap (国办发〔2024〕54号)."""
    cap = int(params.get("per_year", 2))
    start = today.replace(month=1, day=1)
    rows = (
        _in(
            Party.objects.filter(
                case__category=EnforcementCategory.INSPECTION,
                case__opened_on__gte=start,
                case__opened_on__lte=today,
            ).exclude(credit_code=""),
            agencies,
            "case__agency_id",
        )
        .values("case__agency_id", "credit_code")
        .annotate(times=Count("case", distinct=True))
        .filter(times__gt=cap)
        .order_by("case__agency_id", "credit_code")
    )
    found = []
    for row in rows:
        name = (
            Party.objects.filter(
                case__agency_id=row["case__agency_id"], credit_code=row["credit_code"]
            )
            .values_list("name", flat=True)
            .first()
        )
        found.append(
            Finding(
                row["case__agency_id"],
                ENTERPRISE,
                row["credit_code"],
                f"{name}（{row['credit_code']}）",
                reverse("inspections:targets") + f"?q={row['credit_code']}",
                _("Inspected %(times)d times in %(year)d; the yearly cap is %(cap)d.")
                % {"times": row["times"], "year": today.year, "cap": cap},
            )
        )
    return found


# ----------------------------------------------------------------------------- certificates


def certificate_expiring(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """An officer handling open cases whose certificates are all expired, or whose last
    valid one runs out within ``days``."""
    days = int(params.get("days", 30))
    handlers = _in(
        CaseHandler.objects.active().filter(case__closed_on__isnull=True),
        agencies,
        "case__agency_id",
    ).select_related("officer")
    officers: dict[int, Any] = {}
    counts: dict[int, int] = defaultdict(int)
    for handler in handlers:
        officers[handler.officer_id] = handler.officer
        counts[handler.officer_id] += 1
    until: dict[int, datetime.date] = {}
    for cert in Certificate.objects.valid_on(today).filter(officer_id__in=officers):
        until[cert.officer_id] = max(until.get(cert.officer_id, cert.valid_to), cert.valid_to)
    found = []
    for officer_id, officer in sorted(officers.items()):
        valid_to = until.get(officer_id)
        if valid_to is not None and valid_to > today + datetime.timedelta(days=days):
            continue
        values = {"count": counts[officer_id], "day": valid_to.isoformat() if valid_to else ""}
        if valid_to is None:
            message = _("Holds no valid certificate while handling %(count)d open cases.") % values
        else:
            message = (
                _("The certificate expires on %(day)s while handling %(count)d open cases.")
                % values
            )
        found.append(
            Finding(
                officer.agency_id,
                OFFICER,
                str(officer_id),
                f"{officer.name}（{officer.code}）",
                reverse("catalog:detail", args=["officers", officer_id]),
                message,
            )
        )
    return found


# ----------------------------------------------------------------------------- remedies


def repeated_corrections(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """Decisions of the same matter, or handled by the same officer, corrected on
    reconsideration or lost in litigation ``count`` times or more within ``days``."""
    count, days = int(params.get("count", 2)), int(params.get("days", 365))
    since = today - datetime.timedelta(days=days)
    remedies = _in(
        Remedy.objects.filter(decided_on__gte=since, decided_on__lte=today).select_related(
            "case", "case__matter"
        ),
        agencies,
        "case__agency_id",
    )
    corrected = [remedy for remedy in remedies if remedy.corrects]
    by_matter: dict[int, set[int]] = defaultdict(set)
    matters: dict[int, Any] = {}
    by_officer: dict[int, set[int]] = defaultdict(set)
    for remedy in corrected:
        if remedy.case.matter_id:
            by_matter[remedy.case.matter_id].add(remedy.case_id)
            matters[remedy.case.matter_id] = remedy.case.matter
    lead = CaseHandler.objects.filter(
        case_id__in={r.case_id for r in corrected}, role=CaseHandler.Role.LEAD
    ).select_related("officer")
    officers = {}
    for handler in lead:
        by_officer[handler.officer_id].add(handler.case_id)
        officers[handler.officer_id] = handler.officer
    found = []
    for officer_id, case_ids in sorted(by_officer.items()):
        if len(case_ids) >= count:
            officer = officers[officer_id]
            found.append(
                Finding(
                    officer.agency_id,
                    OFFICER,
                    str(officer_id),
                    f"{officer.name}（{officer.code}）",
                    reverse("catalog:detail", args=["officers", officer_id]),
                    _(
                        "%(count)d decisions led by this officer were corrected on remedy since %(since)s."
                    )
                    % {"count": len(case_ids), "since": since.isoformat()},
                )
            )
    for matter_id, case_ids in sorted(by_matter.items()):
        if len(case_ids) >= count:
            matter = matters[matter_id]
            found.append(
                Finding(
                    matter.agency_id,
                    MATTER,
                    str(matter_id),
                    f"{matter.code} {matter.name}"[:300],
                    reverse("catalog:detail", args=["matters", matter_id]),
                    _(
                        "%(count)d decisions of this matter were corrected on remedy since %(since)s."
                    )
                    % {"count": len(case_ids), "since": since.isoformat()},
                )
            )
    return found


# ----------------------------------------------------------------------------- evaluation


def rectification_overdue(
    params: dict, today: datetime.date, agencies: set[int] | None
) -> list[Finding]:
    """A rectification notice of an evaluation campaign (``evaluation``, docs/evaluation.md
    §5) issued or returned to the agency and not replied to more than ``grace_days``
    after its due day. The warning is the notified agency's."""
    # The evaluation app sits beside alerts (it never imports alerts): read on use.
    from openenforce.evaluation.models import RectificationNotice

    limit = today - datetime.timedelta(days=int(params.get("grace_days", 0)))
    rows = _in(
        RectificationNotice.objects.filter(
            status__in=RectificationNotice.AWAITING_REPLY, due_on__lt=limit
        ),
        agencies,
        "notified_id",
    ).select_related("agency")
    return [
        Finding(
            notice.notified_id,
            RECTIFICATION,
            str(notice.pk),
            f"{notice.number} {notice.agency.name}"[:300],
            reverse("evaluation:rectification", args=[notice.pk]),
            _("The rectification was due on %(due)s; the agency's reply is still outstanding.")
            % {"due": notice.due_on.isoformat()},
        )
        for notice in rows.order_by("due_on", "pk")
    ]


UP, DOWN = "up", "down"

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "deadline_near",
        "期限临近",
        gettext_lazy("Deadline near"),
        "notice",
        "各程序法定期限（行政处罚法第60条、行政许可法第42条等）",
        {"days": 3},
        {"days": UP},
        deadline_near,
    ),
    Definition(
        "deadline_past",
        "期限已过",
        gettext_lazy("Deadline passed"),
        "warning",
        "各程序法定期限（行政处罚法第60条、行政许可法第42条等）",
        {},
        {},
        deadline_past,
    ),
    Definition(
        "case_pending_long",
        "案件久拖未决",
        gettext_lazy("Case pending far beyond its period"),
        "serious",
        "行政处罚法第60条；国办发〔2018〕118号",
        {"days_beyond": 30},
        {"days_beyond": DOWN},
        case_pending_long,
    ),
    Definition(
        "fine_outside_band",
        "罚款超出裁量基准",
        gettext_lazy("Fine outside the discretion standard"),
        "warning",
        "行政处罚法第34条；国办发〔2022〕27号",
        {"lookback_days": 365},
        {"lookback_days": UP},
        fine_outside_band,
    ),
    Definition(
        "major_without_review",
        "重大决定未经法制审核",
        gettext_lazy("Major decision without a passed legal review"),
        "serious",
        "行政处罚法第58条；国办发〔2018〕118号",
        {"lookback_days": 365},
        {"lookback_days": UP},
        major_without_review,
    ),
    Definition(
        "recording_missing",
        "应记录未记录",
        gettext_lazy("Required recording missing"),
        "warning",
        "行政处罚法第47条；国办发〔2018〕118号；音像记录事项清单",
        {"lookback_days": 365},
        {"lookback_days": UP},
        recording_missing,
    ),
    Definition(
        "publication_overdue",
        "公示逾期",
        gettext_lazy("Publication overdue"),
        "warning",
        "行政处罚法第48条；国办发〔2018〕118号",
        {"grace_days": 0},
        {"grace_days": DOWN},
        publication_overdue,
    ),
    Definition(
        "inspection_cap",
        "同一企业检查超频次",
        gettext_lazy("Enterprise inspected more often than the yearly cap"),
        "warning",
        "国办发〔2024〕54号",
        {"per_year": 2},
        {"per_year": DOWN},
        inspection_cap,
    ),
    Definition(
        "certificate_expiring",
        "执法证到期仍在办案",
        gettext_lazy("Certificate expiring while handling cases"),
        "warning",
        "行政处罚法第42条；行政执法证件管理规定",
        {"days": 30},
        {"days": UP},
        certificate_expiring,
    ),
    Definition(
        "repeated_corrections",
        "复议诉讼多次纠错",
        gettext_lazy("Repeated corrections on remedy"),
        "serious",
        "行政复议法；行政诉讼法；国办发〔2018〕118号",
        {"count": 2, "days": 365},
        {"count": DOWN, "days": UP},
        repeated_corrections,
    ),
    Definition(
        "evaluation_rectification_overdue",
        "评查整改逾期",
        gettext_lazy("Rectification after case-file evaluation overdue"),
        "warning",
        "行政处罚法第75条；案卷评查整改通知",
        {"grace_days": 0},
        {"grace_days": DOWN},
        rectification_overdue,
    ),
)

BY_CODE = {definition.code: definition for definition in DEFINITIONS}


def seed_values(definition: Definition) -> dict[str, Any]:
    """The fields of a definition's seeded row."""
    return {
        "name": definition.name,
        "level": definition.level,
        "basis": definition.basis,
        "parameters": dict(definition.parameters),
        "active": True,
    }


def seed_into(rule_model) -> None:
    """Create the installation's rules that are missing (the data migration's work)."""
    for definition in DEFINITIONS:
        if not rule_model.objects.filter(code=definition.code, agency__isnull=True).exists():
            rule_model(
                code=definition.code, agency=None, seeded=True, **seed_values(definition)
            ).save()


def check_seeded(rows) -> dict[str, str | None]:
    """Rules without a record entry: a seeded rule exactly as defined is vouched for."""
    result: dict[str, str | None] = {}
    for rule in rows:
        definition = BY_CODE.get(rule.code)
        same = definition is not None and all(
            getattr(rule, name) == value for name, value in seed_values(definition).items()
        )
        ok = rule.seeded and rule.agency_id is None and same
        result[str(rule.pk)] = None if ok else "has no entry in the record"
    return result


def loosens(code: str, base: dict[str, Any], proposed: dict[str, Any]) -> list[str]:
    """The parameters of ``proposed`` that are less strict than ``base``'s (or unknown)."""
    tighter = BY_CODE[code].tighter
    wrong = []
    for name, value in proposed.items():
        direction = tighter.get(name)
        if (
            direction is None
            or name not in base
            or (direction == UP and value < base[name])
            or (direction == DOWN and value > base[name])
        ):
            wrong.append(name)
    return wrong
