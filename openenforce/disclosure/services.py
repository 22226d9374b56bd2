"""The publication workflow (事后公开), the one write path for publications.

draft (on the decision, masked automatically) → approved by the publicity officer →
published now or at a scheduled time → withdrawn (when the decision is changed,
revoked, confirmed illegal or void: 行政处罚法 Art 48) or expired (after retention).
An item whose party is a minor, or that involves state or trade secrets or personal
privacy, is never published (status ``exempt``). Anyone may ask for a correction;
accepted corrections are logged on the item.

Every function runs in one transaction and writes its event to the record.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openenforce.accounts.permissions import can_read_agency
from openenforce.calendar import add_working_days
from openenforce.cases.articles import cite
from openenforce.cases.models import Case, CaseHandler, Party
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.disclosure import digest, rules
from openenforce.disclosure.masking import NamedPerson, address_cores, mask
from openenforce.disclosure.models import Correction, Publication
from openenforce.disclosure.permissions import can_publish
from openenforce.disclosure.todo import hand_off_draft
from openenforce.documents.models import Document
from openenforce.ledger.services import record

Status = Publication.Status
MAX_EXTRA_MASK = 200


# ---------------------------------------------------------------- what must be published


def kind_for(case: Case, outcome: str | None) -> str | None:
    """The kind of publication a decision of ``case`` with ``outcome`` needs, or None
    when it is not published (a refusal, a no-penalty decision, a transfer)."""
    procedure = case.procedure
    if procedure == "penalty_ordinary":
        return Publication.Kind.PENALTY if outcome == Case.Outcome.PENALTY else None
    if procedure == "penalty_simplified":
        return Publication.Kind.PENALTY if rules.publish_simplified() else None
    if procedure == "licensing":
        return Publication.Kind.LICENSING if outcome == Case.Outcome.GRANTED else None
    if procedure == "inspection":
        return Publication.Kind.INSPECTION
    if procedure == "coercion":
        return None
    if outcome != Case.Outcome.GRANTED:
        return None
    if case.category in rules.PERSONAL_CATEGORIES and _has_natural_person(case):
        return None  # a person's civil status or assistance: personal privacy
    return Publication.Kind.OTHER


def _has_natural_person(case: Case) -> bool:
    return case.parties.filter(kind=Party.Kind.PERSON).exists()


def draft_for_decision(case: Case, *, actor, data: dict) -> None:
    """Lifecycle effect of the decision actions: draft the publication the decision
    needs, if any. Returns None so the action's outcome is unchanged."""
    kind = kind_for(case, data.get("outcome") or case.outcome)
    if kind is None:
        return None
    if case.publications.exclude(status__in=(Status.WITHDRAWN, Status.EXPIRED)).exists():
        return None
    decided_on = data.get("decided_on") or case.decided_on or timezone.localdate()
    draft_publication(case, actor=actor, kind=kind, decided_on=decided_on)
    return None


# ---------------------------------------------------------------- the text and its masking


def _age_on(id_number: str, day: datetime.date) -> int | None:
    """Age on ``day`` from an 18-digit resident ID number's birth date, if readable."""
    match = re.fullmatch(r"\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]", id_number or "")
    if match is None:
        return None
    try:
        born = datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(party: Party, on: datetime.date) -> bool:
    """A party under 18: marked as a minor, or so by the birth date in their ID."""
    if party.is_minor:
        return True
    if party.kind != Party.Kind.PERSON:
        return False
    age = _age_on(party.id_number, on)
    return age is not None and age < 18


def _officers(case: Case) -> list[tuple[str, list[str]]]:
    rows = (
        case.handlers.active().select_related("officer").prefetch_related("officer__certificates")
    )
    lead_first = sorted(rows, key=lambda h: (h.role != CaseHandler.Role.LEAD, h.pk))
    return [(h.officer.name, [c.number for c in h.officer.certificates.all()]) for h in lead_first]


def _bases(case: Case) -> list[str]:
    return [f"{b.law_name}{b.article}" for b in case.matter.bases.all()]


DECISION_DOCUMENTS = ("penalty_decision", "licensing_decision", "inspection_result")


