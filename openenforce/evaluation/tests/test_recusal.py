"""Recusals the bureau declares before announcement: (evaluator, case) with a reason,
frozen and published with the computed pairs (the pair, never the reason)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from openenforce.accounts.services import create_user
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import campaigns
from openenforce.evaluation.models import Assignment, Recusal
from openenforce.evaluation.tests import test_campaigns as base
from openenforce.ledger.models import Entry
from openenforce.testing.record import record_state

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

world = base.world  # the two supervised agencies, the rubric, three possible evaluators

REASON = "近亲属"


@pytest.fixture
def campaign(world, supervisor, justice_bureau, agency, other_agency, system_actor):
    """A draft with four evaluators: A's officer, B's officer and two of the bureau."""
    draft = base._campaign(world, supervisor, justice_bureau, agency, other_agency)
    second = create_user(
        "kevaluator",
        actor=system_actor,
        agency=justice_bureau,
        roles=[],
        password="correct horse battery 42",  # noqa: S106  (a test password)
    )
    campaigns.add_evaluator(draft, second, actor=supervisor)
    return draft


def _evaluator(campaign, user):
    return campaign.evaluators.get(user=user)


def test_a_declared_pair_is_frozen_and_published_without_its_reason(campaign, world, supervisor):
    evaluator = _evaluator(campaign, world["bureau_user"])
    case = world["a"][0]
    recusal = campaigns.add_recusal(campaign, evaluator, case, reason=REASON, actor=supervisor)
    entry = Entry.objects.get(event_type="evaluation.recusal.added")
    assert entry.subject_id == str(recusal.pk)
    campaigns.announce(campaign, actor=supervisor)
    pair = f"{campaigns.evaluator_id(evaluator)}\t{campaigns.target_id(case)}"
    assert pair in campaign.__class__.objects.get(pk=campaign.pk).exclusions_text.splitlines()
    campaign = campaigns.draw(campaign, actor=supervisor)
    assert not Assignment.objects.filter(evaluator=evaluator, sampled__case=case).exists()
    document = json.dumps(campaigns.export(campaign), ensure_ascii=False)
    assert pair.replace("\t", "\\t") in document
    assert REASON not in document
    # Frozen: nothing is declared or withdrawn after announcement.
    with pytest.raises(WrongState):
        campaigns.remove_recusal(recusal, actor=supervisor)
    with pytest.raises(WrongState):
        campaigns.add_recusal(campaign, evaluator, world["a"][1], reason=REASON, actor=supervisor)
    _count, problems = record_state()
    assert problems == []


def test_a_declared_pair_counts_for_the_evaluators_left(campaign, world, supervisor):
    """A's files have three evaluators left (B's officer and the bureau's two): recusing
    two of them from one file leaves one, and announcement is refused."""
    case = world["a"][0]
    for user in (world["bureau_user"], world["b_user"]):
        campaigns.add_recusal(
            campaign, _evaluator(campaign, user), case, reason=REASON, actor=supervisor
        )
    with pytest.raises(WrongState) as refused:
        campaigns.announce(campaign, actor=supervisor)
    assert refused.value.code == "campaign_too_few_after_recusal"


def test_refusals_name_the_field(
    campaign, world, supervisor, justice_bureau, agency, other_agency, officer
):
    evaluator = _evaluator(campaign, world["bureau_user"])
    case = world["a"][0]
    # Another draft, over a period in which nothing closed: the case is none of its files.
    other = campaigns.create_campaign(
        justice_bureau,
        actor=supervisor,
        **base._values(
            agency, other_agency, closed_from=base.D(2025, 1, 1), closed_to=base.D(2025, 2, 1)
        ),
    )
    stranger = campaigns.add_evaluator(other, world["bureau_user"], actor=supervisor)
    before = Recusal.objects.count(), Entry.objects.count()
    for draft, who, reason, field in (
        (campaign, stranger, REASON, "evaluator"),
        (other, stranger, REASON, "case"),
        (campaign, evaluator, "  ", "reason"),
        (campaign, evaluator, "理" * 201, "reason"),
    ):
        with pytest.raises(InvalidInput) as refused:
            campaigns.add_recusal(draft, who, case, reason=reason, actor=supervisor)
        assert refused.value.problems[0].field == field
    with pytest.raises(NotPermitted):
        campaigns.add_recusal(campaign, evaluator, case, reason=REASON, actor=officer)
    assert (Recusal.objects.count(), Entry.objects.count()) == before
    campaigns.add_recusal(campaign, evaluator, case, reason=REASON, actor=supervisor)
    with pytest.raises(InvalidInput) as refused:
        campaigns.add_recusal(campaign, evaluator, case, reason="曾参与", actor=supervisor)
    assert refused.value.problems[0].field == "case"


def test_withdrawn_before_announcement(campaign, world, supervisor):
    evaluator = _evaluator(campaign, world["bureau_user"])
    recusal = campaigns.add_recusal(
        campaign, evaluator, world["a"][0], reason=REASON, actor=supervisor
    )
    campaigns.remove_recusal(recusal, actor=supervisor)
    assert not Recusal.objects.exists()
    assert Entry.objects.filter(event_type="evaluation.recusal.removed").count() == 1
    campaigns.announce(campaign, actor=supervisor)
    campaign.refresh_from_db()
    pair = f"{campaigns.evaluator_id(evaluator)}\t{campaigns.target_id(world['a'][0])}"
    assert pair not in campaign.exclusions_text.splitlines()
    _count, problems = record_state()
    assert problems == []


def test_the_form_on_the_detail_page(campaign, world, supervisor, client_for, officer):
    client = client_for(supervisor)
    url = reverse("evaluation:campaign", args=[campaign.pk])
    evaluator = _evaluator(campaign, world["bureau_user"])
    case = world["a"][0]
    with translation.override("zh-hans"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'name="reason"' in page and "回避" in page
    add = reverse("evaluation:campaign_recusal", args=[campaign.pk])
    unknown = {
        "evaluator": evaluator.pk,
        "case_number": "长新市监罚立字〔1999〕第1号",
        "reason": REASON,
    }
    assert client.post(add, unknown).status_code == 302
    assert "没有该案件编号的案卷" in client.get(url).content.decode()  # names the number
    refused = client.post(
        add, {"evaluator": evaluator.pk, "case_number": case.number, "reason": ""}
    )
    assert refused.status_code == 302
    assert not Recusal.objects.exists()
    page = client.get(url).content.decode()
    assert "请填写回避理由。" in page  # the refusal names the field
    client.post(add, {"evaluator": evaluator.pk, "case_number": case.number, "reason": REASON})
    recusal = Recusal.objects.get()
    assert (recusal.evaluator, recusal.case, recusal.reason) == (evaluator, case, REASON)
    assert REASON in client.get(url).content.decode()  # the bureau's page shows the reason
    # Nobody but the bureau's supervisors declares or withdraws.
    remove = reverse("evaluation:recusal_remove", args=[recusal.pk])
    assert client_for(officer).post(remove).status_code == 404
    assert client_for(world["bureau_user"]).post(remove).status_code == 403
    assert Recusal.objects.exists()
    client_for(supervisor).post(remove)
    assert not Recusal.objects.exists()
