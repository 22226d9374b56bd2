"""The case file's pages for what the case itself keeps (its actions and their inputs)
and for what other apps registered (``cases.registry.register_casefile_records``).

A page is a ``Record``: a title and labelled texts (and maybe a table), in the section
and at the place the archive order gives it (``collect`` explains the order). A page is
written only for an action that was taken; one that an issued document already covers
(the filing approval form, the prior notice, the decision, the closing report) is left
to that document. Who took an action and when come from its record entry; every time is
local with its offset, every value in words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.cases import registry
from openenforce.cases.models import Case
from openenforce.catalog.models import PenaltyKind
from openenforce.ledger.models import Entry

# The order within a section: documents and lists take the ranks below these.
RANK_REPORT = 30  # the investigation report, after the evidence and recordings lists
RANK_REGISTERED = 10
RANK_STATEMENT = 10  # after the prior notice (rank 0)
RANK_HEARING = 20
RANK_ARCHIVE = 10


@dataclass
class Record:
    section: str
    rank: int
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    table: dict | None = None


def moment(value: datetime.datetime | None) -> str:
    """A local time with its offset, e.g. ``2026-11-20 10:00 +08:00``."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%Y-%m-%d %H:%M} {local.isoformat()[-6:]}"


def _day(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value or "")


def _yes_no(value) -> str:
    return _("Yes") if value in (True, "true", "True", "1", 1) else _("No")


class _Actions:
    """The latest record entry of each action taken on the case, and its inputs."""

    def __init__(self, case: Case) -> None:
        self.case = case
        rows = Entry.objects.filter(
            subject_kind="cases.case", subject_id=str(case.pk), event_type__startswith="cases.case."
        ).order_by("sequence")
        self.entries = {row.event_type.removeprefix("cases.case."): row for row in rows}
        ids = {row.actor_id for row in self.entries.values() if row.actor_id}
        self.users = {u.pk: u for u in User.objects.filter(pk__in=ids)}

    def taken(self, code: str) -> bool:
        return code in self.entries

    def data(self, code: str) -> dict:
        value = self.case.details.get(code)
        return value if isinstance(value, dict) else {}

    def by(self, code: str) -> list[tuple[str, str]]:
        """Who took the action and when (local time)."""
        entry = self.entries[code]
        user = self.users.get(entry.actor_id)
        return [
            (_("Recorded by"), str(user) if user else ""),
            (_("Recorded at"), moment(entry.recorded_at)),
        ]


def _clean(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(str(label), str(text)) for label, text in fields if text not in ("", None)]


def _penalty_kinds(case: Case) -> str:
    labels = dict(PenaltyKind.choices)
    return "、".join(str(labels.get(k, _("Other penalty"))) for k in case.proposed_penalty_kinds)


class _Pages:
    """Builds the pages of one case: ``page()`` adds one for an action taken."""

    def __init__(self, case: Case, covered: set[str], served: bool) -> None:
        self.case, self.covered, self.served = case, covered, served
        self.acts = _Actions(case)
        self.found: list[Record] = []

    def page(self, code, section, rank, title, fields, table=None) -> None:
        if not self.acts.taken(code):
            return
        fields = [*fields, *self.acts.by(code)]
        self.found.append(Record(section, rank, str(title), _clean(fields), table))

    def data(self, code: str) -> dict:
        return self.acts.data(code)


def _filing(p: _Pages) -> None:
    case = p.case
    if "filing" in p.covered:
        return
    fields = [
        (_("Case source"), case.get_source_display()),
        (_("Source details"), case.source_detail),
        (_("Parties concerned"), "、".join(party.name for party in case.parties.all())),
        (_("Filed on"), _day(case.filed_on)),
    ]
    p.page("approve_filing", "filing", 0, _("Filing approval"), fields)


def _report(p: _Pages) -> None:
    case = p.case
    fields = [
        (_("Facts found"), case.facts),
        (_("Proposed penalty"), _penalty_kinds(case)),
        (_("Proposed fine (yuan)"), str(case.proposed_fine or "")),
        (_("Proposed confiscation (yuan)"), str(case.proposed_confiscation or "")),
    ]
    p.page(
        "conclude_investigation", "investigation", RANK_REPORT, _("Investigation report"), fields
    )


