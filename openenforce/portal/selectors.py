"""What the public portal reads: the published catalogue, the certificate check, published
decisions (through ``openenforce.disclosure.selectors``) and the record's proofs.

The portal shows only what the rules publish (事前公开, 事后公开): entries in force, the
officer directory's fields (name, certificate number, fields, area, validity) and the masked
text of published items. Pages, open-data API and downloads all read through here.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import math
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openenforce.accounts.models import Agency
from openenforce.cases import lifecycles
from openenforce.catalog.models import (
    CatalogEntry,
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.disclosure import digest
from openenforce.disclosure import selectors as disclosure
from openenforce.disclosure.models import Correction, Publication
from openenforce.ledger import merkle, notes, witnessing
from openenforce.ledger.models import Entry
from openenforce.ledger.services import latest_checkpoint, served_note
from openenforce.ledger.state import kind_of
from openenforce.ledger.tiles import TileStore

PER_PAGE = 20
MAX_PER_PAGE = 100
ACTIVE = "active"


# -- before action: the catalogue -------------------------------------------------------


def public_agencies() -> QuerySet[Agency]:
    """Every enforcement body with its published particulars."""
    return Agency.objects.select_related("parent").order_by("code")


def get_public_agency(code: str) -> Agency:
    try:
        return public_agencies().get(code=code)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc


def _certificates() -> Prefetch:
    return Prefetch(
        "certificates",
        queryset=Certificate.objects.prefetch_related("fields").order_by("number"),
    )


def public_officers(*, q: str = "", agency_id: int | None = None) -> QuerySet[Officer]:
    """The officer directory (执法人员名录): officers in post who hold a certificate;
    ``q`` matches the name or a certificate number."""
    officers = (
        Officer.objects.filter(status=ACTIVE, certificates__isnull=False)
        .exclude(employment=Officer.Employment.CONTRACT)
        .select_related("agency")
        .prefetch_related(_certificates())
        .distinct()
        .order_by("agency__code", "name", "id")
    )
    q = q.strip()
    if q:
        officers = officers.filter(Q(name__icontains=q) | Q(certificates__number__icontains=q))
    if agency_id:
        officers = officers.filter(agency_id=agency_id)
    return officers


@dataclass(frozen=True)
class CertificateCheck:
    """What a certificate's QR code shows: genuine (registered) and its status today."""

    certificate: Certificate
    status: str
    status_label: str
    today: datetime.date
    since: datetime.date | None  # when it was suspended or revoked

    @property
    def valid(self) -> bool:
        return self.status == Certificate.Status.VALID


def check_certificate(number: str, today: datetime.date | None = None) -> CertificateCheck:
    """The certificate registered under ``number``, else Http404 (not genuine)."""
    try:
        cert = (
            Certificate.objects.select_related("officer__agency")
            .prefetch_related("fields")
            .get(number=number.strip())
        )
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc
    today = today or timezone.localdate()
    status = cert.status_on(today)
    since = None
    if status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED):
        event = (
            CertificateEvent.objects.filter(certificate=cert, kind=status)
            .order_by("-date", "-id")
            .first()
        )
        since = event.date if event else None
    label = str(Certificate.Status(status).label)
    return CertificateCheck(cert, status, label, today, since)


def public_matters(
    *, q: str = "", agency_id: int | None = None, category: str = ""
) -> QuerySet[Matter]:
    """The enforcement matters list (行政执法事项清单), entries in force."""
    matters = Matter.objects.filter(status=ACTIVE).select_related("agency", "field", "department")
    if q.strip():
        matters = matters.filter(Q(name__icontains=q.strip()) | Q(code__icontains=q.strip()))
    if agency_id:
        matters = matters.filter(agency_id=agency_id)
    if category:
        matters = matters.filter(category=category)
    return matters.order_by("agency__code", "code")


