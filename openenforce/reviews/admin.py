"""Django admin: reviewer qualifications are recorded through ``reviews.services`` (so
the change is checked and written to the record); reviews and discussions are read-only
here, since they change only through the case lifecycle."""

from __future__ import annotations

from django.contrib import admin, messages

from openenforce.accounts.admin_scope import AgencyScopedChoices
from openenforce.accounts.permissions import scope
from openenforce.core.errors import DomainError
from openenforce.reviews.models import CollectiveDiscussion, LegalReview, ReviewerQualification
from openenforce.reviews.services import record_qualification


@admin.register(ReviewerQualification)
class ReviewerQualificationAdmin(AgencyScopedChoices, admin.ModelAdmin):
    list_display = ("user", "certificate_number", "obtained_on", "first_review_on")
    fields = ("user", "certificate_number", "obtained_on")
    search_fields = ("user__username", "user__display_name", "certificate_number")

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "user__agency")

    def save_model(self, request, obj, form, change):
        try:
            record_qualification(
                obj.user,
                actor=request.user,
                certificate_number=obj.certificate_number,
                obtained_on=obj.obtained_on,
                first_review_on=obj.first_review_on,
            )
        except DomainError as error:
            messages.error(request, str(error))

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(AgencyScopedChoices, admin.ModelAdmin):
    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, "case__agency")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalReview)
class LegalReviewAdmin(ReadOnlyAdmin):
    list_display = ("case", "round", "reviewer", "due_on", "outcome", "decided_at")
    list_filter = ("outcome",)


@admin.register(CollectiveDiscussion)
class CollectiveDiscussionAdmin(ReadOnlyAdmin):
    list_display = ("case", "held_on", "presided_by", "conclusion")
