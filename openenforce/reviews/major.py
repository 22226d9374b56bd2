"""Whether a case's proposed decision is "major" and must pass legal review first.

A decision is major (行政处罚法 Art 58) when it meets a threshold of any entry of the
agency's review catalogue (重大执法决定法制审核目录清单) that applies to the case, when a
hearing was held (major rights, Art 58 para 1 item 2), when the case is difficult and
complex (item 3), or when the agency head referred it. The catalogue is data: each agency
sets its own thresholds (docs/domain.md §3, [local]). Everything here only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from openenforce.catalog.models import (
    EnforcementCategory,
    PenaltyKind,
    ReviewCatalogueEntry,
    format_yuan,
)

PERSON, ORGANISATION = "person", "organisation"  # cases.Party.Kind values


@dataclass(frozen=True)
class MajorAssessment:
    """The verdict and, when major, one sentence per reason, each naming its rule."""

    is_major: bool
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProposedDecision:
    """What the check reads from a case: who the parties are and what is proposed."""

    agency_id: int
    category: str
    matter_id: int | None
    party_kinds: frozenset[str] = frozenset()
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    penalty_kinds: frozenset[str] = frozenset()
    hearing_held: bool = False
    departs_from_standard: bool = False
    head_referral: bool = False
    is_complex: bool = False


def proposed_decision(case) -> ProposedDecision:
    """The facts of ``case`` the check needs (one query for the parties' kinds)."""
    return ProposedDecision(
        agency_id=case.agency_id,
        category=case.category,
        matter_id=case.matter_id,
        party_kinds=frozenset(case.parties.values_list("kind", flat=True)),
        fine=case.proposed_fine,
        confiscation=case.proposed_confiscation,
        penalty_kinds=frozenset(case.proposed_penalty_kinds or ()),
        hearing_held=case.hearing_held,
        departs_from_standard=case.departs_from_standard,
        head_referral=case.head_referral,
        is_complex=case.is_complex,
    )


def proposal_snapshot(case) -> dict:
    """The parts of the proposed decision a review opinion covers, as stored JSON."""
    amounts = {"fine": case.proposed_fine, "confiscation": case.proposed_confiscation}
    snapshot = {k: (str(v) if v is not None else None) for k, v in amounts.items()}
    snapshot["penalty_kinds"] = sorted(case.proposed_penalty_kinds or [])
    return snapshot


def applicable_entries(facts: ProposedDecision) -> list[ReviewCatalogueEntry]:
    """Entries in force of the case's own agency, for its category, for its matter or
    for every matter. Suspended and repealed entries never count."""
    return list(
        ReviewCatalogueEntry.objects.filter(
            agency_id=facts.agency_id,
            status=ReviewCatalogueEntry.Status.ACTIVE,
            category=facts.category,
        )
        .filter(Q(matter__isnull=True) | Q(matter_id=facts.matter_id))
        .order_by("code")
    )


def assess_major(case) -> MajorAssessment:
    """Whether ``case``'s proposed decision is major, with the reasons in the active language."""
    facts = proposed_decision(case)
    return evaluate(facts, applicable_entries(facts))


def article_code(category: str) -> str:
    """The rule in the short form refusals carry (``DomainError.article``)."""
    if category == EnforcementCategory.PENALTY:
        return "行政处罚法 Art 58"
    return "国办发〔2018〕118号"


def article_for(category: str) -> str:
    """The rule requiring review: the Penalty Law for penalties, the State Council
    guidance for the other categories."""
    if category == EnforcementCategory.PENALTY:
        return _("Administrative Penalty Law Art 58")
    return _("State Council General Office Guidance No. 118 (2018)")


def evaluate(facts: ProposedDecision, entries: Iterable[ReviewCatalogueEntry]) -> MajorAssessment:
    """Pure: the reasons ``facts`` is major under ``entries`` and the statutory grounds."""
    reasons: list[str] = []
    for entry in entries:
        reasons.extend(_entry_reasons(facts, entry))
    reasons.extend(_statutory_reasons(facts, reasons))
    article = article_for(facts.category)
    cited = [_("%(reason)s (%(article)s)") % {"reason": r, "article": article} for r in reasons]
    return MajorAssessment(is_major=bool(cited), reasons=cited)


def _kinds_to_try(facts: ProposedDecision) -> list[str]:
    # No party recorded yet: try both thresholds, so the stricter one applies.
    return sorted(facts.party_kinds & {PERSON, ORGANISATION}) or [PERSON, ORGANISATION]


def _kind_label(kind: str) -> str:
    return _("natural person") if kind == PERSON else _("organisation")


def _amount_reasons(facts: ProposedDecision, entry: ReviewCatalogueEntry) -> list[str]:
    checks = (
        (facts.fine, "fine", _("Fine of %(amount)s yuan")),
        (facts.confiscation, "confiscation", _("Confiscation of %(amount)s yuan")),
    )
    reasons = []
    for amount, name, what in checks:
        if amount is None or amount <= 0:
            continue
        for kind in _kinds_to_try(facts):
            suffix = "person" if kind == PERSON else "org"
            threshold = getattr(entry, f"{name}_threshold_{suffix}")
            if threshold is not None and amount >= threshold:
                reasons.append(
                    _(
                        "%(what)s ≥ %(threshold)s yuan set by review catalogue entry %(entry)s (%(kind)s)"
                    )
                    % {
                        "what": what % {"amount": format_yuan(amount)},
                        "threshold": format_yuan(threshold),
                        "entry": _entry_name(entry),
                        "kind": _kind_label(kind),
                    }
                )
                break  # one reason per amount is enough
    return reasons


def _entry_name(entry: ReviewCatalogueEntry) -> str:
    return pgettext("review catalogue entry", "%(code)s “%(name)s”") % {
        "code": entry.code,
        "name": entry.name,
    }


def _kinds_reason(facts: ProposedDecision, entry: ReviewCatalogueEntry) -> list[str]:
    listed = [k for k in entry.penalty_kinds if k in facts.penalty_kinds]
    if not listed:
        return []
    labels = [str(PenaltyKind(k).label) if k in PenaltyKind.values else k for k in listed]
    return [
        _("Proposed penalty %(kinds)s is listed in review catalogue entry %(entry)s")
        % {"kinds": pgettext("list", ", ").join(labels), "entry": _entry_name(entry)}
    ]


def _flag_reasons(facts: ProposedDecision, entry: ReviewCatalogueEntry) -> list[str]:
    flags = (
        (entry.hearing_held and facts.hearing_held, _("A hearing was held")),
        (
            entry.departs_from_standard and facts.departs_from_standard,
            _("The proposed decision departs from the discretion standard"),
        ),
        (entry.head_referral and facts.head_referral, _("The agency head referred the case")),
    )
    return [
        _("%(what)s, which review catalogue entry %(entry)s makes major")
        % {"what": what, "entry": _entry_name(entry)}
        for met, what in flags
        if met
    ]


def _entry_reasons(facts: ProposedDecision, entry: ReviewCatalogueEntry) -> list[str]:
    return [
        *_amount_reasons(facts, entry),
        *_kinds_reason(facts, entry),
        *_flag_reasons(facts, entry),
    ]


def _statutory_reasons(facts: ProposedDecision, found: list[str]) -> list[str]:
    """The grounds that apply whatever the catalogue says (Art 58 items 2 and 3, and a
    head's referral), unless a catalogue entry already named the same fact."""
    hearing_named = any(_("A hearing was held") in r for r in found)
    referral_named = any(_("The agency head referred the case") in r for r in found)
    grounds = (
        (
            facts.hearing_held and not hearing_named,
            _("A hearing was held: the decision directly concerns major rights of the party"),
        ),
        (
            facts.is_complex,
            _("The case is difficult and complex, involving several legal relationships"),
        ),
        (
            facts.head_referral and not referral_named,
            _("The agency head referred the case for legal review"),
        ),
    )
    return [str(text) for met, text in grounds if met]
