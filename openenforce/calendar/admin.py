"""The Django admin for the working-day calendar. Saving and deleting go through the
calendar services, so every change is checked and lands in the record."""

from django import forms
from django.contrib import admin

from openenforce.accounts.admin_scope import AgencyScopedChoices
from openenforce.calendar import services
from openenforce.calendar.models import CalendarDay, CalendarSource, HolidayArrangement
from openenforce.calendar.permissions import can_edit_calendar
from openenforce.core.errors import DomainError


class CalendarAdminMixin(AgencyScopedChoices):
    """Administrators (role or superuser) maintain the calendar; nobody else sees it here."""

    def has_module_permission(self, request):
        return can_edit_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return can_edit_calendar(request.user)

    def has_add_permission(self, request, obj=None):
        return can_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_calendar(request.user)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "name")

    def clean(self):
        data = super().clean()
        try:
            services.check_makeup_on_weekend(
                CalendarDay(date=data.get("date"), kind=data.get("kind"))
            )
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    search_fields = ("name",)
    date_hierarchy = "date"
    form = CalendarDayForm

    def save_model(self, request, obj, form, change):
        services.save_calendar_day(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.delete_calendar_day(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.delete_calendar_day(day, actor=request.user)


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ("year", "source", "entered_at", "entered_by", "note")
    fields = ("year", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    def save_model(self, request, obj, form, change):
        source = obj.source if change else CalendarSource.MANUAL
        services.mark_arrangement_entered(
            obj.year, actor=request.user, source=source, note=obj.note
        )

    def delete_model(self, request, obj):
        services.withdraw_arrangement(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for mark in queryset:
            services.withdraw_arrangement(mark, actor=request.user)
