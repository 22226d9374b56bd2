"""Reading inspections: the public draw export, tasks with their results, overdue flags."""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openenforce.accounts.models import Agency
from openenforce.accounts.permissions import scope, visible_agency_ids
from openenforce.cases import lifecycles
from openenforce.catalog.models import Officer
from openenforce.inspections import draw as algorithm
from openenforce.inspections import order, seeding
from openenforce.inspections.models import Plan, Target, Task
from openenforce.inspections.services import draw_input
from openenforce.ledger import merkle, notes
from openenforce.ledger.models import Entry
from openenforce.ledger.services import latest_checkpoint, served_note
from openenforce.ledger.tiles import TileStore


def plans_for_user(user) -> QuerySet[Plan]:
    """The plans of the agencies the user reads, and the joint plans that list an item of
    one of them (that agency agrees to take part, or not: ``services.consent_to_plan``)."""
    plans = Plan.objects.select_related("agency")
    ids = visible_agency_ids(user)
    if ids is None:
        return plans
    listed = Plan.objects.filter(plan_items__item__agency_id__in=ids).values("pk")
    return plans.filter(Q(agency_id__in=ids) | Q(pk__in=listed))


def get_plan_for_user(user, pk) -> Plan:
    """One plan of ``plans_for_user``, else 404."""
    try:
        return plans_for_user(user).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def targets_for_user(user) -> QuerySet[Target]:
    return scope(Target.objects.all(), user)


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.public().select_related("agency").order_by("-announced_at", "code")


def get_public_plan(agency_code: str, code: str) -> Plan:
    """An announced (or drawn) plan by its agency and code; 404 for drafts."""
    return get_object_or_404(public_plans(), agency__code=agency_code, code=code)


def draw_result(plan: Plan) -> algorithm.DrawResult | None:
    if plan.status != Plan.Status.DRAWN:
        return None
    return algorithm.DrawResult(plan.result_text.encode().splitlines(keepends=True))


def public_export(plan: Plan) -> dict:
    """The public JSON export (``openenforce.draw/1``): everything needed to re-run the
    draw. The seed is in it only once drawn. The lists hold credit codes and officer codes,
    no personal data of natural persons."""
    drawn = plan.status == Plan.Status.DRAWN
    about = {
        "agency": plan.agency.name,
        "agency_code": plan.agency.code,
        "plan_code": plan.code,
        "title": plan.title,
        "frequency": plan.frequency,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "scope": plan.scope,
        "complaints_threshold": plan.complaints_threshold,
        "items": [
            {
                "group": pi.group,
                "agency": pi.item.agency.name,
                "item": pi.item.item,
                "sub_item": pi.item.sub_item,
                "department": pi.item.department.name if pi.item.department else "",
                "inspectors_per_target": pi.quota,
                "lead": pi.lead,
            }
            for pi in plan.plan_items.select_related("item__agency", "item__department")
        ],
        "announced_at": plan.announced_at.isoformat() if plan.announced_at else None,
        "drawn_at": plan.drawn_at.isoformat() if plan.drawn_at else None,
        "stratum_rule": "risk grade; D when on the abnormal-operation list; one grade worse "
        "with at least complaints_threshold complaints",
    }
    data = draw_input(plan)
    doc = algorithm.export_document(
        data,
        seed=plan.drawn_seed() if drawn else None,
        result=draw_result(plan),
        about=about,
        reveals=plan.reveals(),
    )
    if data.commitments and (order := order_section(plan)) is not None:
        doc["order"] = order
    return doc


