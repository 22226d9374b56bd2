"""Validation of an action's input against its typed schema (``lifecycles.base.Input``).

``clean(case, inputs, data)`` returns the cleaned values (dates as ``date``, amounts as
``Decimal``, officers as ``Officer`` rows of the case's agency) or raises InvalidInput
with one problem per field.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.cases import registry
from openenforce.cases.lifecycles.base import Input
from openenforce.cases.models import Case
from openenforce.catalog.models import Officer
from openenforce.core.errors import FieldProblem, InvalidInput

MAX_TEXT = 20000
MAX_AMOUNT = Decimal("999999999999")


class _Bad(Exception):
    pass


def _text(value: Any, spec: Input, case: Case) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _Bad(_("Enter text."))
    return value.strip()


def _date(value: Any, spec: Input, case: Case) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _Bad(_("Enter a valid date (YYYY-MM-DD).")) from None


def _datetime(value: Any, spec: Input, case: Case) -> datetime.datetime:
    """A moment (ISO 8601, as a datetime-local field posts it); naive means local time."""
    if not isinstance(value, datetime.datetime):
        try:
            value = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise _Bad(_("Enter a valid date and time (YYYY-MM-DD HH:MM).")) from None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _decimal(value: Any, spec: Input, case: Case) -> Decimal:
    if isinstance(value, bool):
        raise _Bad(_("Enter a number."))
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _Bad(_("Enter a number.")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise _Bad(_("The value is out of range."))
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _int(value: Any, spec: Input, case: Case) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Bad(_("Enter a whole number."))
    try:
        number = int(value)
    except ValueError:
        raise _Bad(_("Enter a whole number.")) from None
    if not 0 < number <= 3660:
        raise _Bad(_("The value is out of range."))
    return number


def _bool(value: Any, spec: Input, case: Case) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "on", "1", 1):
        return True
    if value in ("false", "off", "0", 0, ""):
        return False
    raise _Bad(_("Enter true or false."))


def _choice(value: Any, spec: Input, case: Case) -> str:
    allowed = [v for v, _label in spec.choices]
    if value not in allowed:
        raise _Bad(_("Choose one of: %(expected)s.") % {"expected": ", ".join(allowed)})
    return value


def _choices(value: Any, spec: Input, case: Case) -> list[str]:
    if not isinstance(value, list):
        raise _Bad(_("Enter a list."))
    return list(dict.fromkeys(_choice(item, spec, case) for item in value))


def _evidence(value: Any, spec: Input, case: Case) -> list[dict[str, str]]:
    """Registered evidence of the case (cases.registry), kept as its refs and labels."""
    if not isinstance(value, list):
        raise _Bad(_("Enter a list."))
    known = {item["ref"]: item["label"] for item in registry.evidence_items(case)}
    unknown = [str(ref) for ref in value if ref not in known]
    if unknown:
        raise _Bad(
            _("Not registered evidence of this case: %(refs)s.") % {"refs": ", ".join(unknown)}
        )
    return [{"ref": ref, "label": str(known[ref])} for ref in dict.fromkeys(value)]


def _officer(value: Any, spec: Input, case: Case) -> Officer:
    officer = Officer.objects.filter(agency_id=case.agency_id, code=str(value)).first()
    if officer is None:
        raise _Bad(_("No officer with this code in the agency."))
    return officer


def _id(value: Any, spec: Input, case: Case) -> int:
    return _int(value, spec, case)


def _pending_recusals(case: Case) -> list[list[str]]:
    rows = case.recusals.filter(decision="pending").select_related("officer")
    return [
        [
            str(r.pk),
            f"{r.officer.name}（{r.officer.code}）· {r.get_requested_by_display()} · "
            f"{r.reason[:40]}",
        ]
        for r in rows
    ]


# The rows an ``id`` input may name, offered as choices (the pending recusals, Art 43).
ROW_CHOICES = {"recusal": _pending_recusals}


def describe(case: Case, spec: Input) -> dict[str, Any]:
    """The input's schema for forms and the API; an ``id`` input lists its rows, a
    reviewer's user name is chosen among the qualified reviewers."""
    described = spec.as_dict()
    if spec.type == "id" and spec.name in ROW_CHOICES:
        described["choices"] = ROW_CHOICES[spec.name](case)
    elif spec.type == "evidence":
        described["choices"] = [
            [item["ref"], str(item["label"])] for item in registry.evidence_items(case)
        ]
    elif spec.type == "text" and registry.input_choices(spec.name) is not None:
        # Text inputs whose suitable values an app knows (the qualified reviewers):
        # offered as a choice, the value stays text (cases.registry).
        described["type"] = "choice"
        described["choices"] = registry.input_choices(spec.name)(case)
    return described


CLEANERS = {
    "text": _text,
    "date": _date,
    "datetime": _datetime,
    "decimal": _decimal,
    "int": _int,
    "bool": _bool,
    "choice": _choice,
    "choices": _choices,
    "officer": _officer,
    "id": _id,
    "evidence": _evidence,
}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _default(spec: Input) -> Any:
    defaults = {
        "date": timezone.localdate(),
        "datetime": timezone.now(),
        "bool": False,
        "choices": [],
        "evidence": [],
        "text": "",
    }
    return defaults.get(spec.type)


def clean(case: Case, inputs: tuple[Input, ...], data: dict) -> dict[str, Any]:
    """The cleaned input, or InvalidInput listing every bad or missing field.
    Unknown fields are refused too, so a typo is not silently ignored."""
    if not isinstance(data, dict):
        raise InvalidInput(_("The input must be an object."), code="invalid_input")
    problems = [FieldProblem(k, _("Unknown field.")) for k in data if k not in _names(inputs)]
    cleaned: dict[str, Any] = {}
    for spec in inputs:
        value = data.get(spec.name)
        if _empty(value):
            if spec.required and spec.type != "bool":
                problems.append(FieldProblem(spec.name, _("This field is required.")))
            cleaned[spec.name] = _default(spec)
            continue
        try:
            cleaned[spec.name] = CLEANERS[spec.type](value, spec, case)
        except _Bad as exc:
            problems.append(FieldProblem(spec.name, str(exc)))
    if problems:
        details = "; ".join(f"{p.field}: {p.message}" for p in problems)
        message = _("Invalid input: %(details)s") % {"details": details}
        raise InvalidInput(message, code="invalid_input", problems=problems)
    return cleaned


def _names(inputs: tuple[Input, ...]) -> set[str]:
    return {spec.name for spec in inputs}