def decision_document(case: Case) -> Document | None:
    """The latest decision document issued for the case (行政处罚决定书, 行政许可决定书,
    检查结果告知书), if any."""
    documents = Document.objects.filter(case=case, doc_type__in=DECISION_DOCUMENTS)
    return documents.order_by("-id").first()


def compose_text(case: Case, kind: str, decided_on: datetime.date, document_number: str) -> str:
    """The item as it would read unmasked, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [case.agency.name, str(Publication.Kind(kind).label)]
        lines.append(_("Case number: %(n)s") % {"n": case.number or "-"})
        if document_number:
            lines.append(_("Document number: %(n)s") % {"n": document_number})
        for party in case.parties.all():
            lines.append(_("Party: %(name)s") % {"name": party.name})
            if party.kind == Party.Kind.ORGANISATION and party.credit_code:
                lines.append(_("Unified social credit code: %(c)s") % {"c": party.credit_code})
            if party.legal_representative:
                lines.append(_("Legal representative: %(n)s") % {"n": party.legal_representative})
            if party.kind == Party.Kind.ORGANISATION and party.address:
                lines.append(_("Registered address: %(a)s") % {"a": party.address})
        lines.append(_("Matter: %(m)s") % {"m": case.matter.name})
        if case.facts:
            lines.append(_("Facts: %(f)s") % {"f": case.facts})
        if case.decision_text:
            label = _("Result: %(t)s") if kind == "inspection" else _("Decision: %(t)s")
            lines.append(label % {"t": case.decision_text})
        if _bases(case):
            lines.append(_("Legal basis: %(b)s") % {"b": "；".join(_bases(case))})
        officers = [f"{name}（{'、'.join(numbers)}）" for name, numbers in _officers(case)]
        if officers:
            lines.append(_("Officers: %(o)s") % {"o": "、".join(officers)})
        lines.append(_("Decided on: %(d)s") % {"d": decided_on.isoformat()})
    return "\n".join(lines)


def protected_strings(case: Case, document_number: str = "") -> list[str]:
    """What masking must never touch: the agency, its officers and their certificate
    numbers, the case and document numbers, the legal basis, the matter."""
    found = [case.agency.name, case.agency.short_name, case.number, document_number]
    found.append(case.matter.name)
    found += organisation_strings(case)
    for name, numbers in _officers(case):
        found += [name, *numbers]
    for basis in case.matter.bases.all():
        found += [basis.law_name, f"{basis.law_name}{basis.article}"]
    return sorted({s for s in found if s})


def organisation_strings(case: Case) -> list[str]:
    """What identifies an organisation party and is published, never masked: its name,
    unified social credit code and business address, also where the text repeats the
    address without its divisions (长德路200号 for 长春新区长德路200号).

    An organisation is not a natural person: masking protects natural persons' personal
    data only (docs/domain.md, "Masking": hide natural persons' ID numbers, phones, home
    addresses ...). A penalty decision on an organisation is published with who it is
    and where (国办发〔2018〕118号, 行政处罚法 Art 48), so the public can tell which
    business was penalised."""
    found: list[str] = []
    for party in case.parties.all():
        if party.kind != Party.Kind.ORGANISATION:
            continue
        found += [party.name, party.credit_code, party.address]
        found += address_cores(party.address)
    return [s for s in found if s]


def person_names(case: Case) -> list[dict]:
    """The natural persons the case names (its natural-person parties), masked as
    surname + 某; the publicity officer may add third persons named in the text."""
    names = sorted({p.name for p in case.parties.all() if p.kind == Party.Kind.PERSON and p.name})
    return [{"name": name, "role": NamedPerson.PARTY} for name in names]


def mask_text(
    text: str, *, names: Iterable[dict | str], protected: list[str], extra: Iterable[str] = ()
) -> tuple[str, list[dict]]:
    """The masked text and its spans (offsets in ``text``, each with its reason), by the
    masker (``masking.mask``): ``names`` as stored on a publication ({"name", "role"})."""
    people = [
        NamedPerson(n["name"], role=n.get("role", NamedPerson.PARTY))
        if isinstance(n, dict)
        else NamedPerson.of(n)
        for n in names
    ]
    result = mask(text, names=people, protected=protected, also=[s for s in extra if s])
    return result.text, result.spans_as_dicts()


def _remask(publication: Publication) -> None:
    publication.masked_text, publication.spans = mask_text(
        publication.original_text,
        names=publication.names,
        protected=publication.protected,
        extra=publication.extra_masks,
    )


# ---------------------------------------------------------------- drafting


@transaction.atomic
def draft_publication(
    case: Case, *, actor, kind: str, decided_on: datetime.date, text: str | None = None
) -> Publication:
    """Draft the publication of ``case``'s decision, masked, due within the period for
    its kind (7 or 20 working days). A minor's case is drafted as ``exempt``: it is
    never published. Writes ``disclosure.publication.drafted`` (or ``.exempted``)."""
    document = decision_document(case)
    document_number = document.number if document else ""
    return draft_item(
        case.agency,
        actor=actor,
        kind=kind,
        decided_on=decided_on,
        case=case,
        matter=case.matter,
        category=case.category,
        title=case.title,
        document=document,
        text=text or compose_text(case, kind, decided_on, document_number),
        names=person_names(case),
        protected=protected_strings(case, document_number),
        minor=any(is_minor(p, decided_on) for p in case.parties.all()),
    )


@transaction.atomic
def draft_item(
    agency,
    *,
    actor,
    kind: str,
    title: str,
    text: str,
    decided_on: datetime.date,
    matter=None,
    category: str = "",
    names: Iterable[dict | str] = (),
    protected: Iterable[str] = (),
    minor: bool = False,
    case: Case | None = None,
    document: Document | None = None,
) -> Publication:
    """Draft an item to publish (also for results not tied to one case, such as a
    random-inspection round): masked, due within the period for ``kind``. ``names`` are
    the natural persons named (plain strings are parties); the agency, the matter and
    its legal basis are always protected. ``minor`` drafts it as never to be published."""
    if kind not in Publication.Kind.values:
        raise InvalidInput(_("Unknown kind of publication."), code="publication_kind")
    if not text.strip() or not title.strip():
        raise InvalidInput(_("An item needs a title and a text."), code="invalid_input")
    period = rules.period_for_kind(kind)
    due = add_working_days(decided_on, period.days)
    people = [n if isinstance(n, dict) else {"name": n, "role": NamedPerson.PARTY} for n in names]
    shielded = {*protected, agency.name, agency.short_name}
    if matter is not None:
        shielded |= {matter.name, *(f"{b.law_name}{b.article}" for b in matter.bases.all())}
    protected = sorted(s for s in shielded if s)
    publication = Publication(
        agency=agency,
        kind=kind,
        case=case,
        matter=matter,
        document=document,
        document_number=document.number if document else "",
        category=category or (matter.category if matter else "") or "other",
        original_text=text,
        names=people,
        protected=protected,
        natural_person=any(n.get("role") == NamedPerson.PARTY for n in people),
        decided_on=decided_on,
        due_on=due.due,
        due_rule=str(period.label),
        due_article=period.article,
        due_explanation=due.explanation(),
    )
    publication.title = mask_text(title, names=people, protected=protected)[0][:200]
    _remask(publication)
    if minor:
        publication.status = Status.EXEMPT
        publication.exemption = Publication.Exemption.MINOR
        publication.exemption_note = _minor_reason()
    publication.save()
    event = "exempted" if minor else "drafted"
    record(actor=actor, event_type=f"disclosure.publication.{event}", subject=publication)
    if not minor:
        hand_off_draft(publication, actor=actor)
    return publication


def _minor_reason() -> str:
    return _("The party is a minor: nothing about this case is published.")


# ---------------------------------------------------------------- review and approval


def _require_publisher(publication: Publication, actor) -> None:
    if not can_read_agency(actor, publication.agency_id):
        raise NotFound(_("Not found."), code="not_found")
    if not can_publish(actor, publication.agency_id):
        raise NotPermitted(
            _("Only the agency's publicity officers and heads may do this."),
            code="publication_role_required",
        )


def _require_status(publication: Publication, *allowed: str) -> None:
    if publication.status not in allowed:
        raise WrongState(
            _("Not possible while the publication is “%(status)s”.")
            % {"status": publication.get_status_display()},
            code="publication_wrong_state",
        )


def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


@transaction.atomic
def mask_more(
    publication: Publication,
    *,
    actor,
    strings: Iterable[str] = (),
    names: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> Publication:
    """Mask further strings of the text, or names of third persons (shown as surname +
    某), or stop masking ones added before (``remove``). The protected strings (agency,
    officers, case and document numbers, legal basis) are never masked. Writes
    ``disclosure.publication.masked``."""
    publication = _lock(publication)
    _require_publisher(publication, actor)
    _require_status(publication, Status.DRAFT)
    strings = [s.strip() for s in strings if s and s.strip()]
    names = [n.strip() for n in names if n and n.strip()]
    problems = [_mask_problem(publication, "strings", s) for s in strings]
    problems += [_mask_problem(publication, "names", n) for n in names]
    problems = [p for p in problems if p is not None]
    if problems:
        raise InvalidInput(
            problems[0].message,
            code="mask_refused",
            problems=problems,
            article=_PUBLICITY_ARTICLE,
        )
    removed = {s.strip() for s in remove}
    kept = [s for s in publication.extra_masks if s not in removed]
    publication.extra_masks = kept + [s for s in strings if s not in kept]
    people = [
        n
        for n in publication.names
        if n.get("role") == NamedPerson.PARTY or n["name"] not in removed
    ]
    known = {n["name"] for n in people}
    people += [{"name": n, "role": NamedPerson.THIRD_PERSON} for n in names if n not in known]
    publication.names = people
    _remask(publication)
    publication.save(update_fields=["extra_masks", "names", "masked_text", "spans", "updated_at"])
    record(actor=actor, event_type="disclosure.publication.masked", subject=publication)
    return publication


def _mask_problem(publication: Publication, field: str, string: str) -> FieldProblem | None:
    if len(string) > MAX_EXTRA_MASK:
        return FieldProblem(field, _("“%(s)s…” is too long.") % {"s": string[:20]})
    if string not in publication.original_text:
        return FieldProblem(field, _("“%(s)s” is not in the text.") % {"s": string})
    if any(string in p or p in string for p in publication.protected if len(p) > 1):
        return FieldProblem(field, _not_maskable(string))
    return None


_PUBLICITY_ARTICLE = "国办发〔2018〕118号"


def _not_maskable(string: str) -> str:
    return _(
        "“%(s)s” names the agency, an officer, a case or document number or the legal "
        "basis: these are never masked."
    ) % {"s": string}


@transaction.atomic
def exempt_publication(
    publication: Publication, *, actor, exemption: str, note: str
) -> Publication:
    """Decide not to publish (state or trade secrets, personal privacy, a minor), with
    the reason. Writes ``disclosure.publication.exempted``."""
    publication = _lock(publication)
    _require_publisher(publication, actor)
    _require_status(publication, *Publication.PENDING)
    if exemption not in Publication.Exemption.values:
        message = _("Reason: choose why the item is not published (there is no default).")
        raise InvalidInput(
            message, code="invalid_input", problems=[FieldProblem("exemption", message)]
        )
    if not note.strip():
        raise InvalidInput(
            _("State the reason."),
            code="invalid_input",
            problems=[FieldProblem("note", _("State the reason."))],
        )
    publication.status, publication.exemption = Status.EXEMPT, exemption
    publication.exemption_note = note.strip()
    publication.save(update_fields=["status", "exemption", "exemption_note", "updated_at"])
    record(actor=actor, event_type="disclosure.publication.exempted", subject=publication)
    return publication


def _refuse_if_exempt(publication: Publication) -> None:
    """Never publish a minor's case, whatever its status says (a party may have been
    marked a minor after drafting)."""
    case = publication.case
    if case is not None and any(is_minor(p, publication.decided_on) for p in case.parties.all()):
        raise WrongState(_minor_reason(), code="publication_minor", article=_PUBLICITY_ARTICLE)
    if publication.status == Status.EXEMPT:
        raise WrongState(
            _("This item is not to be published: %(reason)s")
            % {"reason": publication.get_exemption_display()},
            code="publication_exempt",
        )


@transaction.atomic
def approve_publication(
    publication: Publication,
    *,
    actor,
    secrecy_checked: bool,
    publish_at: datetime.datetime | None = None,
) -> Publication:
    """Approve the masked item after the secrecy and privacy check, and publish it now
    or schedule it for ``publish_at``. Writes ``disclosure.publication.approved`` and
    then ``.published`` or ``.scheduled``."""
    publication = _lock(publication)
    _require_publisher(publication, actor)
    _refuse_if_exempt(publication)
    _require_status(publication, Status.DRAFT)
    if not secrecy_checked:
        message = _(
            "Confirm that the item involves no state secrets, trade secrets or personal "
            "privacy and that the masking is complete."
        )
        raise InvalidInput(
            message,
            code="secrecy_not_checked",
            problems=[FieldProblem("secrecy_checked", message)],
        )
    _attach_document(publication)
    now = timezone.now()
    if publish_at is not None and publish_at < now - datetime.timedelta(minutes=1):
        message = _("The scheduled time is in the past.")
        raise InvalidInput(
            message, code="publish_at_past", problems=[FieldProblem("publish_at", message)]
        )
    publication.status, publication.approved_by, publication.approved_at = (
        Status.APPROVED,
        actor,
        now,
    )
    publication.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record(actor=actor, event_type="disclosure.publication.approved", subject=publication)
    if publish_at is None or publish_at <= now:
        return _publish(publication, actor)
    publication.status, publication.publish_at = Status.SCHEDULED, publish_at
    publication.save(update_fields=["status", "publish_at", "updated_at"])
    record(actor=actor, event_type="disclosure.publication.scheduled", subject=publication)
    return publication


def _attach_document(publication: Publication) -> None:
    """The decision document may be issued after the draft: protect its number."""
    if publication.document_id or publication.case is None:
        return
    document = decision_document(publication.case)
    if document is None:
        return
    publication.document, publication.document_number = document, document.number
    publication.protected = sorted({*publication.protected, document.number})
    _remask(publication)
    publication.save(
        update_fields=[
            "document",
            "document_number",
            "protected",
            "masked_text",
            "spans",
            "updated_at",
        ]
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _publish(publication: Publication, actor) -> Publication:
    _refuse_if_exempt(publication)
    now = timezone.now()
    publication.status, publication.published_at = Status.PUBLISHED, now
    years = rules.retention_years(publication.natural_person)
    publication.retention_until = _add_years(timezone.localdate(now), years)
    publication.save(update_fields=["status", "published_at", "retention_until", "updated_at"])
    _record_public_text(publication, actor, "disclosure.publication.published")
    return publication


def _record_public_text(publication: Publication, actor, event_type: str) -> None:
    """Record a change of the text the portal shows (its digest) and index it again."""
    record(
        actor=actor,
        event_type=event_type,
        subject=publication,
        files=[digest.text_bytes(publication.masked_text)],
    )
    _index(publication)


@transaction.atomic
def publish_due(*, actor, now: datetime.datetime | None = None) -> list[Publication]:
    """Publish every scheduled item whose time has come (``openenforce disclosure
    publish-due``, run every few minutes)."""
    now = now or timezone.now()
    due = Publication.objects.select_for_update().filter(
        status=Status.SCHEDULED, publish_at__lte=now
    )
    published = []
    for publication in due.order_by("publish_at", "id"):
        try:
            with transaction.atomic():
                published.append(_publish(publication, actor))
        except WrongState:
            continue  # a minor's case: left for the officer, flagged in the queue
    return published


# ---------------------------------------------------------------- search index


def _search():
    """The search app's services, once it is installed (the full-text search app, ``openenforce.search``)."""
    if not django_apps.is_installed("openenforce.search"):
        return None
    try:
        from openenforce.search import services
    except ImportError:
        return None
    return services


