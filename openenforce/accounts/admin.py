"""The Django admin for agencies, departments, users and tokens (superusers and staff).

Agencies, departments and new roles are saved through ``accounts.services`` so that the
record shows every change. Passwords and log-in details stay with Django's user admin.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from openenforce.accounts.admin_scope import AgencyScopedChoices
from openenforce.accounts.models import Agency, ApiToken, Department, RoleAssignment, User
from openenforce.accounts.services import (
    add_supervision,
    grant_role,
    remove_supervision,
    save_agency,
    save_department,
    save_user,
)


class RoleInline(AgencyScopedChoices, admin.TabularInline):
    """Roles are granted through ``grant_role``; revoking needs a service of its own, so
    existing roles are not deleted here."""

    model = RoleAssignment
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class OpenEnforceUserAdmin(AgencyScopedChoices, UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("OpenEnforce", {"fields": ("agency", "department", "display_name")}),
    )
    list_display = ("username", "display_name", "agency", "is_active")
    list_filter = ("agency", "is_active")
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    inlines = [RoleInline]

    def save_model(self, request, obj, form, change):
        save_user(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        # Accounts appear in the record as actors; deactivate them instead.
        return False

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        for assignment in formset.save(commit=False):
            grant_role(form.instance, role=assignment.role, actor=request.user)


@admin.register(Agency)
class AgencyAdmin(AgencyScopedChoices, admin.ModelAdmin):
    list_display = ("code", "name", "level", "legal_status", "head_name", "complaint_phone")
    list_filter = ("level", "legal_status")
    search_fields = ("code", "name", "credit_code")
    filter_horizontal = ("supervises",)

    def save_model(self, request, obj, form, change):
        save_agency(obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        # Supervision links go through their services so each change is recorded.
        wanted = set(form.cleaned_data.pop("supervises", []))
        form.cleaned_data["supervises"] = list(form.instance.supervises.all())
        super().save_related(request, form, formsets, change)
        agency = form.instance
        for other in wanted - set(agency.supervises.all()):
            add_supervision(agency, actor=request.user, supervised=other)
        for other in set(agency.supervises.all()) - wanted:
            remove_supervision(agency, actor=request.user, supervised=other)

    def has_delete_permission(self, request, obj=None):
        # Agencies own records that are never deleted.
        return False


@admin.register(Department)
class DepartmentAdmin(AgencyScopedChoices, admin.ModelAdmin):
    list_display = ("code", "name", "agency", "phone")
    list_filter = ("agency",)
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        save_department(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(AgencyScopedChoices, admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")
