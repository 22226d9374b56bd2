"""Pick lists of the Django admin scoped to the agencies the user may change.

An agency administrator edits their own agency's rows; the admin's select boxes for
ForeignKey and ManyToMany fields (a matter's legal bases and field, a certificate's
fields, a user's department) listed every agency's rows, so another agency's names
showed (saving them was refused by the services). ``AgencyScopedChoices`` narrows the
choices of every related model that belongs to an agency; superusers see all.

``AgencyScopedRows`` narrows the rows themselves (the change list, a change page, the
history, the change list's actions) to the agencies the user may read, and changes to the
agency they may change (``accounts.permissions``), as the catalogue's admin does: another
agency's row is one that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from openenforce.accounts.models import Agency
from openenforce.accounts.permissions import can_read_agency, scope, writable_agency_ids


def agency_path(model: type[models.Model], paths: dict[str, str] | None = None) -> str | None:
    """The lookup from ``model`` to its agency: ``paths`` (by ``app_label.model``) first,
    then an ``agency`` foreign key of its own; None when it belongs to no agency."""
    label = model._meta.label_lower
    if paths and label in paths:
        return paths[label]
    if model is Agency:
        return "pk"
    try:
        field = model._meta.get_field("agency")
    except FieldDoesNotExist:
        return None
    return "agency" if getattr(field, "related_model", None) is Agency else None


class AgencyScopedChoices:
    """Mixin for ModelAdmin and InlineModelAdmin classes (before the admin class)."""

    #: ``app_label.model`` → lookup to the agency, for related models whose agency is
    #: reached through another row (a certificate: ``officer__agency``).
    choice_agency_paths: dict[str, str] = {}

    def _scoped(self, request, db_field, formfield):
        queryset = getattr(formfield, "queryset", None)
        if queryset is None or request is None:
            return formfield
        ids = writable_agency_ids(request.user)
        path = agency_path(db_field.related_model, self.choice_agency_paths)
        if ids is not None and path is not None:
            formfield.queryset = queryset.filter(**{f"{path}__in": ids})
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scoped(request, db_field, formfield)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scoped(request, db_field, formfield)


class AgencyScopedRows:
    """Mixin for ModelAdmin classes (before the admin class): rows of the agencies the user
    may read, changes to those of the agency they may change; superusers see all."""

    #: The lookup from a row to its agency.
    row_agency_path = "agency"

    def row_agency_id(self, obj) -> int | None:
        return obj.agency_id

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.row_agency_path)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or can_read_agency(request.user, self.row_agency_id(obj)))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        ids = writable_agency_ids(request.user)
        return ids is None or self.row_agency_id(obj) in ids
