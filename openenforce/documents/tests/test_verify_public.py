"""The public verification page of a document as a citizen reads it: one plain sentence
first (who issued it, on which local day, and that it is unchanged), the technical detail
folded below; and the box to type a verification code, which forgives spaces, letter case
and a pasted address, and answers an unknown code plainly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openenforce.documents import selectors

# 07:30 in Changchun is still the previous day in UTC: the page must say the local day.
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T07:30:00+08:00")]

LOOKUP = "/documents/verify/"
AGENCY = "长春新区社会事业发展局"


def _page(client, document):
    return client.get(reverse("documents:verify", args=[document.verification_code])).text


def test_the_page_leads_with_a_plain_sentence_and_the_local_date(case, issue, client):
    document = issue(case)
    text = _page(client, document)
    sentence = (
        f"这份{document.title}由{AGENCY}于2026年11月20日制发，"
        "下列内容与当时登记的完全一致，未被改动。"
    )
    assert sentence in text
    assert "2026年11月19日" not in text and "2026-11-19" not in text  # never the UTC day
    # The digest and the record entry are there for experts, folded under the sentence.
    fold = text.index("<details")
    assert "技术核验信息" in text[fold:]
    assert text.index(sentence) < fold < text.index(document.sha256)


def test_a_corrected_document_says_which_one_is_in_force(case, issue, head, client):
    from openenforce.documents import services

    old = issue(case)
    new = services.correct_document(old, actor=head, data={}, reason="笔误")
    text = _page(client, old)
    assert f"已于2026年11月20日更正，应以更正后的文书{new.number}为准" in text
    assert "未被改动" in _page(client, new)


def test_a_digest_missing_from_the_record_is_said_plainly(case, issue, client, monkeypatch):
    document = issue(case)
    monkeypatch.setattr(selectors, "recorded_digests", lambda _document: [])
    text = _page(client, document)
    assert "下列内容与这份文书制发时登记的不一致，请不要轻信" in text
    assert "未被改动" not in text


def test_the_portal_home_and_the_page_have_the_code_box(case, issue, client):
    document = issue(case)
    for html in (client.get("/portal/").text, _page(client, document)):
        assert f'action="{LOOKUP}"' in html and 'name="code"' in html


def test_a_typed_code_leads_to_its_page_despite_spaces_case_and_a_pasted_address(
    case, issue, client
):
    document = issue(case)
    code = document.verification_code
    target = reverse("documents:verify", args=[code])
    spaced = " ".join([code[:6], code[6:12], code[12:]])
    pasted = f"https://example.org/documents/verify/{code}"
    for typed in (code, spaced, f"  {code}\n", pasted, code.swapcase()):
        response = client.get(LOOKUP, {"code": typed})
        assert response.status_code == 302 and response["Location"] == target, typed


@pytest.mark.parametrize("typed", ["no-such-code", "²²²", "x" * 300, "<script>"])
def test_a_bad_code_gets_a_plain_not_found_page_with_the_box_again(case, issue, client, typed):
    issue(case)
    response = client.get(LOOKUP, {"code": typed})
    assert response.status_code == 404
    assert "没有找到这个核验码" in response.text
    assert 'name="code"' in response.text and "<script>" not in response.text.split("<main")[1]
    direct = client.get(reverse("documents:verify", args=["no-such-code"]))
    assert direct.status_code == 404 and "没有找到这个核验码" in direct.text


def test_an_empty_box_asks_for_the_code(client):
    response = client.get(LOOKUP)
    assert response.status_code == 200 and 'name="code"' in response.text
    assert "没有找到" not in response.text


def test_code_lookups_are_limited_per_address(case, issue, client, settings):
    document = issue(case)
    settings.OPENENFORCE_CODE_LOOKUPS_PER_HOUR = 2
    assert client.get(LOOKUP, {"code": "wrong-1"}).status_code == 404
    assert client.get(LOOKUP, {"code": document.verification_code}).status_code == 302
    refused = client.get(LOOKUP, {"code": document.verification_code})
    assert refused.status_code == 429 and "一小时" in refused.text
    other = client.get(LOOKUP, {"code": document.verification_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address still has its allowance
    # The page a QR code opens is not limited: only unknown codes count.
    page = client.get(reverse("documents:verify", args=[document.verification_code]))
    assert page.status_code == 200
