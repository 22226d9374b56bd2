"""Demo service records: the demo bureau's issued documents served, by each method in turn.

Runs after the documents' demo. A document whose case still waits for its service (the
case action ``serve_decision`` or ``serve_prior_notice`` is open) is left unserved, so
that the case page shows the service form at work and the demo cases keep their states;
the others are served on the day they were issued, through ``services.serve_document``.
Documents already served are skipped, so a second run creates nothing.
"""

from __future__ import annotations

from django.utils import timezone

from openenforce.accounts.models import Agency, User
from openenforce.core.errors import DomainError
from openenforce.deliveries import rules, services
from openenforce.documents.models import Document

BUREAU = "cnna-sa"
OFFICER = "officer1"

# Method and proof, in turn; the announcement stays pending (it counts after 30 days).
PROOFS = (
    (rules.DIRECT, {"signed_by": "{recipient}"}),
    (rules.POST, {"tracking_number": "EMS10{pk:08d}CN", "address": "长春新区某路{pk}号"}),
    (
        rules.ELECTRONIC,
        {
            "consent_reference": "送达地址确认书（同意电子送达）",
            "electronic_address": "service{pk}@example.cn",
            "system_record": "电子送达平台回执 {pk}",
        },
    ),
    (
        rules.LEFT,
        {
            "address": "长春新区某路{pk}号",
            "witnesses": "社区工作人员 王某",
            "recording_reference": "执法记录仪 ZFJLY-01 录像",
        },
    ),
    (
        rules.ANNOUNCEMENT,
        {
            "announcement_medium": "本局门户网站公告栏",
            "reason": "受送达人下落不明，其他方式无法送达",
        },
    ),
)


def _recipient(document) -> str:
    party = document.case.parties.order_by("pk").first() if document.case_id else None
    return party.name if party else document.agency.name


def serve_demo_documents(agency: Agency, officer: User) -> list[str]:
    """Serve the agency's unserved documents that no case waits for; returns what it made."""

    documents = (
        Document.objects.filter(agency=agency, doc_type__in=list(rules.SERVED_TYPES))
        .filter(deliveries__isnull=True, corrections__isnull=True)
        .select_related("case", "agency")
        .order_by("pk")
    )
    made = []
    for document in documents:
        if services.case_action_for(document):
            continue
        method, proof = PROOFS[document.pk % len(PROOFS)]
        recipient = _recipient(document)
        fields = {k: v.format(recipient=recipient, pk=document.pk) for k, v in proof.items()}
        day = timezone.localdate(document.issued_at)
        if method == rules.ELECTRONIC:
            fields["consent_on"] = day
        try:
            services.serve_document(
                document,
                actor=officer,
                method=method,
                recipient=recipient,
                served_on=day,
                **fields,
            )
        except DomainError:  # e.g. issued later today than "now" in another zone: skip it
            continue
        made.append(f"service of {document.number}")
    return made


def load_demo(*, actor: User) -> list[str]:
    agency = Agency.objects.filter(code=BUREAU).first()
    officer = User.objects.filter(username=OFFICER, agency=agency).first()
    if agency is None or officer is None:
        return []
    return serve_demo_documents(agency, officer) + _consent_demo(agency)


def _consent_demo(agency: Agency) -> list[str]:
    """One party's signed confirmation of electronic service (行政处罚法 Art 61), recorded
    by the agency head, on the newest case with a served document: its next documents can be
    served electronically from the case page. Once: a case with a consent gets none again."""
    from openenforce.deliveries.models import Delivery, ElectronicConsent

    head = User.objects.filter(username="head", agency=agency).first()
    delivery = (
        Delivery.objects.filter(agency=agency, case__isnull=False)
        .select_related("case")
        .exclude(case__state__in=("closed", "archived"))
        .order_by("-pk")
        .first()
    )
    if head is None or delivery is None or ElectronicConsent.objects.filter(agency=agency).exists():
        return []
    case = delivery.case
    if case is None:
        return []
    try:
        services.record_electronic_consent(
            case,
            actor=head,
            channels=[ElectronicConsent.Channel.PARTY_PAGE],
            reference="送达地址确认书（演示）",
            signed_on=delivery.served_on,
        )
    except DomainError:
        return []
    return [f"deliveries.electronicconsent {case.number}"]
