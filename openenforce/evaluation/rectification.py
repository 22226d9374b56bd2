"""Rectification notices (整改通知) after an evaluation campaign (docs/evaluation.md §5).

The campaign's supervising body (its supervisors: ``permissions.may_manage``) drafts a
notice to one evaluated agency with the problems found (pre-filled from the campaign's
results where the results module exists), what must be done and by when; issues it;
and accepts the agency's reply or returns it with a note. The notified agency's head
and its legal staff (role ``reviewer``, the 法制机构 that handles evaluation matters)
read the issued notice and reply, with files as evidence. Nobody else sees a notice.

Every change is one transaction with its record entry:
``evaluation.rectificationnotice.drafted|edited|issued|replied|accepted|returned``,
``evaluation.rectificationreply.submitted|accepted|returned`` (the files' digests in the
submission entry), ``evaluation.rectificationattachment.added``.

States: draft → issued → replied → accepted, or → returned → replied (again) → …
An issued or returned notice past its due day raises the warning
``evaluation_rectification_overdue`` (``alerts.rules``).
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.accounts.models import Agency, Role, User
from openenforce.cases.models import Case
from openenforce.core import todo
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import (
    Campaign,
    RectificationAttachment,
    RectificationNotice,
    RectificationReply,
)
from openenforce.evidence import storage
from openenforce.evidence.models import Blob
from openenforce.evidence.services import store_stream
from openenforce.evidence.uploads import check_file_name
from openenforce.ledger.services import record

Status = RectificationNotice.Status
ProblemClass = RectificationNotice.ProblemClass

# The notified agency's people who read and answer a notice: its head, and its legal
# staff (the 法制机构 handles evaluation and rectification in the agencies).
AGENCY_ROLES = (Role.HEAD, Role.REVIEWER)
# A campaign's results exist once its sample is drawn (not in draft or announced).
TOO_EARLY = (Campaign.Status.DRAFT, Campaign.Status.ANNOUNCED)

# Evidence of a rectification: scans and photos (as the proofs of service), each at most
# 20 MB, type checked from the content; at most MAX_FILES per reply.
ATTACHMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
MAX_PROBLEMS = 200


def _invalid(field: str, message: str, code: str, row: int | None = None) -> InvalidInput:
    return InvalidInput(
        message, code=code, problems=[FieldProblem(field=field, message=message, row=row)]
    )


# -- who ---------------------------------------------------------------------------------


def may_manage(user: User, notice: RectificationNotice) -> bool:
    """The supervising body's supervisors (and superusers) draft, issue, accept, return."""
    return perms.may_manage(user, notice.agency_id)


def is_agency_side(user: User, notice: RectificationNotice) -> bool:
    """The notified agency's head and legal staff, once the notice is issued."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.agency_id == notice.notified_id
        and user.has_role(*AGENCY_ROLES)
        and notice.status != Status.DRAFT
    )


def may_reply(user: User, notice: RectificationNotice) -> bool:
    return is_agency_side(user, notice) and notice.awaits_reply


def readable(user: User) -> QuerySet[RectificationNotice]:
    """The notices ``user`` may open: all of their body's when they manage its campaigns;
    their agency's issued ones when they are its head or legal staff; none otherwise."""
    rows = RectificationNotice.objects.select_related("campaign", "agency", "notified").defer(
        *Campaign.large("campaign__")
    )
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    if user.is_superuser:
        return rows
    if user.agency_id is None:
        return rows.none()
    wanted = Q(pk__in=[])
    if perms.may_manage(user, user.agency_id):
        wanted |= Q(agency_id=user.agency_id)
    if user.has_role(*AGENCY_ROLES):
        wanted |= Q(notified_id=user.agency_id) & ~Q(status=Status.DRAFT)
    return rows.filter(wanted)


def _require_manager(actor: User, notice_or_campaign) -> None:
    if not perms.may_manage(actor, notice_or_campaign.agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body manage its rectification notices."),
            code="rectification_not_permitted",
        )


