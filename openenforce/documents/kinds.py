"""The standard enforcement documents as data: for each type its number word (文号 word),
its printed name, the article it rests on, the form fields it asks for when issued, and
whether it carries the remedies (行政复议 / 行政诉讼) and the payment instructions.

The printed name and the wording of the templates are the legal form text and are always
Chinese (zh-hans), whoever issues them; the labels of the issue form are translated like
the rest of the interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openenforce.documents.models import DocType

Label = str | Promise

# Field types: text (one line), textarea, date, datetime, decimal, lines (one item a line,
# columns separated by "|"), document (a number of another document of the case).
FIELD_TYPES = ("text", "textarea", "date", "datetime", "decimal", "lines", "document")


@dataclass(frozen=True)
class Field:
    """One value the document is filled with, beyond what the case already holds."""

    name: str
    label: Label
    type: str = "text"
    required: bool = False
    help: Label = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": str(self.label),
            "type": self.type,
            "required": self.required,
            "help": str(self.help),
        }


@dataclass(frozen=True)
class Kind:
    """One document type."""

    code: str
    word: str  # the type's word in the number: 长新社<word>〔2026〕第7号
    title: str  # the printed name (legal form text, Chinese)
    article: str  # compact citation, see openenforce.cases.articles
    layout: str  # "letter" (notice, decision), "form" (approval table), "record" (笔录)
    fields: tuple[Field, ...] = ()
    remedies: bool = False  # states administrative reconsideration and litigation
    payment: bool = False  # states payment within 15 days and the late surcharge
    to_party: bool = True  # addressed to the party (their details head the body)

    @property
    def label(self) -> str:
        return DocType(self.code).label

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


PLACE = Field("place", _("Place of the proceedings"))
STARTED = Field("started_at", _("Started at"), "datetime")
ENDED = Field("ended_at", _("Ended at"), "datetime")
FACTS = Field("facts", _("Facts found"), "textarea", required=True)
EVIDENCE = Field("evidence", _("Evidence"), "lines", help=_("One piece of evidence a line."))
VIOLATED = Field("violated_provision", _("Provision violated"), "textarea")
BASIS = Field("penalty_basis", _("Legal basis applied"), "textarea")
ITEMS = Field(
    "items",
    _("Inventory"),
    "lines",
    required=True,
    help=_("One item a line: name | specification | quantity | note."),
)
OPINION = Field("opinion", _("Handler's opinion"), "textarea")
APPROVAL = Field("approval", _("Head's approval"), "textarea")
CONTACT = Field("contact", _("Contact person and phone"))
# When and where a record (笔录) was made: on site (inspection, inquiry) or at a meeting
# (collective discussion, hearing) under its chair.
ON_SITE = (STARTED, ENDED, PLACE)
MEETING = (
    Field("held_at", _("Held at"), "datetime"),
    PLACE,
    Field("chair", _("Chair"), required=True),
)


def internal_form(
    code: str, word: str, title: str, article: str, fields: tuple[Field, ...]
) -> Kind:
    """An internal approval or report form (审批表): not addressed to the party."""
    return Kind(code, word, title, article, "form", fields=fields, to_party=False)


def decision(
    code: str, word: str, title: str, article: str, fields: tuple[Field, ...], payment: bool = False
) -> Kind:
    """A decision letter to the party, stating the remedies (行政复议 / 行政诉讼)."""
    return Kind(code, word, title, article, "letter", fields=fields, remedies=True, payment=payment)


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        internal_form(
            DocType.FILING_APPROVAL,
            "立审字",
            "立案审批表",
            "行政处罚法 Art 54",
            fields=(
                Field(
                    "source_summary", _("Source of the case and summary"), "textarea", required=True
                ),
                OPINION,
                APPROVAL,
            ),
        ),
        Kind(
            DocType.INSPECTION_RECORD,
            "检录字",
            "现场检查笔录",
            "行政处罚法 Art 55",
            "record",
            fields=(
                *ON_SITE,
                Field("present", _("Person present (name, position)")),
                Field("findings", _("What the inspection found"), "textarea", required=True),
            ),
        ),
        Kind(
            DocType.INQUIRY_RECORD,
            "询录字",
            "询问笔录",
            "行政处罚法 Art 55",
            "record",
            fields=(
                *ON_SITE,
                Field("interviewee", _("Person questioned"), required=True),
                Field("interviewee_details", _("Their ID, phone, address, relation to the party")),
                Field(
                    "content",
                    _("Questions and answers"),
                    "textarea",
                    required=True,
                    help=_("Start each question with 问： and each answer with 答：."),
                ),
            ),
        ),
        Kind(
            DocType.EVIDENCE_PRESERVATION,
            "先保字",
            "先行登记保存证据通知书",
            "行政处罚法 Art 56",
            "letter",
            fields=(
                ITEMS,
                Field("storage_place", _("Where the evidence is kept")),
                Field("approved_by", _("Approved by (agency head)"), required=True),
            ),
        ),
        decision(
            DocType.SEIZURE_DECISION,
            "查扣字",
            "查封（扣押）决定书",
            "行政强制法 Art 24, 25",
            fields=(
                Field("measure", _("Measure (查封 or 扣押)"), required=True),
                Field("reason", _("Reason for the measure"), "textarea", required=True),
                Field("legal_basis", _("Legal basis"), "textarea"),
                ITEMS,
                Field("storage_place", _("Where the property is kept")),
                Field(
                    "period_days",
                    _("Period (days)"),
                    required=True,
                    help=_("At most 30 days; extensions need the head's approval."),
                ),
            ),
        ),
        decision(
            DocType.RECTIFICATION_ORDER,
            "责改字",
            "责令改正通知书",
            "行政处罚法 Art 28",
            fields=(
                Field("findings", _("Problem found"), "textarea", required=True),
                VIOLATED,
                Field("rectify_by", _("Rectify by"), "date", required=True),
                Field("requirements", _("What must be done"), "textarea"),
            ),
        ),
        Kind(
            DocType.INSPECTION_RESULT,
            "检告字",
            "检查结果告知书",
            "国发〔2019〕5号",
            "letter",
            fields=(
                Field("inspected_on", _("Inspected on"), "date"),
                Field("inspection_items", _("Items inspected"), "textarea"),
                Field("result", _("Result of the inspection"), "textarea", required=True),
            ),
        ),
        internal_form(
            DocType.LEGAL_REVIEW_OPINION,
            "法审字",
            "法制审核意见书",
            "行政处罚法 Art 58",
            fields=(
                Field("submitted_by", _("Submitted by")),
                Field("review_points", _("Points reviewed"), "textarea"),
                Field("conclusion", _("Opinion"), "text", required=True),
                Field("reasons", _("Reasons"), "textarea", required=True),
                Field("reviewer", _("Reviewer")),
            ),
        ),
        Kind(
            DocType.COLLECTIVE_DISCUSSION,
            "集讨字",
            "重大案件集体讨论记录",
            "行政处罚法 Art 57",
            "record",
            fields=(
                *MEETING,
                Field("attendees", _("Attendees"), "textarea", required=True),
                Field("recorder", _("Recorder")),
                Field("opinions", _("Opinions"), "textarea", required=True),
                Field("conclusion", _("Conclusion"), "textarea", required=True),
            ),
            to_party=False,
        ),
        Kind(
            DocType.PRIOR_NOTICE,
            "罚告字",
            "行政处罚事先告知书",
            "行政处罚法 Art 44, 45, 63, 64",
            "letter",
            fields=(
                FACTS,
                EVIDENCE,
                VIOLATED,
                BASIS,
                Field("intended_penalty", _("Intended penalty"), "textarea", required=True),
                CONTACT,
            ),
        ),
        Kind(
            DocType.HEARING_NOTICE,
            "听通字",
            "听证通知书",
            "行政处罚法 Art 64",
            "letter",
            fields=(
                Field("hearing_at", _("Hearing at"), "datetime", required=True),
                Field("place", _("Place of the proceedings"), required=True),
                Field("chair", _("Chair (not an investigator)"), required=True),
                Field("members", _("Hearing officers")),
                Field("clerk", _("Clerk")),
                CONTACT,
            ),
        ),
        Kind(
            DocType.HEARING_RECORD,
            "听录字",
            "听证笔录",
            "行政处罚法 Art 64",
            "record",
            fields=(
                *MEETING,
                Field("clerk", _("Clerk")),
                Field("participants", _("Participants"), "textarea"),
                Field("content", _("Record of the hearing"), "textarea", required=True),
            ),
        ),
        decision(
            DocType.PENALTY_DECISION,
            "罚决字",
            "行政处罚决定书",
            "行政处罚法 Art 59",
            fields=(
                FACTS,
                EVIDENCE,
                VIOLATED,
                BASIS,
                Field(
                    "statement",
                    _("Statement and defence, and how they were dealt with"),
                    "textarea",
                ),
                Field("penalty", _("Penalty imposed"), "textarea", required=True),
                Field("payment_account", _("Where to pay (bank, account)")),
            ),
            payment=True,
        ),
        # 行政处罚法 Art 52: the pre-printed, numbered form handed over on the spot, with the
        # party's conduct, the kind and basis of the penalty, the fine, the time and place,
        # the remedies, the agency's name and the officers' signatures; a refusal to sign
        # is noted on it. The field app issues it (openenforce/onsite).
        decision(
            DocType.ON_SPOT_DECISION,
            "当罚字",
            "当场行政处罚决定书",
            "行政处罚法 Art 51, 52",
            fields=(
                Field("decided_at", _("Decided at"), "datetime", required=True),
                Field("place", _("Place of the proceedings"), required=True),
                FACTS,
                VIOLATED,
                BASIS,
                Field("penalty", _("Penalty imposed"), "textarea", required=True),
                Field("payment_account", _("Where to pay (bank, account)")),
                Field("signature", _("Party's signature or refusal"), "textarea"),
            ),
            payment=True,
        ),
        decision(
            DocType.NO_PENALTY_DECISION,
            "不罚字",
            "不予行政处罚决定书",
            "行政处罚法 Art 33, 57",
            fields=(
                FACTS,
                EVIDENCE,
                Field("reasons", _("Reasons for no penalty"), "textarea", required=True),
                BASIS,
            ),
        ),
        decision(
            DocType.LICENSING_DECISION,
            "许决字",
            "行政许可决定书",
            "行政许可法 Art 37, 38, 39",
            fields=(
                Field("applied_on", _("Applied on"), "date"),
                Field("decision", _("Decision made"), "textarea", required=True),
                Field("validity", _("Validity of the licence")),
                Field("reasons", _("Reasons (required for a refusal)"), "textarea"),
            ),
        ),
        internal_form(
            DocType.PROOF_OF_SERVICE,
            "送证字",
            "送达回证",
            "行政处罚法 Art 61",
            fields=(
                Field("served_document", _("Document served"), "document", required=True),
                Field("recipient", _("Recipient"), required=True),
                Field("place", _("Place of service")),
                Field("method", _("Method of service"), required=True),
                Field("served_at", _("Served at"), "datetime"),
                Field("servers", _("Served by")),
                Field("witness", _("Witness")),
                Field("note", _("Note"), "textarea"),
            ),
        ),
        internal_form(
            DocType.CLOSING_REPORT,
            "结字",
            "结案报告",
            "行政处罚法 Art 47",
            fields=(
                Field("summary", _("Summary of the case"), "textarea", required=True),
                Field(
                    "execution", _("How the decision was carried out"), "textarea", required=True
                ),
                OPINION,
                APPROVAL,
            ),
        ),
    )
}

assert set(KINDS) == set(DocType.values), "every document type needs its kind"


def kind_of(code: str) -> Kind | None:
    return KINDS.get(code)
