"""Warnings raised, acknowledged and resolved; rules changed. Every change is recorded
(``ledger.services.record``) in the same transaction.

``evaluate(today=...)`` is idempotent: each active rule's check (``alerts.rules``) finds
the subjects its condition holds for today; a subject without an unresolved warning of
that rule gets one, and an unresolved warning whose subject is no longer found is
resolved by the system with the reason that its condition ended. Running it twice in a
day changes nothing. A warning always names the installation's rule (the row without an
agency); an agency's own row only supplies the stricter parameters its check runs with.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, Role, User
from openenforce.accounts.permissions import can_read_agency
from openenforce.accounts.services import get_system_actor
from openenforce.alerts import rules
from openenforce.alerts.models import Level, Warning, WarningRule
from openenforce.core import todo
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.ledger.services import bulk_update_recorded, record


@dataclass
class Evaluation:
    """What one evaluation did: warnings raised and resolved, as (rule code, subject)."""

    raised: list[tuple[str, str]] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)


def _condition_ended() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The condition no longer holds.")


def _rule_off() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The rule was switched off.")


def overrides(code: str) -> dict[int, dict[str, Any]]:
    """Agency id -> the parameters of that agency's own row for rule ``code``."""
    rows = WarningRule.objects.filter(code=code, agency__isnull=False)
    return {row.agency_id: dict(row.parameters) for row in rows if row.agency_id is not None}


def effective_parameters(rule: WarningRule, agency_id: int | None) -> dict[str, Any]:
    params = dict(rule.parameters)
    if agency_id is not None:
        params.update(overrides(rule.code).get(agency_id, {}))
    return params


def _findings(
    rule: WarningRule, today: datetime.date, language: str | None = None
) -> dict[tuple[str, str], rules.Finding]:
    """The rule's findings today, worded in ``language`` (the installation's by default):
    with its own parameters for every agency without its own row, and with each agency's
    parameters for that agency alone."""
    definition = rules.BY_CODE.get(rule.code)
    if definition is None or not rule.active:
        return {}
    own = overrides(rule.code)
    found = []
    with translation.override(language or settings.LANGUAGE_CODE):
        for finding in definition.check(dict(rule.parameters), today, None):
            if finding.agency_id not in own:
                found.append(finding)
        for agency_id, params in own.items():
            found += definition.check({**rule.parameters, **params}, today, {agency_id})
    return {(f.subject_kind, f.subject_id): f for f in found}


def _messages(
    rule: WarningRule, today: datetime.date, found: dict, new: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, str]]:
    """The messages of the ``new`` findings in each of the installation's languages (the
    rule's check runs again in each other language, only when something is new)."""
    result = {key: {settings.LANGUAGE_CODE: found[key].message} for key in new}
    if not new:
        return result
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        worded = _findings(rule, today, code)
        for key in new:
            if key in worded:
                result[key][code] = worded[key].message
    return result


@transaction.atomic
def evaluate_rule(
    rule: WarningRule, *, today: datetime.date | None = None, actor: User | None = None
) -> Evaluation:
    today = today or timezone.localdate()
    actor = actor or get_system_actor()
    result = Evaluation()
    found = _findings(rule, today)
    current = {
        (w.subject_kind, w.subject_id): w
        for w in Warning.objects.open().filter(rule=rule).select_for_update()
    }
    new = [key for key in found if key not in current]
    messages = _messages(rule, today, found, new)
    for key in new:
        finding = found[key]
        warning = Warning(
            rule=rule,
            agency_id=finding.agency_id,
            subject_kind=finding.subject_kind,
            subject_id=finding.subject_id,
            subject_label=finding.label[:300],
            url=finding.url[:300],
            message=finding.message,
            messages=messages[key],
            level=rule.level,
            raised_on=today,
        )
        warning.save()
        record(actor=actor, event_type="alerts.warning.raised", subject=warning)
        result.raised.append((rule.code, finding.label))
    reason = _condition_ended() if rule.active else _rule_off()
    for key, warning in current.items():
        if key not in found:
            _close(warning, actor=actor, reason=reason, automatic=True)
            result.resolved.append((rule.code, warning.subject_label))
    return result


