"""Every change to a rubric, each recorded in the same transaction.

``import_version`` writes a checked rubric (from a workbook or a data file) as a new draft
version, with its items, all or nothing: a draft of the same rubric is discarded first
(its rows stay, marked discarded). ``publish_version`` puts a draft in force; from then
on it never changes. ``load_shipped`` imports and publishes the rubrics shipped with the
application for a supervising body, skipping those already in force with the same content.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, User
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import exchange
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import Rubric, RubricItem, RubricVersion
from openenforce.evaluation.spec import ITEM_SHEET, RUBRIC_SHEET, Problems, RubricSpec
from openenforce.ledger.services import create_recorded, record

Status = RubricVersion.Status


def _require_manager(actor: User, agency: Agency, trusted: bool) -> None:
    if not trusted and not perms.may_manage(actor, agency.pk):
        raise NotPermitted(
            _("Only the supervisors of the supervising body maintain its rubrics."),
            code="rubric_not_permitted",
        )


def _rubric_for(spec: RubricSpec, agency: Agency, actor: User) -> Rubric:
    rubric = Rubric.objects.select_for_update().filter(agency=agency, code=spec.code).first()
    if rubric is None:
        rubric = Rubric(agency=agency, code=spec.code, procedure=spec.procedure, title=spec.title)
        rubric.save()
        record(actor=actor, event_type="evaluation.rubric.created", subject=rubric)
    elif rubric.procedure != spec.procedure:
        problems = Problems()
        problems.add(
            RUBRIC_SHEET,
            None,
            "执法程序",
            _("The rubric %(code)s is for another procedure; use a new code for this one.")
            % {"code": spec.code},
        )
        raise exchange.refused(problems)
    return rubric


def _same_as_current(rubric: Rubric, digest: str) -> bool:
    current = rubric.current()
    return current is not None and current.digest == digest


@transaction.atomic
def import_version(
    spec: RubricSpec, *, agency: Agency, actor: User, origin: str = "", trusted: bool = False
) -> RubricVersion:
    """Write ``spec`` as a new draft version of ``agency``'s rubric ``spec.code``.
    ``trusted``: the system actor (CLI, demo) acting for the supervising body."""
    _require_manager(actor, agency, trusted)
    rubric = _rubric_for(spec, agency, actor)
    digest = spec.digest()
    if _same_as_current(rubric, digest):
        problems = Problems()
        problems.add(ITEM_SHEET, None, "", _("The content is the same as the version in force."))
        raise exchange.refused(problems)
    for draft in rubric.versions.select_for_update().filter(status=Status.DRAFT):
        _discard(draft, actor)
    number = (rubric.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RubricVersion(
        rubric=rubric,
        agency=agency,
        number=number,
        title=spec.title,
        description=spec.description,
        total_points=spec.total_points,
        excellent_from=spec.excellent_from,
        passed_from=spec.passed_from,
        digest=digest,
        origin=origin[:200],
        created_by=actor,
    )
    version.save()
    record(actor=actor, event_type="evaluation.rubricversion.imported", subject=version)
    items = [
        RubricItem(version=version, position=position, **vars(item))
        for position, item in enumerate(spec.items, start=1)
    ]
    create_recorded(items, actor=actor, event_type="evaluation.rubricitem.imported", agency=agency)
    return version


def import_workbook(path: Path, *, agency: Agency, actor: User, origin: str = "") -> RubricVersion:
    """Read, check and import a rubric workbook, all or nothing."""
    _require_manager(actor, agency, trusted=False)
    spec = exchange.read_rubric_workbook(path)
    return import_version(spec, agency=agency, actor=actor, origin=origin or Path(path).name)


def _lock(version: RubricVersion) -> RubricVersion:
    return RubricVersion.objects.select_for_update().select_related("rubric").get(pk=version.pk)


def _require_draft(version: RubricVersion) -> None:
    if not version.is_draft:
        raise WrongState(
            _("A published or discarded version never changes; import a new version."),
            code="rubric_version_not_draft",
        )


def _discard(version: RubricVersion, actor: User) -> None:
    version.status = Status.DISCARDED
    version.save(update_fields=["status", "updated_at"])
    record(actor=actor, event_type="evaluation.rubricversion.discarded", subject=version)


@transaction.atomic
def publish_version(version: RubricVersion, *, actor: User, trusted: bool = False) -> RubricVersion:
    """Put a draft in force: from now on files are scored against it."""
    version = _lock(version)
    _require_manager(actor, version.agency, trusted)
    _require_draft(version)
    version.status, version.published_at, version.published_by = (
        Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record(actor=actor, event_type="evaluation.rubricversion.published", subject=version)
    return version


@transaction.atomic
def discard_version(version: RubricVersion, *, actor: User) -> RubricVersion:
    version = _lock(version)
    _require_manager(actor, version.agency, trusted=False)
    _require_draft(version)
    _discard(version, actor)
    return version


@transaction.atomic
def load_shipped(agency: Agency, *, actor: User, trusted: bool = False) -> list[tuple[str, str]]:
    """Import and publish every shipped rubric for ``agency``; returns (code, outcome)
    pairs: ``published vN`` or ``unchanged``."""
    _require_manager(actor, agency, trusted)
    outcomes = []
    for path in exchange.data_files():
        spec = exchange.load_data_file(path)
        rubric = Rubric.objects.filter(agency=agency, code=spec.code).first()
        if rubric is not None and _same_as_current(rubric, spec.digest()):
            outcomes.append((spec.code, "unchanged"))
            continue
        version = import_version(spec, agency=agency, actor=actor, origin=path.name, trusted=True)
        publish_version(version, actor=actor, trusted=True)
        outcomes.append((spec.code, f"published v{version.number}"))
    if not outcomes:
        raise InvalidInput(_("No rubric is shipped."), code="rubric_none_shipped")
    return outcomes
