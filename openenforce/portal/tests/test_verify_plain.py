"""The verification page of a published item as a citizen reads it: one plain sentence
first (who published it, on which local day, and that the text is the one published then,
unchanged), the record entry and its proof folded below for experts; withdrawn, pending
and mismatching items are said as plainly."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from openenforce.disclosure import services as disclosure
from openenforce.ledger.services import publish_checkpoint
from openenforce.portal import selectors

# 07:30 in Changchun is still the previous day in UTC: the page must say the local day.
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-22T07:30:00+08:00")]

AGENCY = "长春新区社会事业发展局"


def _kind(item) -> str:
    with translation.override("zh-hans"):
        return str(item.get_kind_display())


def _verify(client, item) -> str:
    return client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()


def test_the_page_leads_with_a_plain_sentence_and_the_local_date(client, published):
    item = published()
    html = _verify(client, item)
    sentence = (
        f"这份{_kind(item)}由{AGENCY}于2026年9月22日公开，下列内容与当时登记的完全一致，未被改动。"
    )
    assert sentence in html
    assert "<dt>公开日期</dt><dd>2026年9月22日</dd>" in html
    assert "张某" in html  # the published (masked) text itself follows
    # The cryptographic detail is all there, folded under the sentence.
    fold = html.index('<details class="tech-details"')
    assert html.index(sentence) < fold
    for expert in ("技术核验信息", "RFC 9162", "openenforce portal verify", 'id="proof-data"'):
        assert html.index(expert) > fold, expert
    # The recorded event is named in words; its code only on hover.
    assert 'title="disclosure.publication.published">' in html
    assert ">disclosure.publication.published<" not in html


def test_a_withdrawn_item_says_it_is_no_longer_in_force(client, published, publisher):
    item = published()
    disclosure.withdraw_publication(
        item, actor=publisher, reason="复议机关撤销原处罚决定", ground="revoked"
    )
    publish_checkpoint(force=True)
    html = _verify(client, item)
    assert f"由{AGENCY}于2026年9月22日公开，已于2026年9月22日撤回，不再有效" in html
    assert "复议机关撤销原处罚决定" in html
    assert "未被改动" not in html and "张某" not in html


def test_a_text_that_does_not_match_the_record_is_said_plainly(client, published, monkeypatch):
    item = published()
    real = selectors.item_versions

    def mismatching(publication):
        *older, shown = real(publication)
        proof = dataclasses.replace(shown.proof, text_in_entry=False)
        return [*older, dataclasses.replace(shown, proof=proof)]

    monkeypatch.setattr(selectors, "item_versions", mismatching)
    html = _verify(client, item)
    assert f"本页显示的内容与{AGENCY}公开时登记的不一致，请不要轻信" in html
    assert "未被改动" not in html


def test_an_item_not_yet_under_a_checkpoint_asks_to_reload(client, published, monkeypatch):
    item = published()
    monkeypatch.setattr(selectors, "item_versions", lambda publication: [])
    html = _verify(client, item)
    assert "公开记录正在登记确认，请几秒钟后刷新本页" in html
    assert "未被改动" not in html and "<details" not in html
