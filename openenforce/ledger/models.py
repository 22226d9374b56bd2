"""The whole-process record: entries (the Merkle log's leaves), tiles and checkpoints.

``Entry``, ``Tile`` and ``Checkpoint`` are record tables: the database refuses UPDATE,
DELETE and TRUNCATE on them (triggers in migration 0002). ``Counter`` and ``Head`` are
ordinary one-row tables the writers and the signer coordinate on; ``Salt`` holds the
salts of personal-data commitments and is erasable by design.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

TILE_WIDTH = 256  # C2SP tlog-tiles: tile height 8


class Entry(models.Model):
    """One event, as canonical JSON (RFC 8785). Never updated, never deleted."""

    sequence = models.BigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    agency_id = models.BigIntegerField(_("agency"), null=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True)
    event_type = models.CharField(_("event type"), max_length=80)
    subject_kind = models.CharField(_("subject kind"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    body = models.BinaryField(_("canonical entry"))
    leaf_hash = models.BinaryField(_("leaf hash"))

    class Meta:
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_kind", "subject_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event_type}"


class Tile(models.Model):
    """A full C2SP hash tile: 256 hashes at ``level``, and their Merkle root.

    Tiles derive from the entries; only full tiles are stored (they never change).
    Partial tiles are computed on request from the entries and the roots one level down.
    """

    level = models.PositiveSmallIntegerField(_("level"))
    index = models.BigIntegerField(_("index"))
    hashes = models.BinaryField(_("hashes"))
    root = models.BinaryField(_("root"))

    class Meta:
        verbose_name = _("tile")
        verbose_name_plural = _("tiles")
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="tile_unique")]

    def __str__(self) -> str:
        return f"tile/{self.level}/{self.index}"


class Checkpoint(models.Model):
    """A signed checkpoint kept for auditors (at least one an hour while the log grows)."""

    size = models.BigIntegerField(_("tree size"), unique=True)
    root = models.BinaryField(_("root hash"))
    note = models.TextField(_("signed note"))
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Head(models.Model):
    """The latest signed checkpoint (one row). Mutable, but every value is signed."""

    size = models.BigIntegerField(_("tree size"), default=0)
    root = models.BinaryField(_("root hash"), default=b"")
    note = models.TextField(_("signed note"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True)
    #: ``note`` with the witnesses' cosignature lines added (empty until a round got any).
    cosigned_note = models.TextField(_("cosigned note"), blank=True, default="")

    class Meta:
        verbose_name = _("latest checkpoint")
        verbose_name_plural = _("latest checkpoint")

    def __str__(self) -> str:
        return f"latest checkpoint {self.size}"


class WitnessState(models.Model):
    """The size a configured witness last cosigned (not a record table: the witness's own
    state is authoritative, this only saves a 409 round trip)."""

    vkey = models.CharField(_("witness key"), max_length=300, unique=True)
    size = models.BigIntegerField(_("tree size"), default=0)
    cosigned_at = models.DateTimeField(_("cosigned at"), null=True)

    class Meta:
        verbose_name = _("witness state")
        verbose_name_plural = _("witness states")

    def __str__(self) -> str:
        return f"witness {self.vkey.split('+', 1)[0]} at {self.size}"


class WitnessedCheckpoint(models.Model):
    """A checkpoint with its witnesses' cosignatures, kept after the head moved on: one an
    interval (``OPENENFORCE_LEDGER_KEEP_SECONDS``), and the first one covering an entry
    that must be witnessed promptly (a draw's announcement: docs/draws.md §1). Not a
    record table — more cosignatures may join while it is the head — but every byte is
    signed: ``ledger verify`` checks the log's signature, the root against the entries and
    each cosignature against the witnesses' keys."""

    size = models.BigIntegerField(_("tree size"), unique=True)
    note = models.TextField(_("cosigned note"))
    witnessed_at = models.DateTimeField(_("first cosigned at"))
    #: Kept only as the newest cosigned checkpoint (neither an interval's nor a prompt
    #: one): replaced by the next. The portal serves it while the newest head waits for
    #: its cosignatures, so a citizen's witness check never meets an uncosigned gap.
    transient = models.BooleanField(_("newest only"), default=False)

    class Meta:
        verbose_name = _("witnessed checkpoint")
        verbose_name_plural = _("witnessed checkpoints")
        ordering = ["size"]

    def __str__(self) -> str:
        return f"witnessed checkpoint {self.size}"


class Counter(models.Model):
    """The next sequence number (one row). Writers serialise on this row's lock, which
    makes sequences gapless: a rolled-back transaction rolls its increment back too."""

    next_sequence = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"next sequence {self.next_sequence}"


class Salt(models.Model):
    """The salt of a personal field's commitment. Deleting it (erasure) makes the
    commitments in the log unopenable while the log itself stays verifiable."""

    subject_kind = models.CharField(_("subject kind"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    field = models.CharField(_("field"), max_length=80)
    salt = models.BinaryField(_("salt"))

    class Meta:
        verbose_name = _("commitment salt")
        verbose_name_plural = _("commitment salts")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "field"], name="salt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"salt of {self.subject_kind} {self.subject_id} {self.field}"
