"""The role × endpoint matrix (issue 22): every route of the URL conf and every operation of
the OpenAPI document, as every kind of principal, with the own and the other agency's
objects. It holds the access rules for routes nobody has written yet:

- no request answers 5xx;
- an object of an agency the principal may not read (``accounts.permissions``:
  their own agency, and for a supervisor the agencies theirs supervises) never answers 2xx;
- an anonymous request to a non-public route is sent to the log-in page (pages) or
  answers 401 (API); public pages are those marked ``login_not_required`` (what Django's
  ``LoginRequiredMiddleware`` reads), public API operations those without ``security``;
- an officer of the agency who does not handle the case (``cases.permissions.may_work_on``)
  never changes it: a state-changing request on a case's endpoints is refused.

Path parameters are filled from ``FILL`` (pages) and ``API_FILL`` (API), explicit tables
keyed by route: a new route whose parameters neither table fills fails the test, so the
tables (and the rules) follow the URL conf.
"""

from __future__ import annotations

import collections
import datetime
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from openenforce.accounts.models import Role
from openenforce.accounts.permissions import visible_agency_ids, writable_agency_ids
from openenforce.accounts.services import create_user
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, D, act, decide_penalty, to_report
from openenforce.testing.team import Team, bystander

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN), pytest.mark.slow, pytest.mark.once]

MISSING = 987654321  # an id no row has: used where the world has no such object


# --- the world ------------------------------------------------------------------------------


@dataclass
class Side:
    """One agency's objects, by the names the fill tables use."""

    agency: object
    objects: dict[str, object] = field(default_factory=dict)

    def pk(self, name: str):
        obj = self.objects.get(name)
        return MISSING if obj is None else obj.pk


def _warning(team: Team, case):
    """An open warning about the side's case (as the daily evaluation raises them)."""
    from django.db import transaction

    from openenforce.alerts.models import Warning, WarningRule
    from openenforce.ledger.services import record

    with transaction.atomic():
        warning = Warning(
            rule=WarningRule.objects.get(code="deadline_past", agency__isnull=True),
            agency=team.agency,
            subject_kind="case",
            subject_id=str(case.pk),
            subject_label=case.title,
            message="期限已过",
            level="warning",
            raised_on=D(2026, 11, 20),
        )
        warning.save()
        record(actor=team.actor, event_type="alerts.warning.raised", subject=warning)
    return warning


def _build_side(
    team: Team, officer, head, admin, publisher, reviewer, prefix: str, code: str
) -> Side:
    from openenforce.annualreports import services as annual
    from openenforce.catalog.models import (
        DiscretionStandard,
        EnforcementField,
        LegalBasis,
        Matter,
        RecordingRequirement,
    )
    from openenforce.catalog.services import save_entry
    from openenforce.deliveries.services import serve_document
    from openenforce.disclosure.models import Publication
    from openenforce.disclosure.services import approve_publication, request_correction
    from openenforce.documents.services import issue_document
    from openenforce.evidence.services import add_evidence, store_bytes
    from openenforce.inspections.services import create_plan
    from openenforce.ledger.models import Entry
    from openenforce.recordings.services import register_device
    from openenforce.remedies.services import register_remedy
    from openenforce.testing import recordings, reviews

    case = to_report(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine="500")
    photo = store_bytes(b"%PDF-1.4 photo", content_type="application/pdf")
    item = add_evidence(
        case,
        actor=officer,
        kind="documentary",
        title="现场照片",
        collected_at=timezone.now() - datetime.timedelta(hours=1),
        place="长春市某路1号",
        method="拍照",
        blob=photo,
    )
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    case = decide_penalty(case, officer, head, "罚款500元", D(2026, 9, 20))
    document = issue_document(case, actor=officer, doc_type="penalty_decision", data={})
    delivery = serve_document(
        document,
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=timezone.localdate(),
        signed_by="张三",
    )
    device = register_device(actor=admin, code=f"{prefix}-CAM", kind="body_camera")
    # Codes of the catalogue differ between the two sides, so a code names one agency's row.
    own_field = save_entry(
        EnforcementField(agency=team.agency, code=f"{prefix}-f", name=f"领域{prefix}"),
        actor=team.actor,
    )
    matter = save_entry(
        Matter(
            agency=team.agency,
            code=f"{prefix}-m",
            name=f"事项{prefix}",
            category="penalty",
            field=own_field,
            department=team.department,
        ),
        actor=team.actor,
    )
    publication = Publication.objects.filter(agency=team.agency).first()
    publication = approve_publication(publication, actor=publisher, secrecy_checked=True)
    correction = request_correction(publication, actor=team.actor, description="当事人姓名有误")
    item_entry = team.inspection_item(f"{prefix}-SC")
    plan = create_plan(
        actor=head,
        agency=team.agency,
        code=f"{prefix}-P1",
        title="2026年养老机构双随机抽查",
        items=[(item_entry, 2)],
        frequency="每年一次",
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        ratios={"A": 2000, "B": 2000, "C": 5000, "D": 10000},
    )
    # A fine from 10,000 yuan on a person is major (the case above, 500 yuan, is not).
    review_entry = reviews.entry(
        team.agency,
        team.actor,
        code=f"{prefix}-SH",
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )
    # A major case in legal review, assigned to the agency's qualified reviewer.
    major = to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )
    major = act(
        reviews.submit(major, officer),
        "assign_reviewer",
        head,
        reviewer=reviews.qualify(reviewer, team.actor).username,
    )
    review = major.legal_reviews.get()
    # A band of the matter's discretion standard: code S1, as the API's fill names it.
    standard = save_entry(
        DiscretionStandard(
            matter=matter,
            code="S1",
            circumstance="首次违法，及时改正",
            degree="轻微",
            penalty="警告",
        ),
        actor=team.actor,
    )
    # The recording of the statement, on the device the case's officer has checked out.
    recordings.hold(device, code, officer)
    recording = recordings.record_step(case, "record_statement", officer, device, officer=code)
    basis = save_entry(
        LegalBasis(
            agency=team.agency,
            code=f"{prefix}-B",
            law_name="养老机构管理办法",
            article="第四十六条",
            text="养老机构有下列行为之一的，由民政部门责令改正……",
        ),
        actor=team.actor,
    )
    requirement = save_entry(
        RecordingRequirement(
            agency=team.agency,
            code=f"{prefix}-R",
            step=RecordingRequirement.Step.HEARING,
            content="听证全过程",
        ),
        actor=team.actor,
    )
    # A reconsideration against the decided case, pending (its outcome can be recorded).
    remedy = register_remedy(
        case, actor=head, kind="reconsideration", body="长春市人民政府", filed_on=D(2026, 10, 8)
    )
    # The agency's annual report for 2026, published (its staff and portal pages).
    report = annual.generate(team.agency, 2026, actor=publisher)
    report = annual.submit(
        annual.save_narrative(report, actor=publisher, narrative="情况说明"), actor=publisher
    )
    report = annual.publish(annual.approve(report, actor=head), actor=publisher)
    case_officer = team.officers[code]
    side = Side(team.agency)
    side.objects.update(
        warning=_warning(team, case),
        case=case,
        party=case.parties.first(),
        evidence=item,
        document=document,
        delivery=delivery,
        device=device,
        field=own_field,
        matter=matter,
        standard=standard,
        review=review,
        recording=recording,
        remedy=remedy,
        officer=case_officer,
        certificate=case_officer.certificates.first(),
        publication=publication,
        correction=correction,
        plan=plan,
        inspection_item=item_entry,
        review_entry=review_entry,
        legal_basis=basis,
        recording_requirement=requirement,
        entry=Entry.objects.filter(agency_id=team.agency.pk).order_by("sequence").first(),
        annual_report=report,
    )
    return side


