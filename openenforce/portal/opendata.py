"""Open data (开放数据): every public list as rows, one definition for the JSON API, the
CSV and Excel downloads. Rows hold only what the pages show."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openenforce.core.params import parse_id
from openenforce.disclosure.models import Publication
from openenforce.portal import selectors
from openenforce.portal.selectors import DecisionFilters

MAX_ROWS = 100_000  # one download; larger sets are paged through the API


@dataclass(frozen=True)
class Params:
    """The filters every list accepts (unknown ones are ignored by lists that lack them)."""

    q: str = ""
    agency: int | None = None
    category: str = ""
    kind: str = ""
    matter: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _int(value) -> int | None:
    return parse_id(value)


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def params_from(get) -> Params:
    """Filters from a query string; malformed values are ignored, never an error."""
    return Params(
        q=(get.get("q") or "").strip()[:100],
        agency=_int(get.get("agency")),
        category=(get.get("category") or "").strip()[:20],
        kind=(get.get("kind") or "").strip()[:20],
        matter=_int(get.get("matter")),
        date_from=_date(get.get("date_from")),
        date_to=_date(get.get("date_to")),
    )


def _date_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def agency_rows(p: Params) -> Iterator[dict]:
    agencies = selectors.public_agencies()
    if p.agency:
        agencies = agencies.filter(pk=p.agency)
    for a in agencies:
        yield {
            "id": a.pk,
            "code": a.code,
            "name": a.name,
            "legal_status": str(a.get_legal_status_display()),
            "level": str(a.get_level_display()),
            "credit_code": a.credit_code or "",
            "duties": a.duties,
            "head": a.head_name,
            "complaint_phone": a.complaint_phone,
            "address": a.address,
            "website": a.website,
            "remedy_channels": a.remedy_channels,
        }


def officer_rows(p: Params) -> Iterator[dict]:
    """One row per certificate of the officer directory."""
    today = timezone.localdate()
    for officer in selectors.public_officers(q=p.q, agency_id=p.agency):
        for cert in officer.certificates.all():
            yield {
                "name": officer.name,
                "agency": officer.agency.name,
                "agency_id": officer.agency_id,
                "certificate_number": cert.number,
                "issuing_authority": cert.issuing_authority,
                "fields": "、".join(f.name for f in cert.fields.all()),
                "area": cert.area,
                "valid_from": _date_str(cert.valid_from),
                "valid_to": _date_str(cert.valid_to),
                "status": cert.status_on(today),
                "status_label": str(cert.Status(cert.status_on(today)).label),
            }


def matter_rows(p: Params) -> Iterator[dict]:
    matters = selectors.public_matters(q=p.q, agency_id=p.agency, category=p.category)
    for m in matters.prefetch_related("bases"):
        yield {
            "id": m.pk,
            "code": m.code,
            "name": m.name,
            "category": m.category,
            "category_label": str(m.get_category_display()),
            "agency": m.agency.name,
            "agency_id": m.agency_id,
            "field": m.field.name,
            "handling_unit": m.department.name if m.department else "",
            "legal_basis": "；".join(str(b) for b in m.bases.all() if b.status == "active"),
            "time_limit_days": m.time_limit_days,
            "time_limit_kind": str(m.get_time_limit_kind_display()),
        }


def inspection_rows(p: Params) -> Iterator[dict]:
    for i in selectors.public_inspection_items(agency_id=p.agency):
        yield {
            "code": i.code,
            "item": i.item,
            "sub_item": i.sub_item,
            "agency": i.agency.name,
            "agency_id": i.agency_id,
            "inspecting_body": i.department.name if i.department else i.agency.name,
            "basis": i.basis,
            "target_type": i.target_type,
            "ratio_percent": str(i.ratio_percent),
            "frequency": i.frequency,
            "method": str(i.get_method_display()),
        }


def recording_rows(p: Params) -> Iterator[dict]:
    for r in selectors.public_recording_list(agency_id=p.agency):
        yield {
            "code": r.code,
            "step": str(r.get_step_display()),
            "matter": r.matter.name if r.matter else "",
            "agency": r.agency.name,
            "agency_id": r.agency_id,
            "content": r.content,
            "occasion": r.occasion,
            "recorder": r.recorder,
            "kind": str(r.get_kind_display()),
        }


def review_rows(p: Params) -> Iterator[dict]:
    for r in selectors.public_review_catalogue(agency_id=p.agency):
        yield {
            "code": r.code,
            "name": r.name,
            "category": str(r.get_category_display()),
            "matter": r.matter.name if r.matter else "",
            "agency": r.agency.name,
            "agency_id": r.agency_id,
            "ground": str(r.get_ground_display()),
            "thresholds": "；".join(r.threshold_descriptions()),
            "basis": r.basis,
        }


def decision_filters(p: Params) -> DecisionFilters:
    return DecisionFilters(
        q=p.q,
        agency_id=p.agency,
        kind=p.kind,
        category=p.category,
        matter_id=p.matter,
        date_from=p.date_from,
        date_to=p.date_to,
    )


def decision_row(publication) -> dict:
    """The public face of one item: the masked text, or the withdrawal notice. The same
    rule as ``disclosure.selectors.public_view`` (which also reads the correction log,
    one query per item, not needed in a row)."""
    withdrawn = publication.status == Publication.Status.WITHDRAWN
    view = SimpleNamespace(
        withdrawn=withdrawn,
        text="" if withdrawn else publication.masked_text,
        withdrawal_reason=publication.withdrawal_reason if withdrawn else "",
    )
    return {
        "id": publication.pk,
        "title": publication.title,
        "kind": publication.kind,
        "kind_label": str(publication.get_kind_display()),
        "category": publication.category,
        "agency": publication.agency.name,
        "agency_id": publication.agency_id,
        "matter": publication.matter.name if publication.matter else "",
        "matter_id": publication.matter_id,
        "document_number": publication.document_number,
        "decided_on": _date_str(publication.decided_on),
        "published_on": _date_str(publication.published_at),
        "withdrawn": view.withdrawn,
        "withdrawn_on": _date_str(publication.withdrawn_at) if view.withdrawn else "",
        "withdrawal_reason": view.withdrawal_reason,
        "text": view.text,
    }


def decision_rows(p: Params) -> Iterator[dict]:
    if p.q:
        page, pages = 1, 1
        while page <= pages:
            found = selectors.find_decisions(
                decision_filters(p), page=page, per_page=selectors.MAX_PER_PAGE
            )
            yield from (decision_row(i) for i in found.items)
            page, pages = page + 1, found.pages
        return
    yield from (
        decision_row(i) for i in selectors.filtered_decisions(decision_filters(p)).iterator()
    )


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    rows: Callable[[Params], Iterable[dict]]
    columns: tuple[tuple[str, object], ...]


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "agencies",
            _("Agencies"),
            agency_rows,
            (
                ("code", _("Code")),
                ("name", _("Name")),
                ("legal_status", _("Legal status")),
                ("level", _("Level")),
                ("credit_code", _("Unified social credit code")),
                ("duties", _("Duties and powers")),
                ("head", _("Head")),
                ("complaint_phone", _("Complaint phone")),
                ("address", _("Address")),
                ("website", _("Website")),
                ("remedy_channels", _("Supervision and remedy channels")),
            ),
        ),
        Dataset(
            "officers",
            _("Officers"),
            officer_rows,
            (
                ("name", _("Officer name")),
                ("agency", _("Agency")),
                ("certificate_number", _("Certificate number")),
                ("issuing_authority", _("Issuing authority")),
                ("fields", _("Enforcement fields")),
                ("area", _("Enforcement area")),
                ("valid_from", _("Valid from")),
                ("valid_to", _("Valid to")),
                ("status_label", _("Status today")),
            ),
        ),
        Dataset(
            "matters",
            _("Matters"),
            matter_rows,
            (
                ("code", _("Code")),
                ("name", _("Name")),
                ("category_label", _("Category")),
                ("agency", _("Agency")),
                ("field", _("Enforcement field")),
                ("handling_unit", _("Handling unit")),
                ("legal_basis", _("Legal basis")),
                ("time_limit_days", _("Time limit (days)")),
                ("time_limit_kind", _("Counted in")),
            ),
        ),
        Dataset(
            "inspection-list",
            _("Random inspection list"),
            inspection_rows,
            (
                ("code", _("Code")),
                ("item", _("Inspection item")),
                ("sub_item", _("Sub-item")),
                ("agency", _("Agency")),
                ("inspecting_body", _("Inspecting body")),
                ("basis", _("Basis")),
                ("target_type", _("Target type")),
                ("ratio_percent", _("Ratio (%)")),
                ("frequency", _("Frequency")),
                ("method", _("Method")),
            ),
        ),
        Dataset(
            "recording-list",
            _("Recording list"),
            recording_rows,
            (
                ("code", _("Code")),
                ("step", _("Step")),
                ("matter", _("Matter")),
                ("agency", _("Agency")),
                ("content", _("What to record")),
                ("occasion", _("Occasion")),
                ("recorder", _("Recorder")),
                ("kind", _("Kind")),
            ),
        ),
        Dataset(
            "review-catalogue",
            _("Review catalogue"),
            review_rows,
            (
                ("code", _("Code")),
                ("name", _("Name")),
                ("category", _("Category")),
                ("matter", _("Matter")),
                ("agency", _("Agency")),
                ("ground", _("Ground")),
                ("thresholds", _("Thresholds")),
                ("basis", _("Basis")),
            ),
        ),
        Dataset(
            "decisions",
            _("Decisions and results"),
            decision_rows,
            (
                ("id", _("Number")),
                ("title", _("Title")),
                ("kind_label", _("Kind")),
                ("agency", _("Agency")),
                ("matter", _("Matter")),
                ("document_number", _("Document number")),
                ("decided_on", _("Decided on")),
                ("published_on", _("Published on")),
                ("withdrawn_on", _("Withdrawn on")),
                ("withdrawal_reason", _("Withdrawal reason")),
                ("text", _("Text")),
            ),
        ),
    )
}


def page_of(rows: Iterable[dict], *, page: int, per_page: int) -> dict:
    """One page of a list for the JSON API: ``{"count", "page", "pages", "items"}``."""
    per_page = max(1, min(per_page, selectors.MAX_PER_PAGE))
    paginator = Paginator(list(rows), per_page)
    number = max(1, min(page, paginator.num_pages or 1))
    items = list(paginator.page(number).object_list) if paginator.count else []
    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages or 1,
        "items": items,
    }


def _cell(value) -> str:
    """A text cell; a leading =, +, - or @ would run as a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(dataset: Dataset, rows: Iterable[dict]) -> bytes:
    """UTF-8 with BOM so that Excel on Windows reads the Chinese text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(label) for _key, label in dataset.columns])
    for n, row in enumerate(rows):
        if n >= MAX_ROWS:
            break
        writer.writerow([_cell(row.get(key)) for key, _label in dataset.columns])
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(dataset: Dataset, rows: Iterable[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(dataset.title)[:31])
    sheet.append([str(label) for _key, label in dataset.columns])
    for n, row in enumerate(rows):
        if n >= MAX_ROWS:
            break
        sheet.append([_cell(row.get(key)) for key, _label in dataset.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
