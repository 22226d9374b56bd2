"""Audio/video recording (音像记录): the device register, who held which device when,
the recordings of case steps with their gaps, and recorded reasons why a step has none.

Rules (docs/recordings.md): 行政处罚法 Art 47 (whole-process record); the State Council's
guidance on the three systems (国办发〔2018〕118号) for the recording list, the device
register and the stated reason for every interruption.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class Device(RecordedModel, TimeStampedModel):
    """A recording device of the agency (执法记录仪, 录音笔, 摄像机) in the device register."""

    class Kind(models.TextChoices):
        BODY_CAMERA = "body_camera", _("Body camera")
        RECORDER = "recorder", _("Audio recorder")
        CAMERA = "camera", _("Camera")

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        REPAIR = "repair", _("Under repair")
        RETIRED = "retired", _("Retired")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT
    )
    code = models.CharField(_("device number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_SERVICE
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recording device")
        verbose_name_plural = _("recording devices")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="device_code_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["body_camera", "recorder", "camera"]),
                name="device_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["in_service", "repair", "retired"]),
                name="device_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_kind_display()}"


class DeviceCustody(RecordedModel):
    """One period in which an officer held a device (checked out, then returned).

    Periods of one device never overlap (checked in ``services``; at most one open
    period per device is also a database constraint)."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT
    )
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="custody"
    )
    officer = models.ForeignKey(
        "catalog.Officer",
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="device_custody",
    )
    checked_out_at = models.DateTimeField(_("checked out at"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("return registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("device custody")
        verbose_name_plural = _("device custody")
        ordering = ["device", "-checked_out_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_at__isnull=True),
                name="custody_one_open_per_device",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gt=F("checked_out_at")),
                name="custody_returned_after_checkout",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device.code} → {self.officer}"

    def covers(self, start, end) -> bool:
        """Whether the officer held the device for the whole of [start, end]."""
        return self.checked_out_at <= start and (
            self.returned_at is None or end <= self.returned_at
        )


class Recording(RecordedModel, TimeStampedModel):
    """An audio or video recording of one step (a lifecycle action code) of a case: which
    device, which officer, when, where, the media file (an evidence blob) and its gaps."""

    class Media(models.TextChoices):
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="recordings"
    )
    step = models.CharField(
        _("step"), max_length=60, help_text=_("The case action the recording belongs to.")
    )
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="recordings"
    )
    officer = models.ForeignKey(
        "catalog.Officer",
        verbose_name=_("recording officer"),
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    place = models.CharField(_("place"), max_length=200)
    media = models.CharField(_("media"), max_length=10, choices=Media.choices)
    blob = models.ForeignKey(
        "evidence.Blob", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    party_informed = models.BooleanField(_("party told that recording is on"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["case", "started_at", "id"]
        indexes = [models.Index(fields=["case", "step"], name="recording_case_step")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="recording_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(media__in=["audio", "video"]), name="recording_media_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.ended_at - self.started_at


class RecordingGap(RecordedModel):
    """An interruption within a recording, with the reason stated when it resumed."""

    recording = models.ForeignKey(
        Recording, verbose_name=_("recording"), on_delete=models.PROTECT, related_name="gaps"
    )
    started_at = models.DateTimeField(_("interrupted at"))
    ended_at = models.DateTimeField(_("resumed at"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("recording gap")
        verbose_name_plural = _("recording gaps")
        ordering = ["recording", "started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="gap_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%H:%M:%S}–{self.ended_at:%H:%M:%S}"


class RecordingWaiver(RecordedModel, TimeStampedModel):
    """The recorded reason why a step that needs a recording has none."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="recording_waivers",
    )
    step = models.CharField(_("step"), max_length=60)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reason for no recording")
        verbose_name_plural = _("reasons for no recording")
        ordering = ["case", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="waiver_one_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.reason[:30]}"


class RequiredRecordingQuerySet(RecordedQuerySet):
    def recorded(self) -> RequiredRecordingQuerySet:
        return self.filter(recording__isnull=False)

    def waived(self) -> RequiredRecordingQuerySet:
        """Without a recording, with a recorded reason why none exists."""
        return self.filter(recording__isnull=True, waiver__isnull=False)

    def missing(self) -> RequiredRecordingQuerySet:
        return self.filter(recording__isnull=True, waiver__isnull=True)


class RequiredRecording(RecordedModel, TimeStampedModel):
    """A step of a case that the agency's recording list required an audio/video recording
    of, as decided when the step was taken (``recordings.services.note_required``, in the
    step's own transaction), with what satisfies it: the recording (a video one when the
    list asks for video), else the recorded reason why none exists; neither: missing.

    Steps taken before this fact was kept are added by ``note_past_requirements``
    against the recording list as it stands then. A recording or reason registered later
    for a missing step settles it (``recordings.requiredrecording.settled``)."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="required_recordings",
    )
    step = models.CharField(
        _("step"), max_length=60, help_text=_("The case action that required the recording.")
    )
    taken_on = models.DateField(_("step taken on"))
    entries = models.CharField(
        _("recording list entries"),
        max_length=300,
        help_text=_("The codes of the recording list's entries that required it."),
    )
    video = models.BooleanField(_("video required"), default=False)
    recording = models.ForeignKey(
        Recording,
        verbose_name=_("recording"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    waiver = models.ForeignKey(
        RecordingWaiver,
        verbose_name=_("reason for no recording"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RequiredRecordingQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("required recording")
        verbose_name_plural = _("required recordings")
        ordering = ["case", "taken_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="required_recording_once"),
        ]
        indexes = [
            models.Index(fields=["agency", "taken_on"], name="required_recording_day"),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.taken_on:%Y-%m-%d}"

    @property
    def status(self) -> str:
        if self.recording_id is not None:
            return "recorded"
        return "waived" if self.waiver_id is not None else "missing"
