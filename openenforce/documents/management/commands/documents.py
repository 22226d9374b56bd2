"""``openenforce documents …``: check a document PDF, list a case's documents, render a
sample penalty decision.

    openenforce documents verify FILE.pdf
    openenforce documents list CASE-NUMBER [--agency CODE]
    openenforce documents sample-pdf OUT.pdf [--time]

``verify`` hashes the file and looks for the document issued with that digest: it prints
the number, type, agency, date and record entry and exits 0, or exits 1 when no document
was issued as exactly this file (altered, or not an OpenEnforce document).
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from openenforce.cases.models import Case
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import InvalidInput, NotFound
from openenforce.documents import render, selectors
from openenforce.documents.models import DocType, Document


class Command(GroupCommand):
    help = "Enforcement documents: verify a PDF, list a case's documents, render a sample."
    subcommands = {
        "verify": "Check whether a PDF file is a document as issued (its digest is recorded).",
        "list": "List the documents of a case.",
        "sample-pdf": "Render a sample penalty decision PDF (no database needed).",
    }

    def add_verify_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle_verify(self, *, file: Path, **options) -> None:
        try:
            with file.open("rb") as stream:
                sha256, head = selectors.digest_upload(stream)
        except OSError as exc:
            raise InvalidInput(_("The file cannot be read."), code="file_unreadable") from exc
        except selectors.UploadTooLarge:
            raise InvalidInput(
                _("The file is too large to be a document."), code="too_large"
            ) from None
        document = Document.objects.filter(sha256=sha256).select_related("agency").first()
        if (
            not selectors.is_pdf(head)
            or document is None
            or not selectors.matches(document, sha256)
        ):
            raise NotFound(
                _(
                    "No document was issued as exactly this file: it was altered, or it is not "
                    "an issued document."
                ),
                code="document_not_genuine",
            )
        entry = selectors.issue_entry(document)
        newer = selectors.superseded_by(document)
        self.stdout.write(_("Genuine: %(number)s") % {"number": document.number})
        self.stdout.write(f"{DocType(document.doc_type).label}\t{document.agency.name}")
        self.stdout.write(f"{document.issued_at:%Y-%m-%d}\tsha256:{sha256}\t#{entry.sequence}")
        if newer is not None:
            self.stdout.write(
                _("Superseded by the correction %(number)s") % {"number": newer.number}
            )

    def add_list_arguments(self, parser) -> None:
        parser.add_argument("case", help="case number")
        parser.add_argument("--agency", help="agency code, when numbers repeat across agencies")

    def handle_list(self, *, case: str, agency: str | None, **options) -> None:
        cases = Case.objects.filter(number=case)
        if agency:
            cases = cases.filter(agency__code=agency)
        found = cases.first()
        if found is None:
            raise NotFound(_("There is no case with this number."), code="case_not_found")
        for document in selectors.documents_for_case(found):
            status = "superseded" if document.corrections.all() else "in force"
            self.stdout.write(
                f"{document.number}\t{document.title}\t{document.issued_at:%Y-%m-%d}\t"
                f"{status}\t{document.sha256}"
            )

    def add_sample_pdf_arguments(self, parser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--time", action="store_true", help="also time 5 renderings")

    def handle_sample_pdf(self, *, out: Path, time: bool, **options) -> None:
        out.write_bytes(render.render_pdf(render.sample_penalty_context()))
        self.stdout.write(str(out))
        if time:
            result = render.bench_render_penalty_decision()
            self.stdout.write(
                f"median {result['median_s']:.3f} s (CPU {result['cpu_median_s']:.3f} s), "
                f"max {result['max_s']:.3f} s, {result['pdf_bytes']} bytes"
            )