def _bureau_of(agency, actor):
    """A justice bureau supervising ``agency`` (the other side's supervising body)."""
    from openenforce.accounts.models import Agency
    from openenforce.accounts.services import add_supervision, save_agency

    bureau = save_agency(Agency(code="xjustice", name="某市司法局", short_name="某司"), actor=actor)
    add_supervision(bureau, actor=actor, supervised=agency)
    return bureau


def _rubrics(bureau, actor) -> dict:
    """The supervising body's shipped rubrics, published (case-file evaluation)."""
    from openenforce.evaluation.models import RubricVersion
    from openenforce.evaluation.services import load_shipped

    load_shipped(bureau, actor=actor, trusted=True)
    version = RubricVersion.objects.filter(agency=bureau).order_by("pk").first()
    campaign = _campaign(bureau)
    return {
        "rubric": version.rubric,
        "rubric_version": version,
        "campaign": campaign,
        "rectification": _rectification(campaign),
    }


def _rectification(campaign):
    """An issued rectification notice of the campaign to its first agency, written as
    its service does."""
    import datetime

    from django.db import transaction

    from openenforce.evaluation.models import RectificationNotice
    from openenforce.ledger.services import record

    with transaction.atomic():
        notice = RectificationNotice(
            campaign=campaign,
            agency_id=campaign.agency_id,
            notified_id=campaign.agency_ids[0],
            number=f"评查整改〔2026〕{campaign.pk}号",
            problems=[
                {"case_id": None, "case_number": "", "text": "缺页码", "problem_class": "filing"}
            ],
            requirements="逐项整改",
            due_on=datetime.date(2026, 12, 31),
            status=RectificationNotice.Status.ISSUED,
        )
        notice.save()
        record(actor=None, event_type="evaluation.rectificationnotice.issued", subject=notice)
    return notice


