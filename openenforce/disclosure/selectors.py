"""Reading publications: what the public portal may show, and the staff queue.

``public_items()`` is the one definition of what is public now: items published and
still within their retention period, plus withdrawn items, which show only their
withdrawal notice (``PublicView.text``). The portal and the search index read through
here; they never query ``Publication`` themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from openenforce.accounts.permissions import get_for_user, scope
from openenforce.disclosure.models import Correction, Publication


def public_items(today: datetime.date | None = None) -> QuerySet[Publication]:
    """Items the portal may show now, newest first. Withdrawn items are included:
    show them through ``public_view`` (the withdrawal notice, never the old text)."""
    return (
        Publication.objects.public(today)
        .select_related("agency", "matter")
        .order_by("-published_at", "-id")
    )


def get_public_item(pk) -> Publication:
    """One public item, else Http404 (drafts, exempt and expired items are not public)."""
    try:
        return public_items().get(pk=pk)
    except (Publication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class PublicView:
    """What the public sees of an item: the masked text, or for a withdrawn item the
    notice with its reason; and the log of handled corrections."""

    publication: Publication
    withdrawn: bool
    text: str
    withdrawal_reason: str
    corrections: list[Correction]


def public_view(publication: Publication) -> PublicView:
    """The public face of ``publication`` (which must come from ``public_items``)."""
    withdrawn = publication.status == Publication.Status.WITHDRAWN
    return PublicView(
        publication=publication,
        withdrawn=withdrawn,
        text="" if withdrawn else publication.masked_text,
        withdrawal_reason=publication.withdrawal_reason if withdrawn else "",
        corrections=list(public_corrections(publication)),
    )


def public_corrections(publication: Publication) -> QuerySet[Correction]:
    """The public correction log of an item: accepted corrections, oldest first (the
    requester's name and contact are never shown)."""
    return publication.corrections.filter(status=Correction.Status.ACCEPTED).order_by(
        "handled_at", "id"
    )


def publications_for_user(user) -> QuerySet[Publication]:
    """The publications of the agencies the user may read."""
    return scope(Publication.objects.select_related("agency", "case", "matter"), user)


def get_publication_for_user(user, pk) -> Publication:
    """One readable publication, else 404 (missing or another agency's)."""
    return get_for_user(Publication.objects.select_related("agency", "case", "matter"), user, pk=pk)


def corrections_for_user(user) -> QuerySet[Correction]:
    return scope(Correction.objects.select_related("publication", "agency"), user)


def get_correction_for_user(user, pk) -> Correction:
    return get_for_user(Correction.objects.select_related("publication"), user, pk=pk)


@dataclass(frozen=True)
class Flags:
    """What needs the publicity officer's attention now."""

    overdue: int
    due_soon: int
    withdrawal_due: int
    withdrawal_overdue: int
    corrections: int


def flags(queryset: QuerySet[Publication], today: datetime.date | None = None) -> Flags:
    today = today or timezone.localdate()
    return Flags(
        overdue=queryset.overdue(today).count(),
        due_soon=queryset.due_soon(today=today).count(),
        withdrawal_due=queryset.withdrawal_pending().count(),
        withdrawal_overdue=queryset.withdrawal_overdue(today).count(),
        corrections=Correction.objects.filter(
            publication__in=queryset, status=Correction.Status.PENDING
        ).count(),
    )


def flag_rows(*, days: int = 3, today: datetime.date | None = None) -> list[tuple[str, ...]]:
    """Every agency's items needing attention, for the CLI: (due date, flag, agency
    code, publication id, title)."""
    today = today or timezone.localdate()
    items = Publication.objects.select_related("agency")
    rows = []
    for flag, queryset, due in (
        ("withdrawal_overdue", items.withdrawal_overdue(today), "withdrawal_due"),
        (
            "withdrawal_due",
            items.withdrawal_pending().filter(withdrawal_due__gte=today),
            "withdrawal_due",
        ),
        ("overdue", items.overdue(today), "due_on"),
        ("due_soon", items.due_soon(days, today), "due_on"),
    ):
        for p in queryset.order_by(due, "id"):
            rows.append((str(getattr(p, due)), flag, p.agency.code, str(p.pk), p.title))
    return rows


def searchable_items() -> Iterator[dict]:
    """What the publications say is searchable now: published, within retention, not
    withdrawn (a withdrawn item shows only its notice and is not searched). The search
    app's source for its index (registered from ``DisclosureConfig.ready()``)."""
    for publication in public_items().iterator(chunk_size=500):
        view = public_view(publication)
        if view.withdrawn or publication.published_at is None:
            continue
        yield {
            "key": publication.search_key,
            "agency_id": publication.agency_id,
            "kind": publication.kind,
            "category": publication.category,
            "matter_id": publication.matter_id,
            "published_on": timezone.localdate(publication.published_at),
            "title": publication.title,
            "body": view.text,
        }
