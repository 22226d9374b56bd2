"""In-app notifications of the staff workbench: hand-offs (a task now waits for you) and
due-soon and overdue deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openenforce.cases.models import Case


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message for one user, leading to ``url``; raised at most once per user, kind,
    ``key`` (what it is about: a case, a case's step, a publication) and day, so running
    the daily task twice, or handing the same step off twice in a day, raises nothing new.
    """

    class Kind(models.TextChoices):
        HANDOFF = "handoff", _("Hand-off")
        DUE_SOON = "due_soon", _("Deadline due soon")
        OVERDUE = "overdue", _("Deadline overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    url = models.CharField(max_length=300)
    message = models.CharField(_("message"), max_length=300)
    # The message in each of the installation's languages ({"zh-hans": …, "en": …}), so a
    # reader sees it in the language they read in, not the one in force when it was raised.
    messages = models.JSONField(_("message in each language"), default=dict, blank=True)
    day = models.DateField(_("day"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "day"], name="notification_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def text(self) -> str:
        """The message in the reader's language, else as raised."""
        return self.messages.get(translation.get_language() or "", self.message)
