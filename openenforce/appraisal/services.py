"""Every change to an appraisal, each recorded in the same transaction.

A scheme is loaded as a draft (from the shipped default or a file of that shape) and
published; published, it is fixed. ``compute_scorecards`` computes (or recomputes) the
draft scorecard of every agency the body supervises from the record; the supervisor
enters the manual parts (外部评议) and bonus or deductions, each with a reason, and
confirms: a confirmed scorecard is frozen and the agency may read it.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.appraisal import permissions as perms
from openenforce.appraisal import registry, rules, spec
from openenforce.appraisal.models import Indicator, Scheme, Scorecard
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.ledger.services import create_recorded, delete_recorded, record
from openenforce.supervision.indicators import Period

FIRST_YEAR = 2000


def _refuse() -> None:
    raise NotPermitted(
        _("Only the supervising body's supervisors run its appraisal."),
        code="appraisal_not_permitted",
    )


def _check(actor, agency_id: int, trusted: bool = False) -> None:
    if not trusted and not perms.may_manage(actor, agency_id):
        _refuse()


def _record(subject, actor, what: str, agency: Agency) -> None:
    kind = type(subject).__name__.lower()
    record(actor=actor, event_type=f"appraisal.{kind}.{what}", subject=subject, agency=agency)


def _year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise InvalidInput(
            _("Choose a year that has begun."),
            code="appraisal_year",
            problems=[FieldProblem("year", _("Choose a year that has begun."))],
        )


@transaction.atomic
def load_scheme(
    agency: Agency,
    year: int,
    *,
    actor,
    scheme_spec: spec.SchemeSpec | None = None,
    title: str = "",
    trusted: bool = False,
) -> Scheme:
    """A draft scheme of ``agency`` for ``year`` with its indicators, from ``scheme_spec``
    (the shipped default when None)."""
    _check(actor, agency.pk, trusted)
    _year(year)
    if Scheme.objects.filter(agency=agency, year=year).exists():
        raise WrongState(
            _("The body already has a scheme for %(year)d.") % {"year": year},
            code="appraisal_scheme_exists",
        )
    found = scheme_spec or spec.load()
    scheme = Scheme.objects.create(
        agency=agency,
        year=year,
        title=title.strip() or f"{year}年度{found.title}",
        weights=found.weights,
        parts=found.parts,
        max_bonus=found.max_bonus,
        basis=found.basis,
        created_by=actor,
    )
    _record(scheme, actor, "created", agency)
    indicators = [
        Indicator(scheme=scheme, position=n, **vars(item))
        for n, item in enumerate(found.indicators, start=1)
    ]
    create_recorded(
        indicators, actor=actor, event_type="appraisal.indicator.created", agency=agency
    )
    return scheme


@transaction.atomic
def publish_scheme(scheme: Scheme, *, actor, trusted: bool = False) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _check(actor, scheme.agency_id, trusted)
    if scheme.is_published:
        raise WrongState(_("The scheme is already published."), code="appraisal_published")
    scheme.status, scheme.published_at, scheme.published_by = (
        Scheme.Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    scheme.save()
    _record(scheme, actor, "published", scheme.agency)
    return scheme


def appraised_agencies(scheme: Scheme):
    """The agencies the scheme's body supervises, by name."""
    return scheme.agency.supervises.order_by("name")


def units(agency: Agency) -> frozenset[int]:
    """Whose work an agency's scorecard measures: the agency's own, as the supervision
    figures for that agency count it (so each value drills down to the same list). A
    subordinate unit the body supervises is appraised on its own scorecard."""
    return frozenset({agency.pk})


