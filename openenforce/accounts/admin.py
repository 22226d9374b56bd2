from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from openenforce.accounts.models import Agency, ApiToken, Department, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class OpenEnforceUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("OpenEnforce", {"fields": ("agency", "department", "display_name")}),
    )
    list_display = ("username", "display_name", "agency", "is_active")
    list_filter = ("agency", "is_active")
    inlines = [RoleInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "legal_status")
    search_fields = ("code", "name", "credit_code")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency")
    list_filter = ("agency",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")
