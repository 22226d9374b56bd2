"""Staff pages and the public correction form: allowed, forbidden, scoped."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from openenforce.disclosure import services
from openenforce.disclosure.models import Correction, Publication


@pytest.fixture
def draft(decided):
    return decided().publications.get()


@pytest.fixture
def published(draft, publisher):
    return services.approve_publication(draft, actor=publisher, secrecy_checked=True)


@pytest.mark.django_db
def test_queue_lists_the_agencys_items_with_flags(client_for, publisher, draft):
    response = client_for(publisher).get(reverse("disclosure:queue"))
    assert response.status_code == 200
    assert draft.title in response.content.decode()


@pytest.mark.django_db
def test_queue_needs_login_and_hides_other_agencies(client, client_for, outsider, draft):
    assert client.get(reverse("disclosure:queue")).status_code == 302
    page = client_for(outsider).get(reverse("disclosure:queue")).content.decode()
    assert draft.title not in page
    assert (
        client_for(outsider).get(reverse("disclosure:detail", args=[draft.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_review_page_shows_original_and_masked_side_by_side(client_for, publisher, draft):
    page = client_for(publisher).get(reverse("disclosure:detail", args=[draft.pk])).content.decode()
    assert "张三" in page and "张某" in page  # staff see both
    assert reverse("disclosure:approve", args=[draft.pk]) in page


@pytest.mark.django_db
def test_supervisor_reads_but_cannot_approve(client_for, supervisor, draft):
    client = client_for(supervisor)
    page = client.get(reverse("disclosure:detail", args=[draft.pk])).content.decode()
    assert reverse("disclosure:approve", args=[draft.pk]) not in page
    response = client.post(
        reverse("disclosure:approve", args=[draft.pk]), {"secrecy_checked": "on"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT


@pytest.mark.django_db
def test_publisher_masks_more_and_approves(client_for, publisher, draft):
    client = client_for(publisher)
    client.post(reverse("disclosure:mask", args=[draft.pk]), {"strings": "十五日内整改"})
    response = client.post(reverse("disclosure:approve", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT  # the secrecy check was not confirmed
    client.post(reverse("disclosure:approve", args=[draft.pk]), {"secrecy_checked": "on"})
    draft.refresh_from_db()
    assert draft.status == Publication.Status.PUBLISHED
    assert "十五日内整改" not in draft.masked_text


@pytest.mark.django_db
def test_publisher_withdraws_and_exempts(client_for, publisher, published, decided):
    client = client_for(publisher)
    client.post(
        reverse("disclosure:withdraw", args=[published.pk]),
        {"ground": "revoked", "reason": "复议撤销", "changed_on": ""},
    )
    published.refresh_from_db()
    assert published.status == Publication.Status.WITHDRAWN
    other = decided().publications.get()
    client.post(
        reverse("disclosure:exempt", args=[other.pk]),
        {"exemption": "privacy", "note": "涉及个人隐私"},
    )
    other.refresh_from_db()
    assert other.status == Publication.Status.EXEMPT


@pytest.mark.django_db
def test_anyone_requests_a_correction_without_login(client, published, settings):
    cache.clear()
    url = reverse("disclosure:correction_new", args=[published.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "日期有误", "name": "王五"})
    assert response.status_code == 200
    assert Correction.objects.filter(publication=published, description="日期有误").exists()


@pytest.mark.django_db
def test_corrections_are_rate_limited_per_address(client, published, settings):
    cache.clear()
    settings.OPENENFORCE_CORRECTIONS_PER_HOUR = 2
    url = reverse("disclosure:correction_new", args=[published.pk])
    codes = [client.post(url, {"description": f"第{n}次"}).status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert Correction.objects.count() == 2


@pytest.mark.django_db
def test_no_correction_form_for_drafts(client, draft):
    assert client.get(reverse("disclosure:correction_new", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_staff_handle_a_correction(client_for, publisher, outsider, published, system_actor):
    correction = services.request_correction(published, actor=system_actor, description="错字")
    url = reverse("disclosure:handle_correction", args=[correction.pk])
    assert client_for(outsider).post(url, {"response": "x"}).status_code == 404
    client = client_for(publisher)
    client.post(url, {"decision": "reject", "response": "内容准确"})
    correction.refresh_from_db()
    assert correction.status == Correction.Status.REJECTED


@pytest.mark.django_db
def test_case_panel_lists_the_cases_publications(rf, publisher, outsider, draft):
    from openenforce.disclosure.panels import case_panel

    request = rf.get("/")
    request.user = publisher
    html = case_panel(request, draft.case)
    assert reverse("disclosure:detail", args=[draft.pk]) in html
    request.user = outsider
    assert case_panel(request, draft.case) is None


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-13-45", "²", "9" * 100])
def test_a_garbled_withdrawal_date_is_refused_with_the_field_message(
    client_for, publisher, published, day
):
    client = client_for(publisher)
    response = client.post(
        reverse("disclosure:withdraw", args=[published.pk]),
        {"ground": "revoked", "reason": "复议撤销", "changed_on": day},
        follow=True,
    )
    assert response.status_code == 200
    assert "请输入有效日期（YYYY-MM-DD）。" in [str(m) for m in response.context["messages"]]
    published.refresh_from_db()
    assert published.status == Publication.Status.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("moment", ["2026-13-45 10:00", "²", "9" * 100])
def test_a_garbled_publication_time_is_refused_with_the_field_message(
    client_for, publisher, draft, moment
):
    response = client_for(publisher).post(
        reverse("disclosure:approve", args=[draft.pk]),
        {"secrecy_checked": "on", "publish_at": moment, "remove": ["²", "9" * 100]},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert "请输入日期和时间（YYYY-MM-DD HH:MM）。" in messages
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT


@pytest.mark.django_db
def test_a_garbled_mask_or_correction_post_is_no_500(client_for, publisher, draft):
    client = client_for(publisher)
    response = client.post(
        reverse("disclosure:mask", args=[draft.pk]), {"remove": ["²", "9" * 100]}, follow=True
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_supervisor_filters_the_queue_by_agency(
    client_for, supervisor, draft, agency, other_agency
):
    client = client_for(supervisor)
    link = reverse("disclosure:detail", args=[draft.pk])
    page = client.get(reverse("disclosure:queue")).content.decode()
    assert link in page and agency.name in page and '<select name="agency">' in page
    assert link in client.get(reverse("disclosure:queue") + f"?agency={agency.pk}").content.decode()
    for junk in (str(other_agency.pk), "²", "99999999999999999999", "x"):
        response = client.get(reverse("disclosure:queue") + f"?agency={junk}")
        assert response.status_code == 200 and link not in response.content.decode()


@pytest.mark.django_db
def test_the_publisher_sees_no_agency_filter(client_for, publisher, draft):
    page = client_for(publisher).get(reverse("disclosure:queue")).content.decode()
    assert draft.title in page and 'name="agency"' not in page


@pytest.mark.django_db
def test_the_queue_cites_its_periods_in_chinese(client_for, supervisor, draft):
    page = client_for(supervisor).get(reverse("disclosure:queue")).content.decode()
    assert "《行政处罚法》第四十八条" in page and "Art 48" not in page


@pytest.mark.django_db
@pytest.mark.clock("2026-09-22T10:00:00+08:00")
def test_queue_groups_later_drafts_by_kind_with_the_next_step(client_for, publisher, draft):
    response = client_for(publisher).get(reverse("disclosure:queue"))
    groups = response.context["pending_by_kind"]
    assert [(g["kind"], g["items"]) for g in groups] == [("penalty", [draft])]
    page = response.content.decode()
    assert str(Publication.Kind.PENALTY.label) in page
    assert reverse("disclosure:detail", args=[draft.pk]) + "#review-h" in page  # next step


@pytest.mark.django_db
@pytest.mark.clock("2026-10-20T10:00:00+08:00")
def test_the_draft_page_puts_the_next_step_first_with_the_due_date(client_for, publisher, draft):
    page = client_for(publisher).get(reverse("disclosure:detail", args=[draft.pk]))
    html = page.content.decode()
    step = html[html.index('id="next-step"') : html.index('id="review-h"')]
    assert 'href="#review-h"' in step and 'href="#approve-h"' in step
    assert draft.due_on.isoformat() in step and "badge-bad" in step  # overdue by 20 Oct


@pytest.mark.django_db
def test_the_exemption_reason_has_no_default_and_must_be_chosen(client_for, publisher, draft):
    client = client_for(publisher)
    html = client.get(reverse("disclosure:detail", args=[draft.pk])).content.decode()
    select = html[
        html.index('<select id="exemption"') : html.index(
            "</select>", html.index('<select id="exemption"')
        )
    ]
    assert '<option value="" selected>' in select and select.count("selected") == 1
    response = client.post(
        reverse("disclosure:exempt", args=[draft.pk]),
        {"exemption": "", "note": "涉及个人隐私"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    assert any("理由" in m or "Reason" in m for m in messages), messages