def _digest(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def measure_all(scheme: Scheme, agency: Agency) -> dict:
    """Every computed indicator of the scheme for ``agency``, as stored."""
    period, today, ids = Period.year(scheme.year), timezone.localdate(), units(agency)
    values = {}
    for indicator in scheme.indicators.all():
        if indicator.is_manual:
            continue
        found = registry.measure(indicator.key, ids, period, today)
        values[indicator.key] = found.stored()
    return values


def _score(scorecard: Scorecard) -> None:
    """Each indicator's points, the parts' and the total, from the stored values, the
    entered parts and the adjustments."""
    scheme = scorecard.scheme
    lines = []
    for indicator in scheme.indicators.all():
        row = scorecard.values.setdefault(indicator.key, {})
        if indicator.is_manual:
            entered = scorecard.manual.get(indicator.key)
            row.update(
                value=entered["points"] if entered else None,
                status=registry.OK if entered else registry.MISSING,
            )
        value = row.get("value") if row.get("status") == registry.OK else None
        earned = rules.earned(indicator.rule, indicator.points, value)
        row["earned"] = None if earned is None else str(earned)
        applicable = row.get("status") != registry.NONE
        lines.append(rules.Line(indicator.part, indicator.points, earned, applicable))
    parts = rules.part_points(lines, scheme.weights)
    scorecard.part_points = {part: str(points) for part, points in parts.items()}
    adjustments = [Decimal(a["points"]) for a in scorecard.adjustments]
    scorecard.total = rules.total(parts, adjustments, scheme.max_bonus)
    scorecard.digest = _digest(scorecard.values)


@transaction.atomic
def compute_scorecard(scheme: Scheme, agency: Agency, *, actor) -> Scorecard:
    """The agency's draft scorecard computed (or recomputed) from the record."""
    card = Scorecard.objects.select_for_update().filter(scheme=scheme, agency=agency).first()
    created = card is None
    if card is None:
        card = Scorecard(scheme=scheme, agency=agency)
    elif card.is_confirmed:
        raise WrongState(
            _("The scorecard of %(agency)s is confirmed and stays as it is.")
            % {"agency": agency.name},
            code="appraisal_confirmed",
        )
    card.values = measure_all(scheme, agency)
    card.computed_at, card.computed_by = timezone.now(), actor
    _score(card)
    card.save()
    _record(card, actor, "computed" if created else "recomputed", scheme.agency)
    return card


@transaction.atomic
def compute_scorecards(scheme: Scheme, *, actor, trusted: bool = False) -> list[Scorecard]:
    """The draft scorecard of every agency the body supervises, computed from the record;
    confirmed ones are left as they are. Only under a published scheme of a year that
    has begun."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _check(actor, scheme.agency_id, trusted)
    if not scheme.is_published:
        raise WrongState(
            _("Publish the scheme before computing scorecards."), code="appraisal_draft_scheme"
        )
    _year(scheme.year)
    confirmed = set(
        scheme.scorecards.filter(status=Scorecard.Status.CONFIRMED).values_list(
            "agency_id", flat=True
        )
    )
    return [
        compute_scorecard(scheme, agency, actor=actor)
        for agency in appraised_agencies(scheme)
        if agency.pk not in confirmed
    ]


def _draft(scorecard: Scorecard, actor, trusted: bool = False) -> Scorecard:
    card = Scorecard.objects.select_for_update().select_related("scheme").get(pk=scorecard.pk)
    _check(actor, card.scheme.agency_id, trusted)
    if card.is_confirmed:
        raise WrongState(
            _("The scorecard is confirmed and can no longer change."), code="appraisal_confirmed"
        )
    return card


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("Give the reason."),
            code="appraisal_reason_missing",
            problems=[FieldProblem("reason", _("Give the reason."))],
        )
    return reason


def _points(value, field: str = "points") -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise InvalidInput(
            _("Enter the points as a number."),
            code="appraisal_points",
            problems=[FieldProblem(field, _("Enter the points as a number."))],
        )
    return rules.quantize(number)


@transaction.atomic
def enter_points(scorecard: Scorecard, *, actor, key: str, points, reason: str) -> Scorecard:
    """The points of a manual indicator (e.g. 外部评议), between zero and its points,
    with the reason."""
    card = _draft(scorecard, actor)
    indicator = card.scheme.indicators.filter(key=key).first()
    if indicator is None or not indicator.is_manual:
        raise InvalidInput(
            _("No indicator to enter is called %(key)s.") % {"key": key}, code="appraisal_key"
        )
    number = _points(points)
    if not Decimal(0) <= number <= indicator.points:
        message = _("Enter between 0 and %(points)s points.") % {"points": indicator.points}
        raise InvalidInput(
            message, code="appraisal_points", problems=[FieldProblem("points", message)]
        )
    card.manual = {
        **card.manual,
        key: {"points": str(number), "reason": _reason(reason), "by": actor.pk},
    }
    _score(card)
    card.save()
    _record(card, actor, "entered", card.scheme.agency)
    return card


@transaction.atomic
def adjust(scorecard: Scorecard, *, actor, points, reason: str) -> Scorecard:
    """A bonus (positive) or a deduction (negative), with the reason."""
    card = _draft(scorecard, actor)
    number = _points(points)
    if number == 0:
        message = _("A bonus or a deduction is not zero.")
        raise InvalidInput(
            message, code="appraisal_points", problems=[FieldProblem("points", message)]
        )
    card.adjustments = [
        *card.adjustments,
        {"points": str(number), "reason": _reason(reason), "by": actor.pk},
    ]
    _score(card)
    card.save()
    _record(card, actor, "adjusted", card.scheme.agency)
    return card


@transaction.atomic
def withdraw_adjustment(scorecard: Scorecard, *, actor, index: int) -> Scorecard:
    card = _draft(scorecard, actor)
    if not 0 <= index < len(card.adjustments):
        raise InvalidInput(_("No such bonus or deduction."), code="appraisal_adjustment")
    card.adjustments = [a for n, a in enumerate(card.adjustments) if n != index]
    _score(card)
    card.save()
    _record(card, actor, "adjustment_withdrawn", card.scheme.agency)
    return card


@transaction.atomic
def confirm(scorecard: Scorecard, *, actor, trusted: bool = False) -> Scorecard:
    """Freeze the scorecard: nothing changes it afterwards, and the agency reads it."""
    card = _draft(scorecard, actor, trusted)
    card.status, card.confirmed_at, card.confirmed_by = (
        Scorecard.Status.CONFIRMED,
        timezone.now(),
        actor,
    )
    card.save()
    _record(card, actor, "confirmed", card.scheme.agency)
    return card


# -- editing a draft scheme ---------------------------------------------------------------


def _editable(scheme: Scheme, actor) -> Scheme:
    """The draft scheme, locked; a published one stays fixed (409)."""
    scheme = Scheme.objects.select_for_update().select_related("agency").get(pk=scheme.pk)
    _check(actor, scheme.agency_id)
    if scheme.is_published:
        raise WrongState(
            _("The scheme is published and can no longer change."),
            code="appraisal_published",
        )
    return scheme


def _number(value, field: str, label: str) -> Decimal:
    """A finite number from input; ``InvalidInput`` naming the field otherwise."""
    try:
        number = Decimal(str(value).strip()) if value is not None else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        message = _("%(field)s: enter a number.") % {"field": label}
        raise InvalidInput(
            message, code="appraisal_number", problems=[FieldProblem(field, message)]
        )
    return number


def _refuse_field(field: str, message: str, code: str = "appraisal_invalid") -> None:
    raise InvalidInput(message, code=code, problems=[FieldProblem(field, message)])


def _text(value, field: str, label: str, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        _refuse_field(field, _("%(field)s: this field is required.") % {"field": label})
    return text


@transaction.atomic
def edit_scheme(
    scheme: Scheme,
    *,
    actor,
    title: str,
    basis: str,
    max_bonus,
    weights: dict,
    part_titles: dict,
) -> Scheme:
    """A draft scheme's title, basis, bonus points at most, and each part's title and
    weight (whole numbers, zero or more, adding up to 100). ``weights`` and
    ``part_titles`` map the scheme's part codes to the new values; fields are named
    ``weight_<code>`` and ``part_title_<code>`` in the problems."""
    scheme = _editable(scheme, actor)
    title = _text(title, "title", _("Title"))
    bonus = _number(max_bonus, "max_bonus", _("Bonus points at most"))
    if bonus < 0:
        _refuse_field("max_bonus", _("Bonus points at most: zero or more."))
    new_weights: dict[str, int] = {}
    new_parts: dict[str, str] = {}
    for code, old_title in scheme.parts.items():
        label = str(old_title)
        field = f"weight_{code}"
        number = _number(weights.get(code), field, _("Weight of %(part)s") % {"part": label})
        if number < 0 or number != number.to_integral_value():
            _refuse_field(
                field,
                _("Weight of %(part)s: a whole number, zero or more.") % {"part": label},
            )
        new_weights[code] = int(number)
        new_parts[code] = _text(
            part_titles.get(code, old_title),
            f"part_title_{code}",
            _("Title of part %(part)s") % {"part": label},
        )
    if sum(new_weights.values()) != 100:
        message = _("The weights of the parts must add up to 100 (now %(sum)d).") % {
            "sum": sum(new_weights.values())
        }
        raise InvalidInput(
            message,
            code="appraisal_weights",
            problems=[FieldProblem(f"weight_{code}", message) for code in new_weights],
        )
    scheme.title, scheme.basis, scheme.max_bonus = title, str(basis or "").strip(), bonus
    scheme.weights, scheme.parts = new_weights, new_parts
    scheme.save()
    _record(scheme, actor, "edited", scheme.agency)
    return scheme


def _rule(kind: str, data: dict, source: registry.Source | None) -> dict:
    """The rule of ``kind`` from the input (``target``, ``floor``, ``per_item``),
    checked per kind; each problem names its field."""
    if kind == "linear":
        target = _number(data.get("target"), "target", _("Target (full points)"))
        floor = _number(data.get("floor"), "floor", _("Floor (no points)"))
        if source is not None and source.unit == "percent":
            for name, value, label in (
                ("target", target, _("Target (full points)")),
                ("floor", floor, _("Floor (no points)")),
            ):
                if not Decimal(0) <= value <= Decimal(100):
                    _refuse_field(
                        name, _("%(field)s: a percentage between 0 and 100.") % {"field": label}
                    )
        if target == floor:
            _refuse_field("floor", _("Floor (no points): must differ from the target."))
        return {"kind": "linear", "target": _plain(target), "floor": _plain(floor)}
    if kind == "deduct":
        per_item = _number(data.get("per_item"), "per_item", _("Points less per item"))
        if per_item <= 0:
            _refuse_field("per_item", _("Points less per item: more than zero."))
        return {"kind": "deduct", "per_item": _plain(per_item)}
    if kind == "manual":
        return {"kind": "manual"}
    _refuse_field("kind", _("Rule: linear, deduct or manual."))
    return {}


def _plain(number: Decimal) -> int | float:
    """A number as the scheme file writes it (95, not "95.00")."""
    return int(number) if number == number.to_integral_value() else float(number)


def _indicator_points(value) -> Decimal:
    points = _number(value, "points", _("Points"))
    if points <= 0 or points > 1000:
        _refuse_field("points", _("Points: more than zero, at most 1000."))
    return rules.quantize(points)


@transaction.atomic
def edit_indicator(indicator: Indicator, *, actor, data: dict) -> Indicator:
    """A draft scheme's indicator: ``title``, ``points``, ``basis`` and its rule's
    numbers (linear ``target`` and ``floor``; deduct ``per_item``). The kind stays; an
    edited indicator is the body's own, no longer the system's proposal."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    scheme = _editable(indicator.scheme, actor)
    indicator.title = _text(data.get("title"), "title", _("Title"))
    indicator.points = _indicator_points(data.get("points"))
    indicator.rule = _rule(indicator.kind, data, registry.get(indicator.key))
    indicator.basis = str(data.get("basis") or "").strip()
    indicator.proposal = False
    indicator.save()
    _record(indicator, actor, "edited", scheme.agency)
    return indicator


def addable_keys(scheme: Scheme) -> list[registry.Source]:
    """The computed indicators registered and not yet in the scheme, by key."""
    used = set(scheme.indicators.values_list("key", flat=True))
    return [s for key, s in sorted(registry.SOURCES.items()) if key not in used]


@transaction.atomic
def add_indicator(scheme: Scheme, *, actor, data: dict) -> Indicator:
    """A computed indicator (``key`` from ``appraisal.registry``, not yet in the scheme)
    in one of its parts, with its points and rule: linear for a percentage, deduct for
    a number of items."""
    scheme = _editable(scheme, actor)
    key = str(data.get("key") or "").strip()
    source = registry.get(key)
    if source is None:
        _refuse_field("key", _("Indicator: choose one of the computed indicators."))
    if scheme.indicators.filter(key=key).exists():
        _refuse_field("key", _("Indicator: the scheme has it already."))
    part = str(data.get("part") or "")
    if part not in scheme.parts:
        _refuse_field("part", _("Part: choose one of the scheme's parts."))
    assert source is not None
    kind = "linear" if source.unit == "percent" else "deduct"
    title = str(data.get("title") or "").strip() or str(source.title)
    last = scheme.indicators.order_by("-position").values_list("position", flat=True).first()
    indicator = Indicator(
        scheme=scheme,
        position=(last or 0) + 1,
        part=part,
        key=key,
        title=title,
        points=_indicator_points(data.get("points")),
        rule=_rule(kind, data, source),
        basis=str(data.get("basis") or "").strip(),
        proposal=False,
    )
    create_recorded(
        [indicator], actor=actor, event_type="appraisal.indicator.added", agency=scheme.agency
    )
    return indicator


@transaction.atomic
def remove_indicator(indicator: Indicator, *, actor) -> None:
    """Take an indicator out of a draft scheme (a part may be left without indicators:
    it then earns nothing)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    scheme = _editable(indicator.scheme, actor)
    delete_recorded(
        indicator, actor=actor, event_type="appraisal.indicator.removed", agency=scheme.agency
    )


@transaction.atomic
def discard_scheme(scheme: Scheme, *, actor) -> None:
    """Discard a draft scheme with its indicators: the body may load a new one for the
    year. The record keeps every state the draft had."""
    scheme = _editable(scheme, actor)
    for indicator in scheme.indicators.order_by("position"):
        delete_recorded(
            indicator,
            actor=actor,
            event_type="appraisal.indicator.removed",
            agency=scheme.agency,
        )
    delete_recorded(
        scheme, actor=actor, event_type="appraisal.scheme.discarded", agency=scheme.agency
    )
