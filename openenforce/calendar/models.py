"""The working-day calendar's tables: days that differ from the Monday–Friday rule and
the marker that a year's arrangement has been entered.

Both models lived in ``core`` until the calendar became its own app; their tables keep the
names ``core_calendarday`` and ``core_holidayarrangement`` (migration ``calendar 0001``), and
record entries written before the move name them ``core.calendarday`` /
``core.holidayarrangement`` (``openenforce.ledger.state.KIND_ALIASES``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel


class CalendarSource(models.TextChoices):
    """Where a calendar entry came from."""

    SEED = "seed", _("chinese-calendar seed")
    ARRANGEMENT = "arrangement", _("State Council arrangement")
    MANUAL = "manual", _("Entered manually")


class CalendarDay(RecordedModel, TimeStampedModel):
    """A day that differs from the Monday–Friday rule: a holiday (放假), which may fall on
    a weekday or inside a holiday break on a weekend, or a make-up working day (调休上班)
    on a Saturday or Sunday. Every other day is a working day from Monday to Friday."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("festival"), max_length=50, help_text=_("The festival the day belongs to, e.g. 春节.")
    )
    source = models.CharField(
        _("source"), max_length=12, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )

    class Meta:
        # Moved from core without moving the data: the table keeps its old name.
        db_table = "core_calendarday"
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "workday"]), name="calendarday_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=CalendarSource.values),
                name="calendarday_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name} {self.get_kind_display()}"

    @classmethod
    def ledger_check_unrecorded(cls, rows) -> dict[str, str | None]:
        """Seeded by a migration before any record: held against the package instead."""
        from openenforce.calendar.seed import check_seeded_days

        return check_seeded_days(rows)


class HolidayArrangement(RecordedModel, TimeStampedModel):
    """The marker that a year's holiday arrangement has been entered. A year without one
    is computed provisionally (暂定) from the statutory holidays alone."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=12, choices=CalendarSource.choices)
    entered_at = models.DateTimeField(_("entered at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. the notice's document number.")
    )

    class Meta:
        db_table = "core_holidayarrangement"
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1900, year__lte=2100), name="arrangement_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=CalendarSource.values),
                name="arrangement_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def ledger_check_unrecorded(cls, rows) -> dict[str, str | None]:
        """Seeded by a migration before any record: held against the package instead."""
        from openenforce.calendar.seed import check_seeded_years

        return check_seeded_years(rows)
