"""Evidence: content-addressed files (blobs), evidence items, their views, resumable uploads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.ledger.recorded import RecordedModel


class Blob(models.Model):
    """A stored file, named by its SHA-256 digest: identical content is stored once.

    Not a domain object by itself: services that attach a blob to something put its
    digest into their own record entry (``files=[blob.sha256]``).
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    sm3 = models.CharField(
        _("SM3"), max_length=64, blank=True, help_text=_("Computed under the SM3 profile.")
    )
    size = models.BigIntegerField(_("size (bytes)"))
    content_type = models.CharField(pgettext_lazy("file", "content type"), max_length=100)
    name = models.CharField(_("storage name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=0), name="blob_size_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.content_type}, {self.size} B)"

    def digests(self) -> list[str]:
        """The digests that go into a record entry about this file."""
        return [d for d in (self.sha256, self.sm3) if d]


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence (行政处罚法 Art 46)."""

    DOCUMENTARY = "documentary", _("Documentary evidence")  # 书证
    PHYSICAL = "physical", _("Physical evidence")  # 物证
    AUDIOVISUAL = "audiovisual", _("Audio-visual material")  # 视听资料
    ELECTRONIC = "electronic", _("Electronic data")  # 电子数据
    WITNESS = "witness", _("Witness testimony")  # 证人证言
    STATEMENT = "statement", _("Statement of the party")  # 当事人的陈述
    EXPERT = "expert", _("Expert opinion")  # 鉴定意见
    RECORD = "record", _("Inspection or on-site record")  # 勘验笔录、现场笔录


class EvidenceItem(RecordedModel):
    """One item of evidence of a case, of one Art 46 kind, collected at a step of the case
    by someone, at a time and place, in a stated way; optionally with a stored file."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="evidence_items",
    )
    seq = models.PositiveIntegerField(_("number"), help_text=_("Numbered within the case."))
    kind = models.CharField(
        pgettext_lazy("evidence", "kind"), max_length=20, choices=EvidenceKind.choices
    )
    step = models.CharField(
        _("step"), max_length=60, blank=True, help_text=_("The case action it belongs to.")
    )
    title = models.CharField(pgettext_lazy("evidence", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    collected_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("collected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("collected at"))
    place = models.CharField(_("place"), max_length=200)
    method = models.CharField(
        pgettext_lazy("evidence", "method"),
        max_length=200,
        help_text=_("How it was collected, e.g. photographed."),
    )
    blob = models.ForeignKey(
        Blob,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_items",
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="evidence_seq_unique_per_case"),
            models.CheckConstraint(
                condition=models.Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}"


class EvidenceView(models.Model):
    """Someone saw or downloaded an evidence file (who saw what, when).

    An index for the evidence page, not a recorded model: each view is recorded as an
    entry about the evidence item (``evidence.evidenceitem.viewed``/``downloaded``, with
    the viewer as actor and the file's digests), which is the record of it."""

    class Mode(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        EvidenceItem,
        verbose_name=_("evidence item"),
        on_delete=models.PROTECT,
        related_name="views",
    )
    viewer = models.ForeignKey(
        "accounts.User", verbose_name=_("viewer"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence view")
        verbose_name_plural = _("evidence views")
        ordering = ["-at"]
        indexes = [models.Index(fields=["item", "viewer", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.viewer_id} {self.mode} {self.at:%Y-%m-%d %H:%M}"


class Upload(models.Model):
    """A resumable (tus) upload in progress or complete. The bytes received so far wait in
    ``OPENENFORCE_UPLOAD_DIR``; on completion they become a Blob and the file there goes."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        COMPLETE = "complete", _("Complete")

    id = models.UUIDField(primary_key=True)
    owner = models.ForeignKey(
        "accounts.User", verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    length = models.BigIntegerField(_("length (bytes)"))
    offset = models.BigIntegerField(_("bytes received"), default=0)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    declared_type = models.CharField(_("declared type"), max_length=100, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    blob = models.ForeignKey(
        Blob, verbose_name=_("file"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offset__gte=0, offset__lte=models.F("length")),
                name="upload_offset_within_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.offset}/{self.length}"
