"""The Django admin for agencies, departments, users and tokens (superusers and staff).

Agencies, departments and new roles are saved through ``accounts.services`` so that the
record shows every change. Passwords and log-in details stay with Django's user admin.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.accounts.admin_scope import AgencyScopedChoices, AgencyScopedRows
from openenforce.accounts.models import Agency, ApiToken, Department, RoleAssignment, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.accounts.services import (
    add_supervision,
    disable_two_factor,
    grant_role,
    has_two_factor,
    remove_supervision,
    revoke_api_token,
    revoke_sessions,
    save_agency,
    save_department,
    save_user,
    set_admin_permissions,
    unlock_login,
)


class RoleInline(AgencyScopedChoices, admin.TabularInline):
    """Roles are granted through ``grant_role``; revoking needs a service of its own, so
    existing roles are not deleted here."""

    model = RoleAssignment
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


# What only a superuser changes: with them an agency's administrator could step out of
# their agency (make themselves a superuser, or give themselves Django's permissions).
SUPERUSER_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class OpenEnforceUserAdmin(AgencyScopedChoices, AgencyScopedRows, UserAdmin):
    """Users of the agencies the administrator may read; changed only in their own (an
    agency's administrator with Django's user permissions sees, edits, unlocks and signs
    out only their agency's users)."""

    fieldsets = (
        *UserAdmin.fieldsets,
        ("OpenEnforce", {"fields": ("agency", "department", "display_name")}),
    )
    list_display = ("username", "display_name", "agency", "is_active")
    # The agencies of the listed users only, not every agency's name.
    list_filter = (("agency", admin.RelatedOnlyFieldListFilter), "is_active")
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    inlines = [RoleInline]
    actions = ["unlock", "sign_out_everywhere", "reset_two_factor"]

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, *SUPERUSER_FIELDS)

    def save_model(self, request, obj, form, change):
        if not change and obj.agency_id is None and not request.user.is_superuser:
            # The add form asks for a name and a password: the new user belongs to the
            # administrator's agency (else they could not see the user they just added).
            obj.agency = request.user.agency
        save_user(obj, actor=request.user)

    # Account security (accounts.services, each recorded with the administrator as actor).
    @admin.action(description=gettext_lazy("Unlock log-in (end a lock-out after failures)"))
    def unlock(self, request, queryset):
        for user in queryset:
            unlock_login(user, actor=request.user)
        self.message_user(request, _("Log-in unlocked for the selected users."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Sign out all their sessions"))
    def sign_out_everywhere(self, request, queryset):
        keep = request.session.session_key or ""
        count = sum(revoke_sessions(user, actor=request.user, keep=keep) for user in queryset)
        self.message_user(
            request, _("Signed out %(count)d session(s).") % {"count": count}, messages.SUCCESS
        )

    @admin.action(
        description=gettext_lazy("Reset two-step verification (lost phone; signs them out)")
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            if has_two_factor(user) and user.pk != request.user.pk:
                disable_two_factor(user, actor=request.user)
                revoke_sessions(user, actor=request.user)
        self.message_user(
            request,
            _("Two-step verification was reset; they set it up again at their next log-in."),
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        # Accounts appear in the record as actors; deactivate them instead.
        return False

    def save_related(self, request, form, formsets, change):
        # Groups and permissions are part of the account's recorded row: set them through
        # the service, which records the account again (not behind the record's back).
        wanted = {
            name: form.cleaned_data.pop(name)
            for name in ("groups", "user_permissions")
            if name in form.cleaned_data
        }
        super().save_related(request, form, formsets, change)
        user = form.instance
        groups = set(wanted.get("groups", user.groups.all()))
        permissions = set(wanted.get("user_permissions", user.user_permissions.all()))
        if groups != set(user.groups.all()) or permissions != set(user.user_permissions.all()):
            set_admin_permissions(user, actor=request.user, groups=groups, permissions=permissions)

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
class DepartmentAdmin(AgencyScopedChoices, AgencyScopedRows, admin.ModelAdmin):
    list_display = ("code", "name", "agency", "phone")
    list_filter = ("agency",)
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        save_department(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(AgencyScopedChoices, AgencyScopedRows, admin.ModelAdmin):
    """The agency's API tokens, read only: a token is issued by ``openenforce token`` or the
    account page (its secret is shown once) and revoked here through the service."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = (("user__agency", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("prefix", "name", "user__username")
    actions = ["revoke"]
    row_agency_path = "user__agency"

    def row_agency_id(self, obj) -> int | None:
        return obj.user.agency_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only: a change here would be written behind the record's back.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        ids = writable_agency_ids(request.user)
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            if ids is None or token.user.agency_id in ids:
                revoke_api_token(token, actor=request.user)
                revoked += 1
        self.message_user(
            request, _("Revoked %(count)d token(s).") % {"count": revoked}, messages.SUCCESS
        )