def get_public_matter(pk) -> Matter:
    """One matter in force with its legal bases and discretion standard, else Http404."""
    try:
        return (
            public_matters()
            .prefetch_related(
                Prefetch("bases", queryset=LegalBasis.objects.filter(status=ACTIVE)),
                Prefetch("standards", queryset=DiscretionStandard.objects.order_by("code")),
            )
            .get(pk=pk)
        )
    except (Matter.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def procedures_for(matter: Matter) -> list:
    """The procedures (lifecycles) a matter's category runs through: their flowcharts."""
    return lifecycles.for_category(matter.category)


def public_inspection_items(*, agency_id: int | None = None) -> QuerySet[RandomInspectionItem]:
    items = RandomInspectionItem.objects.filter(status=ACTIVE).select_related(
        "agency", "field", "department", "matter"
    )
    return (items.filter(agency_id=agency_id) if agency_id else items).order_by(
        "agency__code", "code"
    )


def public_recording_list(*, agency_id: int | None = None) -> QuerySet[RecordingRequirement]:
    items = RecordingRequirement.objects.filter(status=ACTIVE).select_related("agency", "matter")
    return (items.filter(agency_id=agency_id) if agency_id else items).order_by(
        "agency__code", "code"
    )


def public_review_catalogue(*, agency_id: int | None = None) -> QuerySet[ReviewCatalogueEntry]:
    items = ReviewCatalogueEntry.objects.filter(status=ACTIVE).select_related("agency", "matter")
    return (items.filter(agency_id=agency_id) if agency_id else items).order_by(
        "agency__code", "code"
    )


# -- after action: decisions and inspection results -------------------------------------


@dataclass(frozen=True)
class DecisionFilters:
    q: str = ""
    agency_id: int | None = None
    kind: str = ""
    category: str = ""
    matter_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class DecisionPage:
    """One page of found items, each a Publication (with ``snippet`` when searched)."""

    items: list[Publication]
    total: int
    page: int
    pages: int
    per_page: int
    snippets: dict[int, str] = field(default_factory=dict)
    more: bool = False  # more than ``total`` match: the count stopped at its bound

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _search_module():
    """The full-text search app, when installed (``openenforce.search.selectors.search``)."""
    try:
        from openenforce.search import selectors as search
    except ImportError:
        return None
    return search if hasattr(search, "search") else None


def filtered_decisions(f: DecisionFilters) -> QuerySet[Publication]:
    lookups = {
        "agency_id": f.agency_id,
        "kind": f.kind,
        "category": f.category,
        "matter_id": f.matter_id,
        "published_at__date__gte": f.date_from,
        "published_at__date__lte": f.date_to,
    }
    return disclosure.public_items().filter(**{k: v for k, v in lookups.items() if v})


def find_decisions(
    f: DecisionFilters,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    bound: int | None = None,
    list_only: bool = False,
) -> DecisionPage:
    """Published items matching the filters; a keyword goes to the full-text index.

    With ``bound``, the matching items are counted only up to it (``more`` says when more
    match) and the pages stop there: the portal's list, which no reader pages through to
    its end, need not read every matching row (core.paging). The API counts exactly.
    ``list_only`` reads only what a list shows (not the texts)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    search = _search_module()
    if f.q.strip() and search is not None:
        return _searched(search, f, page, per_page, list_only)
    items = filtered_decisions(f)
    if f.q.strip():  # no index installed: a plain substring match
        q = f.q.strip()
        items = items.filter(Q(title__icontains=q) | Q(masked_text__icontains=q))
    counted = _count(items, f, bound)
    more = bound is not None and counted > bound
    total = min(counted, bound) if bound is not None else counted
    pages = max(1, math.ceil(total / per_page))
    page = min(page, pages)
    if list_only:  # the page's rows straight from the two index walks, no second query
        found: list = _page_listed(items, (page - 1) * per_page, per_page)
    else:
        pks = _page_pks(items, (page - 1) * per_page, per_page)
        rows = _rows(False).in_bulk(pks)
        found = [rows[pk] for pk in pks if pk in rows]
    return DecisionPage(found, total, page, pages, per_page, more=more)


def _count(items: QuerySet[Publication], f: DecisionFilters, bound: int | None) -> int:
    """The number of matching items (with ``bound``: at most ``bound + 1``), kept as long
    as the pages are (a count reads every matching row; the list itself does not)."""
    # unordered, so that the database stops after bound + 1 rows instead of sorting them all
    window = items if bound is None else items.order_by()[: bound + 1]
    seconds = settings.OPENENFORCE_PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return window.count()
    key = "portal:count:" + hashlib.sha256(repr((f, bound)).encode()).hexdigest()
    return cache.get_or_set(key, window.count, seconds)


def _page_pks(items: QuerySet[Publication], offset: int, limit: int) -> list[int]:
    """The page's primary keys, newest first. Published and withdrawn items are read as two
    streams, each in the order of the (status, published_at) index, and merged, so the
    database walks an index instead of sorting every public item."""
    streams = []
    for status in (Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN):
        rows = items.filter(status=status).order_by("-published_at", "-id")
        streams.append(list(rows.values_list("published_at", "pk")[: offset + limit]))
    merged = sorted(streams[0] + streams[1], reverse=True)
    return [pk for _at, pk in merged[offset : offset + limit]]


@dataclass(frozen=True)
class Listed:
    """A found item as a list shows it (portal/decisions.html), read as plain values."""

    pk: int
    title: str
    status: str
    kind: str
    document_number: str
    published_at: datetime.datetime
    agency_name: str

    @property
    def agency(self) -> SimpleNamespace:
        return SimpleNamespace(name=self.agency_name)

    def get_kind_display(self) -> str:
        return (
            str(Publication.Kind(self.kind).label) if self.kind in Publication.Kind else self.kind
        )


LISTED_VALUES = ("pk", "title", "status", "kind", "document_number", "published_at", "agency__name")


def _page_listed(items: QuerySet[Publication], offset: int, limit: int) -> list[Listed]:
    """The page's items as ``Listed`` values, newest first: the two streams of
    ``_page_pks``, each reading the list's columns as it walks its index."""
    merged: list[tuple] = []
    for status in (Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN):
        rows = items.select_related(None).filter(status=status).order_by("-published_at", "-id")
        merged += rows.values_list(*LISTED_VALUES)[: offset + limit]
    merged.sort(key=lambda row: (row[5], row[0]), reverse=True)
    return [Listed(*row) for row in merged[offset : offset + limit]]


# What a list of found items shows (portal/decisions.html): not the decision's texts.
LIST_FIELDS = (
    "title",
    "status",
    "kind",
    "document_number",
    "published_at",
    "agency__name",
    "agency__code",
)


def _rows(list_only: bool) -> QuerySet[Publication]:
    rows = disclosure.public_items()
    return (
        rows.select_related(None).select_related("agency").only(*LIST_FIELDS) if list_only else rows
    )


def _searched(
    search, f: DecisionFilters, page: int, per_page: int, list_only: bool = False
) -> DecisionPage:
    found = search.search(
        f.q.strip(),
        agency_id=f.agency_id,
        kind=f.kind or None,
        category=f.category or None,
        matter_id=f.matter_id,
        date_from=f.date_from,
        date_to=f.date_to,
        page=page,
        per_page=per_page,
    )
    pks = {}
    for hit in found.items:
        prefix, _sep, pk = str(hit.key).partition(":")
        if prefix == "publication" and pk.isdigit():
            pks[int(pk)] = getattr(hit, "snippet", "")
    # The index is a cache: what is public is decided by disclosure, here.
    public = _rows(list_only).in_bulk(list(pks))
    items = [public[pk] for pk in pks if pk in public]
    pages = getattr(found, "pages", None) or max(1, math.ceil(found.total / per_page))
    return DecisionPage(items, found.total, page, pages, per_page, pks)


def get_decision(pk) -> disclosure.PublicView:
    """One public item's public face (masked text, or the withdrawal notice)."""
    return disclosure.public_view(disclosure.get_public_item(pk))


# -- the record: each published item's inclusion proof ---------------------------------


@dataclass(frozen=True)
class ItemProof:
    """A published item's record entry, its inclusion proof and the signed checkpoint."""

    sequence: int
    event_type: str
    body: bytes
    leaf: bytes
    path: list[bytes]
    size: int
    root: bytes
    note: str
    profile: str
    verified: bool
    pending: bool
    text_in_entry: bool
    recorded_at: datetime.datetime | None = None

    def b64(self, value: bytes) -> str:
        return base64.b64encode(value).decode()

    @property
    def body_text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def body_b64(self) -> str:
        return self.b64(self.body)

    @property
    def leaf_b64(self) -> str:
        return self.b64(self.leaf)

    @property
    def root_b64(self) -> str:
        return self.b64(self.root)

    @property
    def path_b64(self) -> list[str]:
        return [self.b64(p) for p in self.path]


def text_digest(publication: Publication, h: merkle.HashFn | None = None) -> str:
    """The digest of the item's current (masked) text, as the record holds it (``files``)."""
    return digest.text_digest(publication.masked_text, h)


def _entry_files(entry: Entry) -> list[str]:
    try:
        return list(json.loads(bytes(entry.body)).get("files", []))
    except ValueError:
        return []


def _publication_entries(publication: Publication) -> list[Entry]:
    return list(
        Entry.objects.filter(
            subject_kind=kind_of(Publication), subject_id=str(publication.pk)
        ).order_by("sequence")
    )


def publication_entry(publication: Publication) -> Entry | None:
    """The record entry that holds the digest of the item's current public text (its
    publication, or a later correction); else its latest ``published`` entry."""
    entries = _publication_entries(publication)[::-1]
    wanted = text_digest(publication)
    for entry in entries:
        if wanted in _entry_files(entry):
            return entry
    published = [e for e in entries if e.event_type.endswith("published")]
    return (published or entries or [None])[0]


@dataclass(frozen=True)
class Head:
    """The latest signed checkpoint, parsed, and the tile store its proofs come from.
    ``note`` is the checkpoint as served: with the witnesses' cosignatures once it has any
    (``ledger.services.served_note``), so every public bundle carries them."""

    note: str
    size: int
    root: bytes
    store: TileStore


def _head(covering: int = -1) -> Head | None:
    """The checkpoint to prove against: the latest, once the witnesses cosigned it; while
    it waits for them (the seconds until the next round), the newest cosigned one if it
    holds every entry up to ``covering`` — so the citizen's witness check does not fail
    in that gap — else the latest with the log's signature alone."""
    head = latest_checkpoint()
    if head is None:
        return None
    note = served_note(head)
    if not head.cosigned_note and witnessing.configured():
        newest = witnessing.latest_witnessed()
        if newest is not None and newest.size > covering:
            note = newest.note
    try:
        parsed = notes.parse_checkpoint(notes.open_note(note, notes.Verifier.parse(notes.vkey())))
    except ValueError:
        return None
    return Head(note, parsed.size, parsed.root, TileStore(shared=True))


def entry_proof(entry: Entry, head: Head, text: str | None = None) -> ItemProof:
    """One entry's inclusion proof against ``head``, checked here as the page's script and
    the CLI check it; with ``text``, whether that text's digest is in the entry."""
    h = head.store.h
    leaf = merkle.leaf_hash(bytes(entry.body), h)
    pending = entry.sequence >= head.size
    path = [] if pending else head.store.inclusion_proof(entry.sequence, head.size)
    root = None if pending else merkle.root_from_inclusion(entry.sequence, head.size, leaf, path, h)
    return ItemProof(
        sequence=entry.sequence,
        event_type=entry.event_type,
        body=bytes(entry.body),
        leaf=leaf,
        path=path,
        size=head.size,
        root=head.root,
        note=head.note,
        profile=merkle.profile(),
        verified=root == head.root and leaf == bytes(entry.leaf_hash),
        pending=pending,
        text_in_entry=text is not None and digest.text_digest(text, h) in _entry_files(entry),
        recorded_at=entry.recorded_at,
    )


def item_proof(publication: Publication) -> ItemProof | None:
    """The inclusion proof (RFC 9162 §2.1.3) of the entry that covers what the item's page
    shows now: its current text, or for a withdrawn item the withdrawal notice."""
    versions = item_versions(publication)
    return versions[-1].proof if versions else None


@dataclass(frozen=True)
class Version:
    """One version of a published item as the verify page shows it: the original text, a
    correction, or the withdrawal notice; the entry that covers it and whether the text's
    digest is in that entry (``covered``). ``text`` is None for a withdrawn item's earlier
    texts, which the portal no longer shows."""

    role: str  # "original", "correction" or "withdrawal"
    text: str | None
    proof: ItemProof | None
    shown: bool

    @property
    def covered(self) -> bool:
        return bool(self.proof and self.proof.text_in_entry)

    @property
    def notice_undigested(self) -> bool:
        """A withdrawal recorded before notices were digested: the entry holds no digest."""
        return (
            self.role == "withdrawal"
            and self.proof is not None
            and not json.loads(self.proof.body).get("files")
        )


def item_versions(publication: Publication) -> list[Version]:
    """Every version of a public item, oldest first, each with the entry that covers it
    and that entry's proof against the latest checkpoint (docs/portal.md, "Verifying a
    published item"). The last one is what the item's page shows now."""
    entries = _publication_entries(publication)
    head = _head(max((e.sequence for e in entries), default=-1))
    texts_entries = [
        e for e in entries if e.event_type.rsplit(".", 1)[-1] in ("published", "corrected")
    ]
    corrections = list(disclosure.public_corrections(publication))
    texts = [c.previous_text for c in corrections] + [publication.masked_text]
    # Pair texts and their entries from the newest: a correction made before its entry
    # carried a digest would otherwise shift every pair.
    pairs: list[tuple[str, Entry | None]] = []
    for back in range(1, len(texts) + 1):
        entry = texts_entries[-back] if back <= len(texts_entries) else None
        pairs.append((texts[-back], entry))
    pairs.reverse()
    withdrawn = publication.status == Publication.Status.WITHDRAWN
    versions = []
    for n, (text, entry) in enumerate(pairs):
        proof = entry_proof(entry, head, text) if entry is not None and head else None
        versions.append(
            Version(
                role="original" if n == 0 else "correction",
                text=None if withdrawn else text,
                proof=proof,
                shown=not withdrawn and n == len(pairs) - 1,
            )
        )
    if withdrawn:
        gone = [e for e in entries if e.event_type.endswith(".withdrawn")]
        proof = (
            entry_proof(gone[-1], head, publication.withdrawal_reason) if gone and head else None
        )
        versions.append(Version("withdrawal", publication.withdrawal_reason, proof, True))
    return versions


# -- public histories: every record entry about a public subject ------------------------


@dataclass(frozen=True)
class History:
    """Every record entry about one public subject, oldest first, with their proofs."""

    kind: str
    key: str
    title: str
    proofs: list[ItemProof]
    head: Head | None
    agency_id: int | None = None  # a catalogue list's or item's agency (for its list page)


def _subject_entries(pairs: list[tuple[type, list]]) -> list[Entry]:
    query = Q(pk__in=[])
    for model, ids in pairs:
        if ids:
            query |= Q(subject_kind=kind_of(model), subject_id__in=[str(i) for i in ids])
    return list(Entry.objects.filter(query).order_by("sequence"))


def publication_history(pk) -> History:
    """A public item's history: the entries about the item itself and about its accepted
    (public) corrections. Drafts, exempt and expired items are 404."""
    publication = disclosure.get_public_item(pk)
    corrections = [c.pk for c in disclosure.public_corrections(publication)]
    entries = _subject_entries([(Publication, [publication.pk]), (Correction, corrections)])
    return _history("decision", str(publication.pk), publication.title, entries)


def certificate_history(number: str) -> History:
    """A certificate's history: the entries about the certificate and about each event in
    its history (issued, suspended, reinstated, revoked, renewed)."""
    cert = check_certificate(number).certificate
    events = list(CertificateEvent.objects.filter(certificate=cert).values_list("pk", flat=True))
    entries = _subject_entries([(Certificate, [cert.pk]), (CertificateEvent, events)])
    return _history("certificate", cert.number, cert.number, entries)


def plan_history(agency_code: str, code: str) -> History:
    """An announced or drawn inspection plan's history: the entries about the plan
    (created, announced, drawn) and about its lines (the items and inspector groups the
    public plan page lists). Drafts are 404. The draw's tasks are not included: their
    subjects are inspection targets, which the public page shows only masked."""
    from openenforce.inspections import selectors as inspections
    from openenforce.inspections.models import Plan, PlanItem

    plan = inspections.get_public_plan(agency_code, code)
    lines = list(PlanItem.objects.filter(plan=plan).values_list("pk", flat=True))
    entries = _subject_entries([(Plan, [plan.pk]), (PlanItem, lines)])
    return _history("plan", f"{agency_code}/{code}", plan.title, entries)


def _history(
    kind: str, key: str, title: str, entries: list[Entry], agency_id: int | None = None
) -> History:
    head = _head(max((e.sequence for e in entries), default=-1))
    proofs = [entry_proof(e, head) for e in entries] if head else []
    return History(kind, key, title, proofs, head, agency_id)


# -- the catalogue's published lists -----------------------------------------------------


@dataclass(frozen=True)
class CatalogueList:
    """One of the catalogue's published lists: its history kind (the open-data name),
    the models its record entries are about, and its title."""

    kind: str
    models: tuple[type[Model], ...]
    title: str


def _catalogue_lists() -> dict[str, CatalogueList]:
    from django.utils.translation import gettext as _

    return {
        "matters": CatalogueList(
            "matters",
            (Matter, LegalBasis, DiscretionStandard),
            _("Enforcement matters list"),
        ),
        "inspection-list": CatalogueList(
            "inspection-list", (RandomInspectionItem,), _("Random inspection list")
        ),
        "recording-list": CatalogueList(
            "recording-list", (RecordingRequirement,), _("Recording list")
        ),
        "review-catalogue": CatalogueList(
            "review-catalogue", (ReviewCatalogueEntry,), _("Review catalogue")
        ),
    }


CATALOGUE_LISTS = ("matters", "inspection-list", "recording-list", "review-catalogue")

# A single published catalogue item's history kind and model.
CATALOGUE_ITEMS: dict[str, type[CatalogEntry]] = {
    "matter": Matter,
    "inspection-item": RandomInspectionItem,
    "recording-item": RecordingRequirement,
    "review-item": ReviewCatalogueEntry,
}


def catalogue_list_history(kind: str, agency_code: str) -> History:
    """One agency's published list, whole: every record entry about any item the list ever
    held (created, changed, suspended, repealed; for the matters list also their legal
    bases and discretion standards, including those since removed). Catalogue entries are
    never deleted, and what was in force when a past decision was made stays provable."""
    wanted = _catalogue_lists().get(kind)
    if wanted is None:
        raise Http404
    agency = get_public_agency(agency_code)
    entries = list(
        Entry.objects.filter(
            agency_id=agency.pk, subject_kind__in=[kind_of(m) for m in wanted.models]
        ).order_by("sequence")
    )
    return _history(kind, agency.code, f"{agency.name} · {wanted.title}", entries, agency.pk)


def catalogue_item_history(kind: str, pk: str) -> History:
    """One item of a published list, in force or since suspended or repealed: the entries
    about it (for a matter also about its legal bases and discretion standards)."""
    model = CATALOGUE_ITEMS.get(kind)
    if model is None or not pk.isdigit():
        raise Http404
    try:
        item = model.objects.select_related("agency").get(pk=int(pk))
    except model.DoesNotExist as exc:
        raise Http404 from exc
    pairs: list[tuple[type, list]] = [(model, [item.pk])]
    if isinstance(item, Matter):
        pairs += [
            (LegalBasis, list(item.bases.values_list("pk", flat=True))),
            (DiscretionStandard, list(item.standards.values_list("pk", flat=True))),
        ]
    entries = _subject_entries(pairs)
    return _history(kind, str(item.pk), str(item), entries, item.agency_id)
