"""Django admin: warning rules are changed through ``alerts.services`` (checked and
recorded); warnings are read only here (they change through their pages and the API)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.admin_scope import AgencyScopedChoices
from openenforce.accounts.permissions import scope
from openenforce.alerts.models import Warning, WarningRule
from openenforce.alerts.rules import DEFINITIONS
from openenforce.alerts.services import (
    change_rule,
    check_agency_parameters,
    set_agency_parameters,
)
from openenforce.core.errors import DomainError, FieldProblem


class AgencyRuleForm(forms.ModelForm):
    """An agency's own thresholds for one of the rules, checked by the service."""

    code = forms.ChoiceField(choices=[(d.code, f"{d.code} {d.label}") for d in DEFINITIONS])
    actor = None  # the user, set by the admin

    class Meta:
        model = WarningRule
        fields = ("code", "agency", "parameters")

    def clean(self):
        data = super().clean()
        agency = data.get("agency")
        if agency is None:
            self.add_error("agency", _("Choose an agency."))
        elif not self.errors:
            try:
                check_agency_parameters(
                    data["code"], actor=self.actor, agency=agency, parameters=data.get("parameters")
                )
            except DomainError as error:
                problems = error.problems or [FieldProblem("", str(error))]
                for problem in problems:
                    field = problem.field if problem.field in self.fields else None
                    self.add_error(field, problem.message)
        return data


@admin.register(WarningRule)
class WarningRuleAdmin(AgencyScopedChoices, admin.ModelAdmin):
    """The installation's rules (superusers) and an agency's tightened thresholds (its
    administrators and heads: added here as a row for the agency)."""

    list_display = ("code", "name", "agency", "level", "basis", "parameters", "active")
    list_filter = ("level", "active")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("AgencyRuleForm", (AgencyRuleForm,), {"actor": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("code", "agency", "parameters")
        return ("code", "agency", "name", "level", "basis", "parameters", "active")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.agency_id is not None:  # only the thresholds are the agency's
            return ("code", "agency", "name", "level", "basis", "active")
        return ("code", "agency", "name")

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("agency")
        if request.user.is_superuser:
            return rows
        return scope(rows, request.user) | rows.filter(agency__isnull=True)

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
                saved = set_agency_parameters(
                    obj.code, actor=request.user, agency=obj.agency, parameters=obj.parameters
                )
                obj.pk, obj.name, obj.level, obj.basis = (
                    saved.pk,
                    saved.name,
                    saved.level,
                    saved.basis,
                )
        except DomainError as error:
            messages.error(request, str(error))


@admin.register(Warning)
class WarningAdmin(AgencyScopedChoices, admin.ModelAdmin):
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
