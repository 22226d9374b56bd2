"""``openenforce cases …``: deadlines from the command line, and the generated docs.

    openenforce cases due-soon [--days N] [--agency CODE]
    openenforce cases recompute-deadlines [--since YYYY-MM-DD]
    openenforce cases docs

``due-soon`` prints overdue and soon-due open deadlines, one per line (tab-separated:
due date, status, case number, rule, article). ``recompute-deadlines`` recomputes open
deadlines after the calendar changed, recorded with the system actor.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor
from openenforce.cases import services
from openenforce.cases.docgen import lifecycles_markdown
from openenforce.cases.models import Deadline
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import InvalidInput, NotFound


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Enter a valid date (YYYY-MM-DD)."), code="invalid_input") from None


class Command(GroupCommand):
    help = "Case deadlines and the lifecycle documentation."
    subcommands = {
        "due-soon": "List overdue and soon-due open deadlines.",
        "recompute-deadlines": "Recompute open deadlines (after a calendar change).",
        "docs": "Print docs/lifecycles.md generated from the lifecycle definitions.",
    }

    def add_due_soon_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=3, help="look this many days ahead")
        parser.add_argument("--agency", help="agency code (default: all)")

    def handle_due_soon(self, *, days: int, agency: str | None, **options) -> None:
        today = timezone.localdate()
        rows = Deadline.objects.open().filter(due__lte=today + datetime.timedelta(days=days))
        if agency:
            if not Agency.objects.filter(code=agency).exists():
                raise NotFound(_("There is no agency with this code."), code="agency_not_found")
            rows = rows.filter(case__agency__code=agency)
        for d in rows.select_related("case").order_by("due", "id"):
            # is_overdue: an hour-based period (行政强制法 Art 19) runs out mid-day
            status = "overdue" if d.due < today or d.is_overdue() else "due"
            label = d.case.number or d.case.title
            self.stdout.write(f"{d.due}\t{status}\t{label}\t{d.rule}\t{d.article}")

    def add_recompute_deadlines_arguments(self, parser) -> None:
        parser.add_argument("--since", help="only deadlines due on or after this date")

    def handle_recompute_deadlines(self, *, since: str | None, **options) -> None:
        changed = services.recompute_deadlines(
            actor=get_system_actor(), since=_date(since) if since else None
        )
        self.stdout.write(_("%(n)s deadlines changed.") % {"n": changed})

    def handle_docs(self, **options) -> None:
        self.stdout.write(lifecycles_markdown())
