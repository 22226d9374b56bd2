"""Editing a draft scheme: its fields, parts and weights, each indicator's numbers per
rule kind, adding a registered indicator, removing one, discarding the draft; a
published scheme stays fixed. Every change recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from openenforce.appraisal import services
from openenforce.appraisal.models import Indicator, Scheme
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)


@pytest.fixture
def draft(justice_bureau, supervisor):
    return services.load_scheme(justice_bureau, 2026, actor=supervisor)


def last_event() -> str:
    return Entry.objects.order_by("-sequence").values_list("event_type", flat=True)[0]


def fields(error: InvalidInput) -> set[str]:
    return {p.field for p in error.problems}


def scheme_input(scheme, **changes):
    data = {
        "title": scheme.title,
        "basis": scheme.basis,
        "max_bonus": "5",
        "weights": dict(scheme.weights),
        "part_titles": dict(scheme.parts),
    }
    data.update(changes)
    return data


def test_the_scheme_edits_with_weights_adding_up_to_100(draft, supervisor):
    weights = {"daily": "30", "casefiles": "50", "external": "20"}
    titles = {**draft.parts, "daily": "通用标准", "casefiles": "专用标准"}
    scheme = services.edit_scheme(
        draft, actor=supervisor, **scheme_input(draft, weights=weights, part_titles=titles)
    )
    scheme.refresh_from_db()
    assert scheme.weights == {"daily": 30, "casefiles": 50, "external": 20}
    assert scheme.parts["daily"] == "通用标准"
    assert last_event() == "appraisal.scheme.edited"


def test_weights_not_adding_up_are_refused_naming_the_fields(draft, supervisor):
    weights = {"daily": "40", "casefiles": "50", "external": "20"}
    with pytest.raises(InvalidInput) as caught:
        services.edit_scheme(draft, actor=supervisor, **scheme_input(draft, weights=weights))
    assert "100" in str(caught.value) and "110" in str(caught.value)
    assert "weight_daily" in fields(caught.value)
    with pytest.raises(InvalidInput) as caught:
        services.edit_scheme(
            draft,
            actor=supervisor,
            **scheme_input(draft, weights={**draft.weights, "daily": "4.5"}),
        )
    assert fields(caught.value) == {"weight_daily"}
    with pytest.raises(InvalidInput) as caught:
        services.edit_scheme(draft, actor=supervisor, **scheme_input(draft, title="  "))
    assert fields(caught.value) == {"title"}
    with pytest.raises(InvalidInput) as caught:
        services.edit_scheme(draft, actor=supervisor, **scheme_input(draft, max_bonus="abc"))
    assert fields(caught.value) == {"max_bonus"}
    draft.refresh_from_db()
    assert draft.weights == {"daily": 50, "casefiles": 30, "external": 20}


def test_an_indicator_is_edited_per_rule_kind(draft, supervisor):
    linear = draft.indicators.get(key="timeliness")
    data = {"title": "办案时限", "points": "25", "target": "95", "floor": "70", "basis": "本地"}
    edited = services.edit_indicator(linear, actor=supervisor, data=data)
    edited.refresh_from_db()
    assert edited.rule == {"kind": "linear", "target": 95, "floor": 70}
    assert edited.points == Decimal("25.00") and not edited.proposal
    assert last_event() == "appraisal.indicator.edited"
    with pytest.raises(InvalidInput) as caught:
        services.edit_indicator(linear, actor=supervisor, data={**data, "target": "120"})
    assert fields(caught.value) == {"target"} and "0" in str(caught.value)
    with pytest.raises(InvalidInput) as caught:
        services.edit_indicator(linear, actor=supervisor, data={**data, "floor": ""})
    assert fields(caught.value) == {"floor"}
    with pytest.raises(InvalidInput) as caught:
        services.edit_indicator(linear, actor=supervisor, data={**data, "points": "0"})
    assert fields(caught.value) == {"points"}
    deduct = draft.indicators.get(key="litigation_lost")
    data = {"title": "败诉", "points": "10", "per_item": "3"}
    assert services.edit_indicator(deduct, actor=supervisor, data=data).rule == {
        "kind": "deduct",
        "per_item": 3,
    }
    with pytest.raises(InvalidInput) as caught:
        services.edit_indicator(deduct, actor=supervisor, data={**data, "per_item": "-1"})
    assert fields(caught.value) == {"per_item"}
    manual = draft.indicators.get(key="external_review")
    data = {"title": "群众评议", "points": "100"}
    assert services.edit_indicator(manual, actor=supervisor, data=data).rule == {"kind": "manual"}


def test_indicators_are_added_from_the_registry_and_removed(draft, supervisor):
    removed = draft.indicators.get(key="recording")
    services.remove_indicator(removed, actor=supervisor)
    assert last_event() == "appraisal.indicator.removed"
    assert not Indicator.objects.filter(pk=removed.pk).exists()
    assert [s.key for s in services.addable_keys(draft)] == ["recording"]
    with pytest.raises(InvalidInput) as caught:
        services.add_indicator(
            draft, actor=supervisor, data={"key": "timeliness", "part": "daily", "points": "5"}
        )
    assert fields(caught.value) == {"key"}
    with pytest.raises(InvalidInput) as caught:
        services.add_indicator(
            draft, actor=supervisor, data={"key": "nonsense", "part": "daily", "points": "5"}
        )
    assert fields(caught.value) == {"key"}
    data = {"key": "recording", "part": "daily", "points": "8", "target": "100", "floor": "60"}
    with pytest.raises(InvalidInput) as caught:
        services.add_indicator(draft, actor=supervisor, data={**data, "part": "nowhere"})
    assert fields(caught.value) == {"part"}
    added = services.add_indicator(draft, actor=supervisor, data=data)
    assert added.rule == {"kind": "linear", "target": 100, "floor": 60}
    assert list(draft.indicators.order_by("position"))[-1] == added
    assert str(added.title) and last_event() == "appraisal.indicator.added"


def test_a_draft_is_discarded_and_loaded_again(draft, supervisor, justice_bureau):
    count = draft.indicators.count()
    services.discard_scheme(draft, actor=supervisor)
    assert not Scheme.objects.filter(pk=draft.pk).exists()
    assert Entry.objects.filter(event_type="appraisal.indicator.removed").count() == count
    assert last_event() == "appraisal.scheme.discarded"
    again = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    assert again.indicators.count() == count


def test_a_published_scheme_stays_fixed(draft, supervisor):
    scheme = services.publish_scheme(draft, actor=supervisor)
    indicator = scheme.indicators.first()
    with pytest.raises(WrongState):
        services.edit_scheme(scheme, actor=supervisor, **scheme_input(scheme))
    with pytest.raises(WrongState):
        services.edit_indicator(indicator, actor=supervisor, data={"title": "x", "points": "1"})
    with pytest.raises(WrongState):
        services.remove_indicator(indicator, actor=supervisor)
    with pytest.raises(WrongState):
        services.discard_scheme(scheme, actor=supervisor)
    with pytest.raises(WrongState):
        services.add_indicator(scheme, actor=supervisor, data={})


def test_only_the_bodys_supervisors_edit(draft, head):
    with pytest.raises(NotPermitted):
        services.discard_scheme(draft, actor=head)
    with pytest.raises(NotPermitted):
        services.remove_indicator(draft.indicators.first(), actor=head)


def test_the_pages_edit_and_show_errors_in_chinese(client_for, draft, supervisor, head):
    client = client_for(supervisor)
    page = client.get(reverse("appraisal:scheme", args=[draft.pk]))
    assert "编辑方案" in page.text and "废弃草稿" in page.text
    post = {
        "title": "新标题",
        "max_bonus": "3",
        "basis": "",
        "part_title_daily": "日常执法",
        "part_title_casefiles": "案卷评查",
        "part_title_external": "外部评议",
        "weight_daily": "60",
        "weight_casefiles": "30",
        "weight_external": "20",
    }
    url = reverse("appraisal:edit_scheme", args=[draft.pk])
    response = client.post(url, post, follow=True)
    assert "各部分权重之和须为100" in response.text
    response = client.post(url, {**post, "weight_daily": "50"}, follow=True)
    draft.refresh_from_db()
    assert draft.title == "新标题" and draft.max_bonus == Decimal("3")
    indicator = draft.indicators.get(key="timeliness")
    response = client.post(
        reverse("appraisal:edit_indicator", args=[indicator.pk]),
        {"title": "办案时限", "points": "20", "target": "abc", "floor": "80"},
        follow=True,
    )
    assert "目标值" in response.text and response.status_code == 200
    client.post(reverse("appraisal:discard", args=[draft.pk]))
    assert not Scheme.objects.filter(pk=draft.pk).exists()
    other = client_for(head)
    assert other.post(reverse("appraisal:discard", args=[1])).status_code == 404
