"""Warnings: each rule raises on constructed data and resolves itself when its condition
ends; evaluation is idempotent; acknowledging and resolving need a reason and are
recorded; scoping, to-do entries, the pages, the API, the daily job and the command."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from openenforce.accounts.models import Role
from openenforce.alerts import services
from openenforce.alerts.models import Warning, WarningRule
from openenforce.alerts.todo import warning_tasks
from openenforce.cases.models import Case, Deadline
from openenforce.cases.services import file_case
from openenforce.catalog.models import Certificate, DiscretionStandard
from openenforce.catalog.services import save_entry
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted
from openenforce.disclosure.models import Publication
from openenforce.ledger.models import Entry
from openenforce.ledger.services import create_recorded, update_recorded
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, D, act, to_report
from openenforce.testing.reviews import entry, opinion, qualify, submit
from openenforce.testing.team import two_officers

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer)


def _open(code: str, rule: str | None = None, subject_id: str | None = None):
    rows = Warning.objects.open().filter(rule__code=code)
    if subject_id is not None:
        rows = rows.filter(subject_id=subject_id)
    return list(rows)


def _filed(team, officer, head) -> Case:
    case = team.open(actor=officer)
    return act(case, "approve_filing", head, filed_on=D(2026, 9, 1))


def _legacy(case: Case, actor, **values) -> Case:
    """Change a case as an import of legacy data would (recorded, outside the gates)."""
    with transaction.atomic():
        update_recorded(
            Case.objects.filter(pk=case.pk), actor=actor, event_type="test.import", **values
        )
    return Case.objects.get(pk=case.pk)


# ----------------------------------------------------------------------------- the rules


def test_deadline_rules_raise_and_resolve_themselves(team, officer, head):
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    key = str(case.pk)

    services.evaluate(today=due - datetime.timedelta(days=2))
    assert len(_open("deadline_near", subject_id=key)) == 1
    assert not _open("deadline_past", subject_id=key)

    services.evaluate(today=due + datetime.timedelta(days=1))
    assert len(_open("deadline_past", subject_id=key)) == 1
    near = Warning.objects.get(rule__code="deadline_near", subject_id=key)
    assert near.status == Warning.Status.RESOLVED and near.resolved_by is None
    assert near.reason  # the condition ended, said in words
    assert not _open("case_pending_long", subject_id=key)

    services.evaluate(today=due + datetime.timedelta(days=31))
    pending = _open("case_pending_long", subject_id=key)
    assert len(pending) == 1 and pending[0].level == "serious"
    assert pending[0].url == reverse("workbench:case", args=[case.pk])

    # The case is closed: every warning about it resolves on the next evaluation.
    _legacy(case, team.actor, closed_on=due + datetime.timedelta(days=31))
    services.evaluate(today=due + datetime.timedelta(days=32))
    assert not Warning.objects.open().filter(subject_kind="case", subject_id=key).exists()


def test_evaluation_is_idempotent(team, officer, head):
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    day = due + datetime.timedelta(days=40)
    first = services.evaluate(today=day)
    assert first.raised
    count, entries = Warning.objects.count(), Entry.objects.count()
    again = services.evaluate(today=day)
    assert (again.raised, again.resolved) == ([], [])
    assert (Warning.objects.count(), Entry.objects.count()) == (count, entries)


def test_fine_outside_the_discretion_band(team, officer, head):
    matter = team.matters["penalty"]
    save_entry(
        DiscretionStandard(
            matter=matter,
            code="S1",
            circumstance="一般",
            penalty="罚款",
            fine_min=Decimal(1000),
            fine_max=Decimal(5000),
        ),
        actor=team.actor,
    )
    case = _filed(team, officer, head)
    case = _legacy(case, team.actor, decided_on=D(2026, 11, 1), proposed_fine=Decimal(8000))
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("fine_outside_band", subject_id=str(case.pk))
    assert "8,000" in warning.message and "1,000 – 5,000" in warning.message

    _legacy(case, team.actor, proposed_fine=Decimal(3000))
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("fine_outside_band", subject_id=str(case.pk))


def test_major_decision_without_a_passed_review(team, officer, head):
    case = _filed(team, officer, head)
    # Imported as decided, referred by the head as major, with no legal review at all.
    case = _legacy(case, team.actor, decided_on=D(2026, 11, 1), head_referral=True)
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("major_without_review", subject_id=str(case.pk))
    assert warning.level == "serious"
    assert "58" in warning.rule.basis

    _legacy(case, team.actor, head_referral=False)
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("major_without_review", subject_id=str(case.pk))


def test_a_disagreement_settled_by_collective_discussion_raises_nothing(
    team, agency, officer, head, reviewer, system_actor
):
    """Art 57/58: the leaders' collective discussion may settle the reviewer's
    disagreement; the gate then lets the decision through, and so does the warning."""
    entry(agency, system_actor, fine_threshold_person=Decimal(10000))
    qualify(reviewer, system_actor)
    case = to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal(20000)
    )
    case = act(submit(case, officer), "assign_reviewer", head, reviewer=reviewer.username)
    case = opinion(case, reviewer, "disagree", "证据不足", facts=("fail", "缺少关键证据"))
    case = _legacy(case, team.actor, decided_on=D(2026, 11, 1))
    services.evaluate(today=D(2026, 11, 20))
    assert _open("major_without_review", subject_id=str(case.pk)), "disagreed, not settled"

    act(
        case,
        "hold_collective_discussion",
        head,
        held_on=D(2026, 10, 28),
        attendees="张局长：同意\n李副局长：同意\n王副局长：同意",
        opinions="一致同意",
        conclusion="as_proposed",
        outcome="decide",
    )
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("major_without_review", subject_id=str(case.pk))


def test_publication_overdue(team, officer, agency, system_actor):
    with transaction.atomic():
        [item] = create_recorded(
            [
                Publication(
                    agency=agency,
                    kind="penalty",
                    category="penalty",
                    title="对某公司的行政处罚",
                    original_text="决定书",
                    decided_on=D(2026, 10, 1),
                    due_on=D(2026, 10, 15),
                )
            ],
            actor=system_actor,
            event_type="test.import",
        )
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("publication_overdue", subject_id=str(item.pk))
    assert warning.url == reverse("disclosure:detail", args=[item.pk])

    with transaction.atomic():
        update_recorded(
            Publication.objects.filter(pk=item.pk),
            actor=system_actor,
            event_type="test.import",
            status="exempt",
        )
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("publication_overdue", subject_id=str(item.pk))


def test_enterprise_inspected_more_often_than_the_cap(team, officer):
    party = {"kind": "organisation", "name": "某养老院", "credit_code": "91220101MA00000000"}
    for _ in range(3):
        file_case(
            actor=officer,
            procedure="inspection",
            matter=team.matters["inspection"],
            title="检查",
            source="inspection",
            parties=[party],
            handlers=["O1", "O2"],
        )
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("inspection_cap", subject_id=party["credit_code"])
    assert warning.subject_kind == "enterprise" and "3" in warning.message

    # A new year: the count starts again.
    services.evaluate(today=D(2027, 1, 5))
    assert not _open("inspection_cap")


def test_certificate_expiring_while_handling_cases(team, officer, head):
    short = team.officer("O3", user=None, valid_to=D(2026, 12, 1))
    case = team.open(actor=officer, handlers=("O1", "O3"))
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("certificate_expiring", subject_id=str(short.pk))
    assert "2026-12-01" in warning.message
    assert case.pk  # handled by O3

    # A renewed certificate: the condition ends.
    save_entry(
        Certificate(
            officer=short,
            number="T-O3-2",
            issuing_authority="吉林省人民政府",
            valid_from=D(2026, 11, 1),
            valid_to=D(2031, 10, 31),
        ),
        actor=team.actor,
        relations={"fields": [team.field]},
    )
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("certificate_expiring", subject_id=str(short.pk))


# ----------------------------------------------------------------------------- people


@pytest.fixture
def warning(team, officer, head):
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    services.evaluate(today=due + datetime.timedelta(days=1))
    return Warning.objects.get(rule__code="deadline_past", subject_id=str(case.pk))


def test_acknowledge_and_resolve_need_a_reason_and_are_recorded(warning, head):
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as info:
        services.acknowledge(warning, actor=head, reason="  ")
    assert info.value.problems[0].field == "reason"
    assert "理由" in info.value.message
    warning = services.acknowledge(warning, actor=head, reason="已督促承办人当日送达")
    assert (warning.status, warning.acknowledged_by) == ("acknowledged", head)
    with pytest.raises(InvalidInput):
        services.resolve(warning, actor=head, reason="")
    warning = services.resolve(warning, actor=head, reason="已送达")
    assert (warning.status, warning.resolved_by, warning.reason) == ("resolved", head, "已送达")
    events = Entry.objects.filter(subject_kind="alerts.warning", subject_id=str(warning.pk))
    assert list(events.order_by("sequence").values_list("event_type", flat=True)) == [
        "alerts.warning.raised",
        "alerts.warning.acknowledged",
        "alerts.warning.resolved",
    ]


def test_another_agency_never_sees_our_warnings(warning, outsider, supervisor, client_for):
    assert client_for(outsider).get(reverse("alerts:detail", args=[warning.pk])).status_code == 404
    page = client_for(outsider).get(reverse("alerts:list"))
    assert warning.subject_label not in page.content.decode()
    with pytest.raises(NotFound):
        services.resolve(warning, actor=outsider, reason="不是我们的")
    assert api_as(outsider).get(f"/api/v1/alerts/warnings/{warning.pk}").status_code == 404
    assert api_as(outsider).get("/api/v1/alerts/warnings").json()["count"] == 0


def test_supervisor_reads_the_supervised_agencys_warnings_only(warning, supervisor, client_for):
    page = client_for(supervisor).get(reverse("alerts:detail", args=[warning.pk]))
    assert page.status_code == 200
    assert reverse("alerts:resolve", args=[warning.pk]) not in page.content.decode()
    with pytest.raises(NotPermitted):
        services.resolve(warning, actor=supervisor, reason="已阅")
    response = client_for(supervisor).post(
        reverse("alerts:resolve", args=[warning.pk]), {"reason": "已阅"}
    )
    assert response.status_code == 302
    assert Warning.objects.get(pk=warning.pk).status == "open"


def test_pages_list_filter_and_resolve(warning, head, client_for):
    client = client_for(head)
    page = client.get(reverse("alerts:list"), {"level": "warning", "rule": "deadline_past"})
    assert warning.subject_label in page.content.decode()
    page = client.get(reverse("alerts:list"), {"level": "serious"})
    assert warning.subject_label not in page.content.decode()
    detail = client.get(reverse("alerts:detail", args=[warning.pk])).content.decode()
    assert warning.rule.basis in detail and warning.url in detail
    client.post(reverse("alerts:resolve", args=[warning.pk]), {"reason": ""})
    assert Warning.objects.get(pk=warning.pk).status == "open"
    client.post(reverse("alerts:resolve", args=[warning.pk]), {"reason": "已处理"})
    assert Warning.objects.get(pk=warning.pk).status == "resolved"
    rules_page = client.get(reverse("alerts:rules")).content.decode()
    assert 'id="rule-inspection_cap"' in rules_page and "国办发〔2024〕54号" in rules_page
    # The parameters by name in the reader's language, not as the stored codes.
    assert "每年检查次数：2" in rules_page and "per_year" not in rules_page.replace("rule-", "")
    assert "<code>" not in rules_page


def test_a_warning_names_its_parameters_in_chinese(warning, head, client_for):
    detail = client_for(head).get(reverse("alerts:detail", args=[warning.pk])).content.decode()
    assert "<code>" not in detail
    for name in warning.rule.parameters:
        assert f"{name} =" not in detail


def test_todo_entries_for_those_who_should_act(warning, officer, head, team, outsider):
    today = D(2026, 11, 20)
    assert [t.key for t in warning_tasks(officer, today)] == [f"warning:{warning.pk}"]
    assert [t.key for t in warning_tasks(head, today)] == [f"warning:{warning.pk}"]
    publisher = team.user("pub2", Role.PUBLISHER)
    assert list(warning_tasks(publisher, today)) == []
    assert list(warning_tasks(outsider, today)) == []
    services.acknowledge(warning, actor=officer, reason="正在办理")
    assert list(warning_tasks(head, today)) == []


def test_api(warning, head):
    api = api_as(head)
    listed = api.get("/api/v1/alerts/warnings?rule=deadline_past").json()
    assert [row["id"] for row in listed["items"]] == [warning.pk]
    one = api.get(f"/api/v1/alerts/warnings/{warning.pk}").json()
    assert one["basis"] == warning.rule.basis and one["subject_kind"] == "case"
    refused = api.post(f"/api/v1/alerts/warnings/{warning.pk}/acknowledge", {"reason": " "})
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "reason"
    done = api.post(f"/api/v1/alerts/warnings/{warning.pk}/acknowledge", {"reason": "已知悉"})
    assert done.json()["status"] == "acknowledged"
    done = api.post(f"/api/v1/alerts/warnings/{warning.pk}/resolve", {"reason": "已处理"})
    assert done.json()["status"] == "resolved"
    rules = api.get("/api/v1/alerts/rules").json()
    assert {r["code"] for r in rules} >= {"deadline_near", "repeated_corrections"}
    schema = api_as(None).get("/api/v1/openapi.json").json()
    assert "/api/v1/alerts/warnings/{pk}/resolve" in schema["paths"]


# ----------------------------------------------------------------------------- rules


def test_rules_change_through_the_service_and_agencies_may_only_tighten(
    team, officer, head, agency, other_agency, admin_user, superuser_actor
):
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    early = due - datetime.timedelta(days=6)
    services.evaluate(today=early)
    assert not _open("deadline_near")

    with pytest.raises(InvalidInput) as info:
        services.set_agency_parameters(
            "deadline_near", actor=admin_user, agency=agency, parameters={"days": 1}
        )
    assert info.value.problems[0].field == "parameters"
    with pytest.raises(NotPermitted):
        services.set_agency_parameters(
            "deadline_near", actor=admin_user, agency=other_agency, parameters={"days": 10}
        )
    own = services.set_agency_parameters(
        "deadline_near", actor=admin_user, agency=agency, parameters={"days": 10}
    )
    assert Entry.objects.filter(subject_kind="alerts.warningrule", subject_id=str(own.pk)).exists()
    services.evaluate(today=early)
    [warning] = _open("deadline_near")
    assert warning.rule.agency_id is None  # always the installation's rule

    rule = WarningRule.objects.get(code="deadline_near", agency__isnull=True)
    with pytest.raises(NotPermitted):
        services.change_rule(rule, actor=admin_user, active=False)
    services.change_rule(rule, actor=superuser_actor, active=False)
    services.evaluate(today=early)
    assert not _open("deadline_near")
    assert Warning.objects.get(pk=warning.pk).status == "resolved"


def test_open_warnings_follow_their_rules_level(
    team, officer, head, superuser_actor, admin_user, agency
):
    own = services.set_agency_parameters(
        "deadline_past", actor=admin_user, agency=agency, parameters={}
    )
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    services.evaluate(today=due + datetime.timedelta(days=1))
    [still_open] = _open("deadline_past", subject_id=str(case.pk))
    rule = still_open.rule
    old = rule.level
    new = "notice" if old != "notice" else "serious"
    # An earlier warning of the same rule, already resolved, keeps the level it closed at.
    services.resolve(still_open, actor=officer, reason="Dealt with on the phone")
    closed = Warning.objects.get(pk=still_open.pk)
    services.evaluate(today=due + datetime.timedelta(days=1))
    [warning] = _open("deadline_past", subject_id=str(case.pk))
    assert warning.level == old

    services.change_rule(rule, actor=superuser_actor, level=new)

    warning.refresh_from_db()
    assert warning.level == new
    assert Warning.objects.get(pk=closed.pk).level == old
    assert WarningRule.objects.get(pk=own.pk).level == new  # the agency's row follows too
    changed = Entry.objects.filter(
        subject_kind="alerts.warning",
        subject_id=str(warning.pk),
        event_type="alerts.warning.level_changed",
    )
    assert changed.count() == 1
    # The same level again changes nothing and writes nothing.
    services.change_rule(rule, actor=superuser_actor, level=new)
    assert changed.count() == 1
    # Newly raised warnings take the new level too.
    services.evaluate(today=due + datetime.timedelta(days=1))
    assert {w.level for w in _open("deadline_past")} == {new}


@pytest.fixture
def superuser_actor(system_actor):
    from openenforce.accounts.services import create_user

    return create_user("root-alerts", actor=system_actor, agency=None, is_superuser=True)


# ----------------------------------------------------------------------------- the job


def test_the_daily_job_and_the_command_evaluate(team, officer, head):
    from openenforce.workbench.services import run_daily

    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    run_daily(today=due + datetime.timedelta(days=1))
    assert _open("deadline_past", subject_id=str(case.pk))
    out = StringIO()
    day = (due - datetime.timedelta(days=2)).isoformat()
    call_command("alerts", "evaluate", "--date", day, stdout=out)
    assert "1" in out.getvalue()
    assert not _open("deadline_past", subject_id=str(case.pk))
    assert _open("deadline_near", subject_id=str(case.pk))


def test_repeated_corrections_on_remedy(team, officer, head):
    from openenforce.remedies.services import record_remedy_outcome, register_remedy

    matter = team.matters["penalty"]
    lead = team.officers["O1"]
    for _ in range(2):
        case = _legacy(_filed(team, officer, head), team.actor, decided_on=D(2026, 9, 20))
        remedy = register_remedy(
            case,
            actor=head,
            kind="reconsideration",
            body="长春新区人民政府",
            filed_on=D(2026, 10, 1),
        )
        record_remedy_outcome(remedy, actor=head, result="revoked", decided_on=D(2026, 11, 10))
    services.evaluate(today=D(2026, 11, 20))
    [on_matter] = _open("repeated_corrections", subject_id=str(matter.pk))
    assert on_matter.subject_kind == "matter" and "2" in on_matter.message
    [on_officer] = _open("repeated_corrections", subject_id=str(lead.pk))
    assert on_officer.subject_kind == "officer" and on_officer.level == "serious"

    # More than a year later the corrections no longer count.
    services.evaluate(today=D(2027, 11, 20))
    assert not _open("repeated_corrections")


def test_required_recording_missing(team, officer, head):
    from openenforce.catalog.models import RecordingRequirement
    from openenforce.recordings.services import waive_recording
    from openenforce.testing.cases import to_report

    # Investigated before the recording list named evidence collection (legacy data).
    case = to_report(team, officer, head)
    save_entry(
        RecordingRequirement(
            agency=team.agency,
            code="R-EV",
            step=RecordingRequirement.Step.EVIDENCE,
            content="调查取证全过程",
        ),
        actor=team.actor,
    )
    # The requirement is kept when a step is taken: a step taken before is added by the
    # recordings app's command, against the list as it stands now.
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("recording_missing", subject_id=str(case.pk))
    call_command("recordings", "note-required", stdout=StringIO())
    services.evaluate(today=D(2026, 11, 20))
    [warning] = _open("recording_missing", subject_id=str(case.pk))
    assert "提交调查终结报告" in warning.message
    assert "47" in warning.rule.basis

    waive_recording(
        case,
        actor=officer,
        step="conclude_investigation",
        reason="取证时执法记录仪故障，已书面记录",
    )
    services.evaluate(today=D(2026, 11, 20))
    assert not _open("recording_missing", subject_id=str(case.pk))


def test_messages_in_each_language_and_the_records_words(warning, head, client_for):
    assert "届满" in warning.messages["zh-hans"]
    assert "overdue" in warning.messages["en"]
    # The article is cited in the reader's language, not in the compact stored form.
    assert "《" in warning.messages["zh-hans"] and " Art " not in warning.messages["zh-hans"]
    assert "Law Art" in warning.messages["en"]
    with translation.override("en"):
        assert warning.text == warning.messages["en"]
        assert warning.rule.label == "Deadline passed"
    client = client_for(head)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("alerts:detail", args=[warning.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert warning.messages["en"] in page.content.decode()

    from openenforce.ledger.labels import event_label

    with translation.override("zh-hans"):
        assert str(event_label("alerts.warning.raised")) == "预警发出"


def test_the_admin_changes_a_rule_through_the_service(superuser_actor, client_for):
    rule = WarningRule.objects.get(code="inspection_cap", agency__isnull=True)
    client = client_for(superuser_actor)
    url = reverse("admin:alerts_warningrule_change", args=[rule.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "level": "serious",
            "basis": rule.basis,
            "parameters": '{"per_year": 1}',
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.level, rule.parameters) == ("serious", {"per_year": 1})
    assert Entry.objects.filter(
        subject_kind="alerts.warningrule", subject_id=str(rule.pk), event_type="alerts.rule.changed"
    ).exists()
    assert client.get(reverse("admin:alerts_warning_changelist")).status_code == 200


def test_the_list_shows_the_gravest_first(team, officer, head, client_for):
    case = _filed(team, officer, head)
    due = Deadline.objects.running().filter(case=case).order_by("due").first().due
    services.evaluate(today=due + datetime.timedelta(days=31))
    page = client_for(head).get(reverse("alerts:list")).content.decode()
    serious = page.index(reverse("alerts:detail", args=[_open("case_pending_long")[0].pk]))
    warning = page.index(reverse("alerts:detail", args=[_open("deadline_past")[0].pk]))
    assert serious < warning


def test_an_agency_adds_its_own_thresholds_in_the_admin(
    agency, admin_user, system_actor, client_for
):
    from django.contrib.auth.models import Permission

    from openenforce.accounts.services import set_admin_permissions

    granted = Permission.objects.filter(
        content_type__app_label="alerts", codename__in=["add_warningrule", "view_warningrule"]
    )
    set_admin_permissions(admin_user, actor=system_actor, groups=[], permissions=list(granted))
    client = client_for(admin_user)
    url = reverse("admin:alerts_warningrule_add")
    assert client.get(url).status_code == 200
    data = {"code": "deadline_near", "agency": agency.pk, "parameters": '{"days": 1}'}
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form again, with the refusal
    assert not WarningRule.objects.filter(agency=agency).exists()
    assert client.post(url, {**data, "parameters": '{"days": 10}'}).status_code == 302
    own = WarningRule.objects.get(code="deadline_near", agency=agency)
    assert own.parameters == {"days": 10} and own.name == "期限临近"
    assert Entry.objects.filter(subject_kind="alerts.warningrule", subject_id=str(own.pk)).exists()
