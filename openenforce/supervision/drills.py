"""Drill-downs: the items behind every figure of the dashboard, from the same queries as
the figures (``indicators``), listed on a page and exported to Excel.

A drill-down is named by ``kind`` (``DRILLS``) and narrowed by ``key`` (a procedure, a
state, an outcome, a status …); its rows are plain dicts with the columns' keys, so the
page and the workbook show the same cells.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.catalog.models import PenaltyKind
from openenforce.inspections.models import Plan
from openenforce.remedies.models import Remedy
from openenforce.reviews.models import LegalReview
from openenforce.supervision import indicators as ind

MAX_ROWS = 50_000  # one workbook's rows at most (the page shows them by pages)


def procedure_label(code: str) -> str:
    lifecycle = lifecycles.get(code)
    return str(lifecycle.label) if lifecycle else code


def state_label(procedure: str, state: str) -> str:
    lifecycle = lifecycles.get(procedure)
    if lifecycle is None or not lifecycle.has_state(state):
        return state
    return str(lifecycle.state(state).label)


def choice_label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


@dataclass(frozen=True)
class Drill:
    title: object  # a lazy string
    columns: tuple[tuple[str, object], ...]
    items: Callable[[ind.Scope, ind.Period, datetime.date, str], QuerySet]
    rows: Callable[[QuerySet], Iterator[dict]]
    keys: Callable[[], Iterable[str]] = lambda: ()

    def valid_key(self, key: str) -> bool:
        return not key or key in set(self.keys())


CASE_COLUMNS = (
    ("number", _("case number")),
    ("title", pgettext_lazy("case", "title")),
    ("agency", _("agency")),
    ("procedure", _("procedure")),
    ("state", _("state")),
    ("filed_on", _("filed on")),
    ("decided_on", _("decided on")),
    ("closed_on", _("closed on")),
    ("fine", _("fine (yuan)")),
)


def case_rows(cases: QuerySet[Case]) -> Iterator[dict]:
    values = cases.order_by("-id").values(
        "pk",
        "number",
        "title",
        "agency__name",
        "procedure",
        "state",
        "filed_on",
        "decided_on",
        "closed_on",
        "proposed_fine",
        "outcome",
    )
    for c in values.iterator(chunk_size=2000):
        yield {
            "url": reverse("workbench:case", args=[c["pk"]]),
            "number": c["number"] or c["title"],
            "title": c["title"],
            "agency": c["agency__name"],
            "procedure": procedure_label(c["procedure"]),
            "state": state_label(c["procedure"], c["state"]),
            "filed_on": c["filed_on"],
            "decided_on": c["decided_on"],
            "closed_on": c["closed_on"],
            "fine": c["proposed_fine"] if c["outcome"] == Case.Outcome.PENALTY else None,
        }


def _filed(scope, period, today, key):
    cases = ind.filed_cases(scope, period)
    procedure, _sep, state = key.partition(":")
    if procedure:
        cases = cases.filter(procedure=procedure)
    if state:
        cases = cases.filter(state=state)
    return cases


def _closed(scope, period, today, key):
    cases = ind.closed_cases(scope, period)
    return cases.filter(procedure=key) if key else cases


def _decided(scope, period, today, key):
    cases = ind.decided_cases(scope, period)
    return cases.filter(outcome=key) if key else cases


def _penalties(scope, period, today, key):
    cases = ind.penalty_decisions(scope, period)
    return ind.with_kinds_text(cases).filter(ind.kind_condition(key)) if key else cases


def _procedure_keys():
    keys = set(lifecycles.LIFECYCLES)
    for code, lifecycle in lifecycles.LIFECYCLES.items():
        keys |= {f"{code}:{s.code}" for s in lifecycle.states}
    return keys


DEADLINE_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("rule", _("rule")),
    ("due", _("due")),
    ("met_on", _("met on")),
    ("status", _("status")),
)
DEADLINE_STATUS_LABELS = {
    "on_time": _("Met on time"),
    "late": _("Met late"),
    "overdue": _("Overdue"),
    "running": _("Running"),
}


def _deadlines(scope, period, today, key):
    found = ind.agency_deadlines(scope, period)
    return found.filter(ind.deadline_condition(key, today)) if key else found


def deadline_rows(found) -> Iterator[dict]:
    for d in found.select_related("case", "case__agency").order_by("due", "id").iterator(2000):
        yield {
            "url": reverse("workbench:case", args=[d.case_id]),
            "number": d.case.number or d.case.title,
            "agency": d.case.agency.name,
            "rule": d.label,
            "due": d.due,
            "met_on": d.met_on,
            "status": d.get_status_display(),
        }


REVIEW_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("round", _("round")),
    ("outcome", _("outcome")),
    ("decided_at", _("decided at")),
)


def _reviews(scope, period, today, key):
    found = ind.concluded_reviews(scope, period)
    return found.filter(outcome=key) if key else found


def review_rows(found) -> Iterator[dict]:
    for r in (
        found.select_related("case", "case__agency").order_by("decided_at", "id").iterator(2000)
    ):
        yield {
            "url": reverse("reviews:detail", args=[r.pk]),
            "number": r.case.number or r.case.title,
            "agency": r.case.agency.name,
            "round": r.round,
            "outcome": r.get_outcome_display(),
            "decided_at": r.decided_at.date() if r.decided_at else None,
        }


def _step_label(case, step: str) -> str:
    """The name of the case action a recording or waiver belongs to (as the case page
    names it), not its code."""
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(step) if lifecycle and step else None
    return str(action.label) if action else step


RECORDING_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("step", _("step")),
    ("started_at", _("started at")),
    ("media", _("media")),
)


def recording_rows(found) -> Iterator[dict]:
    for r in found.select_related("case", "agency").order_by("started_at", "id").iterator(2000):
        yield {
            "url": reverse("workbench:case", args=[r.case_id]) if r.case_id else "",
            "number": (r.case.number or r.case.title) if r.case_id else "",
            "agency": r.agency.name,
            "step": _step_label(r.case, r.step) if r.case_id else r.step,
            "started_at": r.started_at.date(),
            "media": r.get_media_display(),
        }


WAIVER_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("step", _("step")),
    ("reason", _("reason")),
    ("created_at", _("created at")),
)


def waiver_rows(found) -> Iterator[dict]:
    for w in found.select_related("case", "agency").order_by("created_at", "id").iterator(2000):
        yield {
            "url": reverse("workbench:case", args=[w.case_id]),
            "number": w.case.number or w.case.title,
            "agency": w.agency.name,
            "step": _step_label(w.case, w.step),
            "reason": w.reason,
            "created_at": w.created_at.date(),
        }


REQUIRED_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("step", _("step")),
    ("taken_on", _("step taken on")),
    ("entries", _("recording list entries")),
    ("status", _("status")),
)
REQUIRED_STATUS_LABELS = {
    "recorded": _("Recorded"),
    "waived": _("Reason recorded instead"),
    "missing": _("Missing"),
}


def _required(scope, period, today, key):
    found = ind.required_recordings(scope, period)
    return found.filter(ind.required_condition(key)) if key else found


def required_rows(found) -> Iterator[dict]:
    rows = found.select_related("case", "agency").order_by("taken_on", "id")
    for r in rows.iterator(2000):
        yield {
            "url": reverse("workbench:case", args=[r.case_id]),
            "number": r.case.number or r.case.title,
            "agency": r.agency.name,
            "step": _step_label(r.case, r.step),
            "taken_on": r.taken_on,
            "entries": r.entries,
            "status": REQUIRED_STATUS_LABELS[r.status],
        }


PUBLICATION_COLUMNS = (
    ("title", pgettext_lazy("case", "title")),
    ("agency", _("agency")),
    ("kind", _("kind")),
    ("due_on", _("due")),
    ("published_on", _("published on")),
    ("status", _("status")),
)
PUBLICATION_STATUS_LABELS = {
    "on_time": _("Published on time"),
    "late": _("Published late"),
    "overdue": _("Overdue"),
    "pending": _("Not yet due"),
}


def _publications(scope, period, today, key):
    found = ind.publications_due(scope, period)
    return found.filter(ind.publication_condition(key, today)) if key else found


def _results(scope, period, today, key):
    found = ind.inspection_results_due(scope, period)
    return found.filter(ind.publication_condition(key, today)) if key else found


def publication_rows(found) -> Iterator[dict]:
    for p in found.select_related("agency").order_by("due_on", "id").iterator(2000):
        yield {
            "url": reverse("disclosure:detail", args=[p.pk]),
            "title": p.title,
            "agency": p.agency.name,
            "kind": p.get_kind_display(),
            "due_on": p.due_on,
            "published_on": p.published_at.date() if p.published_at else None,
            "status": p.get_status_display(),
        }


CORRECTION_COLUMNS = (
    ("title", pgettext_lazy("case", "title")),
    ("agency", _("agency")),
    ("handled_at", _("handled at")),
)


def correction_rows(found) -> Iterator[dict]:
    for c in found.select_related("publication", "agency").order_by("handled_at", "id"):
        yield {
            "url": reverse("disclosure:detail", args=[c.publication_id]),
            "title": c.publication.title,
            "agency": c.agency.name,
            "handled_at": c.handled_at.date() if c.handled_at else None,
        }


PLAN_COLUMNS = (
    ("code", _("code")),
    ("title", pgettext_lazy("inspection plan", "title")),
    ("agency", _("agency")),
    ("period_start", _("inspections from")),
    ("period_end", _("inspections until")),
    ("status", _("status")),
)


def _plans(scope, period, today, key):
    found = ind.plans(scope, period)
    return found.filter(status=key) if key else found


def plan_rows(found) -> Iterator[dict]:
    for p in found.select_related("agency").order_by("period_start", "id"):
        yield {
            "url": reverse("inspections:plan", args=[p.pk]),
            "code": p.code,
            "title": p.title,
            "agency": p.agency.name,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "status": p.get_status_display(),
        }


TASK_COLUMNS = (
    ("plan", _("inspection plan")),
    ("target", _("target")),
    ("credit_code", _("unified social credit code")),
    ("case", _("inspection case")),
    ("closed_on", _("closed on")),
)
TASK_STATUS_LABELS = {"done": _("Done"), "undone": _("Not done")}


def _tasks(scope, period, today, key):
    found = ind.tasks(scope, period)
    return found.filter(ind.task_condition(key)) if key else found


def task_rows(found) -> Iterator[dict]:
    for t in found.select_related("plan", "target", "case").order_by("plan_id", "rank"):
        yield {
            "url": reverse("workbench:case", args=[t.case_id]) if t.case_id else "",
            "plan": t.plan.title,
            "target": t.target.name,
            "credit_code": t.target.credit_code,
            "case": (t.case.number or t.case.title) if t.case_id else "",
            "closed_on": t.case.closed_on if t.case_id else None,
        }


def _concluded(scope, period, today, key):
    found = ind.concluded_inspections(scope, period)
    if key == "counted":
        return found.filter(counted_inspection=True)
    if key == "uncounted":
        return found.filter(counted_inspection=False)
    return found


ENTERPRISE_COLUMNS = (
    ("credit_code", _("unified social credit code")),
    ("name", _("name")),
    ("times", _("inspections")),
)


def _enterprises(scope, period, today, key):
    found = ind.inspected_enterprises(scope, period)
    return found.filter(times__gt=ind.yearly_inspection_cap()) if key == "over_cap" else found


def enterprise_rows(found) -> Iterator[dict]:
    for e in found:
        yield {"url": "", "credit_code": e["credit_code"], "name": e["name"], "times": e["times"]}


OFFICER_COLUMNS = (
    ("code", _("code")),
    ("name", _("name")),
    ("agency", _("agency")),
    ("department", _("department")),
    ("certified", _("valid certificate")),
)


def _officers(scope, period, today, key):
    day = ind.certificate_day(period, today)
    found = ind.directory_officers(scope).annotate(certified=ind.certified(day))
    if key == "certified":
        return found.filter(certified=True)
    if key == "uncertified":
        return found.filter(certified=False)
    return found


def officer_rows(found) -> Iterator[dict]:
    for o in found.select_related("agency", "department").order_by("agency_id", "code"):
        yield {
            "url": reverse("catalog:detail", args=["officers", o.pk]),
            "code": o.code,
            "name": o.name,
            "agency": o.agency.name,
            "department": o.department.name if o.department_id else "",
            "certified": str(_("yes") if o.certified else _("no")),
        }


REMEDY_COLUMNS = (
    ("number", _("case number")),
    ("agency", _("agency")),
    ("kind", _("kind")),
    ("body", _("body")),
    ("filed_on", pgettext_lazy("remedy", "filed on")),
    ("decided_on", pgettext_lazy("remedy", "decided on")),
    ("result", _("result")),
)
REMEDY_STATUS_LABELS = {
    "filed": pgettext_lazy("remedies", "Filed"),
    "decided": pgettext_lazy("remedies", "Decided"),
    "corrected": _("Decided against the agency"),
}


def _remedies(scope, period, today, key):
    found = ind.remedies_of(scope, period)
    kind, _sep, status = key.partition(":")
    if kind:
        found = found.filter(kind=kind)
    return found.filter(ind.remedy_condition(status, period)) if status else found


def _remedy_keys():
    return set(Remedy.Kind.values) | {
        f"{k}:{s}" for k in Remedy.Kind.values for s in ind.REMEDY_STATUSES
    }


def remedy_rows(found) -> Iterator[dict]:
    for r in found.select_related("case", "case__agency").order_by("filed_on", "id"):
        yield {
            "url": reverse("workbench:case", args=[r.case_id]),
            "number": r.case.number or r.case.title,
            "agency": r.case.agency.name,
            "kind": r.get_kind_display(),
            "body": r.body,
            "filed_on": r.filed_on,
            "decided_on": r.decided_on,
            "result": r.get_result_display(),
        }


DRILLS: dict[str, Drill] = {
    "filed": Drill(_("Cases filed"), CASE_COLUMNS, _filed, case_rows, _procedure_keys),
    "closed": Drill(
        _("Cases closed"), CASE_COLUMNS, _closed, case_rows, lambda: lifecycles.LIFECYCLES
    ),
    "deadlines": Drill(
        _("Deadlines falling due"),
        DEADLINE_COLUMNS,
        _deadlines,
        deadline_rows,
        lambda: ind.DEADLINE_STATUSES,
    ),
    "decided": Drill(
        _("Decisions"), CASE_COLUMNS, _decided, case_rows, lambda: Case.Outcome.values
    ),
    "penalties": Drill(
        _("Penalty decisions"), CASE_COLUMNS, _penalties, case_rows, lambda: PenaltyKind.values
    ),
    "major": Drill(
        _("Major decisions (legal review)"),
        CASE_COLUMNS,
        lambda s, p, t, k: ind.major_decisions(s, p),
        case_rows,
    ),
    "reviews": Drill(
        _("Legal reviews concluded"),
        REVIEW_COLUMNS,
        _reviews,
        review_rows,
        lambda: LegalReview.Outcome.values,
    ),
    "remedies": Drill(
        _("Reconsideration and litigation"), REMEDY_COLUMNS, _remedies, remedy_rows, _remedy_keys
    ),
    "recordings": Drill(
        _("Recordings made"),
        RECORDING_COLUMNS,
        lambda s, p, t, k: ind.recordings_made(s, p),
        recording_rows,
    ),
    "waivers": Drill(
        _("Recording waivers"), WAIVER_COLUMNS, lambda s, p, t, k: ind.waivers(s, p), waiver_rows
    ),
    "required": Drill(
        _("Steps requiring a recording"),
        REQUIRED_COLUMNS,
        _required,
        required_rows,
        lambda: ind.REQUIRED_STATUSES,
    ),
    "recorded": Drill(
        _("Cases filed with a recording"),
        CASE_COLUMNS,
        lambda s, p, t, k: ind.cases_with_recordings(s, p),
        case_rows,
    ),
    "publications": Drill(
        _("Publications falling due"),
        PUBLICATION_COLUMNS,
        _publications,
        publication_rows,
        lambda: ind.PUBLICATION_STATUSES,
    ),
    "results": Drill(
        _("Inspection results falling due"),
        PUBLICATION_COLUMNS,
        _results,
        publication_rows,
        lambda: ind.PUBLICATION_STATUSES,
    ),
    "withdrawn": Drill(
        _("Publications withdrawn"),
        PUBLICATION_COLUMNS,
        lambda s, p, t, k: ind.withdrawn_publications(s, p),
        publication_rows,
    ),
    "corrected": Drill(
        _("Publications corrected"),
        CORRECTION_COLUMNS,
        lambda s, p, t, k: ind.corrected_publications(s, p),
        correction_rows,
    ),
    "plans": Drill(
        _("Inspection plans"), PLAN_COLUMNS, _plans, plan_rows, lambda: Plan.Status.values
    ),
    "tasks": Drill(
        _("Drawn inspection tasks"),
        TASK_COLUMNS,
        _tasks,
        task_rows,
        lambda: ind.TASK_STATUSES,
    ),
    "inspections": Drill(
        _("Inspections concluded"),
        CASE_COLUMNS,
        _concluded,
        case_rows,
        lambda: ("counted", "uncounted"),
    ),
    "enterprises": Drill(
        _("Enterprises inspected"),
        ENTERPRISE_COLUMNS,
        _enterprises,
        enterprise_rows,
        lambda: ("over_cap",),
    ),
    "officers": Drill(
        _("Officers in the directory"),
        OFFICER_COLUMNS,
        _officers,
        officer_rows,
        lambda: ("certified", "uncertified"),
    ),
}


def key_label(kind: str, key: str) -> str:
    """The narrowing in words (a procedure, a state, an outcome …), for the list's title."""
    if not key:
        return ""
    if kind == "filed":
        procedure, _sep, state = key.partition(":")
        label = procedure_label(procedure)
        return f"{label} · {state_label(procedure, state)}" if state else label
    if kind == "closed":
        return procedure_label(key)
    every: dict[str, dict] = {
        "deadlines": DEADLINE_STATUS_LABELS,
        "decided": dict(Case.Outcome.choices),
        "penalties": dict(PenaltyKind.choices),
        "reviews": dict(LegalReview.Outcome.choices),
        "publications": PUBLICATION_STATUS_LABELS,
        "results": PUBLICATION_STATUS_LABELS,
        "required": REQUIRED_STATUS_LABELS,
        "plans": dict(Plan.Status.choices),
        "tasks": TASK_STATUS_LABELS,
        "enterprises": {"over_cap": _("above the yearly cap")},
        "inspections": {
            "counted": _("counting as one inspection"),
            "uncounted": _("not counting"),
        },
        "remedies": {
            **dict(Remedy.Kind.choices),
            **{
                f"{k}:{s}": f"{label} · {REMEDY_STATUS_LABELS[s]}"
                for k, label in Remedy.Kind.choices
                for s in ind.REMEDY_STATUSES
            },
        },
        "officers": {"certified": _("with a valid certificate"), "uncertified": _("without")},
    }
    labels = every.get(kind, {})
    return str(labels.get(key, key))


def _cell(value):
    """A cell: dates and numbers as they are; text starting with =, +, - or @ would run as a
    formula in a spreadsheet, so it is quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)):
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_xlsx(title: str, columns, rows: Iterable[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    sheet.append([str(label) for _key, label in columns])
    for n, row in enumerate(rows):
        if n >= MAX_ROWS:
            break
        sheet.append([_cell(row.get(key)) for key, _label in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
