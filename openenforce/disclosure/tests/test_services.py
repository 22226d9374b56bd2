"""The publication workflow: drafting on the decision, masking, approval, scheduling,
withdrawal, corrections, retention, and the refusals (minors, secrets, roles)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from openenforce.cases.models import Party
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.disclosure import selectors, services
from openenforce.disclosure.models import Correction, Publication
from openenforce.ledger import merkle
from openenforce.ledger.models import Entry
from openenforce.testing.cases import D, act, conclude_inspection
from openenforce.testing.record import tamper

Status = Publication.Status


def recorded(subject) -> list[str]:
    kind = subject._meta.label_lower
    rows = Entry.objects.filter(subject_kind=kind, subject_id=str(subject.pk))
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


@pytest.mark.django_db
def test_a_penalty_decision_drafts_a_masked_publication_due_in_7_working_days(decided):
    case = decided()
    pub = case.publications.get()
    assert (pub.kind, pub.status, pub.decided_on) == ("penalty", Status.DRAFT, D(2026, 9, 21))
    # 7 working days after Mon 21 Sep 2026, over the National Day holiday (1-7 Oct).
    assert pub.due_on == services.add_working_days(D(2026, 9, 21), 7).due
    assert pub.due_on > D(2026, 10, 7)
    assert pub.due_article and pub.due_explanation
    assert "张三" in pub.original_text and "张三" not in pub.masked_text
    assert "张某" in pub.masked_text
    assert case.number in pub.masked_text and case.agency.name in pub.masked_text
    assert "执法O1" in pub.masked_text  # officers are never masked
    assert any(span["original"] == "张三" for span in pub.spans)
    assert pub.natural_person
    assert recorded(pub) == ["disclosure.publication.drafted"]


@pytest.mark.django_db
def test_inspection_results_are_due_in_20_working_days(team, officer):
    case = conclude_inspection(team.open("inspection", actor=officer), officer)
    pub = case.publications.get()
    assert pub.kind == "inspection"
    assert pub.due_on == services.add_working_days(D(2026, 9, 1), 20).due


@pytest.mark.django_db
def test_due_periods_follow_the_settings(decided, settings):
    settings.OPENENFORCE_PUBLISH_DAYS_DECISION = 5
    pub = decided().publications.get()
    assert pub.due_on == services.add_working_days(D(2026, 9, 21), 5).due


@pytest.mark.django_db
def test_no_penalty_and_refused_licences_are_not_published(team, officer, head):
    case = act(team.open("licensing", actor=officer), "accept_application", officer)
    case = act(case, "decide_licence", head, outcome="refused", decision_text="不予许可")
    assert not case.publications.exists()


@pytest.mark.tampers
@pytest.mark.django_db
def test_a_minors_case_is_never_published(team, officer, head, publisher, decided):
    case = team.open(actor=officer)
    tamper(Party.objects.filter(case=case), is_minor=True)
    case = act(case, "approve_filing", head, filed_on=D(2026, 9, 1))
    case = act(
        case, "conclude_investigation", officer, facts="事实", proposed_penalty_kinds=["warning"]
    )
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    case = act(
        case, "decide", head, outcome="penalty", decision_text="警告", decided_on=D(2026, 9, 21)
    )
    pub = case.publications.get()
    assert (pub.status, pub.exemption) == (Status.EXEMPT, "minor")
    with pytest.raises(WrongState) as info:
        services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    assert info.value.code == "publication_minor"
    assert not selectors.public_items().exists()
    assert recorded(pub) == ["disclosure.publication.exempted"]


@pytest.mark.tampers
@pytest.mark.django_db
def test_a_minor_by_id_number_is_refused_even_after_drafting(decided, publisher):
    case = decided()
    # Born 2012: 14 years old when decided, though not marked a minor.
    tamper(Party.objects.filter(case=case), id_number="220102201201011234")
    pub = case.publications.get()
    with pytest.raises(WrongState) as info:
        services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    assert info.value.code == "publication_minor"
    pub.refresh_from_db()
    assert pub.status == Status.DRAFT


@pytest.mark.django_db
def test_approval_publishes_now_with_retention(decided, publisher):
    pub = decided().publications.get()
    pub = services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    assert pub.status == Status.PUBLISHED and pub.published_at is not None
    today = timezone.localdate()
    assert pub.retention_until == today.replace(year=today.year + 2)  # a natural person
    assert selectors.get_public_item(pub.pk) == pub
    assert recorded(pub)[-2:] == [
        "disclosure.publication.approved",
        "disclosure.publication.published",
    ]
    entry = Entry.objects.get(subject_id=str(pub.pk), event_type="disclosure.publication.published")
    digest = merkle.hash_function()(pub.masked_text.encode()).hex()
    assert json.loads(bytes(entry.body))["files"] == [digest]  # the published text


@pytest.mark.django_db
def test_approval_refusals(decided, publisher, officer, outsider, supervisor):
    pub = decided().publications.get()
    with pytest.raises(InvalidInput) as info:
        services.approve_publication(pub, actor=publisher, secrecy_checked=False)
    assert info.value.code == "secrecy_not_checked"
    with pytest.raises(NotPermitted):
        services.approve_publication(pub, actor=officer, secrecy_checked=True)
    with pytest.raises(NotPermitted):
        services.approve_publication(pub, actor=supervisor, secrecy_checked=True)
    with pytest.raises(NotFound):
        services.approve_publication(pub, actor=outsider, secrecy_checked=True)
    past = timezone.now() - datetime.timedelta(hours=2)
    with pytest.raises(InvalidInput):
        services.approve_publication(pub, actor=publisher, secrecy_checked=True, publish_at=past)
    pub.refresh_from_db()
    assert pub.status == Status.DRAFT
    services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    with pytest.raises(WrongState):
        services.approve_publication(pub, actor=publisher, secrecy_checked=True)


@pytest.mark.django_db
def test_scheduled_items_are_published_when_due(decided, publisher, system_actor):
    pub = decided().publications.get()
    later = timezone.now() + datetime.timedelta(hours=3)
    pub = services.approve_publication(pub, actor=publisher, secrecy_checked=True, publish_at=later)
    assert pub.status == Status.SCHEDULED
    assert services.publish_due(actor=system_actor) == []
    assert not selectors.public_items().exists()
    done = services.publish_due(actor=system_actor, now=later + datetime.timedelta(minutes=1))
    assert [p.pk for p in done] == [pub.pk]
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED
    assert "disclosure.publication.scheduled" in recorded(pub)


@pytest.mark.django_db
def test_publisher_masks_more_but_never_protected_strings(decided, publisher):
    case = decided()
    pub = case.publications.get()
    pub = services.mask_more(pub, actor=publisher, strings=["十五日内整改"])
    assert "十五日内整改" not in pub.masked_text and "十五日内整改" in pub.original_text
    assert any(s["kind"] == "manual" for s in pub.spans)
    for protected in (case.number, case.agency.name, "执法O1"):
        with pytest.raises(InvalidInput) as info:
            services.mask_more(pub, actor=publisher, strings=[protected])
        assert info.value.code == "mask_refused"
    with pytest.raises(InvalidInput):
        services.mask_more(pub, actor=publisher, strings=["不在文中的字"])
    assert "李四" in pub.masked_text
    pub = services.mask_more(pub, actor=publisher, names=["李四"])
    assert "李四" not in pub.masked_text and "李某" in pub.masked_text
    pub = services.mask_more(pub, actor=publisher, remove=["十五日内整改", "李四"])
    assert "十五日内整改" in pub.masked_text
    assert recorded(pub).count("disclosure.publication.masked") == 3


@pytest.mark.django_db
def test_exemption_for_secrets_is_never_published(decided, publisher):
    pub = decided().publications.get()
    with pytest.raises(InvalidInput):
        services.exempt_publication(pub, actor=publisher, exemption="trade_secret", note=" ")
    pub = services.exempt_publication(
        pub, actor=publisher, exemption="trade_secret", note="涉及配方"
    )
    with pytest.raises(WrongState) as info:
        services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    assert info.value.code == "publication_exempt"


@pytest.mark.django_db
def test_a_revoked_decision_is_withdrawn_with_its_reason_within_3_working_days(
    decided, head, publisher
):
    case = decided()
    pub = services.approve_publication(
        case.publications.get(), actor=publisher, secrecy_checked=True
    )
    today = timezone.localdate()
    case = act(
        case,
        "record_decision_change",
        head,
        ground="revoked",
        changed_on=today,
        reason="经行政复议，原处罚决定被撤销",
    )
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED
    assert pub.withdrawal_due == services.add_working_days(today, 3).due
    assert selectors.flags(Publication.objects.all(), today).withdrawal_due == 1
    overdue_day = pub.withdrawal_due + datetime.timedelta(days=1)
    assert selectors.flags(Publication.objects.all(), overdue_day).withdrawal_overdue == 1

    pub = services.withdraw_publication(pub, actor=publisher, reason=pub.withdrawal_reason)
    assert pub.status == Status.WITHDRAWN and not pub.withdrawn_late
    assert timezone.localdate(pub.withdrawn_at) <= pub.withdrawal_due
    view = selectors.public_view(selectors.get_public_item(pub.pk))
    assert view.withdrawn and view.text == ""
    assert view.withdrawal_reason == "经行政复议，原处罚决定被撤销"
    assert recorded(pub)[-2:] == [
        "disclosure.publication.change_registered",
        "disclosure.publication.withdrawn",
    ]


@pytest.mark.django_db
def test_withdrawal_refusals(decided, publisher, officer):
    pub = decided().publications.get()
    with pytest.raises(WrongState):  # not published yet
        services.withdraw_publication(pub, actor=publisher, reason="x", ground="revoked")
    pub = services.approve_publication(pub, actor=publisher, secrecy_checked=True)
    with pytest.raises(NotPermitted):
        services.withdraw_publication(pub, actor=officer, reason="x", ground="revoked")
    with pytest.raises(InvalidInput):
        services.withdraw_publication(pub, actor=publisher, reason=" ", ground="revoked")
    with pytest.raises(InvalidInput):
        services.withdraw_publication(pub, actor=publisher, reason="x", ground="bogus")


@pytest.mark.django_db
def test_a_change_before_publication_withdraws_the_draft_at_once(decided, head):
    case = decided()
    act(case, "record_decision_change", head, ground="changed", reason="变更为不予处罚")
    pub = case.publications.get()
    assert pub.status == Status.WITHDRAWN and pub.published_at is None
    assert not selectors.public_items().exists()


@pytest.mark.django_db
def test_corrections_requested_handled_and_logged_publicly(decided, publisher, system_actor):
    pub = services.approve_publication(
        decided().publications.get(), actor=publisher, secrecy_checked=True
    )
    with pytest.raises(InvalidInput):
        services.request_correction(pub, actor=system_actor, description="  ")
    first = services.request_correction(
        pub, actor=system_actor, description="日期有误", name="王五", contact="13900000000"
    )
    second = services.request_correction(pub, actor=system_actor, description="无理由")
    with pytest.raises(InvalidInput):
        services.handle_correction(first, actor=publisher, accept=True, response="已更正")
    corrected = pub.original_text.replace("张三应于十五日内", "张三应于二十日内")
    services.handle_correction(
        first, actor=publisher, accept=True, response="已更正期限", corrected_text=corrected
    )
    services.handle_correction(second, actor=publisher, accept=False, response="内容准确")
    with pytest.raises(WrongState):
        services.handle_correction(second, actor=publisher, accept=False, response="x")
    pub.refresh_from_db()
    assert "二十日内" in pub.masked_text and "张三" not in pub.masked_text
    log = selectors.public_view(selectors.get_public_item(pub.pk)).corrections
    assert [c.response for c in log] == ["已更正期限"]
    assert recorded(first) == ["disclosure.correction.requested", "disclosure.correction.accepted"]
    assert recorded(second)[-1] == "disclosure.correction.rejected"
    assert "disclosure.publication.corrected" in recorded(pub)
    assert Correction.objects.filter(status="pending").count() == 0


@pytest.mark.django_db
def test_items_leave_the_portal_after_retention(decided, publisher, system_actor):
    pub = services.approve_publication(
        decided().publications.get(), actor=publisher, secrecy_checked=True
    )
    assert services.expire_publications(actor=system_actor) == 0
    later = pub.retention_until + datetime.timedelta(days=1)
    assert not selectors.public_items(later).exists()  # hidden at once
    assert services.expire_publications(actor=system_actor, today=later) == 1
    pub.refresh_from_db()
    assert pub.status == Status.EXPIRED
    assert recorded(pub)[-1] == "disclosure.publication.expired"


@pytest.mark.django_db
def test_queue_flags_due_soon_and_overdue(decided):
    pub = decided().publications.get()
    queryset = Publication.objects.all()
    assert selectors.flags(queryset, pub.due_on - datetime.timedelta(days=1)).due_soon == 1
    assert selectors.flags(queryset, pub.due_on + datetime.timedelta(days=1)).overdue == 1
    assert selectors.flags(queryset, pub.due_on - datetime.timedelta(days=30)).due_soon == 0


@pytest.mark.django_db
def test_items_without_a_case_are_drafted_masked(agency, system_actor, team):
    matter = team.matters["inspection"]
    pub = services.draft_item(
        agency,
        actor=system_actor,
        kind="inspection",
        title="双随机抽查结果",
        text="当事人：赵六，电话13912345678。检查结果：未发现问题。",
        decided_on=D(2026, 9, 1),
        matter=matter,
        names=["赵六"],
    )
    assert "赵某" in pub.masked_text and "13912345678" not in pub.masked_text
    assert pub.natural_person and pub.status == Status.DRAFT
    with pytest.raises(InvalidInput):
        services.draft_item(
            agency, actor=system_actor, kind="bogus", title="x", text="y", decided_on=D(2026, 9, 1)
        )


@pytest.mark.django_db
def test_personal_status_decisions_of_persons_are_not_published(team, officer, head):
    case = act(team.open("confirmation", actor=officer), "accept_application", officer)
    case = act(case, "decide", head, outcome="granted", decision_text="准予登记")
    assert not case.publications.exists()
    case = act(team.open("award", actor=officer), "accept_application", officer)
    case = act(case, "decide", head, outcome="granted", decision_text="予以表彰")
    assert case.publications.get().kind == "other"


@pytest.mark.django_db
def test_published_items_are_searchable_until_withdrawn(decided, publisher):
    from openenforce.search.selectors import search

    pub = services.approve_publication(
        decided().publications.get(), actor=publisher, secrecy_checked=True
    )
    assert [hit.key for hit in search("整改").items] == [pub.search_key]
    assert search("张三").total == 0  # only the masked text is indexed
    services.withdraw_publication(pub, actor=publisher, reason="撤销", ground="revoked")
    assert search("整改").total == 0


@pytest.mark.tampers
@pytest.mark.django_db
def test_an_organisations_address_is_not_masked(team, officer, head):
    case = team.open("inspection", actor=officer, party="organisation")
    tamper(Party.objects.filter(case=case), address="长春新区长德路200号")
    case = conclude_inspection(case, officer)
    pub = case.publications.get()
    assert "长德路200号" in pub.masked_text and not pub.natural_person


@pytest.mark.tampers
@pytest.mark.django_db
def test_an_organisations_name_code_and_address_stay_even_when_the_text_shortens_it(team, officer):
    case = team.open("inspection", actor=officer, party="organisation")
    tamper(Party.objects.filter(case=case), address="吉林省长春市长春新区长德路200号")
    party = case.parties.get()
    text = f"检查发现长德路200号门店消防通道堵塞，当事人{party.name}应立即整改。"
    pub = conclude_inspection(case, officer, outcome="rectification", text=text).publications.get()
    assert "长德路200号门店" in pub.masked_text  # not 长德路***
    assert "吉林省长春市长春新区长德路200号" in pub.masked_text
    assert party.name in pub.masked_text and party.credit_code in pub.masked_text
    assert not [s for s in pub.spans if s["kind"] == "address"]


@pytest.mark.django_db
def test_a_natural_persons_name_and_home_address_are_masked(team, officer):
    case = team.open("inspection", actor=officer)
    party = case.parties.get()
    text = f"{party.name}在长春新区长德路200号3栋2单元501室家中开办托管班，应立即停止。"
    pub = conclude_inspection(case, officer, outcome="rectification", text=text).publications.get()
    assert party.name not in pub.masked_text and party.name[0] + "某" in pub.masked_text
    assert "长德路200号" not in pub.masked_text and "501室" not in pub.masked_text
    assert "长春新区***" in pub.masked_text


@pytest.mark.django_db
def test_the_published_officers_list_the_lead_handler_first(decided):
    case = decided()
    lead = case.handlers.get(role="lead").officer
    line = next(s for s in case.publications.get().masked_text.splitlines() if lead.name in s)
    others = [h.officer.name for h in case.handlers.exclude(role="lead")]
    assert others and all(line.index(lead.name) < line.index(name) for name in others)
