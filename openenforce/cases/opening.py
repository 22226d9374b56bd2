"""Opening a case: a lead, an application or a task, its parties and handlers, and
the penalty lead an inspection turns into. Below the engine (its effects transfer
cases), so it imports only the modules both need."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.cases import deadlines, lifecycles
from openenforce.cases.models import Case, CaseHandler, Party
from openenforce.cases.numbering import assign_number, record_deadlines
from openenforce.cases.todo import announce
from openenforce.catalog.models import Matter, Officer
from openenforce.core import identifiers
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.ledger.services import record

PARTY_FIELDS = (
    "kind",
    "name",
    "id_type",
    "id_number",
    "credit_code",
    "legal_representative",
    "phone",
    "address",
    "is_minor",
)


def _check_may_open(actor: User, agency_id: int) -> None:
    ids = writable_agency_ids(actor)
    if not actor.is_active or (ids is not None and agency_id not in ids):
        raise NotPermitted(_("You may not open cases for this agency."), code="case_scope")
    if not actor.has_role(Role.OFFICER, Role.HEAD):
        raise NotPermitted(
            _("Only enforcement officers and agency heads open cases."), code="case_role_required"
        )


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_input", problems=[FieldProblem(field, message)])


def _lifecycle(procedure: str, matter: Matter) -> lifecycles.Lifecycle:
    lifecycle = lifecycles.get(procedure)
    if lifecycle is None:
        raise _invalid("procedure", _("Unknown procedure."))
    if lifecycle.category != matter.category:
        raise _invalid(
            "procedure", _("This procedure does not fit the matter's enforcement category.")
        )
    return lifecycle


def _clean_party(data: dict[str, Any]) -> Party:
    unknown = set(data) - set(PARTY_FIELDS)
    if unknown:
        raise _invalid(sorted(unknown)[0], _("Unknown field."))
    party = Party(**data)
    if party.kind not in Party.Kind.values:
        raise _invalid("kind", _("Choose a natural person or an organisation."))
    if not str(party.name).strip():
        raise _invalid("name", _("This field is required."))
    _check_identifiers(party)
    return party


def _check_identifiers(party: Party) -> None:
    """A credit code (GB 32100-2015), and an ID number given as a resident identity card's
    (GB 11643-1999), must be well-formed with a correct check character; other kinds of
    ID (passport, other) are taken as written."""
    if party.credit_code:
        problem = identifiers.credit_code_problem(party.credit_code)
        if problem == identifiers.FORMAT:
            raise _invalid(
                "credit_code",
                _(
                    "A unified social credit code has 18 characters: digits and capital "
                    "letters other than I, O, S, V and Z."
                ),
            )
        if problem:
            raise _invalid(
                "credit_code", _("The check character of the unified social credit code is wrong.")
            )
    if party.id_number and party.id_type == Party.IdType.RESIDENT_ID:
        problem = identifiers.id_number_problem(party.id_number, today=timezone.localdate())
        if problem == identifiers.FORMAT:
            raise _invalid(
                "id_number",
                _("A citizen ID number has 18 characters: 17 digits, then a digit or a capital X."),
            )
        if problem == identifiers.BIRTH_DATE:
            raise _invalid(
                "id_number", _("The date of birth in the citizen ID number is not valid.")
            )
        if problem:
            raise _invalid("id_number", _("The check character of the citizen ID number is wrong."))


@transaction.atomic
def add_party(case: Case, *, actor: User, data: dict[str, Any]) -> Party:
    """Add a party to ``case``; personal fields enter the record only as commitments."""
    _check_may_open(actor, case.agency_id)
    if not case.is_open:
        raise WrongState(_("The case is closed."), code="case_closed")
    party = _clean_party(data)
    party.case = case
    party.full_clean(exclude=["case"])
    party.save()
    record(actor=actor, event_type="cases.party.added", subject=party, agency=case.agency)
    return party


def _add_handler(case: Case, officer: Officer, role: str, actor: User) -> CaseHandler:
    handler = CaseHandler.objects.create(case=case, officer=officer, role=role)
    record(
        actor=actor, event_type="cases.casehandler.assigned", subject=handler, agency=case.agency
    )
    return handler


def _officers(agency_id: int, codes: list[str]) -> list[Officer]:
    found = {o.code: o for o in Officer.objects.filter(agency_id=agency_id, code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise _invalid("handlers", _("No officer with the code %(code)s.") % {"code": missing[0]})
    return [found[code] for code in dict.fromkeys(codes)]


@transaction.atomic
def file_case(
    *,
    actor: User,
    procedure: str,
    matter: Matter,
    title: str,
    source: str,
    parties: list[dict[str, Any]] = (),
    handlers: list[str] = (),
    facts: str = "",
    source_detail: str = "",
    opened_on: datetime.date | None = None,
    parent_case: Case | None = None,
) -> Case:
    """Open a case of ``procedure`` on ``matter`` in its first state: a lead (案源) for
    the ordinary penalty procedure, an application, a task. ``handlers`` are officer
    codes, the first being the lead. Writes ``cases.case.opened``."""
    _check_may_open(actor, matter.agency_id)
    lifecycle = _lifecycle(procedure, matter)
    if source not in Case.Source.values:
        raise _invalid("source", _("Choose where the case came from."))
    if not title.strip():
        raise _invalid("title", _("This field is required."))
    case = Case(
        agency_id=matter.agency_id,
        procedure=lifecycle.code,
        category=lifecycle.category,
        matter=matter,
        title=title.strip(),
        state=lifecycle.initial,
        source=source,
        source_detail=source_detail,
        facts=facts,
        department_id=matter.department_id,
        opened_on=opened_on or timezone.localdate(),
        parent_case=parent_case,
    )
    officers = _officers(matter.agency_id, list(handlers))
    clean_parties = [_clean_party(dict(p)) for p in parties]
    if lifecycle.number_at == "open":
        assign_number(case, lifecycle, case.opened_on)
    case.save()
    started = timezone.now()
    for code in lifecycle.opening_starts:
        deadlines.new_deadline(case, code, case.opened_on)
    record(actor=actor, event_type="cases.case.opened", subject=case)
    for party in clean_parties:
        party.case = case
        party.save()
        record(actor=actor, event_type="cases.party.added", subject=party, agency=case.agency)
    for index, officer in enumerate(officers):
        _add_handler(case, officer, "lead" if index == 0 else "assistant", actor)
    record_deadlines(case, started, actor)
    announce(case, {}, actor=actor, today=timezone.localdate())  # filing waits for the head
    return case


def open_lead(*, actor: User, matter: Matter, title: str, source: str, **kwargs) -> Case:
    """Register a penalty lead (案源登记), to be filed by the head (行政处罚法 Art 54)."""
    return file_case(
        actor=actor,
        procedure="penalty_ordinary",
        matter=matter,
        title=title,
        source=source,
        **kwargs,
    )


def first_active_matter(agency_id: int, field_id: int, category: str) -> Matter | None:
    """The active matter of ``category`` in the agency's field with the first code."""
    matters = Matter.objects.filter(
        agency_id=agency_id, field_id=field_id, category=category, status=Matter.Status.ACTIVE
    )
    return matters.order_by("code").first()


def _penalty_matter(case: Case) -> Matter:
    """The penalty matter an inspection turns into: one in the same field and agency."""
    matter = first_active_matter(case.agency_id, case.matter.field_id, "penalty")
    if matter is None:
        raise WrongState(
            _("No active penalty matter in this field to transfer the case into."),
            code="no_penalty_matter",
        )
    return matter


@transaction.atomic
def transfer_to_penalty(case: Case, *, actor: User) -> Case:
    """Open a penalty lead from an inspection (or other) case, with its parties and
    handlers; the new case points back at this one."""
    parties = [{name: getattr(p, name) for name in PARTY_FIELDS} for p in case.parties.all()]
    codes = list(case.handlers.active().values_list("officer__code", flat=True))
    return file_case(
        actor=actor,
        procedure="penalty_ordinary",
        matter=_penalty_matter(case),
        title=case.title,
        source=Case.Source.INSPECTION,
        parties=parties,
        handlers=codes,
        facts=case.decision_text or case.facts,
        source_detail=case.number,
        parent_case=case,
    )
