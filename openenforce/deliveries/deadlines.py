"""When a document counts as served, and the party's time limits that run from that day.

Periods of ten days or fewer are working days, longer ones calendar days whose last day
moves to the next working day when it is a rest day (``openenforce.calendar``);
months end on the same day of the month (or the month's last day), moved the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openenforce.calendar import add_calendar_days, add_working_days
from openenforce.cases.articles import cite
from openenforce.deliveries import rules


@dataclass
class Running:
    """A time limit running from service, as shown to staff."""

    code: str
    label: str
    article: str
    start: datetime.date
    due: datetime.date
    explanation: str
    steps: list[str] = field(default_factory=list)
    provisional: bool = False


def deemed_served_on(method: str, served_on: datetime.date) -> datetime.date:
    """The day the document counts as served: the day of service, or for an announcement
    the end of its period (民事诉讼法 Art 95)."""
    if method != rules.ANNOUNCEMENT:
        return served_on
    return _due(rules.period("announcement"), served_on)[0]


def _due(period, start: datetime.date):
    if period.unit == rules.MONTHS:
        nominal = rules.add_months(start, period.days)
        result = add_calendar_days(start, (nominal - start).days)
    elif period.unit == rules.WORKING:
        result = add_working_days(start, period.days)
    else:
        result = add_calendar_days(start, period.days)
    return result.due, result


def codes_for(document) -> tuple[str, ...]:
    """The periods that run from the service of ``document`` (payment only for a fine)."""
    codes = rules.RUNS_FROM_SERVICE.get(document.doc_type, ())
    case = document.case
    fined = case is not None and case.outcome == "penalty" and bool(case.proposed_fine)
    return tuple(code for code in codes if code != "payment" or fined)


def running(document, start: datetime.date) -> list[Running]:
    """Each time limit running from ``start`` for ``document``, with its explanation."""
    found = []
    for code in codes_for(document):
        period = rules.period(code)
        due, result = _due(period, start)
        steps = result.explanation()
        if period.unit == rules.MONTHS:
            steps.insert(
                0,
                _("%(n)s months from %(start)s end on %(day)s.")
                % {
                    "n": period.days,
                    "start": start.isoformat(),
                    "day": rules.add_months(start, period.days).isoformat(),
                },
            )
        found.append(
            Running(
                code=code,
                label=str(period.label),
                article=cite(period.article),
                start=start,
                due=due,
                explanation=str(rules.EXPLANATIONS.get(code, "")),
                steps=steps,
                provisional=result.provisional,
            )
        )
    return found


def snapshot(document, start: datetime.date) -> list[dict]:
    """What the Delivery keeps (and the record holds): code, due day and article."""
    return [
        {"code": r.code, "due": r.due.isoformat(), "article": rules.period(r.code).article}
        for r in running(document, start)
    ]