def order_section(plan: Plan) -> dict | None:
    """The proof that the draw came after its witnessed announcement (docs/draws.md §7.3):
    the announcement's entry with its inclusion in the first checkpoint the witnesses'
    quorum cosigned after it, the later entries (reveals, the draw) with their inclusion in
    the latest checkpoint, and the consistency proof between the two checkpoints. None
    until the announcement is witnessed."""
    seen = seeding.witnessed(plan)
    head = latest_checkpoint()
    if seen is None or head is None:
        return None
    entries = Entry.objects.filter(
        subject_kind="inspections.plan",
        subject_id=str(plan.pk),
        event_type__in=[order.ANNOUNCED, order.REVEALED, order.DRAWN],
        sequence__lt=head.size,
    ).order_by("sequence")
    store = TileStore(shared=True)

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode()

    items = []
    for entry in entries:
        inside = entry.sequence < seen.size
        size = seen.size if inside else head.size
        items.append(
            {
                "event": entry.event_type,
                "sequence": entry.sequence,
                "entry": b64(bytes(entry.body)),
                "in": "witnessed" if inside else "checkpoint",
                "proof": [b64(p) for p in store.inclusion_proof(entry.sequence, size)],
            }
        )
    return {
        "hash": merkle.profile(),
        "log_vkey": notes.vkey(),
        "witnessed": {"note": seen.note, "size": seen.size, "quorum_at": seen.at.isoformat()},
        "checkpoint": {"note": served_note(head), "size": head.size},
        "consistency": [
            b64(p)
            for p in (
                store.consistency_proof(seen.size, head.size) if seen.size < head.size else []
            )
        ],
        "entries": items,
    }


def mask_name(target: Target) -> str:
    """The name shown publicly: an individual business may carry its owner's name, so only
    its first character is shown (the credit code identifies it)."""
    if not target.is_natural_person:
        return target.name
    return _("%(first)s** (individual business)") % {"first": target.name[:1]}


@dataclass
class TaskRow:
    task: Task
    status: str
    status_label: str
    due_on: datetime.date | None
    published_on: datetime.date | None
    overdue: bool
    publication_id: int | None
    inspectors: list[str] | None = None  # in words: name and certificate number


def inspector_names(ids: list[str], day: datetime.date | None = None) -> dict[str, str]:
    """Each drawn inspector (``<agency code>:<officer code>``, the draw's internal id) as
    the public sees them: the name and the enforcement certificate number (执法证号), which
    the law has shown to the party; an id no longer known stays a dash."""
    day = day or timezone.localdate()
    by_agency: dict[str, set[str]] = {}
    for ident in ids:
        agency, _sep, code = ident.partition(":")
        by_agency.setdefault(agency, set()).add(code)
    names: dict[str, str] = {}
    for agency, codes in by_agency.items():
        officers = Officer.objects.filter(agency__code=agency, code__in=codes).prefetch_related(
            "certificates"
        )
        for officer in officers:
            numbers = sorted(c.number for c in officer.certificates.all())
            valid = [
                c.number for c in officer.certificates.all() if c.valid_from <= day <= c.valid_to
            ]
            number = (valid or numbers or [""])[0]
            names[f"{agency}:{officer.code}"] = (
                _("%(name)s (certificate %(number)s)") % {"name": officer.name, "number": number}
                if number
                else officer.name
            )
    return {ident: names.get(ident, "—") for ident in ids}


def task_rows(plan: Plan, today: datetime.date | None = None) -> list[TaskRow]:
    """Each task with where its inspection stands and whether its result is public: results
    are due on the portal within 20 working days (国发〔2019〕5号); the due date is the
    publication's (drafted by the disclosure app when the result is recorded)."""
    today = today or timezone.localdate()
    tasks = plan.tasks.select_related("target", "case").prefetch_related("case__publications")
    ordered = list(tasks.order_by("rank"))
    names = inspector_names([i for task in ordered for i in task.inspectors], today)
    return [task_row(task, today, names) for task in ordered]


