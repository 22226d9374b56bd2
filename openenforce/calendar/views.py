"""Staff pages of the working-day calendar: a year's days, a due-date calculator (htmx),
and the import of a yearly arrangement (administrators only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openenforce.calendar.arrangement import MAX_FILE_BYTES, read_arrangement_file
from openenforce.calendar.engine import MAX_DAYS, add_calendar_days, add_working_days
from openenforce.calendar.models import HolidayArrangement
from openenforce.calendar.overview import year_overview
from openenforce.calendar.permissions import can_edit_calendar
from openenforce.calendar.services import enter_arrangement
from openenforce.core.errors import DomainError
from openenforce.core.params import ascii_int


class DueForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Start date (not counted)"))
    days = forms.IntegerField(label=gettext_lazy("Days"), min_value=0, max_value=MAX_DAYS)
    unit = forms.ChoiceField(
        label=gettext_lazy("Count"),
        choices=[
            ("working", gettext_lazy("in working days")),
            ("calendar", gettext_lazy("in calendar days")),
        ],
        initial="working",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Arrangement file (UTF-8 text)"))


def _year(request: HttpRequest) -> int:
    year = ascii_int(request.GET.get("year", ""), minimum=1900, maximum=2100)
    return year if year is not None else timezone.localdate().year


def _index(request: HttpRequest, *, year: int, status: int = 200, **context) -> HttpResponse:
    try:
        overview, error = year_overview(year), ""
    except DomainError as exc:
        overview, error = None, str(exc)
    context = {
        "year": year,
        "overview": overview,
        "overview_error": error,
        "marks": HolidayArrangement.objects.filter(year__gte=year - 2, year__lte=year + 2),
        "can_edit": can_edit_calendar(request.user),
        "due_form": DueForm(initial={"start": timezone.localdate(), "days": 7}),
        "import_form": ImportForm(),
        **context,
    }
    return render(request, "calendar/calendar.html", context, status=status)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """A year's holidays and make-up working days, provisional ones marked 暂定."""
    return _index(request, year=_year(request))


@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """The due-date calculator: the result with its explanation (a fragment for htmx)."""
    form = DueForm(request.GET)
    result, error = None, ""
    if form.is_valid():
        add = add_calendar_days if form.cleaned_data["unit"] == "calendar" else add_working_days
        try:
            result = add(form.cleaned_data["start"], form.cleaned_data["days"])
        except DomainError as exc:
            error = str(exc)
    context = {"due_form": form, "result": result, "error": error}
    if request.htmx:  # htmx swaps only 2xx answers; the fragment shows the refusal itself
        return render(request, "calendar/_calendar_due.html", context)
    return render(request, "calendar/calendar_due.html", context, status=200 if result else 422)


@require_POST
def import_arrangement(request: HttpRequest) -> HttpResponse:
    """Enter a year's arrangement from an uploaded file (administrators only)."""
    if not can_edit_calendar(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    year = _year(request)
    if not form.is_valid():
        return _index(request, year=year, status=422, import_form=form)
    try:
        # Read one byte past the limit only: enough to refuse a large upload without
        # loading all of it into memory.
        data = form.cleaned_data["file"].read(MAX_FILE_BYTES + 1)
        arrangement = read_arrangement_file(data)
        changes = enter_arrangement(arrangement, actor=request.user)
    except DomainError as exc:
        return _index(request, year=year, status=422, import_form=form, import_error=exc)
    messages.success(
        request,
        _("%(year)s entered: %(created)s days added, %(updated)s corrected, %(deleted)s removed.")
        % vars(changes),
    )
    return redirect(f"{reverse('calendar:calendar')}?year={changes.year}")
