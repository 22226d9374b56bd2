"""The Django admin for the catalogue (superusers and staff users with model permissions).

Every change goes through ``catalog.services`` like on the staff pages, so it is checked
and written to the record. Entries are never deleted: the admin offers suspend and repeal
actions instead, and explains why when someone asks for a deletion.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.accounts.admin_scope import AgencyScopedChoices
from openenforce.accounts.models import Role
from openenforce.accounts.permissions import (
    can_edit_catalog,
    can_read_agency,
    scope,
)
from openenforce.catalog.models import (
    CatalogEntry,
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import check_same_agency, retire_entry, save_entry
from openenforce.core.errors import DomainError

NEVER_DELETED = gettext_lazy(
    "Catalogue entries are never deleted: the record must show what was in force when a "
    "past decision was made. Suspend or repeal the entry instead."
)


def _is_agency_admin(user) -> bool:
    return user.is_active and user.is_staff and user.has_role(Role.ADMIN)


class ServiceAdmin(AgencyScopedChoices, admin.ModelAdmin):
    """Saves through ``save_entry`` (with many-to-many fields as its ``relations``), scopes
    rows and pick lists to the user's agencies, and refuses deletion."""

    agency_path = "agency"
    choice_agency_paths = {"catalog.certificate": "officer__agency"}

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.agency_path)

    # Agency administrators maintain their own agency's catalogue here without Django
    # model permissions: rows are scoped above and every save goes through the service,
    # which checks can_edit_catalog again.
    def has_module_permission(self, request):
        return super().has_module_permission(request) or _is_agency_admin(request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj) or _is_agency_admin(request.user)
        return allowed and (obj is None or can_read_agency(request.user, obj.agency_id))

    def has_add_permission(self, request):
        return super().has_add_permission(request) or _is_agency_admin(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) or _is_agency_admin(request.user)
        return allowed and (obj is None or can_edit_catalog(request.user, obj.agency_id))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (SameAgencyFormMixin, form), {})

    def save_model(self, request, obj, form, change):
        save_entry(obj, actor=request.user, relations=self._relations(form))

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were saved by save_entry; only inline formsets remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            save_entry(instance, actor=request.user)

    @staticmethod
    def _relations(form) -> dict:
        return {
            f.name: form.cleaned_data[f.name]
            for f in form._meta.model._meta.many_to_many
            if f.name in form.cleaned_data
        }

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        messages.warning(request, NEVER_DELETED)
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        return HttpResponseRedirect(url)

    def delete_model(self, request, obj):
        raise PermissionDenied(NEVER_DELETED)

    def delete_queryset(self, request, queryset):
        raise PermissionDenied(NEVER_DELETED)


class SameAgencyFormMixin:
    """Show a link to another agency's data as a form error, before the service refuses it."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        links = {
            f.name: list(self.cleaned_data[f.name])
            for f in self._meta.model._meta.many_to_many
            if f.name in self.cleaned_data
        }
        try:
            check_same_agency(self.instance, links)
        except DomainError as error:
            for problem in error.problems:
                self.add_error(
                    problem.field if problem.field in self.fields else None, problem.message
                )


@admin.action(description=gettext_lazy("Suspend selected entries"))
def suspend_entries(modeladmin, request, queryset):
    _retire(modeladmin, request, queryset, CatalogEntry.Status.SUSPENDED)


@admin.action(description=gettext_lazy("Repeal selected entries"))
def repeal_entries(modeladmin, request, queryset):
    _retire(modeladmin, request, queryset, CatalogEntry.Status.REPEALED)


def _retire(modeladmin, request, queryset, status: str) -> None:
    done = 0
    for entry in queryset:
        try:
            retire_entry(entry, actor=request.user, status=status)
            done += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{entry}: {error}", messages.ERROR)
    if done:
        label = CatalogEntry.Status(status).label
        modeladmin.message_user(
            request, _("%(count)d entries now “%(status)s”.") % {"count": done, "status": label}
        )


class EntryAdmin(ServiceAdmin):
    """Lists with a code and a status (the published catalogue)."""

    actions = [suspend_entries, repeal_entries]
    list_filter = ("status", "agency")
    readonly_fields = ("status",)

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the suspend and repeal actions (retire_entry).
        return self.readonly_fields if obj else ()


@admin.register(EnforcementField)
class EnforcementFieldAdmin(ServiceAdmin):
    list_display = ("code", "name", "agency")
    list_filter = ("agency",)
    search_fields = ("code", "name")


@admin.register(LegalBasis)
class LegalBasisAdmin(EntryAdmin):
    list_display = ("code", "law_name", "article", "level", "status", "agency")
    list_filter = ("status", "level", "agency")
    search_fields = ("code", "law_name", "article", "text")


class DiscretionStandardInline(AgencyScopedChoices, admin.TabularInline):
    model = DiscretionStandard
    extra = 0
    can_delete = False
    fields = ("code", "degree", "circumstance", "penalty", "fine_min", "fine_max")


@admin.register(Matter)
class MatterAdmin(EntryAdmin):
    list_display = ("code", "name", "category", "field", "department", "status", "agency")
    list_filter = ("status", "category", "field", "agency")
    search_fields = ("code", "name", "sub_item")
    list_select_related = ("field", "department", "agency")
    filter_horizontal = ("bases",)
    inlines = [DiscretionStandardInline]


@admin.register(Officer)
class OfficerAdmin(EntryAdmin):
    list_display = ("code", "name", "department", "employment", "status", "agency")
    list_filter = ("status", "employment", "agency")
    search_fields = ("code", "name", "certificates__number")
    raw_id_fields = ("user",)


class CertificateEventInline(AgencyScopedChoices, admin.TabularInline):
    """The history is read-only here: events are added on the certificate's staff page,
    through ``add_certificate_event``, which also changes the standing."""

    model = CertificateEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("date", "kind", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ServiceAdmin):
    agency_path = "officer__agency"
    list_display = ("number", "officer", "valid_from", "valid_to", "standing")
    list_filter = ("standing",)
    search_fields = ("number", "officer__name")
    readonly_fields = ("standing",)
    filter_horizontal = ("fields",)
    inlines = [CertificateEventInline]

    def save_formset(self, request, form, formset, change):
        """Events are read-only here (see ``CertificateEventInline``)."""


@admin.register(RandomInspectionItem)
class RandomInspectionItemAdmin(EntryAdmin):
    list_display = ("code", "item", "department", "ratio_percent", "frequency", "status", "agency")
    list_filter = ("status", "method", "agency")
    search_fields = ("code", "item", "sub_item", "target_type")


@admin.register(RecordingRequirement)
class RecordingRequirementAdmin(EntryAdmin):
    list_display = ("code", "step", "matter", "kind", "status", "agency")
    list_filter = ("status", "step", "kind", "agency")
    search_fields = ("code", "content", "occasion")


@admin.register(ReviewCatalogueEntry)
class ReviewCatalogueEntryAdmin(EntryAdmin):
    list_display = ("code", "name", "ground", "category", "status", "agency")
    list_filter = ("status", "ground", "category", "agency")
    search_fields = ("code", "name", "basis")
