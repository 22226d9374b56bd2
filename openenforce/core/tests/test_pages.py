"""Site furniture a user sees on every page: navigation, error pages, the login title."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_page_is_answered_in_chinese(client_for, officer):
    response = client_for(officer).get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in text
    assert "Not Found" not in text


def test_other_agencys_officer_is_a_chinese_404(client_for, outsider, agency, system_actor):
    from openenforce.catalog.models import Officer
    from openenforce.catalog.services import save_entry

    officer = save_entry(Officer(agency=agency, code="O1", name="王某"), actor=system_actor)
    response = client_for(outsider).get(reverse("catalog:detail", args=["officers", officer.pk]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_refusal_page_is_in_chinese(client_for, officer):
    response = client_for(officer).get(reverse("reviews:queue"))
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_top_nav_links_the_main_areas_and_hides_reviews_from_officers(client_for, officer):
    text = client_for(officer).get(reverse("workbench:list")).content.decode()
    for url in (reverse("workbench:list"), reverse("catalog:index"), reverse("calendar:calendar")):
        assert f'href="{url}"' in text
    assert f'href="{reverse("reviews:queue")}"' not in text
    assert 'class="subnav"' not in text


def test_reviewers_see_the_reviews_link(client_for, reviewer):
    text = client_for(reviewer).get(reverse("workbench:list")).content.decode()
    assert f'href="{reverse("reviews:queue")}"' in text


def test_catalogue_pages_show_the_catalogue_sections(client_for, officer):
    text = client_for(officer).get(reverse("catalog:list", args=["matters"])).content.decode()
    assert 'class="subnav"' in text
    for kind in ("matters", "bases", "officers", "inspections", "recordings", "reviews"):
        assert f'href="{reverse("catalog:list", args=[kind])}"' in text


def test_login_page_is_titled_with_the_site_name_not_the_host(client, settings):
    text = client.get(reverse("login")).content.decode()
    assert f"· {settings.OPENENFORCE_SITE_NAME}</title>" in text
    assert "testserver" not in text


def test_the_agency_a_supervisor_chose_follows_the_catalogue_sections(
    client_for, supervisor, agency
):
    url = reverse("catalog:list", args=["matters"]) + f"?agency={agency.pk}"
    text = client_for(supervisor).get(url).content.decode()
    assert f'href="{reverse("catalog:list", args=["officers"])}?agency={agency.pk}"' in text