def task_row(task: Task, today: datetime.date, names: dict[str, str] | None = None) -> TaskRow:
    """Where one task stands (see ``task_rows``)."""
    case = task.case
    publications = [
        p for p in (case.publications.all() if case else []) if p.status not in ("withdrawn",)
    ]
    publication = publications[0] if publications else None
    due = publication.due_on if publication else None
    published = (
        timezone.localdate(publication.published_at)
        if publication and publication.published_at
        else None
    )
    if case is None:
        status, label = "none", _("No case")
    elif published:
        status, label = "published", _("Result published")
    elif case.decided_on:
        status, label = "concluded", _("Result recorded; to be published")
    elif case.state == "task":
        status, label = "to_inspect", _("To be inspected")
    else:
        status, label = "inspecting", str(lifecycles.get(case.procedure).state(case.state).label)
    overdue = bool(due and not published and today > due)
    return TaskRow(
        inspectors=[(names or inspector_names(task.inspectors, today))[i] for i in task.inspectors],
        task=task,
        status=status,
        status_label=label,
        due_on=due,
        published_on=published,
        overdue=overdue,
        publication_id=publication.pk if publication and published else None,
    )


def overdue_tasks(
    agency_id: int | None = None, today: datetime.date | None = None
) -> list[TaskRow]:
    """Tasks whose result is past its publication date and still not public."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(status=Plan.Status.DRAWN)
    if agency_id is not None:
        plans = plans.filter(agency_id=agency_id)
    return [row for plan in plans for row in task_rows(plan, today) if row.overdue]


@dataclass(frozen=True)
class Announcement:
    """What this installation's record published when a draw was announced."""

    subject: str  # "inspections.plan" or "evaluation.campaign"
    subject_id: str
    files: tuple[str, ...]  # the digests the announcement entry carries
    drawn_files: tuple[str, ...]  # those of the draw's entry (empty before the draw)


def recorded_announcement(draw_name: str) -> Announcement | None:
    """The announcement record entry of the draw the parameters name, when it is a draw of
    this installation: an inspection plan ``agency code/plan code`` or an evaluation
    campaign ``agency code:campaign-<id>`` (docs/draws.md §7). Read from the record
    (ledger), so no upward import of the evaluation app is needed. ``None`` for a name
    this installation does not know or a draw it never announced."""
    if not isinstance(draw_name, str):
        return None
    if ":campaign-" in draw_name:
        agency_code, _sep, number = draw_name.partition(":campaign-")
        kind, subject_id = "evaluation.campaign", number
        agency = Agency.objects.filter(code=agency_code).first()
        if not number.isdigit() or agency is None:
            return None
        agency_id = agency.pk
    elif "/" in draw_name:
        agency_code, code = draw_name.split("/", 1)
        plan = (
            Plan.objects.filter(agency__code=agency_code, code=code).only("pk", "agency_id").first()
        )
        if plan is None:
            return None
        kind, subject_id, agency_id = "inspections.plan", str(plan.pk), plan.agency_id
    else:
        return None

    def files(event: str) -> tuple[str, ...] | None:
        entry = (
            Entry.objects.filter(
                subject_kind=kind, subject_id=subject_id, event_type=f"{kind}.{event}"
            )
            .order_by("sequence")
            .first()
        )
        if entry is None or (entry.agency_id is not None and entry.agency_id != agency_id):
            return None
        return tuple(json.loads(bytes(entry.body)).get("files", []))

    announced = files("announced")
    if announced is None:
        return None
    return Announcement(kind, subject_id, announced, files("drawn") or ())