def _lock(notice: RectificationNotice) -> RectificationNotice:
    return (
        RectificationNotice.objects.select_for_update()
        .select_related("campaign", "agency", "notified")
        .defer(*Campaign.large("campaign__"))
        .get(pk=notice.pk)
    )


# -- the problems -----------------------------------------------------------------------


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


_CLASS_WORDS = {
    "立卷": ProblemClass.FILING,
    "实体": ProblemClass.SUBSTANCE,
    "程序": ProblemClass.PROCEDURE,
}


def _problem_class(value: Any) -> str:
    text = str(value or "")
    if text in ProblemClass.values:
        return text
    return str(_CLASS_WORDS.get(text, ProblemClass.PROCEDURE))


def _results_module():
    """``openenforce.evaluation.results`` when it exists (the scoring's results);
    None before it is built."""
    try:
        return importlib.import_module("openenforce.evaluation.results")
    except ImportError:
        return None


def _problem_text(problem: Any) -> str:
    """A problem's line: its ``text``, or the rubric item's requirement (``item.title``)
    with the evaluator's ``comment``."""
    text = str(_get(problem, "text") or "").strip()
    if text:
        return text
    title = str(getattr(_get(problem, "item"), "title", "") or "").strip()
    comment = str(_get(problem, "comment") or "").strip()
    return f"{title}：{comment}" if title and comment else title or comment


def prefilled_problems(campaign: Campaign, agency_id: int) -> list[dict]:
    """The problem lines of one agency's files in the campaign's results.

    Expects ``openenforce.evaluation.results.file_results(campaign)``: an iterable with
    one entry per sampled file (object or mapping) having ``agency`` (an ``Agency``; or
    ``agency_id``), ``case`` (a ``Case``), ``grade`` and ``problems``, an iterable of
    entries having ``problem_class`` (``filing`` 立卷 / ``substance`` 实体 / ``procedure``
    程序) and either ``text`` or ``item`` (a ``RubricItem``: its ``title``) with
    ``comment`` (the evaluator's). Empty while that module (or function) does not exist.
    """
    module = _results_module()
    file_results = getattr(module, "file_results", None) if module is not None else None
    if file_results is None:
        return []
    lines = []
    for result in file_results(campaign):
        agency = _get(result, "agency")
        result_agency = _get(result, "agency_id", getattr(agency, "pk", None))
        if result_agency != agency_id:
            continue
        case = _get(result, "case")
        for problem in _get(result, "problems") or ():
            text = _problem_text(problem)
            if not text:
                continue
            lines.append(
                {
                    "case_id": getattr(case, "pk", None),
                    "case_number": str(getattr(case, "number", "") or ""),
                    "text": text,
                    "problem_class": _problem_class(
                        _get(problem, "problem_class", _get(problem, "cls"))
                    ),
                }
            )
    return lines


def _case_of(notified: Agency, number: str) -> Case | None:
    return Case.objects.filter(agency=notified, number=number).order_by("pk").first()


