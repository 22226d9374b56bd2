"""``openenforce evidence …``: upkeep of the evidence store.

    openenforce evidence purge-uploads
    openenforce evidence verify [--limit N]

``purge-uploads`` removes unfinished resumable uploads past their expiry, completed ones
older than OPENENFORCE_UPLOAD_EXPIRE_HOURS with their files when nothing uses them, and
stray partial files (the daily run does the same). ``verify`` re-reads stored
files and checks each against its recorded SHA-256 (and SM3); a missing or altered file
is listed on stderr with what holds it (the evidence item and its case, the document…)
and the command exits 1.
"""

from __future__ import annotations

from typing import cast

from django.core.management.base import CommandError
from django.db import models
from django.utils.translation import gettext as _

from openenforce.core.cli import GroupCommand
from openenforce.evidence import services
from openenforce.evidence.models import Blob
from openenforce.evidence.selectors import open_blob
from openenforce.evidence.storage import CHUNK, Hasher


def check_blob(blob: Blob) -> str:
    """'' if the stored file matches its digests, else what is wrong."""
    hasher = Hasher(sm3=bool(blob.sm3))
    try:
        with open_blob(blob) as handle:
            while chunk := handle.read(CHUNK):
                hasher.update(chunk)
    except (FileNotFoundError, OSError):
        return _("missing")
    if hasher.hexdigests() != (blob.sha256, blob.sm3):
        return _("altered")
    return ""


def holders(blob: Blob, *, limit: int = 5) -> list[str]:
    """What keeps this file, in words: each row of any app with a foreign key to it (an
    evidence item, a document, a recording…), with its case when it has one."""
    found = []
    for relation in Blob._meta.related_objects:
        model = cast("type[models.Model]", relation.related_model)
        rows = model._default_manager.filter(**{relation.field.name: blob})
        for row in rows[:limit]:
            text = f"{model._meta.verbose_name} {row.pk} «{row}»"
            case = getattr(row, "case", None)
            if case is not None:
                text += " " + _("of case %(number)s") % {"number": case.number or case.pk}
            found.append(text)
    return found


class Command(GroupCommand):
    help = "Upkeep of the evidence store."
    subcommands = {
        "purge-uploads": "Remove expired and unused uploads and stray partial files.",
        "verify": "Check every stored file against its recorded digests.",
    }

    def handle_purge_uploads(self, **options) -> None:
        removed = services.purge_uploads()
        self.stdout.write(_("%(count)d removed.") % {"count": removed})

    def add_verify_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, help="check only the newest N files")

    def handle_verify(self, *, limit: int | None, **options) -> None:
        blobs = Blob.objects.order_by("-created_at")
        checked = bad = 0
        for blob in blobs[:limit] if limit else blobs.iterator():
            checked += 1
            problem = check_blob(blob)
            if problem:
                bad += 1
                held = "; ".join(holders(blob)) or _("not attached to anything")
                self.stderr.write(f"{blob.sha256}\t{blob.name}\t{problem}\t{held}")
        self.stdout.write(
            _("%(checked)d files checked, %(bad)d bad.") % {"checked": checked, "bad": bad}
        )
        if bad:
            raise CommandError(_("Some stored files do not match their digests."), returncode=1)