def verify_export(
    export: object,
    *,
    announced: str = "",
    log_vkey: str | None = None,
    witnesses: list[str] | None = None,
    quorum: int | None = None,
) -> dict:
    """The public verifier's answer (API and ``verify-draw``): consistency of the export
    with itself, and authenticity against what was published at the announcement — the
    ``announced`` parameters digest given by the caller and, for a draw of this
    installation, its own announcement record entry; for an ``oe-draw/2`` draw, also its
    order (announcement witnessed, then reveals and draw) against this installation's log
    key and configured witnesses (or the keys given: ``log_vkey``, ``witnesses``,
    ``quorum``, as a citizen's tool would). ``ok`` only when everything checked holds."""
    doc = export if isinstance(export, dict) else {}
    params = doc.get("parameters") if isinstance(doc.get("parameters"), dict) else None
    record = recorded_announcement(params.get("plan")) if params is not None else None
    report = algorithm.verify_document(doc, expected_parameters_sha256=announced or None)
    authenticity = list(report.authenticity_differences)
    basis = ["announced"] if announced else []
    if record is not None:
        basis.append("record")
        if report.parameters_sha256 not in record.files:
            authenticity.append(
                "record: the parameters digest is not the one this installation recorded "
                "at the announcement"
            )
        commitments = list(report.commitments.values()) or [report.seed_commitment]
        if not set(commitments) <= set(record.files):
            authenticity.append(
                "record: the seed commitments are not those this installation recorded "
                "at the announcement"
            )
        published = doc.get("result_sha256")
        if published and record.drawn_files and published not in record.drawn_files:
            authenticity.append(
                "record: the result digest is not the one this installation recorded at the draw"
            )
    consistent = report.consistent
    authentic = bool(basis) and not authenticity
    checked = ["consistency", *(["authenticity"] if basis else [])]
    answer = {
        "ok": consistent and authentic,
        "consistent": consistent,
        "authentic": authentic,
        "checked": checked,
        "authenticity_basis": basis,
        "summary": _summaries(consistent, authentic, bool(basis)),
        "drawn": report.drawn,
        "parameters_sha256": report.parameters_sha256,
        "differences": report.differences + authenticity,
    }
    if report.commitments:
        found = _check_order(doc, log_vkey, witnesses, quorum)
        checked.append("order")
        answer["order"] = {
            "ok": found.ok,
            "witnesses": found.witnesses,
            "witnessed_at": found.witnessed_at.isoformat() if found.witnessed_at else None,
            "drawn_at": found.drawn_at.isoformat() if found.drawn_at else None,
        }
        answer["differences"] = [*report.differences, *authenticity, *found.problems]
        answer["ok"] = answer["ok"] and found.ok
        if not found.ok and consistent and authentic:
            answer["summary"] = _summaries_for("unordered")
    return answer


def _check_order(
    doc: dict, log_vkey: str | None, witnesses: list[str] | None, quorum: int | None
) -> order.OrderCheck:
    """The export's order section against the keys given, else this installation's own
    log key and the witnesses configured here (a citizen uses keys obtained from the
    witnesses' operators: ``verify-draw --vkey --witness --quorum``)."""
    from openenforce.ledger import witnessing

    keys = witnesses if witnesses else [w.key.text for w in witnessing.configured()]
    return order.check_order(
        doc,
        log_vkey=log_vkey or notes.vkey(),
        witness_vkeys=keys,
        quorum=quorum
        if quorum is not None
        else max(1, witnessing.quorum() if not witnesses else len(keys)),
    )


_SUMMARIES = {
    "inconsistent": gettext_noop(
        "The export does not agree with itself: the draw cannot be reproduced from it."
    ),
    "unchecked": gettext_noop(
        "The export agrees with itself, but nothing shows it is the draw that was announced: "
        "authenticity was not checked. Give the parameters digest published at the "
        "announcement."
    ),
    "forged": gettext_noop(
        "The export agrees with itself but is NOT the draw that was announced: its parameters "
        "or seed commitment differ from those published at the announcement."
    ),
    "authentic": gettext_noop(
        "The export agrees with itself and matches what was published at the announcement: "
        "the draw is reproduced and authentic."
    ),
    "unordered": gettext_noop(
        "The export agrees with itself and with the announcement, but it does not prove the "
        "draw came after the witnessed announcement: see the differences."
    ),
}


def _summaries(consistent: bool, authentic: bool, checked: bool) -> dict[str, str]:
    """The verdict in plain words, in Chinese and in English."""
    if not consistent:
        key = "inconsistent"
    elif not checked:
        key = "unchecked"
    else:
        key = "authentic" if authentic else "forged"
    return _summaries_for(key)


def _summaries_for(key: str) -> dict[str, str]:
    out = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            out[language] = _(_SUMMARIES[key])
    return out