def clean_problems(notified: Agency, rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """The problem lines as stored; blank lines are dropped. A line needs its text and a
    known class; a case number, when given, must be a case of the notified agency.
    Refusals name the row (counted as the form shows them, from 1)."""
    cleaned = []
    for row, line in enumerate(rows, start=1):
        text = str(line.get("text") or "").strip()
        number = str(line.get("case_number") or "").strip()
        if not text and not number:
            continue
        if not text:
            raise _invalid(
                "problems",
                _("Row %(row)d: describe the problem.") % {"row": row},
                "rectification_problem_text",
                row,
            )
        problem_class = str(line.get("problem_class") or "")
        if problem_class not in ProblemClass.values:
            raise _invalid(
                "problems",
                _("Row %(row)d: choose the class of the problem.") % {"row": row},
                "rectification_problem_class",
                row,
            )
        case = _case_of(notified, number) if number else None
        if number and case is None:
            raise _invalid(
                "problems",
                _("Row %(row)d: the agency has no case numbered %(number)s.")
                % {"row": row, "number": number},
                "rectification_problem_case",
                row,
            )
        cleaned.append(
            {
                "case_id": case.pk if case else None,
                "case_number": number,
                "text": text[:2000],
                "problem_class": problem_class,
            }
        )
    if len(cleaned) > MAX_PROBLEMS:
        raise _invalid(
            "problems",
            _("At most %(n)d problems per notice.") % {"n": MAX_PROBLEMS},
            "rectification_too_many_problems",
        )
    return cleaned


def _clean(notified: Agency, values: dict) -> dict:
    requirements = str(values.get("requirements") or "").strip()
    if not requirements:
        raise _invalid(
            "requirements",
            _("Say what the agency must do to rectify."),
            "rectification_requirements_required",
        )
    due_on = values.get("due_on")
    if not isinstance(due_on, datetime.date):
        raise _invalid("due_on", _("Enter a valid date."), "rectification_bad_date")
    if due_on <= timezone.localdate():
        raise _invalid(
            "due_on", _("The deadline must be after today."), "rectification_due_in_past"
        )
    return {
        "requirements": requirements,
        "due_on": due_on,
        "problems": clean_problems(notified, values.get("problems") or []),
    }


# -- the bureau: draft, edit, issue -----------------------------------------------------


def notifiable_agencies(campaign: Campaign) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=campaign.agency_ids).order_by("code")