def _notice(p: _Pages) -> None:
    if "notice" not in p.covered:
        data = p.data("serve_prior_notice")
        fields = [
            (_("Served on"), _day(p.case.prior_notice_served_on or data.get("served_on"))),
            (_("Service method"), data.get("method", "")),
        ]
        title = _("Prior notice of the intended penalty")
        p.page("serve_prior_notice", "notice", 0, title, fields)
    data = p.data("record_statement")
    fields = [
        (_("Received on"), _day(data.get("received_on"))),
        (_("Statement and defence"), data.get("statement", "")),
        (_("Facts or reasons adopted"), _yes_no(data.get("adopted"))),
    ]
    title = _("Statement and defence of the party")
    p.page("record_statement", "notice", RANK_STATEMENT, title, fields)
    data = p.data("waive_defence")
    fields = [
        (_("Waived on"), _day(data.get("waived_on"))),
        (_("Written waiver (document reference)"), data.get("document", "")),
    ]
    title = _("Written waiver of statement and defence")
    p.page("waive_defence", "notice", RANK_STATEMENT, title, fields)


def _hearing(p: _Pages) -> None:
    fields = [(_("Requested on"), _day(p.data("request_hearing").get("requested_on")))]
    p.page("request_hearing", "notice", RANK_HEARING, _("Hearing request"), fields)
    data = p.data("hold_hearing")
    fields = [
        (_("Held on"), _day(data.get("held_on"))),
        (_("Hearing record"), data.get("record", "")),
    ]
    p.page("hold_hearing", "notice", RANK_HEARING, _("Hearing record"), fields)


def _decision(p: _Pages) -> None:
    case = p.case
    if "decision" in p.covered:
        return
    fields = [
        (_("Decision"), case.get_outcome_display()),
        (_("Decision text"), case.decision_text),
        (_("Decided on"), _day(case.decided_on)),
    ]
    for code in ("decide", "decide_on_spot"):
        p.page(code, "decision", 0, _("Decision record"), fields)


def _service(p: _Pages) -> None:
    if p.served:
        return  # the deliveries app's service records list
    data = p.data("serve_decision")
    fields = [
        (_("Served on"), _day(data.get("served_on"))),
        (_("Service method"), data.get("method", "")),
    ]
    p.page("serve_decision", "service", 0, _("Service of the decision"), fields)


def _execution(p: _Pages) -> None:
    payments = p.case.details.get("payments") or []
    if payments:
        rows = [
            [i, _day(pay.get("paid_on")), pay.get("amount", ""), pay.get("surcharge", "")]
            for i, pay in enumerate(payments, start=1)
        ]
        columns = [_("Item no."), _("Paid on"), _("Amount (yuan)"), _("Late payment surcharge")]
        table = {"columns": columns, "rows": rows}
        p.page("record_payment", "execution", 0, _("Payment record"), [], table)
    data = p.data("grant_instalments")
    fields = [(_("Schedule"), data.get("schedule", "")), (_("Reason"), data.get("reason", ""))]
    title = _("Approval of deferral or instalments")
    p.page("grant_instalments", "execution", 10, title, fields)
    data = p.data("apply_to_court")
    fields = [(_("Applied on"), _day(data.get("applied_on"))), (_("Note"), data.get("note", ""))]
    title = _("Application to the court for enforcement")
    p.page("apply_to_court", "execution", 20, title, fields)


def _paid(case: Case) -> str:
    """The total paid, as the closing report's record of execution (履行情况)."""
    payments = case.details.get("payments") or []
    try:
        total = sum(Decimal(str(pay.get("amount") or 0)) for pay in payments)
    except InvalidOperation:
        return ""
    return f"{total:.2f}" if payments else ""


def _closing(p: _Pages) -> None:
    if "closing" not in p.covered:
        fields = [
            (_("Case outcome"), p.case.get_outcome_display()),
            (_("Decision text"), p.case.decision_text),
            (_("Amount paid (yuan)"), _paid(p.case)),
            (_("Closed on"), _day(p.case.closed_on)),
            (_("Note"), p.data("close_case").get("note", "")),
        ]
        p.page("close_case", "closing", 0, _("Closing report"), fields)
    fields = [(_("Note"), p.data("archive").get("note", ""))]
    p.page("archive", "closing", RANK_ARCHIVE, _("Archiving"), fields)


def case_records(case: Case, covered: set[str], served: bool = False) -> list[Record]:
    """The pages of the case's own actions, for the actions taken. ``covered``: the
    sections an issued document already covers (filing, notice, decision, closing);
    ``served``: the deliveries app keeps the service records (its list replaces the
    service action's page)."""
    pages = _Pages(case, covered, served)
    for build in (_filing, _report, _notice, _hearing, _decision, _service, _execution, _closing):
        build(pages)
    return pages.found


def registered_records(case: Case) -> list[Record]:
    """The pages other apps registered for ``case`` (a legal review opinion, ...)."""
    found = []
    for _app, provider in sorted(registry.casefile_records().items()):
        for page in provider(case):
            found.append(
                Record(
                    page["section"],
                    RANK_REGISTERED + int(page.get("rank", 0)),
                    str(page["title"]),
                    _clean(page.get("fields", [])),
                    page.get("table"),
                )
            )
    return found
