"""The pages per role and in both languages: the bureau's supervisors manage; the
appraised agency reads its own confirmed scorecard; everyone else gets 404."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from openenforce.appraisal import services
from openenforce.appraisal.models import Scheme, Scorecard
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)


def get(client, name, *args, lang="zh-hans"):
    client.cookies["django_language"] = lang
    return client.get(reverse(f"appraisal:{name}", args=args), HTTP_ACCEPT_LANGUAGE=lang)


def test_the_supervisor_creates_publishes_and_computes_from_the_pages(
    client_for, supervisor, activity, justice_bureau
):
    client = client_for(supervisor)
    page = get(client, "schemes")
    assert page.status_code == 200
    assert "评议考核" in page.text and "按本系统建议新建考核方案" in page.text
    response = client.post(reverse("appraisal:load"), {"year": "2026"})
    scheme = Scheme.objects.get(agency=justice_bureau, year=2026)
    assert response.status_code == 302
    page = get(client, "scheme", scheme.pk)
    assert "本系统建议" in page.text and "发布方案" in page.text
    client.post(reverse("appraisal:publish", args=[scheme.pk]))
    client.post(reverse("appraisal:compute", args=[scheme.pk]))
    assert Scorecard.objects.filter(scheme=scheme).count() == 1
    page = get(client, "scheme", scheme.pk)
    assert "66.7%" in page.text and "无数据" in page.text
    assert "无相关事项" in page.text


def test_a_year_not_begun_is_refused_in_words(client_for, supervisor):
    client = client_for(supervisor)
    response = client.post(reverse("appraisal:load"), {"year": "2031"}, follow=True)
    assert "请选择已经开始的年度" in response.text
    assert Scheme.objects.count() == 0


def test_the_side_by_side_values_drill_down_to_the_supervision_lists(
    client_for, supervisor, card, agency
):
    client = client_for(supervisor)
    page = get(client, "scheme", card.scheme.pk)
    link = reverse("supervision:list", args=["officers"])
    assert link in page.text
    start = page.text.index(link)
    url = page.text[start : page.text.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlparse(url).query)
    assert query["agency"] == [str(agency.pk)] and query["key"] == ["uncertified"]
    listing = client.get(url)
    assert listing.status_code == 200
    assert "执法O3" in listing.text  # the officer whose certificate expired
    assert "执法O1" not in listing.text


def test_the_table_exports_to_excel(client_for, supervisor, card):
    from openpyxl import load_workbook

    response = get(client_for(supervisor), "export", card.scheme.pk)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "执法主体"
    assert rows[1][0] == card.agency.name
    assert rows[1][-1] == float(card.total)
    assert "66.7%" in rows[1]


def test_the_scorecard_page_enters_points_and_confirms(client_for, supervisor, card):
    client = client_for(supervisor)
    page = get(client, "scorecard", card.pk)
    assert "外部评议" in page.text and "确认评分表" in page.text
    refused = client.post(
        reverse("appraisal:enter", args=[card.pk]),
        {"key": "external_review", "points": "90", "reason": ""},
        follow=True,
    )
    assert "理由" in refused.text
    client.post(
        reverse("appraisal:enter", args=[card.pk]),
        {"key": "external_review", "points": "90", "reason": "测评卡"},
    )
    client.post(reverse("appraisal:adjust", args=[card.pk]), {"points": "-1", "reason": "迟报"})
    client.post(reverse("appraisal:confirm", args=[card.pk]))
    card.refresh_from_db()
    assert card.is_confirmed
    assert card.manual["external_review"]["points"] == "90.00"
    page = get(client, "scorecard", card.pk)
    assert "确认评分表" not in page.text and "历年对比" in page.text


def test_the_pages_speak_english(client_for, supervisor, card):
    client = client_for(supervisor)
    page = get(client, "scheme", card.scheme.pk, lang="en")
    assert "Agencies side by side" in page.text and "No data" in page.text
    page = get(client, "scorecard", card.pk, lang="en")
    assert "Confirm the scorecard" in page.text and "Bonus and deductions" in page.text
    assert "确认评分表" not in page.text


def test_the_agency_reads_only_its_confirmed_scorecard(
    client_for, supervisor, card, head, officer, outsider
):
    assert get(client_for(head), "scorecard", card.pk).status_code == 404  # a draft
    assert get(client_for(head), "scheme", card.scheme.pk).status_code == 404
    services.confirm(card, actor=supervisor)
    for user in (head, officer):
        page = get(client_for(user), "scorecard", card.pk)
        assert page.status_code == 200
        assert "确认评分表" not in page.text and "录入" not in page.text
        listing = get(client_for(user), "schemes")
        assert listing.status_code == 200 and "本单位考核结果" in listing.text
        assert get(client_for(user), "scheme", card.scheme.pk).status_code == 404
        assert get(client_for(user), "export", card.scheme.pk).status_code == 404
        refused = client_for(user).post(reverse("appraisal:confirm", args=[card.pk]))
        assert refused.status_code == 302  # refused in words, nothing changes
    for name in ("scorecard",):
        assert get(client_for(outsider), name, card.pk).status_code == 404
    assert get(client_for(outsider), "schemes").status_code == 404
    assert get(client_for(outsider), "scheme", card.scheme.pk).status_code == 404


def test_an_agency_user_cannot_change_a_scorecard(client_for, supervisor, card, head):
    services.confirm(card, actor=supervisor)
    before = (card.total, card.manual)
    client_for(head).post(
        reverse("appraisal:enter", args=[card.pk]),
        {"key": "external_review", "points": "100", "reason": "自评"},
    )
    card.refresh_from_db()
    assert (card.total, card.manual) == before


def test_the_menu_offers_the_appraisal_to_supervisors_only(client_for, supervisor, head):
    url = reverse("appraisal:schemes")
    assert url in get(client_for(supervisor), "schemes").text
    home = client_for(head).get(reverse("home"))
    assert f'href="{url}"' not in home.text