@transaction.atomic
def create_notice(
    campaign: Campaign, *, actor: User, notified: Agency | None, **values
) -> RectificationNotice:
    """A draft notice of ``campaign``'s body to the evaluated agency ``notified``. Without
    ``problems`` given, they are pre-filled from the campaign's results."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_manager(actor, campaign)
    if campaign.status in TOO_EARLY:
        raise WrongState(
            _("Rectification notices follow the draw: this campaign has no sample yet."),
            code="rectification_too_early",
        )
    if campaign.status == Campaign.Status.CLOSED:
        raise WrongState(_("The campaign is closed."), code="rectification_campaign_closed")
    if notified is None or notified.pk not in campaign.agency_ids:
        raise _invalid(
            "notified",
            _("Choose an agency the campaign evaluated."),
            "rectification_agency_out_of_scope",
        )
    if values.get("problems") is None:
        values["problems"] = prefilled_problems(campaign, notified.pk)
    notice = RectificationNotice(
        campaign=campaign,
        agency_id=campaign.agency_id,
        notified=notified,
        created_by=actor,
        **_clean(notified, values),
    )
    notice.save()
    record(actor=actor, event_type="evaluation.rectificationnotice.drafted", subject=notice)
    return notice


def _require_draft(notice: RectificationNotice) -> None:
    if notice.status != Status.DRAFT:
        raise WrongState(
            _("The notice has been issued; it no longer changes."), code="rectification_not_draft"
        )


@transaction.atomic
def edit_notice(notice: RectificationNotice, *, actor: User, **values) -> RectificationNotice:
    notice = _lock(notice)
    _require_manager(actor, notice)
    _require_draft(notice)
    for name, value in _clean(notice.notified, values).items():
        setattr(notice, name, value)
    notice.save()
    record(actor=actor, event_type="evaluation.rectificationnotice.edited", subject=notice)
    return notice


def _next_number(notice: RectificationNotice, year: int) -> str:
    """``<body's short name>评查整改〔<year>〕<n>号``, n counting the body's notices issued
    that year (the body's row is locked while numbering)."""
    body = Agency.objects.select_for_update().get(pk=notice.agency_id)
    issued = RectificationNotice.objects.filter(
        agency_id=body.pk, issued_at__isnull=False, issued_at__year=year
    ).count()
    prefix = body.short_name or body.name
    number = issued + 1
    while True:
        candidate = f"{prefix}评查整改〔{year}〕{number}号"
        if not RectificationNotice.objects.filter(agency_id=body.pk, number=candidate).exists():
            return candidate
        number += 1


def _agency_people(notice: RectificationNotice) -> list[User]:
    return [
        user
        for user in User.objects.filter(agency_id=notice.notified_id, is_active=True)
        if user.has_role(*AGENCY_ROLES)
    ]


def _managers(notice: RectificationNotice) -> list[User]:
    return [
        user
        for user in User.objects.filter(agency_id=notice.agency_id, is_active=True)
        if perms.may_manage(user, notice.agency_id)
    ]


@transaction.atomic
def issue(notice: RectificationNotice, *, actor: User) -> RectificationNotice:
    """Send the notice: it gets its number and can no longer change; the agency's head
    and legal staff find it in their to-do list."""
    notice = _lock(notice)
    _require_manager(actor, notice)
    _require_draft(notice)
    if not notice.problems:
        raise _invalid(
            "problems",
            _("List at least one problem before issuing the notice."),
            "rectification_no_problems",
        )
    if notice.due_on <= timezone.localdate():
        raise _invalid(
            "due_on", _("The deadline must be after today."), "rectification_due_in_past"
        )
    now = timezone.now()
    notice.number = _next_number(notice, timezone.localtime(now).year)
    notice.status = Status.ISSUED
    notice.issued_at = now
    notice.issued_by = actor
    notice.save()
    record(actor=actor, event_type="evaluation.rectificationnotice.issued", subject=notice)
    todo.hand_off(reply_task(notice), _agency_people(notice), actor=actor)
    return notice


# -- the agency: reply ------------------------------------------------------------------


def _check_reply(notice: RectificationNotice, actor: User, text: str) -> str:
    if not is_agency_side(actor, notice):
        raise NotPermitted(
            _("Only the notified agency's head and legal staff reply to the notice."),
            code="rectification_reply_not_permitted",
        )
    if not notice.awaits_reply:
        raise WrongState(_("The notice does not await a reply."), code="rectification_not_awaiting")
    text = (text or "").strip()
    if not text:
        raise _invalid("text", _("Say what the agency has rectified."), "rectification_text")
    return text


@transaction.atomic
def submit_reply(
    notice: RectificationNotice,
    *,
    actor: User,
    text: str,
    files: Iterable[tuple[Blob, str]] = (),
) -> RectificationReply:
    """The agency's reply with its evidence (stored blobs with their file names)."""
    notice = _lock(notice)
    text = _check_reply(notice, actor, text)
    files = list(files)
    reply = RectificationReply(
        notice=notice,
        agency_id=notice.notified_id,
        text=text[:20000],
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    reply.save()
    digests = [digest for blob, _name in files for digest in blob.digests()]
    record(
        actor=actor,
        event_type="evaluation.rectificationreply.submitted",
        subject=reply,
        files=digests,
    )
    for blob, name in files:
        attachment = RectificationAttachment(
            reply=reply, agency_id=notice.notified_id, blob=blob, file_name=name
        )
        attachment.save()
        record(
            actor=actor,
            event_type="evaluation.rectificationattachment.added",
            subject=attachment,
            files=blob.digests(),
        )
    notice.status = Status.REPLIED
    notice.save()
    record(
        actor=actor,
        event_type="evaluation.rectificationnotice.replied",
        subject=notice,
        agency=notice.notified,
    )
    todo.hand_off(review_task(notice), _managers(notice), actor=actor)
    return reply


def submit_reply_with_files(
    notice: RectificationNotice,
    *,
    actor: User,
    text: str,
    uploads: Iterable[tuple[BinaryIO | Iterable[bytes], str]] = (),
) -> RectificationReply:
    """``submit_reply`` with files read from form uploads: everything is checked before
    a file is stored (the name, at most MAX_FILES, then each file's size and type); a
    file stored for a reply that is then refused is removed again unless something
    else uses it."""
    _check_reply(notice, actor, text)
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise _invalid(
            "files",
            _("At most %(n)d files per reply.") % {"n": MAX_FILES},
            "rectification_too_many_files",
        )
    names = [check_file_name(name) for _stream, name in uploads]
    stored: list[tuple[Blob, str]] = []
    try:
        for (stream, _name), name in zip(uploads, names, strict=True):
            blob = store_stream(
                stream, max_size=ATTACHMENT_MAX_BYTES, allowed_types=ATTACHMENT_TYPES
            )
            stored.append((blob, name))
        return submit_reply(notice, actor=actor, text=text, files=stored)
    except BaseException:
        for blob, _name in stored:
            if getattr(blob, "created_now", False):
                storage.delete_if_unused(blob)
        raise


# -- the bureau: accept or return ---------------------------------------------------------


def _decide(notice: RectificationNotice, *, actor: User, decision: str, note: str):
    notice = _lock(notice)
    _require_manager(actor, notice)
    if notice.status != Status.REPLIED:
        raise WrongState(
            _("Only a replied notice can be accepted or returned."),
            code="rectification_not_replied",
        )
    reply = notice.replies.select_for_update().order_by("-submitted_at", "-pk").first()
    assert reply is not None  # noqa: S101 (a replied notice has its reply)
    reply.decision = decision
    reply.note = note
    reply.decided_by = actor
    reply.decided_at = timezone.now()
    reply.save()
    record(
        actor=actor,
        event_type=f"evaluation.rectificationreply.{decision}",
        subject=reply,
        agency=notice.agency,
    )
    notice.status = decision
    notice.save()
    record(actor=actor, event_type=f"evaluation.rectificationnotice.{decision}", subject=notice)
    return notice


@transaction.atomic
def accept(notice: RectificationNotice, *, actor: User, note: str = "") -> RectificationNotice:
    """The rectification is done: the notice is closed."""
    return _decide(notice, actor=actor, decision="accepted", note=(note or "").strip()[:4000])


@transaction.atomic
def return_reply(notice: RectificationNotice, *, actor: User, note: str) -> RectificationNotice:
    """The reply is not enough: ``note`` says what is missing; the agency replies again
    (by the same due day)."""
    text = (note or "").strip()
    if not text:
        raise _invalid("note", _("Say why the reply is returned."), "rectification_note_required")
    notice = _decide(notice, actor=actor, decision="returned", note=text[:4000])
    todo.hand_off(reply_task(notice), _agency_people(notice), actor=actor)
    return notice


# -- to-do --------------------------------------------------------------------------------

AREA = gettext_lazy("Case-file evaluation")


def reply_task(notice: RectificationNotice) -> todo.Task:
    return todo.Task(
        area=str(AREA),
        title=gettext_lazy("Reply to the rectification notice"),
        subject=f"{notice.number} {notice.agency.name}",
        url=reverse("evaluation:rectification", args=[notice.pk]),
        key=f"evaluation:rectification:{notice.pk}",
        due=notice.due_on,
    )


def review_task(notice: RectificationNotice) -> todo.Task:
    return todo.Task(
        area=str(AREA),
        title=gettext_lazy("Review the rectification reply"),
        subject=f"{notice.number} {notice.notified.name}",
        url=reverse("evaluation:rectification", args=[notice.pk]),
        key=f"evaluation:rectification-review:{notice.pk}",
    )


def tasks(user: User, today: datetime.date) -> list[todo.Task]:
    """The agency's head and legal staff: each notice awaiting their reply (due on its
    deadline); the body's supervisors: each reply to review."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return []
    found = []
    if user.has_role(*AGENCY_ROLES):
        rows = RectificationNotice.objects.filter(
            notified_id=user.agency_id, status__in=RectificationNotice.AWAITING_REPLY
        ).select_related("agency", "notified")
        found += [reply_task(notice) for notice in rows.order_by("due_on", "pk")[:200]]
    if perms.may_manage(user, user.agency_id):
        rows = RectificationNotice.objects.filter(
            agency_id=user.agency_id, status=Status.REPLIED
        ).select_related("agency", "notified")
        found += [review_task(notice) for notice in rows.order_by("due_on", "pk")[:200]]
    return found
