"""System checks of the core app (registered in CoreConfig.ready)."""

from __future__ import annotations

import datetime

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

# The State Council usually publishes next year's arrangement in October or November;
# from this month on, a missing arrangement is worth a warning.
ARRANGEMENT_WARNING_MONTH = 10


def missing_arrangement_warnings(today: datetime.date) -> list[Warning]:
    """A warning when ``today`` is in the last quarter and next year is not entered."""
    from openenforce.calendar.models import HolidayArrangement

    if today.month < ARRANGEMENT_WARNING_MONTH:
        return []
    next_year = today.year + 1
    if HolidayArrangement.objects.filter(year=next_year).exists():
        return []
    return [
        Warning(
            _("The holiday arrangement for %(year)s has not been entered.") % {"year": next_year},
            hint=_(
                "Import the State Council's notice with “openenforce calendar import FILE”; "
                "until then, deadlines reaching into %(year)s are provisional."
            )
            % {"year": next_year},
            id="core.W001",  # kept from before the calendar left core (settings may silence it)
        )
    ]


# Tagged "database": it reads a table, so it runs with ``check --database default`` and
# before ``migrate``, not in the plain or ``--deploy`` checks that may run without one.
@register(Tags.database)
def arrangement_entered(app_configs=None, databases=None, *, today=None, **kwargs) -> list:
    if not databases or "default" not in databases:
        return []
    try:
        return missing_arrangement_warnings(today or timezone.localdate())
    except DatabaseError:  # not migrated yet: nothing to check
        return []
