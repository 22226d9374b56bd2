"""The portal's case-file evaluation reports: nothing before publication (404), then the
agencies, grades, rates and problems, and no party's, officer's or evaluator's name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openenforce.cases.models import Case
from openenforce.evaluation import publication
from openenforce.evaluation.models import Evaluator
from openenforce.evaluation.tests.report_world import graded_campaign

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 0


@pytest.fixture
def graded(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    return graded_campaign(system_actor, agency, other_agency, justice_bureau, officer, supervisor)


def test_nothing_is_shown_before_publication(graded, client):
    listing = client.get(reverse("portal:evaluation_reports")).content.decode()
    assert graded.title not in listing
    assert client.get(reverse("portal:evaluation_report", args=[graded.pk])).status_code == 404
    assert client.get(reverse("portal:evaluation_report_pdf", args=[graded.pk])).status_code == 404


def test_the_published_report_is_public_and_masked(graded, client, supervisor, agency):
    publication.publish_report(graded, actor=supervisor)
    party = Case.objects.filter(agency=agency).first().parties.get().name
    assert party == "张三"  # the builders' party: it must not appear
    listing = client.get(reverse("portal:evaluation_reports"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert graded.title in listing.content.decode()
    response = client.get(
        reverse("portal:evaluation_report", args=[graded.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026年案卷评查情况通报" in page
    assert agency.name in page and "50.0%" in page and "100.0%" in page  # A's rates
    assert "要求L1" in page and "程序" in page  # the most frequent problem and its class
    assert party not in page
    names = [
        e.user.display_name
        for e in Evaluator.objects.filter(campaign=graded).select_related("user")
        if e.user.display_name
    ]
    text = re.sub(r"<[^>]+>", " ", page)  # what a reader sees (not the links' paths)
    assert names and not [name for name in names if name in text]
    assert "未按规定装订" not in page  # no evaluator's comment
    pdf = client.get(reverse("portal:evaluation_report_pdf", args=[graded.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    agency_page = client.get(reverse("portal:agency", args=[agency.code])).content.decode()
    assert reverse("portal:evaluation_reports") in agency_page
    client.get(reverse("portal:language"), {"language": "en"})
    english = client.get(reverse("portal:evaluation_report", args=[graded.pk])).content.decode()
    assert "Exemplary files" in english and "Pass rate" in english