def _index(publication: Publication) -> None:
    search = _search()
    if search is None:
        return
    search.index_item(
        key=publication.search_key,
        agency_id=publication.agency_id,
        kind=publication.kind,
        category=publication.category,
        matter_id=publication.matter_id,
        published_on=timezone.localdate(publication.published_at),
        title=publication.title,
        body=publication.masked_text,
    )


def _unindex(publication: Publication) -> None:
    search = _search()
    if search is not None:
        search.remove_item(publication.search_key)


# ---------------------------------------------------------------- withdrawal


def withdrawal_due(changed_on: datetime.date) -> datetime.date:
    """The last day to withdraw: 3 working days after the change (行政处罚法 Art 48, 85)."""
    return add_working_days(changed_on, rules.period("withdraw").days).due


def _check_ground(ground: str, reason: str) -> None:
    problems = []
    if ground not in Publication.Ground.values:
        problems.append(FieldProblem("ground", _("Choose what happened to the decision.")))
    if not reason.strip():
        problems.append(FieldProblem("reason", _("State the reason made public.")))
    if problems:
        raise InvalidInput(problems[0].message, code="invalid_input", problems=problems)


@transaction.atomic
def register_decision_change(
    publication: Publication, *, actor, ground: str, changed_on: datetime.date, reason: str
) -> Publication:
    """The decision was changed, revoked, confirmed illegal or void: a published item
    must be withdrawn within 3 working days (tracked and flagged); a pending one is
    withdrawn at once, never having been public. Writes
    ``disclosure.publication.change_registered`` (and ``.withdrawn`` for a pending one)."""
    publication = _lock(publication)
    _require_publisher(publication, actor)
    _check_ground(ground, reason)
    _require_status(publication, Status.PUBLISHED, *Publication.PENDING)
    publication.withdrawal_ground, publication.decision_changed_on = ground, changed_on
    publication.withdrawal_due = withdrawal_due(changed_on)
    publication.withdrawal_reason = reason.strip()
    publication.save(
        update_fields=[
            "withdrawal_ground",
            "decision_changed_on",
            "withdrawal_due",
            "withdrawal_reason",
            "updated_at",
        ]
    )
    record(actor=actor, event_type="disclosure.publication.change_registered", subject=publication)
    if publication.is_pending:
        return _withdraw(publication, actor)
    return publication