def _campaign(bureau):
    """A draft evaluation campaign of the supervising body, written as its service does."""
    import datetime

    from django.db import transaction

    from openenforce.evaluation.models import Campaign
    from openenforce.ledger.services import record

    with transaction.atomic():
        campaign = Campaign(
            agency=bureau,
            title="评查",
            agency_ids=list(bureau.supervises.values_list("id", flat=True)),
            procedures=["penalty_ordinary"],
            closed_from=datetime.date(2026, 1, 1),
            closed_to=datetime.date(2026, 6, 30),
            starts_on=datetime.date(2026, 7, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        campaign.save()
        record(actor=None, event_type="evaluation.campaign.created", subject=campaign)
    return campaign


def _appraisal(bureau, actor) -> dict:
    """The supervising body's published appraisal scheme of 2026 and the confirmed
    scorecard of the agency it supervises (yearly appraisal)."""
    from openenforce.appraisal import services as appraisal

    scheme = appraisal.load_scheme(bureau, 2026, actor=actor, trusted=True)
    scheme = appraisal.publish_scheme(scheme, actor=actor, trusted=True)
    (card,) = appraisal.compute_scorecards(scheme, actor=actor, trusted=True)
    card = appraisal.confirm(card, actor=actor, trusted=True)
    return {
        "appraisal_scheme": scheme,
        "appraisal_indicator": scheme.indicators.order_by("pk").first(),
        "scorecard": card,
    }


@pytest.fixture
def world(
    team, officer, head, admin_user, publisher, reviewer, other_agency, system_actor, justice_bureau
):
    other_team = Team(other_agency, system_actor, prefix="X")
    x_officer = create_user(
        "xofficer",
        actor=system_actor,
        agency=other_agency,
        roles=[Role.OFFICER],
        password="correct horse battery 42",
        display_name="xofficer",  # noqa: S106
    )
    other_team.officer("X1", user=x_officer)
    other_team.officer("X2", user=other_team.user("xofficer2", Role.OFFICER))
    x_head = other_team.user("xhead", Role.HEAD)
    x_admin = other_team.user("xadmin", Role.ADMIN)
    x_publisher = other_team.user("xpublisher", Role.PUBLISHER)
    x_reviewer = other_team.user("xreviewer", Role.REVIEWER)
    # The other team's cases are handled by its own officers (their codes differ from ours,
    # so a code names one agency's officer).
    opened = other_team.open
    other_team.open = lambda *a, **k: opened(*a, **{"handlers": ("X1", "X2"), **k})
    own = _build_side(team, officer, head, admin_user, publisher, reviewer, "own", "O1")
    other = _build_side(
        other_team, x_officer, x_head, x_admin, x_publisher, x_reviewer, "oth", "X1"
    )
    own.objects.update(_rubrics(justice_bureau, system_actor))
    other.objects.update(_rubrics(_bureau_of(other_agency, system_actor), system_actor))
    own.objects.update(_appraisal(justice_bureau, system_actor))
    other.objects.update(_appraisal(other_agency.supervised_by.get(), system_actor))
    return own, other


# --- the routes -----------------------------------------------------------------------------


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _django_admin(route: str) -> bool:
    """Django's own admin (the model admins) is not this project's routes."""
    return route.startswith("admin/")


def _ninja(pattern: URLPattern) -> bool:
    """The API's routes: covered, with their methods, by the OpenAPI document."""
    return getattr(pattern.callback, "__module__", "").startswith("ninja")


Fill = Callable[[Side], object]

# Per route (as in the URL conf) the value of each path parameter, from one side's objects.
# A parameter whose value comes from a side's object is "agency-bound".
_CASE: dict[str, Fill] = {"pk": lambda s: s.pk("case")}
FILL: dict[str, dict[str, Fill]] = {
    "catalog/agency/<int:pk>/edit/": {"pk": lambda s: s.agency.pk},
    "catalog/certificates/<int:pk>/": {"pk": lambda s: s.pk("certificate")},
    "catalog/certificates/<int:pk>/edit/": {"pk": lambda s: s.pk("certificate")},
    "catalog/certificates/<int:pk>/events/": {"pk": lambda s: s.pk("certificate")},
    "catalog/officers/<int:officer_pk>/certificates/new/": {
        "officer_pk": lambda s: s.pk("officer")
    },
    "catalog/matters/<int:matter_pk>/standards/new/": {"matter_pk": lambda s: s.pk("matter")},
    "catalog/matters/<int:matter_pk>/standards/<int:pk>/": {
        "matter_pk": lambda s: s.pk("matter"),
        "pk": lambda s: s.pk("standard"),
    },
    "catalog/matters/<int:matter_pk>/standards/<int:pk>/edit/": {
        "matter_pk": lambda s: s.pk("matter"),
        "pk": lambda s: s.pk("standard"),
    },
    "catalog/<slug:kind>/": {"kind": None},
    "catalog/<slug:kind>/new/": {"kind": None},
    "catalog/<slug:kind>/<int:pk>/": {"kind": None, "pk": lambda s: s.pk("matter")},
    "catalog/<slug:kind>/<int:pk>/edit/": {"kind": None, "pk": lambda s: s.pk("matter")},
    "catalog/<slug:kind>/<int:pk>/retire/": {"kind": None, "pk": lambda s: s.pk("matter")},
    "transparency/tile/entries/<path:rest>": {"rest": None},
    "transparency/tile/<str:level>/<path:rest>": {"level": None, "rest": None},
    "transparency/subject/<str:kind>/<str:subject_id>/": {
        "kind": None,
        "subject_id": lambda s: s.pk("case"),
    },
    "transparency/entry/<int:sequence>/proof/": {
        "sequence": lambda s: s.objects["entry"].sequence if s.objects.get("entry") else MISSING
    },
    "cases/flowcharts/<slug:procedure>.svg": {"procedure": None},
    "cases/<int:pk>/": _CASE,
    "cases/<int:pk>/timeline/": _CASE,
    "cases/<int:pk>/actions/<slug:action>/": {**_CASE, "action": None},
    "reviews/<int:pk>/": {"pk": lambda s: s.pk("review")},
    "reviews/<int:pk>/opinion/": {"pk": lambda s: s.pk("review")},
    "reviews/<int:pk>/assign/": {"pk": lambda s: s.pk("review")},
    "reviews/<int:pk>/confirm/": {"pk": lambda s: s.pk("review")},
    "evidence/<int:pk>/": {"pk": lambda s: s.pk("evidence")},
    "evidence/<int:pk>/content": {"pk": lambda s: s.pk("evidence")},
    "evidence/<int:pk>/download": {"pk": lambda s: s.pk("evidence")},
    "evidence/case/<int:case_pk>/add": {"case_pk": lambda s: s.pk("case")},
    "recordings/devices/<int:pk>/": {"pk": lambda s: s.pk("device")},
    "recordings/devices/<int:pk>/checkout": {"pk": lambda s: s.pk("device")},
    "recordings/devices/<int:pk>/return": {"pk": lambda s: s.pk("device")},
    "recordings/devices/<int:pk>/status": {"pk": lambda s: s.pk("device")},
    "recordings/case/<int:case_pk>/add": {"case_pk": lambda s: s.pk("case")},
    "recordings/case/<int:case_pk>/waive": {"case_pk": lambda s: s.pk("case")},
    "remedies/case/<int:case_pk>/register": {"case_pk": lambda s: s.pk("case")},
    "remedies/case/<int:case_pk>/judiciary": {"case_pk": lambda s: s.pk("case")},
    "remedies/<int:pk>/outcome": {"pk": lambda s: s.pk("remedy")},
    "supervision/list/<slug:kind>/": {"kind": None},
    "recordings/<int:pk>/media": {"pk": lambda s: s.pk("recording")},
    "recordings/<int:pk>/download": {"pk": lambda s: s.pk("recording")},
    "documents/verify/<str:code>": {"code": None},
    "documents/case/<int:case_pk>/issue": {"case_pk": lambda s: s.pk("case")},
    "documents/<int:pk>/": {"pk": lambda s: s.pk("document")},
    "documents/<int:pk>/pdf": {"pk": lambda s: s.pk("document")},
    "documents/<int:pk>/correct": {"pk": lambda s: s.pk("document")},
    "deliveries/documents/<int:pk>/serve": {"pk": lambda s: s.pk("document")},
    "deliveries/documents/<int:pk>/serve-electronically": {"pk": lambda s: s.pk("document")},
    "deliveries/cases/<int:pk>/consent": _CASE,
    # The party's pages take no login: without an opened case they send back to the entry.
    "party/case/documents/<int:pk>.pdf": {"pk": lambda s: s.pk("document")},
    "party/receipt/<str:code>/": {"code": None},
    "deliveries/<int:pk>/settle": {"pk": lambda s: s.pk("delivery")},
    "casefiles/cases/<int:pk>/<str:kind>": {**_CASE, "kind": None},
    "disclosure/<int:pk>/": {"pk": lambda s: s.pk("publication")},
    "alerts/<int:pk>/": {"pk": lambda s: s.pk("warning")},
    "alerts/<int:pk>/acknowledge/": {"pk": lambda s: s.pk("warning")},
    "alerts/<int:pk>/resolve/": {"pk": lambda s: s.pk("warning")},
    "disclosure/<int:pk>/mask/": {"pk": lambda s: s.pk("publication")},
    "disclosure/<int:pk>/approve/": {"pk": lambda s: s.pk("publication")},
    "disclosure/<int:pk>/exempt/": {"pk": lambda s: s.pk("publication")},
    "disclosure/<int:pk>/withdraw/": {"pk": lambda s: s.pk("publication")},
    "disclosure/corrections/<int:pk>/handle/": {"pk": lambda s: s.pk("correction")},
    "disclosure/corrections/new/<int:pk>/": {"pk": lambda s: s.pk("publication")},
    "inspections/plans/<int:pk>/": {"pk": lambda s: s.pk("plan")},
    "inspections/plans/<int:pk>/announce/": {"pk": lambda s: s.pk("plan")},
    "inspections/plans/<int:pk>/draw/": {"pk": lambda s: s.pk("plan")},
    "inspections/plans/<int:pk>/consent/": {"pk": lambda s: s.pk("plan")},
    "inspections/plans/<int:pk>/seed/commit/": {"pk": lambda s: s.pk("plan")},
    "inspections/plans/<int:pk>/seed/reveal/": {"pk": lambda s: s.pk("plan")},
    "inspections/public/<slug:agency>/<slug:code>/": {
        "agency": lambda s: s.agency.code,
        "code": lambda s: s.objects["plan"].code,
    },
    "inspections/public/<slug:agency>/<slug:code>/draw.json": {
        "agency": lambda s: s.agency.code,
        "code": lambda s: s.objects["plan"].code,
    },
    "portal/agencies/<slug:code>/": {"code": lambda s: s.agency.code},
    "portal/certificates/<str:number>/": {"number": lambda s: s.objects["certificate"].number},
    "portal/certificates/<str:number>/qr.svg": {
        "number": lambda s: s.objects["certificate"].number
    },
    "portal/matters/<int:pk>/": {"pk": lambda s: s.pk("matter")},
    "portal/lists/<slug:kind>/": {"kind": None},
    "portal/decisions/<int:pk>/": {"pk": lambda s: s.pk("publication")},
    "portal/decisions/<int:pk>/verify/": {"pk": lambda s: s.pk("publication")},
    "portal/decisions/<int:pk>/proof.json": {"pk": lambda s: s.pk("publication")},
    "portal/history/<slug:kind>/<str:key>/": {
        "kind": lambda s: "decision",
        "key": lambda s: s.pk("publication"),
    },
    "portal/history/<slug:kind>/<str:key>.json": {
        "kind": lambda s: "decision",
        "key": lambda s: s.pk("publication"),
    },
    "portal/history/plan/<slug:agency>/<slug:code>/": {
        "agency": lambda s: s.agency.code,
        "code": lambda s: s.objects["plan"].code,
    },
    "portal/history/plan/<slug:agency>/<slug:code>.json": {
        "agency": lambda s: s.agency.code,
        "code": lambda s: s.objects["plan"].code,
    },
    "portal/data/<slug:name>.<slug:fmt>": {"name": None, "fmt": None},
    "api/v1/uploads/<uuid:upload_id>": {"upload_id": None},
    **{
        f"annual-reports/<int:pk>/{rest}": {"pk": lambda s: s.pk("annual_report")}
        for rest in (
            "",
            "narrative/",
            "submit/",
            "approve/",
            "publish/",
            "report.xlsx",
            "report.pdf",
            "check/",
        )
    },
    "annual-reports/<int:pk>/cells/<slug:table>/<slug:unit>/<slug:column>/": {
        "pk": lambda s: s.pk("annual_report"),
        "table": None,
        "unit": None,
        "column": None,
    },
    "portal/annual-reports/<int:pk>/": {"pk": lambda s: s.pk("annual_report")},
    "portal/annual-reports/<int:pk>/report.<slug:fmt>": {
        "pk": lambda s: s.pk("annual_report"),
        "fmt": None,
    },
    "evaluation/rubrics/<int:pk>/": {"pk": lambda s: s.pk("rubric")},
    **{
        f"evaluation/rubric-versions/<int:pk>/{rest}": {"pk": lambda s: s.pk("rubric_version")}
        for rest in ("", "rubric.xlsx", "publish/", "discard/")
    },
    "evaluation/preview/<int:case_id>/": {"case_id": lambda s: s.pk("case")},
    **{
        f"evaluation/campaigns/<int:pk>/{rest}": {"pk": lambda s: s.pk("campaign")}
        for rest in (
            "",
            "edit/",
            "evaluators/",
            "recusals/",
            "announce/",
            "draw/",
            "draw.json",
            "publish/",
            "close/",
            "first-round/close/",
        )
    },
    "evaluation/campaigns/<int:pk>/report.<slug:fmt>": {
        "pk": lambda s: s.pk("campaign"),
        "fmt": None,
    },
    "portal/evaluation-reports/<int:pk>/": {"pk": lambda s: s.pk("campaign")},
    "portal/evaluation-reports/<int:pk>/report.pdf": {"pk": lambda s: s.pk("campaign")},
    "evaluation/recusals/<int:pk>/remove/": {"pk": lambda s: s.pk("recusal")},
    # The field app (issue 19): a drawn task of the side's officer, a conflict of theirs (the
    # world has none: an unused id, 404).
    "field/tasks/<int:pk>/": {"pk": lambda s: s.pk("task")},
    "field/conflicts/<int:pk>/resolve/": {"pk": lambda s: s.pk("field_submission")},
    "field/signatures/<int:pk>/": {"pk": lambda s: s.pk("field_signature")},
    **{
        f"appraisal/schemes/<int:pk>/{rest}": {"pk": lambda s: s.pk("appraisal_scheme")}
        for rest in (
            "",
            "publish/",
            "compute/",
            "scorecards.xlsx",
            "edit/",
            "discard/",
            "indicators/add/",
        )
    },
    **{
        f"appraisal/indicators/<int:pk>/{rest}": {"pk": lambda s: s.pk("appraisal_indicator")}
        for rest in ("edit/", "remove/")
    },
    **{
        f"appraisal/scorecards/<int:pk>/{rest}": {"pk": lambda s: s.pk("scorecard")}
        for rest in ("", "enter/", "adjust/", "withdraw/", "confirm/")
    },
    "evaluation/campaigns/<int:pk>/rectifications/new/": {"pk": lambda s: s.pk("campaign")},
    **{
        f"evaluation/rectifications/<int:pk>/{rest}": {"pk": lambda s: s.pk("rectification")}
        for rest in ("", "edit/", "issue/", "reply/", "accept/", "return/", "notice.pdf")
    },
    "evaluation/rectification-files/<int:pk>/": {"pk": lambda s: s.pk("rectification_file")},
    # The world draws no campaign: no assignment or sampled file (an unused id, 404).
    "evaluation/assignments/<int:pk>/score/": {"pk": lambda s: s.pk("assignment")},
    "evaluation/files/<int:pk>/settle/": {"pk": lambda s: s.pk("sampled_file")},
    "evaluation/files/<int:pk>/objection/": {"pk": lambda s: s.pk("sampled_file")},
}
# Parameters that name no agency's object: one fixed value.
CONSTANT = {
    ("catalog", "kind"): "matters",
    ("transparency/tile/entries", "rest"): "000",
    ("transparency/tile", "level"): "0",
    ("transparency/tile", "rest"): "000",
    ("transparency/subject", "kind"): "cases.case",
    ("cases/flowcharts", "procedure"): "penalty_ordinary",
    ("cases", "action"): "close_case",
    ("documents/verify", "code"): "ABCD-EFGH",
    ("party/receipt", "code"): "no-such-receipt",
    ("casefiles", "kind"): "pdf",
    ("portal/lists", "kind"): "inspections",
    ("supervision/list", "kind"): "filed",
    ("portal/data", "name"): "decisions",
    ("portal/data", "fmt"): "csv",
    ("api/v1/uploads", "upload_id"): str(uuid.UUID(int=7)),
    ("annual-reports", "table"): "penalty",
    ("annual-reports", "unit"): "total",
    ("annual-reports", "column"): "total",
    ("portal/annual-reports", "fmt"): "pdf",
    ("evaluation/campaigns", "fmt"): "pdf",
}
# Routes given as regular expressions (catch-alls): a sample path each.
REGEX_SAMPLES = {
    "api/v1/^.*$": "/api/v1/no-such-operation",
    "^api(?:/|$)": "/api/v2/cases/",
}
_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _constant(route: str, name: str):
    for (prefix, param), value in CONSTANT.items():
        if param == name and route.startswith(prefix):
            return value
    raise KeyError(f"{route}: no constant for <{name}>")


@dataclass
class Target:
    label: str  # the route as in the URL conf, or METHOD path of the OpenAPI document
    method: str
    own: str  # the path filled with the own agency's objects
    other: str  # ... with the other agency's
    bound: bool  # a parameter names an agency's object
    public: bool
    api: bool
    case_bound: bool  # the route acts on a case or one of its parts
    missing: bool = False  # the world has no such object (filled with an unused id)


def _fill_route(route: str, fills: dict[str, Fill | None], side: Side) -> tuple[str, bool, bool]:
    bound = missing = False

    def one(match: re.Match) -> str:
        nonlocal bound, missing
        name = match["name"]
        fill = fills[name]
        if fill is None:
            return str(_constant(route, name))
        bound = True
        value = fill(side)
        missing = missing or value == MISSING
        return str(value)

    return "/" + _PARAM.sub(one, route), bound, missing


CASE_PAGES = (
    "cases/<int:pk>",
    "reviews/",
    "evidence/",
    "recordings/case/",
    "remedies/",
    "documents/",
    "deliveries/",
    "casefiles/",
)


def page_targets(own: Side, other: Side, unknown: list[str]) -> list[Target]:
    targets = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if _django_admin(route) or _ninja(pattern):
            continue
        public = not getattr(pattern.callback, "login_required", True)
        if route in REGEX_SAMPLES:
            path = REGEX_SAMPLES[route]
            targets.append(Target(route, "get", path, path, False, public, True, False))
            continue
        names = [m["name"] for m in _PARAM.finditer(route)]
        fills = FILL.get(route, {}) if names else {}
        if set(names) - set(fills):
            unknown.append(route)
            continue
        own_path, bound, missing = _fill_route(route, fills, own)
        other_path, _, missing_other = _fill_route(route, fills, other)
        case_bound = bound and route.startswith(CASE_PAGES) and "verify" not in route
        api = route.startswith("api/") and public  # the tus uploads answer 401 themselves
        for method in ("get", "post") if bound else ("get",):
            targets.append(
                Target(
                    route,
                    method,
                    own_path,
                    other_path,
                    bound,
                    public,
                    api,
                    case_bound,
                    missing or missing_other,
                )
            )
    return targets


# --- the API --------------------------------------------------------------------------------

API_CATALOG = {
    "fields": "field",
    "matters": "matter",
    "officers": "officer",
    "certificates": "certificate",
    "inspection-items": "inspection_item",
    "review-entries": "review_entry",
    "legal-bases": "legal_basis",
    "recording-requirements": "recording_requirement",
}


def _catalog_code(kind: str) -> Fill:
    def fill(side: Side):
        name = API_CATALOG.get(kind)
        obj = side.objects.get(name) if name else None
        if obj is None:
            return MISSING
        return getattr(obj, "number", None) or obj.code

    return fill


# Per OpenAPI path parameter: a side's value (agency-bound) or None (a constant below).
API_FILL: dict[str, Fill | None] = {
    "case_id": lambda s: s.pk("case"),
    "item_id": lambda s: s.pk("evidence"),
    "device_id": lambda s: s.pk("device"),
    "document_id": lambda s: s.pk("document"),
    "delivery_id": lambda s: s.pk("delivery"),
    "plan_id": lambda s: s.pk("plan"),
    "version_id": lambda s: s.pk("rubric_version"),
    "campaign_id": lambda s: s.pk("campaign"),
    "file_id": lambda s: s.pk("sampled_file"),
    "remedy_id": lambda s: s.pk("remedy"),
    "pk": lambda s: s.pk("publication"),
    "number": lambda s: s.objects["certificate"].number,
    "standard_code": None,
    "action": None,
    "year": None,
    "kind": None,
    "agency": lambda s: s.agency.code,
    "report_id": lambda s: s.pk("annual_report"),
    "scheme_id": lambda s: s.pk("appraisal_scheme"),
    "scorecard_id": lambda s: s.pk("scorecard"),
}
API_CONSTANT = {"standard_code": "S1", "action": "close_case", "year": "2026", "kind": "pdf"}


def _operation_value(path: str, name: str, side: Side):
    """The value of the path parameter ``name`` of the operation ``path`` for ``side``
    (None: a constant, not an agency's object)."""
    catalog = re.match(r"/api/v1/catalog/([\w-]+)/", path)
    if name == "code" and catalog:
        return _catalog_code(catalog[1])(side)
    if name == "code" and path.startswith("/api/v1/agencies/"):
        return side.agency.code
    if name == "code" and path.startswith("/api/v1/inspections/public/"):
        return side.objects["plan"].code
    if name == "pk" and path.startswith("/api/v1/alerts/warnings/"):
        return side.pk("warning")
    if name == "pk" and path.startswith("/api/v1/disclosure/corrections/"):
        return side.pk("correction")
    if name == "item_id" and path.startswith("/api/v1/public/"):
        return side.pk("publication")
    fill = API_FILL[name]
    return None if fill is None else fill(side)


def _fill_operation(path: str, side: Side) -> tuple[str, bool, bool]:
    bound = missing = False
    for name in re.findall(r"{(\w+)}", path):
        value = _operation_value(path, name, side)
        if value is None:
            value = API_CONSTANT[name]
        else:
            bound = True
            missing = missing or value == MISSING
        path = path.replace("{" + name + "}", str(value))
    return path, bound, missing


CASE_PARAMETERS = ("case_id", "item_id", "document_id", "delivery_id", "remedy_id")


def api_targets(own: Side, other: Side, unknown: list[str]) -> list[Target]:
    from openenforce.api import api

    schema = api.get_openapi_schema()
    targets = []
    for path, operations in schema["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            if any(n not in API_FILL and n != "code" for n in names):
                unknown.append(label)
                continue
            own_path, bound, missing = _fill_operation(path, own)
            other_path, _, missing_other = _fill_operation(path, other)
            public = not operation.get("security", schema.get("security"))
            case_bound = (
                bound
                and any(n in names for n in CASE_PARAMETERS)
                and not path.startswith("/api/v1/public/")
            )
            targets.append(
                Target(
                    label,
                    method,
                    own_path,
                    other_path,
                    bound,
                    public,
                    True,
                    case_bound,
                    missing or missing_other,
                )
            )
    return targets


# --- the matrix -----------------------------------------------------------------------------

UNSAFE = {"post", "put", "patch", "delete"}

# Findings of the matrix, fixed, and controls that the matrix reaches what it should:
# (principal, method, route or operation, own agency's object) -> status.
EXPECTED = {
    # The handler reads their case, its evidence and its document (the fills are right).
    ("officer", "get", "cases/<int:pk>/", True): 200,
    ("officer", "get", "evidence/<int:pk>/", True): 200,
    ("officer", "get", "GET /api/v1/cases/{case_id}", True): 200,
    ("officer", "get", "transparency/subject/<str:kind>/<str:subject_id>/", True): 200,
    ("supervisor", "get", "cases/<int:pk>/", True): 200,
    ("outsider", "get", "cases/<int:pk>/", False): 200,
    # ... the review, the recording and the standard's band too, each in its own agency.
    ("reviewer", "get", "reviews/<int:pk>/", True): 200,
    ("reviewer", "get", "reviews/<int:pk>/", False): 404,
    ("outsider", "get", "reviews/<int:pk>/", False): 200,
    ("officer", "get", "recordings/<int:pk>/media", True): 200,
    ("officer", "get", "recordings/<int:pk>/download", False): 404,
    ("outsider", "get", "recordings/<int:pk>/download", False): 200,
    ("officer", "get", "catalog/matters/<int:matter_pk>/standards/<int:pk>/", True): 200,
    ("officer", "get", "catalog/matters/<int:matter_pk>/standards/<int:pk>/", False): 404,
    ("head", "get", "catalog/matters/<int:matter_pk>/standards/<int:pk>/edit/", True): 200,
    # The annual report: its agency's staff and the supervisor read it; others do not.
    ("publisher", "get", "annual-reports/<int:pk>/", True): 200,
    ("supervisor", "get", "annual-reports/<int:pk>/", True): 200,
    ("publisher", "get", "annual-reports/<int:pk>/", False): 404,
    ("outsider", "get", "annual-reports/<int:pk>/", False): 200,
    # The supervisor computes their body's appraisal scheme, not another body's.
    ("supervisor", "post", "POST /api/v1/appraisal/schemes/{scheme_id}/compute", True): 200,
    ("supervisor", "post", "POST /api/v1/appraisal/schemes/{scheme_id}/compute", False): 404,
    # A document's page and PDF were answered to a POST too (the PDF's download recorded).
    ("bystander", "post", "documents/<int:pk>/", True): 405,
    ("bystander", "post", "documents/<int:pk>/pdf", True): 405,
}


def _send(client: Client, token: str | None, target: Target, path: str):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    send = getattr(client, target.method)
    if target.method in UNSAFE and not target.api:
        return send(path, data={})  # an empty form
    if target.method in UNSAFE:
        return send(path, data="{}", content_type="application/json", **headers)
    return send(path, **headers)


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    )


@dataclass
class Principal:
    name: str
    user: object | None
    visible: set[int] | None = None  # agencies the user may read (None: every one)
    writable: set[int] | None = None  # ... and change

    def reads(self, side: Side) -> bool:
        return self.visible is None or side.agency.pk in self.visible

    def writes(self, side: Side) -> bool:
        return self.writable is None or side.agency.pk in self.writable


def _sent(principal: Principal, target: Target, side: Side) -> bool:
    """A state-changing form is sent only where it must be refused: anonymously, by the
    bystander to the own case's pages, by anyone to an agency they may not change (a
    supervisor's supervised agency included). The API's operations are all sent."""
    if target.method not in UNSAFE or target.api:
        return True
    bystander = principal.name == "bystander" and target.case_bound
    return principal.user is None or not principal.writes(side) or bystander


# Operations on what a side's supervising body owns (its appraisal scheme of the side's
# agency): the body's supervisors change it, while they only read the agency itself.
BODY_OWNED = {
    "POST /api/v1/appraisal/schemes/{scheme_id}/compute",
    "POST /api/v1/appraisal/schemes/{scheme_id}/publish",
}


def _writes(principal: Principal, target: Target, side: Side) -> bool:
    if principal.writes(side):
        return True
    if target.label not in BODY_OWNED or principal.writable is None:
        return False
    return side.agency.supervised_by.filter(pk__in=principal.writable).exists()


def _judge(principal: Principal, target: Target, side: Side, own: bool, response) -> list[str]:
    code = response.status_code
    ok = 200 <= code < 300
    unsafe = target.method in UNSAFE
    guarded = target.bound and not target.public
    problems = []
    if code >= 500:
        problems.append(f"{code}")
    if guarded and ok and not principal.reads(side):
        problems.append(f"{code} for another agency's object")
    if guarded and ok and unsafe and not _writes(principal, target, side):
        problems.append(f"{code}: changed an agency the user may only read")
    # Anonymously, the API's operations answer 401; a page (the API's docs page too) sends
    # to the log-in page.
    refused = code == 401 if target.api else _login_redirect(response)
    if principal.user is None and not target.public and not refused:
        problems.append(f"{code} for an anonymous request")
    if principal.name == "bystander" and own and target.case_bound and unsafe and ok:
        problems.append(f"{code}: a non-handler changed the case")
    return problems


def test_every_route_as_every_principal(
    world, officer, team, head, reviewer, publisher, admin_user, supervisor, outsider, caplog
):
    own, other = world
    users = {
        "anonymous": None,
        "officer": officer,
        "bystander": bystander(team),
        "head": head,
        "reviewer": reviewer,
        "publisher": publisher,
        "admin": admin_user,
        "supervisor": supervisor,
        "outsider": outsider,
    }
    principals = [
        Principal(name, None, set(), set())
        if user is None
        else Principal(name, user, visible_agency_ids(user), writable_agency_ids(user))
        for name, user in users.items()
    ]
    unknown: list[str] = []
    targets = page_targets(own, other, unknown) + api_targets(own, other, unknown)
    assert not unknown, (
        "routes whose path parameters the matrix cannot fill (add them to FILL/API_FILL):\n  "
        + "\n  ".join(unknown)
    )
    # Reads first, then the state-changing requests (which may succeed for the entitled).
    targets.sort(key=lambda t: t.method in UNSAFE)

    caplog.set_level(logging.CRITICAL, logger="django.request")  # 4xx by the thousand
    problems: list[str] = []
    seen: dict[tuple[str, str, str, bool], int] = {}
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for principal in principals:
        client = Client()
        token = None
        if principal.user is not None:
            client.force_login(principal.user)
            token = api_as(principal.user).token
        for target in targets:
            sides = (
                [(own, target.own), (other, target.other)] if target.bound else [(own, target.own)]
            )
            for side, path in sides:
                if not _sent(principal, target, side):
                    continue
                response = _send(client, token if target.api else None, target, path)
                seen[(principal.name, target.method, target.label, side is own)] = (
                    response.status_code
                )
                counts[principal.name][f"{response.status_code // 100}xx"] += 1
                where = f"{principal.name:10} {target.method.upper():6} {path} ({target.label})"
                problems += [
                    f"{where}: {problem}"
                    for problem in _judge(principal, target, side, side is own, response)
                ]
    summary = " ".join(
        f"{name}={dict(sorted(counter.items()))}" for name, counter in counts.items()
    )
    missing = [t.label for t in targets if t.missing]
    print(
        f"\naccess matrix: {len(targets)} routes/operations × {len(principals)} principals, "
        f"{sum(sum(c.values()) for c in counts.values())} requests\n  {summary}\n"
        f"  filled with an unused id (no such object in the world): {len(set(missing))}: "
        + ", ".join(sorted(set(missing)))
    )
    for key, expected in EXPECTED.items():
        if seen.get(key) != expected:
            problems.append(f"{key}: {seen.get(key)}, expected {expected}")
    assert not problems, f"{len(problems)} access problems:\n" + "\n".join(problems[:80])
