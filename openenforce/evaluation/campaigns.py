"""Evaluation campaigns (docs/evaluation.md §3): scope, evaluators, a verifiable draw.

Every change is recorded in the same transaction:

- ``create_campaign`` / ``edit_campaign``: a draft of the supervising body
  (``evaluation.campaign.created`` / ``.edited``);
- ``add_evaluator``: a user of an agency in scope or of the bureau itself
  (``evaluation.evaluator.added``);
- ``add_recusal`` / ``remove_recusal``: an (evaluator, case) pair the bureau declares
  with a reason, before announcement (``evaluation.recusal.added`` / ``.removed``);
- ``announce``: freezes the eligible closed cases of each stratum (agency/procedure), the
  evaluators, the computed recusal pairs and the parameters, and publishes the
  commitment to a secret seed (``evaluation.campaign.announced``);
- ``draw``: reveals the seed, runs ``oe-draw/1`` unchanged (``inspections.draw``) and
  writes each drawn file with its two evaluators: the first reading and the re-check
  (``evaluation.campaign.drawn``, ``evaluation.sampledfile.drawn``,
  ``evaluation.assignment.drawn``).

The draw's mapping: targets are the eligible cases (``agency code:case number``), the
stratum ``agency code/procedure``; the inspectors are the evaluators (``agency
code:username``) in one group, the campaign, with quota 2 (``oe-draw/1`` gives every
target at least two inspectors: the first is the first evaluator, the second the
re-checker); the exclusions are the recusal pairs. The sample size per stratum is a
count, the algorithm takes a ratio in basis points: ``ratio_for`` picks the ratio
whose ``ceil(n × ratio / 10000)`` is exactly the count (always possible up to 10,000
files per stratum; above that, the smallest ratio giving at least the count).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Length, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, User
from openenforce.cases.models import Case, CaseHandler
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    Evaluator,
    RecheckPolicy,
    Recusal,
    Rubric,
    SampledFile,
)
from openenforce.evaluation.recheck import dormant_q
from openenforce.evaluation.spec import procedure_choices
from openenforce.inspections import draw as algorithm
from openenforce.ledger import state
from openenforce.ledger.models import Entry
from openenforce.ledger.services import delete_recorded, record
from openenforce.reviews.models import LegalReview

Status = Campaign.Status
QUOTA = 2  # oe-draw/1 gives each target at least two inspectors: first and re-check


def _invalid(field: str, message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code, problems=[FieldProblem(field=field, message=message)])


def _require_manager(actor: User, agency_id: int) -> None:
    if not perms.may_manage(actor, agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body manage its evaluation campaigns."),
            code="campaign_not_permitted",
        )


def _supervised_ids(agency: Agency) -> set[int]:
    return set(agency.supervises.values_list("id", flat=True))


def _dates(values: dict) -> dict:
    dates = {}
    for name in ("closed_from", "closed_to", "starts_on", "ends_on"):
        value = values.get(name)
        if not isinstance(value, datetime.date):
            raise _invalid(name, _("Enter a valid date."), "campaign_bad_date")
        dates[name] = value
    if dates["closed_from"] > dates["closed_to"]:
        raise _invalid(
            "closed_to",
            _("The closing period cannot end before it starts."),
            "campaign_closed_order",
        )
    if dates["starts_on"] > dates["ends_on"]:
        raise _invalid(
            "ends_on", _("The campaign cannot end before it starts."), "campaign_period_order"
        )
    return dates


def _given(values: dict, name: str, default):
    value = values.get(name)
    return default if value is None else value


def _bounded(value, field: str, low: int, high: int, message: str, code: str, *, whole=True):
    """``value`` when it is a number (a whole one unless ``whole`` is false) within
    ``low``..``high``; else InvalidInput naming ``field``."""
    kinds = int if whole else (Decimal, int)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        raise _invalid(field, message, code)
    return value


def _clean(agency: Agency, values: dict) -> dict:
    """The checked fields of a campaign, or InvalidInput naming the first bad one."""
    title = (values.get("title") or "").strip()
    if not title:
        raise _invalid("title", _("Give the campaign a title."), "campaign_title_required")
    ids = sorted({int(pk) for pk in values.get("agency_ids") or []})
    if not ids:
        raise _invalid(
            "agency_ids", _("Choose at least one agency to evaluate."), "campaign_no_agency"
        )
    if not set(ids) <= _supervised_ids(agency):
        raise _invalid(
            "agency_ids",
            _("Only agencies under this body's supervision can be evaluated."),
            "campaign_agency_not_supervised",
        )
    known = {code for code, _label in procedure_choices()}
    procedures = sorted(set(values.get("procedures") or []))
    if not procedures:
        raise _invalid("procedures", _("Choose at least one procedure."), "campaign_no_procedure")
    if not set(procedures) <= known:
        raise _invalid("procedures", _("Unknown procedure."), "campaign_bad_procedure")
    dates = _dates(values)
    size = _bounded(
        values.get("sample_size", 5),
        "sample_size",
        1,
        1000,
        _("Files per agency and procedure: a whole number from 1 to 1000."),
        "campaign_bad_sample_size",
    )
    threshold = _bounded(
        _given(values, "recheck_threshold", Decimal(5)),
        "recheck_threshold",
        0,
        100,
        _("Points difference needing settlement: a number from 0 to 100."),
        "campaign_bad_threshold",
        whole=False,
    )
    return {
        "title": title,
        "agency_ids": ids,
        "procedures": procedures,
        "sample_size": size,
        "recheck_threshold": Decimal(threshold),
        **_recheck_policy(values),
        **dates,
    }


def _recheck_policy(values: dict) -> dict:
    """The re-check policy fields (docs/evaluation.md §4), defaults where not given."""
    policy = values.get("recheck_policy") or RecheckPolicy.ALL
    if policy not in RecheckPolicy.values:
        raise _invalid("recheck_policy", _("Choose a re-check policy."), "campaign_bad_policy")
    margin = _bounded(
        _given(values, "recheck_margin", Decimal(3)),
        "recheck_margin",
        0,
        100,
        _("Points near a grade line: a number from 0 to 100."),
        "campaign_bad_margin",
        whole=False,
    )
    share = _bounded(
        _given(values, "recheck_share", 20),
        "recheck_share",
        0,
        100,
        _("Share re-checked by lot: a whole number from 0 to 100."),
        "campaign_bad_share",
    )
    days = _bounded(
        _given(values, "objection_days", 5),
        "objection_days",
        0,
        60,
        _("Days for objections: a whole number from 0 to 60."),
        "campaign_bad_objection_days",
    )
    return {
        "recheck_policy": policy,
        "recheck_margin": Decimal(margin),
        "recheck_share": share,
        "objection_days": days,
    }


@transaction.atomic
def create_campaign(agency: Agency, *, actor: User, **values) -> Campaign:
    """A draft campaign of the supervising body ``agency``."""
    _require_manager(actor, agency.pk)
    campaign = Campaign(agency=agency, created_by=actor, **_clean(agency, values))
    campaign.save()
    record(actor=actor, event_type="evaluation.campaign.created", subject=campaign)
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)


def _require_draft(campaign: Campaign) -> None:
    if campaign.status != Status.DRAFT:
        raise WrongState(
            _("The campaign has been announced; its scope no longer changes."),
            code="campaign_not_draft",
        )


@transaction.atomic
def edit_campaign(campaign: Campaign, *, actor: User, **values) -> Campaign:
    campaign = _lock(campaign)
    _require_manager(actor, campaign.agency_id)
    _require_draft(campaign)
    for name, value in _clean(campaign.agency, values).items():
        setattr(campaign, name, value)
    campaign.save()
    record(actor=actor, event_type="evaluation.campaign.edited", subject=campaign)
    return campaign


def evaluator_candidates(campaign: Campaign):
    """Users who may evaluate: active staff of an agency in scope or of the bureau."""
    ids = [*campaign.agency_ids, campaign.agency_id]
    return User.objects.filter(is_active=True, agency_id__in=ids).order_by("username")


@transaction.atomic
def add_evaluator(campaign: Campaign, user: User, *, actor: User) -> Evaluator:
    campaign = _lock(campaign)
    _require_manager(actor, campaign.agency_id)
    _require_draft(campaign)
    if not evaluator_candidates(campaign).filter(pk=user.pk).exists():
        raise _invalid(
            "user",
            _("An evaluator is a staff member of an agency in scope or of the bureau."),
            "evaluator_out_of_scope",
        )
    if campaign.evaluators.filter(user=user).exists():
        raise _invalid("user", _("This evaluator is in the campaign already."), "evaluator_twice")
    evaluator = Evaluator(campaign=campaign, user=user, agency=user.agency)
    evaluator.save()
    record(
        actor=actor,
        event_type="evaluation.evaluator.added",
        subject=evaluator,
        agency=campaign.agency,
    )
    return evaluator


RECUSAL_REASON_MAX = 200


@transaction.atomic
def add_recusal(
    campaign: Campaign, evaluator: Evaluator, case: Case, *, reason: str, actor: User
) -> Recusal:
    """Declare that ``evaluator`` must not read ``case``'s file, for ``reason`` (近亲属,
    曾参与办理, …): a draft campaign only; the case one of its eligible files."""
    campaign = _lock(campaign)
    _require_manager(actor, campaign.agency_id)
    _require_draft(campaign)
    if evaluator.campaign_id != campaign.pk:
        raise _invalid(
            "evaluator", _("Choose an evaluator of this campaign."), "recusal_bad_evaluator"
        )
    if not eligible_queryset(campaign).filter(pk=case.pk).exists():
        raise _invalid(
            "case",
            _(
                "Choose a file of this campaign: closed within the period, of an agency "
                "and a procedure in scope."
            ),
            "recusal_bad_case",
        )
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Give the reason for the recusal."), "recusal_no_reason")
    if len(reason) > RECUSAL_REASON_MAX:
        raise _invalid(
            "reason",
            _("The reason has at most %(n)s characters.") % {"n": RECUSAL_REASON_MAX},
            "recusal_reason_too_long",
        )
    if campaign.recusals.filter(evaluator=evaluator, case=case).exists():
        raise _invalid(
            "case", _("This evaluator is recused from this file already."), "recusal_twice"
        )
    recusal = Recusal(
        campaign=campaign,
        agency_id=campaign.agency_id,
        evaluator=evaluator,
        case=case,
        reason=reason,
        created_by=actor,
    )
    recusal.save()
    record(actor=actor, event_type="evaluation.recusal.added", subject=recusal)
    return recusal


@transaction.atomic
def remove_recusal(recusal: Recusal, *, actor: User) -> None:
    """Take back a declared recusal, before announcement (its entries stay)."""
    campaign = _lock(recusal.campaign)
    _require_manager(actor, campaign.agency_id)
    _require_draft(campaign)
    delete_recorded(recusal, actor=actor, event_type="evaluation.recusal.removed")


# -- announcement: the frozen lists -------------------------------------------------------


def target_id(case: Case) -> str:
    return f"{case.agency.code}:{case.number or case.pk}"


def stratum_of(case: Case) -> str:
    return f"{case.agency.code}/{case.procedure}"


def evaluator_id(evaluator: Evaluator) -> str:
    return f"{evaluator.agency.code}:{evaluator.user.username}"


def eligible_queryset(campaign: Campaign):
    """Closed cases of the agencies and procedures in scope, closed within the period,
    not already drawn in this campaign."""
    drawn = SampledFile.objects.filter(campaign=campaign).values("case_id")
    return Case.objects.filter(
        agency_id__in=campaign.agency_ids,
        procedure__in=campaign.procedures,
        closed_on__gte=campaign.closed_from,
        closed_on__lte=campaign.closed_to,
    ).exclude(pk__in=drawn)


def eligible_cases(campaign: Campaign) -> list[Case]:
    """The eligible files (``eligible_queryset``) in id order, with only what the lists,
    strata and recusal read: a city's campaign lists 100,000 files, and a whole case row
    each would cost seconds (bench/evaluation.py)."""
    return list(
        eligible_queryset(campaign)
        .select_related("agency")
        .only("pk", "number", "procedure", "agency_id", "agency__code", "agency__name")
        .order_by("pk")
    )


def exclusion_count(campaign: Campaign) -> int:
    """How many (evaluator, file) pairs the frozen exclusion list holds, counted by the
    database (each line ends with a newline): the list itself can be megabytes."""
    text = F("exclusions_text")
    newlines = Length(text) - Length(Replace(text, Value("\n"), Value("")))
    return Campaign.objects.filter(pk=campaign.pk).values_list(newlines, flat=True).first() or 0


def eligible_counts(campaign: Campaign) -> dict[str, int]:
    counts: dict[str, int] = {}
    for case in eligible_cases(campaign):
        counts[stratum_of(case)] = counts.get(stratum_of(case), 0) + 1
    return counts


def strata(campaign: Campaign) -> list[dict]:
    """Per stratum (``agency code/procedure``, in order): the eligible files (today's
    count for a draft, the frozen list once announced), how many are to be drawn, and how
    many were drawn."""
    if campaign.status == Status.DRAFT:
        counts = eligible_counts(campaign)
    else:
        counts = {}
        for line in campaign.targets_text.splitlines():
            stratum = line.split("\t")[1]
            counts[stratum] = counts.get(stratum, 0) + 1
    drawn: dict[str, int] = {}
    for stratum in SampledFile.objects.filter(campaign=campaign).values_list("stratum", flat=True):
        drawn[stratum] = drawn.get(stratum, 0) + 1
    rows = []
    for stratum in sorted(counts):
        code, procedure = stratum.split("/", 1)
        rows.append(
            {
                "stratum": stratum,
                "agency": code,
                "procedure": procedure,
                "eligible": counts[stratum],
                "size": min(counts[stratum], campaign.sample_size),
                "drawn": drawn.get(stratum, 0),
            }
        )
    return rows


PEOPLE_CHUNK = 2000


def _people_of(cases: list[Case]) -> dict[int, set[int]]:
    """Per case, the users who took part in it: its handlers (``CaseHandler``), its legal
    reviewers and submitters (``LegalReview``), and whoever acted on the case in the
    record (the head approving, deciding and closing: the actors of its entries)."""
    ids = [case.pk for case in cases]
    people: dict[int, set[int]] = {pk: set() for pk in ids}
    for start in range(0, len(ids), PEOPLE_CHUNK):  # bounded IN lists
        chunk = ids[start : start + PEOPLE_CHUNK]
        for case_id, user_id in CaseHandler.objects.filter(case_id__in=chunk).values_list(
            "case_id", "officer__user_id"
        ):
            if user_id:
                people[case_id].add(user_id)
        for case_id, reviewer, submitter in LegalReview.objects.filter(
            case_id__in=chunk
        ).values_list("case_id", "reviewer_id", "submitted_by_id"):
            people[case_id] |= {u for u in (reviewer, submitter) if u}
        for subject_id, actor_id in Entry.objects.filter(
            subject_kind=state.kind_of(Case), subject_id__in=[str(pk) for pk in chunk]
        ).values_list("subject_id", "actor_id"):
            if actor_id:
                people[int(subject_id)].add(actor_id)
    return people


def recusal_pairs(
    cases: list[Case],
    evaluators: Iterable[Evaluator],
    declared: Iterable[tuple[int, int]] = (),
) -> set[tuple[str, str]]:
    """(evaluator, case) pairs never drawn together: the evaluator's own agency's files,
    every case they handled, reviewed or acted on, and the pairs the bureau declared
    (``declared``: (evaluator id, case id) of its ``Recusal`` rows)."""
    people = _people_of(cases)
    by_pk = {case.pk: case for case in cases}
    by_agency: dict[int, list[Case]] = {}
    took_part: dict[int, list[Case]] = {}  # user → the cases they took part in
    for case in cases:
        by_agency.setdefault(case.agency_id, []).append(case)
        for user_id in people[case.pk]:
            took_part.setdefault(user_id, []).append(case)
    barred: dict[int, set[int]] = {}  # evaluator → declared cases
    for evaluator_pk, case_pk in declared:
        barred.setdefault(evaluator_pk, set()).add(case_pk)
    pairs: set[tuple[str, str]] = set()
    for evaluator in evaluators:
        who = evaluator_id(evaluator)
        recused = [
            *by_agency.get(evaluator.agency_id, ()),
            *took_part.get(evaluator.user_id, ()),
            *(by_pk[pk] for pk in barred.get(evaluator.pk, ()) if pk in by_pk),
        ]
        pairs.update((who, target_id(case)) for case in recused)
    return pairs


def ratio_for(available: int, size: int) -> int:
    """The ratio (basis points) drawing exactly ``min(size, available)`` of ``available``."""
    if size >= available:
        return algorithm.RATIO_SCALE
    ratio = size * algorithm.RATIO_SCALE // available
    while algorithm.sample_size(available, ratio) < size:
        ratio += 1
    return ratio


def _rubric_versions(campaign: Campaign) -> dict[str, int]:
    versions = {}
    for procedure in campaign.procedures:
        rubric = (
            Rubric.objects.filter(agency_id=campaign.agency_id, procedure=procedure)
            .order_by("code")
            .first()
        )
        current = rubric.current() if rubric else None
        if current is None:
            raise WrongState(
                _("No rubric is in force for the procedure %(procedure)s; publish one first.")
                % {"procedure": dict(procedure_choices()).get(procedure, procedure)},
                code="campaign_no_rubric",
            )
        versions[procedure] = current.pk
    return versions


def draw_input(campaign: Campaign) -> algorithm.DrawInput:
    """The committed inputs of an announced campaign, as frozen at announcement."""
    return campaign.draw_input()


def _check_feasible(cases: list[Case], evaluators: list[Evaluator], pairs) -> None:
    if len(evaluators) < QUOTA:
        raise WrongState(
            _("Add at least two evaluators: each file is read by one and re-checked by another."),
            code="campaign_too_few_evaluators",
        )
    barred: dict[str, int] = {}
    for _evaluator, target in pairs:
        barred[target] = barred.get(target, 0) + 1
    for case in cases:
        if len(evaluators) - barred.get(target_id(case), 0) < QUOTA:
            raise WrongState(
                _(
                    "After recusal, the file %(case)s keeps fewer than two evaluators: "
                    "add evaluators from other agencies."
                )
                % {"case": target_id(case)},
                code="campaign_too_few_after_recusal",
            )


@transaction.atomic
def announce(campaign: Campaign, *, actor: User) -> Campaign:
    """Freeze the lists and parameters, commit to a fresh secret seed and publish the
    digests and the commitment (``evaluation.campaign.announced``, digests as files)."""
    campaign = _lock(campaign)
    _require_manager(actor, campaign.agency_id)
    _require_draft(campaign)
    versions = _rubric_versions(campaign)
    cases = eligible_cases(campaign)
    if not cases:
        raise WrongState(
            _("No closed case of the agencies in scope was closed within the period."),
            code="campaign_no_cases",
        )
    evaluators = list(campaign.evaluators.select_related("agency", "user"))
    declared = campaign.recusals.values_list("evaluator_id", "case_id")
    pairs = recusal_pairs(cases, evaluators, declared)
    _check_feasible(cases, evaluators, pairs)
    counts: dict[str, int] = {}
    for case in cases:
        counts[stratum_of(case)] = counts.get(stratum_of(case), 0) + 1
    seed = algorithm.new_seed()
    try:
        data = algorithm.DrawInput.from_pairs(
            plan=campaign.draw_id,
            targets=[(target_id(case), stratum_of(case)) for case in cases],
            inspectors=[(evaluator_id(e), campaign.group) for e in evaluators],
            exclusions=pairs,
            ratios={s: ratio_for(n, campaign.sample_size) for s, n in counts.items()},
            quotas={campaign.group: QUOTA},
            seed_commitment=algorithm.seed_commitment(seed),
        )
        data.check_parameters()
    except algorithm.DrawError as exc:
        raise InvalidInput(str(exc), code=exc.code) from None
    campaign.rubric_versions = versions
    campaign.commit(data, seed)
    campaign.status = Status.ANNOUNCED
    campaign.save()
    files = [*data.digests().values(), campaign.parameters_sha256, campaign.seed_commitment]
    record(actor=actor, event_type="evaluation.campaign.announced", subject=campaign, files=files)
    return campaign


@transaction.atomic
def draw(campaign: Campaign, *, actor: User) -> Campaign:
    """Reveal the seed, run the draw on the committed inputs, and write each drawn file
    with its first evaluator and its re-checker."""
    campaign = _lock(campaign)
    _require_manager(actor, campaign.agency_id)
    if campaign.status != Status.ANNOUNCED:
        raise WrongState(
            _("Only an announced, undrawn campaign can be drawn."), code="campaign_not_announced"
        )
    try:
        result = campaign.reveal()
    except algorithm.DrawError as exc:
        raise WrongState(str(exc), code=exc.code) from None
    campaign.status = Status.DRAWN
    campaign.save()
    record(
        actor=actor,
        event_type="evaluation.campaign.drawn",
        subject=campaign,
        files=[campaign.parameters_sha256, campaign.seed_commitment, campaign.result_sha256],
    )
    cases = {target_id(case): case for case in eligible_cases(campaign)}
    evaluators = {evaluator_id(e): e for e in campaign.evaluators.select_related("agency", "user")}
    for rank, (target, stratum, inspectors) in enumerate(result.tasks, start=1):
        case = cases[target]
        sampled = SampledFile(
            campaign=campaign, agency_id=case.agency_id, case=case, stratum=stratum, rank=rank
        )
        sampled.save()
        record(
            actor=actor,
            event_type="evaluation.sampledfile.drawn",
            subject=sampled,
            agency=campaign.agency,
        )
        roles = (Assignment.Role.FIRST, Assignment.Role.RECHECK)
        for role, inspector in zip(roles, inspectors, strict=False):
            assignment = Assignment(
                sampled=sampled,
                agency_id=campaign.agency_id,
                evaluator=evaluators[inspector],
                role=role,
            )
            assignment.save()
            record(actor=actor, event_type="evaluation.assignment.drawn", subject=assignment)
    return campaign


def export(campaign: Campaign) -> dict:
    """The public ``openenforce.draw/1`` export of the campaign's draw (the seed and the
    result once drawn): ``openenforce evaluation verify-draw`` re-runs it."""
    drawn = campaign.status in Campaign.SAMPLED_STATES
    result = None
    if drawn:
        result = algorithm.DrawResult(
            lines=[line.encode() + b"\n" for line in campaign.result_text.splitlines()]
        )
    return algorithm.export_document(
        draw_input(campaign),
        seed=bytes.fromhex(campaign.seed) if drawn else None,
        result=result,
        about={"campaign": campaign.title, "supervising_body": campaign.agency.code},
    )


# -- evaluator access ---------------------------------------------------------------------


def assignment_for(user: User, case: Case, *, today: datetime.date | None = None):
    """The user's assignment on ``case`` that lets them read it now (the campaign drawn,
    scoring or graded, today within starts_on..ends_on), else None."""
    if not user.is_authenticated or not user.is_active:
        return None
    today = today or timezone.localdate()
    return (
        Assignment.objects.filter(
            evaluator__user=user,
            sampled__case=case,
            sampled__campaign__status__in=Campaign.SAMPLED_STATES,
            sampled__campaign__starts_on__lte=today,
            sampled__campaign__ends_on__gte=today,
        )
        .exclude(dormant_q())  # a re-check not selected gives no access
        .select_related("sampled__campaign")
        .defer(*Campaign.large("sampled__campaign__"))
        .first()
    )


# Requests of one reading of a file within this window are one opening: the case page and
# its record, a document, the evidence and a player's range requests (as evidence views).
OPENING_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def record_opening(assignment: Assignment, *, actor: User) -> bool:
    """Who opened an assigned file, and when (``evaluation.assignment.viewed``); False
    when the same evaluator's opening of it was recorded within ``OPENING_WINDOW``.
    ``cases.permissions`` asks the reader once per request."""
    recent = Entry.objects.filter(
        subject_kind=state.kind_of(Assignment),
        subject_id=str(assignment.pk),
        event_type="evaluation.assignment.viewed",
        actor_id=actor.pk,
        recorded_at__gte=timezone.now() - OPENING_WINDOW,
    )
    if recent.exists():
        return False
    record(actor=actor, event_type="evaluation.assignment.viewed", subject=assignment)
    return True


def reader_check(user: User, case: Case) -> bool:
    """The cases registry's reader hook: an evaluator reads a file assigned to them while
    the campaign runs, and each opening is recorded."""
    assignment = assignment_for(user, case)
    if assignment is None:
        return False
    record_opening(assignment, actor=user)
    return True


def my_assignments(user: User):
    """The files the user is to evaluate now (sampled campaigns not yet ended)."""
    today = timezone.localdate()
    return (
        Assignment.objects.filter(
            evaluator__user=user,
            sampled__campaign__status__in=Campaign.SAMPLED_STATES,
            sampled__campaign__ends_on__gte=today,
        )
        .exclude(dormant_q())
        .select_related("sampled__case__agency", "sampled__campaign", "score")
        .defer(*Campaign.large("sampled__campaign__"))
        .order_by("sampled__campaign_id", "sampled__rank")
    )