@transaction.atomic
def withdraw_publication(
    publication: Publication,
    *,
    actor,
    reason: str,
    ground: str | None = None,
    changed_on: datetime.date | None = None,
) -> Publication:
    """Withdraw a published item: the portal then shows only the withdrawal notice with
    ``reason`` (行政处罚法 Art 48). ``ground`` and ``changed_on`` are needed unless the
    change was registered before. Writes ``disclosure.publication.withdrawn``."""
    publication = _lock(publication)
    _require_publisher(publication, actor)
    _require_status(publication, Status.PUBLISHED)
    ground = ground or publication.withdrawal_ground
    _check_ground(ground, reason)
    changed_on = changed_on or publication.decision_changed_on or timezone.localdate()
    if changed_on > timezone.localdate():
        message = _("The decision cannot have changed in the future.")
        raise InvalidInput(
            message, code="invalid_input", problems=[FieldProblem("changed_on", message)]
        )
    publication.withdrawal_ground, publication.decision_changed_on = ground, changed_on
    publication.withdrawal_due = withdrawal_due(changed_on)
    publication.withdrawal_reason = reason.strip()
    return _withdraw(publication, actor)


def _withdraw(publication: Publication, actor) -> Publication:
    publication.status, publication.withdrawn_at = Status.WITHDRAWN, timezone.now()
    publication.save()
    # The withdrawal notice the portal shows from now on: its digest is in the entry, so
    # the item's verify page can prove the notice as it proves a published text.
    notice = (
        [digest.text_bytes(publication.withdrawal_reason)] if publication.withdrawal_reason else []
    )
    record(
        actor=actor,
        event_type="disclosure.publication.withdrawn",
        subject=publication,
        files=notice,
    )
    _unindex(publication)
    return publication


