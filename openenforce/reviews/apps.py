from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "openenforce.reviews"
    label = "reviews"
    verbose_name = _("Legal review of major decisions")

    def ready(self) -> None:
        # What this app plugs into cases (cases.registry): see extensions.py.
        from openenforce.calendar.signals import calendar_changed
        from openenforce.reviews import extensions
        from openenforce.reviews.services import on_calendar_changed

        extensions.register()
        # Open review rounds' due dates follow the working-day calendar when it changes.
        calendar_changed.connect(on_calendar_changed, dispatch_uid="reviews.due_dates")
