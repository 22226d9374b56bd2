"""Django admin: warning rules are changed through ``alerts.services`` (checked and
recorded); warnings are read only here (they change through their pages and the API)."""

from __future__ import annotations

from django.contrib import admin, messages

from openenforce.accounts.permissions import scope
from openenforce.alerts.models import Warning, WarningRule
from openenforce.alerts.services import change_rule, set_agency_parameters
from openenforce.core.errors import DomainError


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "level", "basis", "parameters", "active")
    list_filter = ("level", "active")
    fields = ("code", "agency", "name", "level", "basis", "parameters", "active")
    readonly_fields = ("code", "agency", "name")

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("agency")
        if request.user.is_superuser:
            return rows
        return scope(rows, request.user) | rows.filter(agency__isnull=True)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            if obj.agency_id is None:
                change_rule(
                    obj,
                    actor=request.user,
                    level=obj.level,
                    parameters=obj.parameters,
                    active=obj.active,
                    basis=obj.basis,
                )
            else:
                set_agency_parameters(
                    obj.code, actor=request.user, agency=obj.agency, parameters=obj.parameters
                )
        except DomainError as error:
            messages.error(request, str(error))


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin):
    list_display = ("rule", "agency", "subject_label", "level", "raised_on", "status")
    list_filter = ("level", "status")

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