def decision_changed(case: Case, *, actor, data: dict) -> None:
    """Lifecycle effect of ``record_decision_change``: register the change on the case's
    publications (their withdrawal is then due within 3 working days)."""
    changed_on = data.get("changed_on") or timezone.localdate()
    live = case.publications.filter(status__in=(Status.PUBLISHED, *Publication.PENDING))
    for publication in live:
        register_decision_change(
            publication,
            actor=actor,
            ground=data["ground"],
            changed_on=changed_on,
            reason=data["reason"],
        )
    return None


# ---------------------------------------------------------------- corrections


@transaction.atomic
def request_correction(
    publication: Publication, *, actor, description: str, name: str = "", contact: str = ""
) -> Correction:
    """Anyone asks for an inaccurate published item to be corrected (no login: ``actor``
    is the system actor). Writes ``disclosure.correction.requested``."""
    if publication.status != Status.PUBLISHED:
        raise WrongState(
            _("Only a published item can be corrected."), code="publication_wrong_state"
        )
    description = description.strip()
    problems = []
    if not description:
        problems.append(FieldProblem("description", _("Say what is inaccurate.")))
    elif len(description) > 2000:
        problems.append(FieldProblem("description", _("At most 2,000 characters.")))
    if len(name) > 50 or len(contact) > 100:
        problems.append(FieldProblem("contact", _("Name or contact too long.")))
    if problems:
        raise InvalidInput(problems[0].message, code="invalid_input", problems=problems)
    correction = Correction.objects.create(
        publication=publication,
        agency=publication.agency,
        description=description,
        requester_name=name.strip(),
        requester_contact=contact.strip(),
    )
    record(actor=actor, event_type="disclosure.correction.requested", subject=correction)
    return correction