def evaluate(*, today: datetime.date | None = None, actor: User | None = None) -> Evaluation:
    """Evaluate every installation rule (one transaction per rule)."""
    total = Evaluation()
    for rule in WarningRule.objects.filter(agency__isnull=True).order_by("code"):
        done = evaluate_rule(rule, today=today, actor=actor)
        total.raised += done.raised
        total.resolved += done.resolved
    return total


def daily_step(today: datetime.date | None) -> Evaluation:
    """The step registered with ``core.daily`` (the workbench's daily job)."""
    return evaluate(today=today)


# ----------------------------------------------------------------------------- people


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        message = _("Enter the reason.")
        raise InvalidInput(
            message, code="reason_required", problems=[FieldProblem("reason", message)]
        )
    return text[:2000]


def may_act(user: User, warning: Warning) -> bool:
    """Staff of the warning's own agency (not supervisors of it, who read only)."""
    if user.is_superuser:
        return True
    return user.is_active and user.agency_id == warning.agency_id


def _check(actor: User, warning: Warning) -> None:
    """Staff of another agency get 404; supervisors who may read it, 403."""
    if may_act(actor, warning):
        return
    if can_read_agency(actor, warning.agency_id):
        raise NotPermitted(
            _("Only the warning's own agency acknowledges or resolves it."), code="not_permitted"
        )
    raise NotFound(_("Not found."), code="not_found")


def _close(warning: Warning, *, actor: User, reason: str, automatic: bool = False) -> None:
    warning.status = Warning.Status.RESOLVED
    warning.resolved_by = None if automatic else actor
    warning.resolved_at = timezone.now()
    warning.reason = reason
    warning.save()
    record(actor=actor, event_type="alerts.warning.resolved", subject=warning)


@transaction.atomic
def acknowledge(warning: Warning, *, actor: User, reason: str) -> Warning:
    """The warning is seen and being dealt with: ``reason`` says how."""
    _check(actor, warning)
    text = _reason(reason)
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    if warning.status != Warning.Status.OPEN:
        raise WrongState(_("Only an open warning can be acknowledged."), code="warning_wrong_state")
    warning.status = Warning.Status.ACKNOWLEDGED
    warning.acknowledged_by = actor
    warning.acknowledged_at = timezone.now()
    warning.reason = text
    warning.save()
    record(actor=actor, event_type="alerts.warning.acknowledged", subject=warning)
    todo.forget(actor)
    return warning


@transaction.atomic
def resolve(warning: Warning, *, actor: User, reason: str) -> Warning:
    """Close the warning with ``reason``. If its condition still holds, the next
    evaluation raises it again."""
    _check(actor, warning)
    text = _reason(reason)
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    if warning.status == Warning.Status.RESOLVED:
        raise WrongState(_("The warning is resolved already."), code="warning_wrong_state")
    _close(warning, actor=actor, reason=text)
    todo.forget(actor)
    return warning


# ----------------------------------------------------------------------------- rules


def _clean_parameters(code: str, raw: Any) -> dict[str, int]:
    definition = rules.BY_CODE.get(code)
    known = set(definition.parameters) if definition else set()
    if not isinstance(raw, dict):
        raw = None
    problems = []
    if raw is not None:
        for name, value in raw.items():
            if name not in known:
                problems.append(_("Unknown parameter: %(name)s.") % {"name": name})
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(
                    _("The parameter %(name)s must be a whole number, 0 or more.") % {"name": name}
                )
    if raw is None or problems:
        message = problems[0] if problems else _("The parameters must be a JSON object.")
        raise InvalidInput(
            message, code="invalid_input", problems=[FieldProblem("parameters", message)]
        )
    return dict(raw)


def _may_change_rules(actor: User, agency: Agency | None) -> bool:
    if actor.is_superuser:
        return True
    if agency is None:
        return False
    return actor.agency_id == agency.pk and actor.has_role(Role.ADMIN, Role.HEAD)


