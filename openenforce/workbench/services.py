"""Workbench writes: opening a case from the page's form (through ``cases.services``),
the notices of hand-offs (``core.todo.handed_off``) and the daily deadline notifications.

Notifications are the workbench's own reminders, not domain state: they are not
written to the record (the deadlines they point at are).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.accounts.services import get_system_actor
from openenforce.cases.models import Case, CaseHandler, Deadline
from openenforce.cases.services import deem_applications_accepted, file_case
from openenforce.catalog.models import Matter
from openenforce.core import daily
from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.core.todo import Task
from openenforce.evidence.services import purge_uploads
from openenforce.workbench.models import Notification
from openenforce.workbench.selectors import DUE_SOON_DAYS, roster

logger = logging.getLogger(__name__)


def _matter(actor: User, matter_id: int | None) -> Matter:
    ids = writable_agency_ids(actor)
    matters = Matter.objects.filter(status=Matter.Status.ACTIVE)
    matters = matters if ids is None else matters.filter(agency_id__in=ids)
    matter = matters.filter(pk=matter_id).first() if matter_id is not None else None
    if matter is None:
        message = _("Choose a matter of your agency.")
        raise InvalidInput(
            message, code="invalid_input", problems=[FieldProblem("matter", message)]
        )
    return matter


def open_case(
    *,
    actor: User,
    procedure: str,
    matter_id: int | None,
    title: str,
    source: str = "",
    facts: str = "",
    parties: list[dict] | None = None,
    handlers: list[str] | None = None,
) -> Case:
    """Open a case from the "new case" form (parsed by ``workbench.forms.OpenCaseForm``):
    ``cases.services.file_case`` does the work (and the checks); ``matter_id`` must name
    an active matter of an agency the actor may write for, and the handlers chosen must
    be able to enforce it today (``check_handlers``)."""
    matter = _matter(actor, matter_id)
    check_handlers(actor, matter, handlers or [])
    return file_case(
        actor=actor,
        procedure=procedure,
        matter=matter,
        title=title,
        source=source,
        facts=facts,
        parties=parties or [],
        handlers=handlers or [],
    )


def check_handlers(actor: User, matter: Matter, codes: list[str]) -> None:
    """Each handler chosen on the page must hold a certificate valid today that covers the
    matter's field, and not be contract staff (行政处罚法 Art 42): refused where they are
    chosen, naming the officer and the reason, rather than later at a gate."""
    rows = {
        row.officer.code: row for row in roster(actor) if row.officer.agency_id == matter.agency_id
    }
    problems = []
    for index, code in enumerate(codes):
        field = "lead" if index == 0 else "assistants"
        row = rows.get(code)
        if row is None:
            message = _("%(code)s is not an active officer of this agency.") % {"code": code}
        elif row.reason:
            message = _("%(name)s (%(code)s): %(reason)s") % {
                "name": row.officer.name,
                "code": code,
                "reason": row.reason,
            }
        elif not row.covers(matter.field_id):
            message = _(
                "%(name)s (%(code)s): the certificate does not cover the field %(field)s."
            ) % {"name": row.officer.name, "code": code, "field": matter.field.name}
        else:
            continue
        problems.append(FieldProblem(field, message))
    if problems:
        raise InvalidInput(problems[0].message, code="invalid_input", problems=problems)


def _texts(render: Callable[[], str]) -> dict[str, Any]:
    """A notification's ``message`` (in the installation's language) and ``messages``
    (in each of its languages), from ``render()``."""
    messages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            messages[code] = str(render())[:300]
    with translation.override(settings.LANGUAGE_CODE):
        return {"message": str(render())[:300], "messages": messages}


def _message(deadline: Deadline, kind: str) -> str:
    values = {
        "case": deadline.case.number or deadline.case.title,
        "rule": deadline.label,
        "due": deadline.due.isoformat(),
    }
    if kind == Notification.Kind.OVERDUE:
        return _("%(case)s: %(rule)s was due on %(due)s and is overdue.") % values
    return _("%(case)s: %(rule)s is due on %(due)s.") % values


@transaction.atomic
def notify_deadlines(*, today: datetime.date | None = None) -> int:
    """Raise an in-app notification to each active handler of a case with an open deadline
    overdue or due within ``DUE_SOON_DAYS``. At most one per user, case, kind and day, so
    running it twice in a day raises nothing new. Returns how many were raised."""
    given, today = today, today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = (
        Deadline.objects.running(today)
        .filter(due__lte=soon, case__closed_on__isnull=True)
        .select_related("case")
        .order_by("due")
    )
    users = _handler_users({d.case_id for d in due})
    notes, seen = [], set()
    for deadline in due:
        overdue = deadline.is_overdue(given)  # to the hour for Art 19's 24-hour report
        kind = Notification.Kind.OVERDUE if overdue else Notification.Kind.DUE_SOON
        for user_id in users.get(deadline.case_id, ()):
            if (user_id, deadline.case_id, kind) in seen:
                continue
            seen.add((user_id, deadline.case_id, kind))
            notes.append(
                Notification(
                    user_id=user_id,
                    case_id=deadline.case_id,
                    key=f"case:{deadline.case_id}",
                    url=reverse("workbench:case", args=[deadline.case_id]),
                    kind=kind,
                    **_texts(partial(_message, deadline, kind)),
                    day=today,
                )
            )
    before = Notification.objects.filter(day=today).count()
    Notification.objects.bulk_create(notes, ignore_conflicts=True)
    return Notification.objects.filter(day=today).count() - before


def _handoff_message(task: Task) -> str:
    values = {"title": task.title, "subject": task.subject}
    return _("Waiting for you: %(title)s · %(subject)s") % values


def on_handed_off(sender: object, *, task: Task, users: list[User], **kwargs: object) -> None:
    """Receiver of ``core.todo.handed_off``: a notice to each user, in the sender's
    transaction (at most one per user, step and day), and an e-mail after it commits where
    ``OPENENFORCE_NOTIFY_BY_EMAIL`` is on and the user has an address."""
    today = timezone.localdate()
    case_id = int(task.key.split(":")[1]) if task.key.startswith("case:") else None
    texts = _texts(partial(_handoff_message, task))
    message = texts["message"]
    notes = [
        Notification(
            user=user,
            case_id=case_id,
            kind=Notification.Kind.HANDOFF,
            key=task.key[:100],
            url=task.url,
            **texts,
            day=today,
        )
        for user in users
    ]
    Notification.objects.bulk_create(notes, ignore_conflicts=True)
    if settings.OPENENFORCE_NOTIFY_BY_EMAIL:
        addresses = [user.email for user in users if user.email]
        if addresses:
            transaction.on_commit(lambda: _mail(task, message, addresses))


def _mail(task: Task, message: str, addresses: list[str]) -> None:
    link = settings.OPENENFORCE_PUBLIC_URL.rstrip("/") + task.url
    body = "\n".join(part for part in (message, task.note, link) if part)
    subject = f"[{settings.OPENENFORCE_SITE_NAME}] {message}"[:200]
    for address in addresses:  # one message each: recipients do not see each other
        try:
            send_mail(subject, body, None, [address])
        except (OSError, smtplib.SMTPException):
            # The notice in the app stands; a mail server that is down must not fail the
            # request whose transaction has already committed.
            logger.warning("Could not send the hand-off notice to %s", address, exc_info=True)


def _handler_users(case_ids: set[int]) -> dict[int, set[int]]:
    rows = (
        CaseHandler.objects.active()
        .filter(case_id__in=case_ids, officer__user__isnull=False)
        .values_list("case_id", "officer__user_id")
    )
    users: dict[int, set[int]] = {}
    for case_id, user_id in rows:
        users.setdefault(case_id, set()).add(user_id)
    return users


def mark_read(*, user: User) -> int:
    """Mark all of ``user``'s notifications read."""
    return Notification.objects.unread().filter(user=user).update(read_at=timezone.now())


def run_daily(*, today: datetime.date | None = None) -> int:
    """The daily run: applications left unanswered for 5 working days are deemed accepted
    (行政许可法 Art 32), then the deadline notifications are raised (their number); and
    uploads nobody finished or used are purged (``evidence.services.purge_uploads``); then
    the steps other apps registered (``core.daily``: the warnings' evaluation)."""
    deem_applications_accepted(actor=get_system_actor(), today=today)
    raised = notify_deadlines(today=today)
    purge_uploads()
    daily.run_all(today)
    return raised