@transaction.atomic
def handle_correction(
    correction: Correction, *, actor, accept: bool, response: str, corrected_text: str = ""
) -> Correction:
    """Accept (the item's text is replaced by ``corrected_text``, masked again, and the
    correction is logged on the item) or reject with ``response``. Writes
    ``disclosure.correction.accepted`` or ``.rejected`` (and ``disclosure.publication.corrected``)."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    publication = _lock(correction.publication)
    _require_publisher(publication, actor)
    if correction.status != Correction.Status.PENDING:
        raise WrongState(_("This request has been handled."), code="correction_handled")
    problems = []
    if not response.strip():
        problems.append(FieldProblem("response", _("State the response made public.")))
    if accept and not corrected_text.strip():
        problems.append(FieldProblem("corrected_text", _("Enter the corrected text.")))
    if problems:
        raise InvalidInput(problems[0].message, code="invalid_input", problems=problems)
    if accept:
        _require_status(publication, Status.PUBLISHED)
        correction.previous_text = publication.masked_text
        publication.original_text = corrected_text.strip()
        _remask(publication)
        publication.save(update_fields=["original_text", "masked_text", "spans", "updated_at"])
        _record_public_text(publication, actor, "disclosure.publication.corrected")
    correction.status = Correction.Status.ACCEPTED if accept else Correction.Status.REJECTED
    correction.response, correction.handled_by = response.strip(), actor
    correction.handled_at = timezone.now()
    correction.save()
    event = "accepted" if accept else "rejected"
    record(actor=actor, event_type=f"disclosure.correction.{event}", subject=correction)
    return correction


# ---------------------------------------------------------------- retention


@transaction.atomic
def expire_publications(*, actor, today: datetime.date | None = None) -> int:
    """Take items past their retention period off the portal (``openenforce disclosure
    expire``, daily). Writes ``disclosure.publication.expired`` for each."""
    today = today or timezone.localdate()
    due = Publication.objects.select_for_update().filter(
        status__in=(Status.PUBLISHED, Status.WITHDRAWN), retention_until__lt=today
    )
    count = 0
    for publication in due:
        publication.status, publication.expired_at = Status.EXPIRED, timezone.now()
        publication.save(update_fields=["status", "expired_at", "updated_at"])
        record(actor=actor, event_type="disclosure.publication.expired", subject=publication)
        _unindex(publication)
        count += 1
    return count


def article_of(code: str) -> str:
    return cite(rules.period(code).article)