@transaction.atomic
def change_rule(
    rule: WarningRule,
    *,
    actor: User,
    level: str | None = None,
    parameters: dict[str, Any] | None = None,
    active: bool | None = None,
    basis: str | None = None,
) -> WarningRule:
    """Change an installation rule (superusers only). For an agency's own thresholds use
    ``set_agency_parameters``."""
    if rule.agency is not None:
        return set_agency_parameters(
            rule.code, actor=actor, agency=rule.agency, parameters=parameters or {}
        )
    if not _may_change_rules(actor, None):
        raise NotPermitted(
            _("Only the installation's administrators change the warning rules."),
            code="not_permitted",
        )
    rule = WarningRule.objects.select_for_update().get(pk=rule.pk)
    relevel = False
    if level is not None:
        if level not in Level.values:
            message = _("Choose a level.")
            raise InvalidInput(
                message, code="invalid_input", problems=[FieldProblem("level", message)]
            )
        relevel = level != rule.level
        rule.level = level
    if parameters is not None:
        rule.parameters = {**rule.parameters, **_clean_parameters(rule.code, parameters)}
    if active is not None:
        rule.active = bool(active)
    if basis is not None:
        if not basis.strip():
            message = _("Enter the basis.")
            raise InvalidInput(
                message, code="invalid_input", problems=[FieldProblem("basis", message)]
            )
        rule.basis = basis.strip()[:300]
    rule.save()
    record(actor=actor, event_type="alerts.rule.changed", subject=rule, agency=None)
    if relevel:
        follow_level(rule, actor=actor)
    return rule


def _agency_rows_follow(rule: WarningRule, *, actor: User) -> None:
    """The agencies' own rows of the code copy the installation's level (they supply
    only stricter parameters; the level is the installation's)."""
    rows = WarningRule.objects.select_for_update().filter(code=rule.code, agency__isnull=False)
    for row in rows.exclude(level=rule.level).order_by("pk"):
        row.level = rule.level
        row.save()
        record(actor=actor, event_type="alerts.rule.changed", subject=row)


def follow_level(rule: WarningRule, *, actor: User) -> list[Warning]:
    """The rule's unresolved warnings take its level now (a warning copies its rule's
    level when raised, so lists can filter and sort by it): each changed warning gets its
    ``alerts.warning.level_changed`` entry, in the caller's transaction. Resolved
    warnings keep the level they were resolved at. The agencies' own rows of the code
    take the level too (``alerts.rule.changed``)."""
    _agency_rows_follow(rule, actor=actor)
    stale = list(
        Warning.objects.open()
        .filter(rule=rule)
        .exclude(level=rule.level)
        .select_for_update()
        .order_by("pk")
    )
    now = timezone.now()
    for warning in stale:
        warning.level = rule.level
        warning.updated_at = now  # bulk_update leaves auto_now alone
    bulk_update_recorded(
        stale, ["level", "updated_at"], actor=actor, event_type="alerts.warning.level_changed"
    )
    return stale


def check_agency_parameters(
    code: str, *, actor: User, agency: Agency, parameters: Any
) -> tuple[WarningRule, dict[str, int]]:
    """Refuse what ``set_agency_parameters`` would refuse (no change): the installation's
    rule and the cleaned parameters."""
    base = WarningRule.objects.filter(code=code, agency__isnull=True).first()
    if base is None:
        raise NotFound(_("Not found."), code="not_found")
    if not _may_change_rules(actor, agency):
        raise NotPermitted(
            _("Only the agency's administrators and heads set its thresholds."),
            code="not_permitted",
        )
    cleaned = _clean_parameters(code, parameters)
    loose = rules.loosens(code, base.parameters, cleaned)
    if loose:
        message = _("An agency may only tighten a rule: %(names)s would loosen it.") % {
            "names": "、".join(loose)
        }
        raise InvalidInput(
            message, code="invalid_input", problems=[FieldProblem("parameters", message)]
        )
    return base, cleaned


@transaction.atomic
def set_agency_parameters(
    code: str, *, actor: User, agency: Agency, parameters: dict[str, Any]
) -> WarningRule:
    """An agency's own, stricter thresholds for rule ``code`` (its administrators and
    heads). A parameter less strict than the installation's is refused."""
    base, cleaned = check_agency_parameters(code, actor=actor, agency=agency, parameters=parameters)
    rule = WarningRule.objects.select_for_update().filter(code=code, agency=agency).first()
    if rule is None:
        rule = WarningRule(
            code=code,
            agency=agency,
            name=base.name,
            level=base.level,
            basis=base.basis,
        )
    rule.parameters = cleaned
    rule.save()
    record(actor=actor, event_type="alerts.rule.changed", subject=rule)
    return rule
