"""The one write path of double-random inspections: registries, plans, the draw, tasks.

Every function takes the ``actor``, runs in one transaction and writes its record entry.
The draw itself is ``openenforce.inspections.draw`` (pure, specified in docs/draws.md);
these services gather its inputs from the database, commit to them before the draw
(``announce_plan``) and reveal the seed at it (``draw_plan``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from openenforce.accounts.models import Agency, Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.cases.models import Case
from openenforce.cases.opening import first_active_matter
from openenforce.cases.services import file_case
from openenforce.catalog.models import (
    Certificate,
    EnforcementCategory,
    Matter,
    Officer,
    RandomInspectionItem,
)
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.inspections import draw as algorithm
from openenforce.inspections import registry, seeding, todo
from openenforce.inspections.models import (
    Absence,
    Conflict,
    JointConsent,
    Plan,
    PlanItem,
    RiskGrade,
    Target,
    Task,
)
from openenforce.ledger.services import (
    bulk_update_recorded,
    create_recorded,
    record,
    record_bulk,
)

RECUSAL_ARTICLE = "行政处罚法 Art 43"
TWO_INSPECTORS_ARTICLE = "行政处罚法 Art 42; 国发〔2019〕5号"
# Joint inspections (部门联合双随机抽查) are planned by the departments taking part
# together; one agency cannot commit another's staff.
JOINT_ARTICLE = "国发〔2019〕5号"
GRADES = list(RiskGrade.values)


def _invalid(field_name: str, message: str, code: str = "invalid_input", article: str = ""):
    return InvalidInput(
        message, code=code, article=article, problems=[FieldProblem(field_name, message)]
    )


def _require(actor: User, agency_id: int, *roles: str) -> None:
    ids = writable_agency_ids(actor)
    in_scope = ids is None or agency_id in ids
    if not (actor.is_active and in_scope and (actor.is_superuser or actor.has_role(*roles))):
        raise NotPermitted(
            _("You may not manage random inspections of this agency."), code="inspections_scope"
        )


# -- the target registry ------------------------------------------------------------------


@dataclass
class ImportSummary:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary_line(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
        }


@transaction.atomic
def import_targets(
    path: Path, *, agency: Agency, actor: User, filename: str = "", dry_run: bool = False
) -> ImportSummary:
    """Import the target registry from an .xlsx or .csv file, all or nothing.

    Every cell is checked (the credit code's GB 32100 check character, the type, the
    grade…) and every problem is reported by sheet, row and column before anything is
    written. Rows equal to the stored entry are skipped; each created or updated entry
    writes ``inspections.target.created`` / ``.updated``."""
    _require(actor, agency.pk, Role.ADMIN, Role.HEAD)
    sheet = registry.read_file(Path(path), filename)
    rows, problems = registry.parse(sheet)
    if problems:
        raise registry.refused(problems)
    summary = ImportSummary(dry_run=dry_run)
    existing = {t.credit_code: t for t in Target.objects.filter(agency=agency)}
    new, changed, problems = [], [], []
    for row in rows:
        values = row.values
        target = existing.get(values["credit_code"])
        if target is None:
            target = Target(agency=agency, **values)
            new.append(target)
        elif any(getattr(target, attr) != value for attr, value in values.items()):
            for attr, value in values.items():
                setattr(target, attr, value)
            changed.append(target)
        else:
            summary.unchanged += 1
            continue
        problems += _row_problems(target, row)
    if problems:
        raise registry.refused(problems)
    create_recorded(new, actor=actor, event_type="inspections.target.created", agency=agency)
    fields = [c.attr for c in registry.COLUMNS]
    bulk_update_recorded(
        changed, fields, actor=actor, event_type="inspections.target.updated", agency=agency
    )
    summary.created = [t.credit_code for t in new]
    summary.updated = [t.credit_code for t in changed]
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _row_problems(target: Target, row) -> list[FieldProblem]:
    """The model's own checks on one row, as problems at its cells."""
    try:
        target.full_clean(exclude=["agency"], validate_unique=False)
    except ValidationError as exc:
        headers = {c.attr: c.header for c in registry.COLUMNS}
        return [
            registry.problem(registry.SHEET, row.row, headers.get(name, name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


@transaction.atomic
def record_absence(
    officer: Officer,
    *,
    actor: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
) -> Absence:
    """Mark ``officer`` unavailable from ``starts_on`` to ``ends_on``: plans whose period
    overlaps it leave the officer out of the inspector list."""
    _require(actor, officer.agency_id, Role.ADMIN, Role.HEAD)
    if not reason.strip():
        raise _invalid("reason", _("This field is required."))
    if ends_on < starts_on:
        raise _invalid("ends_on", _("The period cannot end before it starts."))
    absence = Absence.objects.create(
        agency_id=officer.agency_id,
        officer=officer,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
    )
    record(actor=actor, event_type="inspections.absence.recorded", subject=absence)
    return absence


@transaction.atomic
def declare_conflict(officer: Officer, *, actor: User, target: Target, reason: str) -> Conflict:
    """Declare that ``officer`` has a conflict of interest with ``target``: no draw ever
    assigns them to it (recusal, 行政处罚法 Art 43). The officer themself, the agency head
    or an administrator may declare it."""
    if officer.user_id != actor.pk:
        _require(actor, officer.agency_id, Role.ADMIN, Role.HEAD)
    if target.agency_id != officer.agency_id:
        raise _invalid("target", _("The target is not in this agency's registry."))
    if not reason.strip():
        raise _invalid("reason", _("This field is required."))
    if Conflict.objects.filter(officer=officer, target=target).exists():
        raise WrongState(_("This conflict is already declared."), code="conflict_exists")
    conflict = Conflict.objects.create(
        agency_id=officer.agency_id, officer=officer, target=target, reason=reason.strip()
    )
    record(actor=actor, event_type="inspections.conflict.declared", subject=conflict)
    return conflict


# -- plans --------------------------------------------------------------------------------

SCOPE_KEYS = ("kinds", "industries", "regions")


def _clean_scope(scope: dict[str, Any] | None) -> dict[str, list[str]]:
    scope = dict(scope or {})
    unknown = set(scope) - set(SCOPE_KEYS)
    if unknown:
        raise _invalid("scope", _("Unknown scope filter %(name)s.") % {"name": sorted(unknown)[0]})
    clean = {}
    for key in SCOPE_KEYS:
        values = [str(v).strip() for v in scope.get(key) or [] if str(v).strip()]
        if values:
            clean[key] = sorted(set(values))
    bad = set(clean.get("kinds", [])) - set(Target.Kind.values)
    if bad:
        raise _invalid("scope", _("Unknown target type %(name)s.") % {"name": sorted(bad)[0]})
    return clean


def _clean_ratios(ratios: dict[str, Any]) -> dict[str, int]:
    clean = {}
    for grade in GRADES:
        raw = ratios.get(grade, 0)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= algorithm.RATIO_SCALE:
            raise _invalid(
                f"ratio_{grade}",
                _("The ratio of grade %(grade)s must be 0 to 10000 basis points (100%%).")
                % {"grade": grade},
            )
        clean[grade] = value
    unknown = set(ratios) - set(GRADES)
    if unknown:
        raise _invalid("ratios", _("Unknown risk grade %(g)s.") % {"g": sorted(unknown)[0]})
    if not any(clean.values()):
        raise _invalid("ratios", _("At least one grade must have a ratio above zero."))
    return clean


def default_ratios(item: RandomInspectionItem) -> dict[str, int]:
    """The item's ratio for grades A and B, raised for poorer grades (high risk is
    inspected more often, 国发〔2019〕5号): C ×1.5, D ×2, capped at 100%."""
    base = int(item.ratio_percent * 100)
    return {
        "A": base,
        "B": base,
        "C": min(algorithm.RATIO_SCALE, base * 3 // 2),
        "D": min(algorithm.RATIO_SCALE, base * 2),
    }


@transaction.atomic
def create_plan(
    *,
    actor: User,
    agency: Agency,
    code: str,
    title: str,
    items: list[tuple[RandomInspectionItem, int]],
    frequency: str,
    period_start: datetime.date,
    period_end: datetime.date,
    ratios: dict[str, Any] | None = None,
    scope: dict[str, Any] | None = None,
    complaints_threshold: int = 3,
) -> Plan:
    """A draft plan of ``agency`` over ``items`` (item, inspectors per target). The first
    item leads: it must be the agency's own and draw at least two inspectors per target,
    who become the handlers of each inspection case. Further items — of other
    departments or agencies — make the plan joint; each adds its own inspectors."""
    _require(actor, agency.pk, Role.ADMIN, Role.HEAD)
    if not code.strip() or not title.strip():
        raise _invalid("code" if not code.strip() else "title", _("This field is required."))
    if Plan.objects.filter(agency=agency, code=code.strip()).exists():
        raise _invalid("code", _("A plan with this code exists."), code="plan_code_taken")
    if not items:
        raise _invalid("items", _("Choose at least one random-inspection item."))
    lead, lead_quota = items[0]
    if lead.agency_id != agency.pk:
        raise _invalid("items", _("The lead item must be on this agency's own list."))
    if lead_quota < 2:
        raise _invalid(
            "items",
            _("At least two inspectors per target."),
            code="two_inspectors",
            article=TWO_INSPECTORS_ARTICLE,
        )
    if len({item.pk for item, _q in items}) != len(items):
        raise _invalid("items", _("An item appears twice."))
    if any(q < 1 for _i, q in items):
        raise _invalid("items", _("Every item needs at least one inspector per target."))
    if period_end < period_start:
        raise _invalid("period_end", _("The period cannot end before it starts."))
    _inspection_matter(lead)
    plan = Plan.objects.create(
        agency=agency,
        code=code.strip(),
        title=title.strip(),
        frequency=frequency.strip() or lead.frequency,
        period_start=period_start,
        period_end=period_end,
        scope=_clean_scope(scope),
        ratios=_clean_ratios(ratios if ratios is not None else default_ratios(lead)),
        complaints_threshold=complaints_threshold,
        created_by=actor,
    )
    for index, (item, quota) in enumerate(items):
        line = PlanItem.objects.create(plan=plan, item=item, quota=quota, lead=index == 0)
        record(actor=actor, event_type="inspections.planitem.added", subject=line)
    record(actor=actor, event_type="inspections.plan.created", subject=plan)
    todo.hand_off_commit(plan, actor)  # the supervising bureau's share of the seed
    return plan


def missing_consents(plan: Plan) -> list[Agency]:
    """The other agencies whose items the plan lists and who have not agreed to take part
    (``consent_to_plan``): none of their officers may be enlisted until they do."""
    others = {
        pi.item.agency_id: pi.item.agency
        for pi in plan.plan_items.select_related("item__agency")
        if pi.item.agency_id != plan.agency_id
    }
    agreed = set(plan.consents.values_list("agency_id", flat=True))
    return [agency for pk, agency in sorted(others.items()) if pk not in agreed]


@transaction.atomic
def consent_to_plan(plan: Plan, *, actor: User) -> JointConsent:
    """The actor's agency agrees to take part in another agency's joint plan that lists
    its items, so that its officers may be drawn (an administrator or the head of that
    agency, before the plan is announced). Writes ``inspections.jointconsent.given``."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    agency_id = actor.agency_id
    listed = agency_id is not None and plan.plan_items.filter(item__agency_id=agency_id).exists()
    if agency_id is None or agency_id == plan.agency_id or not listed:
        raise WrongState(
            _("The plan lists no item of your agency; there is nothing to agree to."),
            code="joint_consent_not_listed",
        )
    _require(actor, agency_id, Role.ADMIN, Role.HEAD)
    if plan.status != Plan.Status.DRAFT:
        raise WrongState(_("The plan has already been announced."), code="plan_not_draft")
    if plan.consents.filter(agency_id=agency_id).exists():
        raise WrongState(
            _("Your agency has already agreed to take part."), code="joint_consent_given"
        )
    consent = JointConsent.objects.create(plan=plan, agency_id=agency_id, given_by=actor)
    record(actor=actor, event_type="inspections.jointconsent.given", subject=consent)
    return consent


def _inspection_matter(item: RandomInspectionItem) -> Matter:
    """The matter the inspection cases of ``item`` are filed under."""
    if item.matter_id and item.matter.category == EnforcementCategory.INSPECTION:
        return item.matter
    matter = first_active_matter(item.agency_id, item.field_id, EnforcementCategory.INSPECTION)
    if matter is None:
        raise WrongState(
            _("No active inspection matter in the item's field to file the cases under."),
            code="no_inspection_matter",
        )
    return matter


# -- the lists a draw depends on ------------------------------------------------------------


def stratum_of(grade: str, abnormal: bool, complaints: int, threshold: int) -> str:
    """The risk grade a target is drawn in: D when on the abnormal-operation list; one
    grade worse when it has at least ``threshold`` complaints (0: complaints ignored)."""
    if abnormal:
        return "D"
    if threshold and complaints >= threshold:
        return GRADES[min(GRADES.index(grade) + 1, len(GRADES) - 1)]
    return grade


def eligible_targets(plan: Plan) -> list[tuple[str, str, int]]:
    """(credit code, stratum, pk) of every active registry entry in the plan's scope."""
    qs = Target.objects.filter(agency_id=plan.agency_id, active=True)
    scope = plan.scope or {}
    if scope.get("kinds"):
        qs = qs.filter(kind__in=scope["kinds"])
    if scope.get("industries"):
        qs = qs.filter(industry__in=scope["industries"])
    if scope.get("regions"):
        qs = qs.filter(region__in=scope["regions"])
    rows = qs.values_list("credit_code", "risk_grade", "abnormal", "complaints", "pk")
    threshold = plan.complaints_threshold
    return [(code, stratum_of(g, a, c, threshold), pk) for code, g, a, c, pk in rows.iterator()]


def inspector_id(officer: Officer) -> str:
    return f"{officer.agency.code}:{officer.code}"


def eligible_inspectors(plan: Plan) -> list[tuple[Officer, str]]:
    """(officer, group) for every officer who may be drawn: staff of the item's agency
    (never contract staff, 行政处罚法 Art 42), active, with a certificate covering the
    item's field in force for the whole period, and no unavailable period overlapping it.
    Another agency's items count only once that agency agreed (``consent_to_plan``).
    An officer eligible for several items joins the group of the first."""
    seen: set[int] = set()
    result = []
    absent = Absence.objects.filter(
        starts_on__lte=plan.period_end, ends_on__gte=plan.period_start
    ).values_list("officer_id", flat=True)
    refused = {agency.pk for agency in missing_consents(plan)}
    for plan_item in plan.plan_items.select_related("item__agency").order_by("-lead", "id"):
        item = plan_item.item
        if item.agency_id in refused:
            continue  # never enlist another agency's officers without its consent
        certified = Certificate.objects.filter(
            standing=Certificate.Standing.IN_FORCE,
            valid_from__lte=plan.period_start,
            valid_to__gte=plan.period_end,
            fields=item.field_id,
        ).values_list("officer_id", flat=True)
        officers = (
            Officer.objects.filter(
                agency_id=item.agency_id, status=Officer.Status.ACTIVE, pk__in=certified
            )
            .exclude(employment=Officer.Employment.CONTRACT)
            .exclude(pk__in=absent)
            .select_related("agency")
            .order_by("code")
        )
        for officer in officers:
            if officer.pk not in seen:
                seen.add(officer.pk)
                result.append((officer, plan_item.group))
    return result


def exclusions(
    plan: Plan, targets: list[tuple[str, str, int]], officers: list[Officer]
) -> set[tuple[str, str]]:
    """(inspector id, credit code) pairs never drawn together: declared conflicts, and the
    inspectors of the target's last drawn task under any of the plan's items (rotation)."""
    by_officer = {o.pk: inspector_id(o) for o in officers}
    code_of = {pk: code for code, _s, pk in targets}
    pairs = set()
    # Filtered here, not with IN lists: a registry may hold a million targets.
    conflicts = Conflict.objects.filter(agency_id=plan.agency_id)
    for officer_id, target_id in conflicts.values_list("officer_id", "target_id"):
        if officer_id in by_officer and target_id in code_of:
            pairs.add((by_officer[officer_id], code_of[target_id]))
    items = plan.plan_items.values_list("item_id", flat=True)
    last: dict[int, int] = {}
    previous = (
        Task.objects.filter(
            plan__agency_id=plan.agency_id,
            plan__status=Plan.Status.DRAWN,
            plan__plan_items__item_id__in=items,
        )
        .exclude(plan=plan)
        .order_by("target_id", "-plan__drawn_at", "-id")
        .values_list("target_id", "id")
    )
    for target_id, task_id in previous.iterator():
        if target_id in code_of:
            last.setdefault(target_id, task_id)
    through = Task.officers.through.objects.filter(task__plan__agency_id=plan.agency_id)
    task_target = {task: target for target, task in last.items()}
    for task_id, officer_id in through.values_list("task_id", "officer_id").iterator():
        if task_id in task_target and officer_id in by_officer:
            pairs.add((by_officer[officer_id], code_of[task_target[task_id]]))
    return pairs


def draw_input(plan: Plan) -> algorithm.DrawInput:
    """The committed inputs of an announced plan, as they were frozen at announcement."""
    return plan.draw_input()


def _check_feasible(data: algorithm.DrawInput, quotas: dict[str, int]) -> None:
    """Every target must keep enough inspectors in each group after its exclusions, so
    the draw cannot fail whatever the seed (the assignment only skips excluded ones)."""
    ids, groups = algorithm.split_text(data.inspectors, "inspectors", unique_first=True)
    group_of = dict(zip(ids, groups, strict=True))
    sizes: dict[bytes, int] = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    for group, quota in quotas.items():
        if sizes.get(group.encode(), 0) < quota:
            raise WrongState(
                _(
                    "Group %(group)s has %(have)s eligible inspectors; each target needs "
                    "%(need)s (valid certificates for the field, not unavailable)."
                )
                % {"group": group, "have": sizes.get(group.encode(), 0), "need": quota},
                code="too_few_inspectors",
                article=TWO_INSPECTORS_ARTICLE,
            )
    barred: dict[tuple[bytes, bytes], int] = {}
    for inspector, target in zip(
        *algorithm.split_text(data.exclusions, "x", unique_first=False), strict=True
    ):
        key = (target, group_of.get(inspector, b""))
        barred[key] = barred.get(key, 0) + 1
    for (target, group), count in barred.items():
        quota = quotas.get(group.decode(), 0)
        if quota and sizes[group] - count < quota:
            raise WrongState(
                _("After recusal, target %(target)s keeps too few inspectors in group %(group)s.")
                % {"target": target.decode(), "group": group.decode()},
                code="too_few_after_recusal",
                article=RECUSAL_ARTICLE,
            )


@transaction.atomic
def announce_plan(plan: Plan, *, actor: User) -> Plan:
    """Freeze the eligible target and inspector lists and the exclusions, commit to a
    fresh secret seed, and publish the digests, the parameters and the commitment
    (``inspections.plan.announced``, with the digests as files). From now on the draw is
    fixed except for the seed, which no one outside the system knows."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require(actor, plan.agency_id, Role.ADMIN, Role.HEAD)
    if plan.status != Plan.Status.DRAFT:
        raise WrongState(_("The plan has already been announced."), code="plan_not_draft")
    if missing := missing_consents(plan):
        raise WrongState(
            _("%(agencies)s must agree to take part before the plan is announced.")
            % {"agencies": pgettext("list", ", ").join(a.name for a in missing)},
            code="joint_consent_missing",
            article=JOINT_ARTICLE,
        )
    targets = eligible_targets(plan)
    if not targets:
        raise WrongState(
            _("No target in the registry falls within the plan's scope."), code="no_targets"
        )
    inspectors = eligible_inspectors(plan)
    quotas = {pi.group: pi.quota for pi in plan.plan_items.select_related("item__agency")}
    seed = algorithm.new_seed()
    shares = seeding.commitments(plan, algorithm.seed_commitment(seed))
    try:
        data = algorithm.DrawInput.from_pairs(
            plan=plan.draw_id,
            targets=[(code, stratum) for code, stratum, _pk in targets],
            inspectors=[(inspector_id(o), group) for o, group in inspectors],
            exclusions=exclusions(plan, targets, [o for o, _g in inspectors]),
            ratios=plan.ratios,
            quotas=quotas,
            commitments=shares,
            delay_seconds=int(seeding.delay().total_seconds()),
        )
        data.check_parameters()
    except algorithm.DrawError as exc:
        raise InvalidInput(str(exc), code=exc.code) from None
    _check_feasible(data, quotas)
    plan.commit(data, seed)
    plan.status = Plan.Status.ANNOUNCED
    plan.save()
    digests = data.digests()
    files = [*digests.values(), plan.parameters_sha256, *sorted(shares.values())]
    record(actor=actor, event_type="inspections.plan.announced", subject=plan, files=files)
    todo.hand_off_reveal(plan, actor)  # offered once the witnesses cosign the announcement
    return plan


@transaction.atomic
def draw_plan(plan: Plan, *, actor: User, opened_on: datetime.date | None = None) -> Plan:
    """Reveal the seed, run the draw on the committed inputs, and turn each drawn target
    into a task and an inspection case handled by its lead-group inspectors. Writes
    ``inspections.plan.drawn`` (files: the parameters, seed commitment and result
    digests), ``inspections.task.drawn`` per task, and the cases' own entries."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require(actor, plan.agency_id, Role.HEAD)
    if plan.status != Plan.Status.ANNOUNCED:
        raise WrongState(
            _("Only an announced, undrawn plan can be drawn."), code="plan_not_announced"
        )
    if blocked := seeding.gate(plan).reasons:
        raise WrongState(" ".join(blocked), code="draw_not_yet", article=seeding.RULES_ARTICLE)
    try:
        result = plan.reveal()
    except algorithm.DrawError as exc:
        raise WrongState(str(exc), code=exc.code) from None
    plan.status = Plan.Status.DRAWN
    plan.save()
    record(
        actor=actor,
        event_type="inspections.plan.drawn",
        subject=plan,
        files=[
            plan.parameters_sha256,
            plan.seed_commitment,
            plan.seed,  # the agency's own share, revealed by the draw
            plan.result_sha256,
        ],
    )
    _create_tasks(plan, result, actor, opened_on or timezone.localdate())
    return plan


def _create_tasks(
    plan: Plan, result: algorithm.DrawResult, actor: User, opened_on: datetime.date
) -> None:
    tasks_data = result.tasks
    codes = [t for t, _s, _i in tasks_data]
    targets: dict[str, Target] = {}
    for start in range(0, len(codes), 500):  # bounded IN lists (SQLite's variable limit)
        chunk = Target.objects.filter(
            agency_id=plan.agency_id, credit_code__in=codes[start : start + 500]
        )
        targets.update((t.credit_code, t) for t in chunk)
    officers = {
        inspector_id(o): o
        for o in Officer.objects.filter(
            agency_id__in=plan.plan_items.values_list("item__agency_id", flat=True)
        ).select_related("agency")
    }
    lead = plan.plan_items.select_related("item__agency", "item__matter").get(lead=True)
    matter = _inspection_matter(lead.item)
    tasks = []
    for rank, (code, stratum, inspector_ids) in enumerate(tasks_data, start=1):
        task = Task.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            target=targets[code],
            rank=rank,
            stratum=stratum,
            inspectors=list(inspector_ids),
        )
        task.officers.set([officers[i] for i in inspector_ids])
        tasks.append(task)
    group_of = dict(line.split("\t") for line in plan.inspectors_text.splitlines() if line)
    own = f"{plan.agency.code}:"
    for task in tasks:
        # The case's handlers: the plan agency's own inspectors, the lead group first.
        mine = [i for i in task.inspectors if i.startswith(own)]
        mine.sort(key=lambda i: group_of.get(i) != lead.group)
        task.case = _open_case(plan, task, matter, [i[len(own) :] for i in mine], actor, opened_on)
        task.save(update_fields=["case", "updated_at"])
    # Recorded once complete (inspectors and case), so the record holds its final state.
    record_bulk(actor=actor, events=[("inspections.task.drawn", t) for t in tasks])


def _open_case(
    plan: Plan,
    task: Task,
    matter: Matter,
    handlers: list[str],
    actor: User,
    opened_on: datetime.date,
) -> Case:
    target = task.target
    party = {
        "kind": "organisation",
        "name": target.name,
        "credit_code": target.credit_code,
        "address": target.address,
    }
    return file_case(
        actor=actor,
        procedure="inspection",
        matter=matter,
        title=_("%(plan)s: %(target)s") % {"plan": plan.title, "target": target.name},
        source=Case.Source.INSPECTION,
        parties=[party],
        handlers=handlers,
        source_detail=f"{plan.draw_id} #{task.rank}",
        opened_on=opened_on,
    )


def tasks_query(plan: Plan):
    return plan.tasks.select_related("target", "case").order_by("rank")


__all__ = [
    "ImportSummary",
    "announce_plan",
    "consent_to_plan",
    "create_plan",
    "declare_conflict",
    "draw_input",
    "draw_plan",
    "eligible_inspectors",
    "eligible_targets",
    "import_targets",
    "missing_consents",
    "record_absence",
    "stratum_of",
]
