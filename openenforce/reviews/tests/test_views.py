"""The reviewer's pages: who may see them, the queue, and the opinion through the case
lifecycle (allowed and forbidden per role, other agencies 404)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from openenforce.reviews.checklist import POINT_CODES
from openenforce.reviews.selectors import latest_review
from openenforce.reviews.tests.conftest import submit
from openenforce.testing.cases import WRITTEN, act

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def opinion_form(outcome="agree", reasons="同意", **results) -> dict:
    form = {"outcome": outcome, "reasons": reasons}
    for code in POINT_CODES:
        form[f"point-{code}"] = results.get(code, "pass")
        form[f"note-{code}"] = ""
    return form


def test_queue_lists_my_reviews_by_urgency(client_for, in_review, qualified):
    response = client_for(qualified).get(reverse("reviews:queue"))
    assert response.status_code == 200
    review = latest_review(in_review)
    assert response.context["queues"]["overdue"] + response.context["queues"]["due_soon"] + (
        response.context["queues"]["pending"]
    ) == [review]
    assert reverse("reviews:detail", args=[review.pk]) in response.content.decode()


def test_queue_shows_unassigned_reviews_to_the_head(client_for, major_case, officer, head):
    review_case = submit(major_case, officer)
    response = client_for(head).get(reverse("reviews:queue"))
    assert response.context["queues"]["unassigned"] == [latest_review(review_case)]


def test_officers_and_publishers_may_not_open_the_review_pages(
    client_for, in_review, officer, publisher
):
    review = latest_review(in_review)
    assert client_for(officer).get(reverse("reviews:queue")).status_code == 403
    assert client_for(publisher).get(reverse("reviews:detail", args=[review.pk])).status_code == 403


def test_another_agency_gets_404(client_for, in_review, outsider):
    review = latest_review(in_review)
    assert client_for(outsider).get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_review_page_shows_the_reasons_materials_and_form(client_for, in_review, qualified):
    review = latest_review(in_review)
    response = client_for(qualified).get(reverse("reviews:detail", args=[review.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and response.context["may_record"]
    assert "SH-01" in body and "调查终结报告" in body and 'name="point-crime"' in body


def test_the_head_sees_the_page_without_the_opinion_form(client_for, in_review, head):
    review = latest_review(in_review)
    response = client_for(head).get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 200 and not response.context["may_record"]
    assert 'name="point-crime"' not in response.content.decode()


def test_the_reviewer_records_the_opinion(client_for, in_review, qualified):
    review = latest_review(in_review)
    url = reverse("reviews:opinion", args=[review.pk])
    response = client_for(qualified).post(url, opinion_form())
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.outcome == "agree" and review.case.state == "report"


def test_a_refused_opinion_is_shown_on_the_form(client_for, in_review, qualified):
    review = latest_review(in_review)
    url = reverse("reviews:opinion", args=[review.pk])
    response = client_for(qualified).post(
        url, opinion_form("agree", facts="fail"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Say why this point fails" in response.content.decode()
    assert latest_review(in_review).is_pending


def test_only_the_assigned_reviewer_may_record(client_for, in_review, head):
    review = latest_review(in_review)
    response = client_for(head).post(reverse("reviews:opinion", args=[review.pk]), opinion_form())
    assert response.status_code == 403
    assert latest_review(in_review).is_pending


def test_the_head_assigns_and_an_officer_may_not(client_for, major_case, officer, head, qualified):
    case = submit(major_case, officer)
    review = latest_review(case)
    url = reverse("reviews:assign", args=[review.pk])
    assert client_for(officer).post(url, {"reviewer": qualified.username}).status_code == 403
    page = client_for(head).get(reverse("reviews:detail", args=[review.pk]))
    assert page.context["reviewers"] == [qualified]
    assert client_for(head).post(url, {"reviewer": qualified.username}).status_code == 302
    assert latest_review(case).reviewer == qualified


def test_confirming_changes(client_for, in_review, qualified, officer):
    act(
        in_review,
        "record_review_outcome",
        qualified,
        outcome="agree_with_changes",
        reasons="下调罚款",
        checklist=opinion_json(),
    )
    review = latest_review(in_review)
    url = reverse("reviews:confirm", args=[review.pk])
    assert client_for(officer).post(url).status_code == 403
    review.refresh_from_db()
    assert not review.passed
    assert client_for(qualified).post(url, {"note": "已修改"}).status_code == 302
    review.refresh_from_db()
    assert review.passed


def opinion_json() -> str:
    import json

    from openenforce.reviews.tests.conftest import checklist

    return json.dumps(checklist())


def test_admin_records_a_qualification_through_the_service(client_for, system_actor, reviewer):
    from openenforce.accounts.services import create_user
    from openenforce.ledger.models import Entry

    root = create_user("root", actor=system_actor, agency=None, password="x", is_superuser=True)
    url = reverse("admin:reviews_reviewerqualification_add")
    response = client_for(root).post(
        url, {"user": reviewer.pk, "certificate_number": "A2021", "obtained_on": "2021-05-01"}
    )
    assert response.status_code == 302
    assert reviewer.review_qualification.certificate_number == "A2021"
    assert Entry.objects.filter(event_type="reviews.reviewerqualification.recorded").exists()


def test_reviews_are_read_only_in_the_admin(client_for, head):
    assert client_for(head).get(reverse("admin:reviews_legalreview_add")).status_code in (302, 403)


def test_the_queue_needs_a_bounded_number_of_queries(
    client_for, in_review, qualified, team, officer, head, django_assert_max_num_queries
):
    from decimal import Decimal

    from openenforce.testing.cases import to_report

    client = client_for(qualified)
    client.get(reverse("reviews:queue"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reviews:queue"))
    for _ in range(3):
        case = to_report(
            team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("30000")
        )
        act(submit(case, officer), "assign_reviewer", head, reviewer=qualified.username)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reviews:queue"))
    assert len(response.context["queues"]["pending"] + response.context["queues"]["due_soon"]) >= 4


def test_a_supervisor_reads_the_review_but_cannot_act(client_for, in_review, supervisor):
    review = latest_review(in_review)
    response = client_for(supervisor).get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 200
    assert not (response.context["may_record"] or response.context["may_assign"])
    url = reverse("reviews:assign", args=[review.pk])
    assert client_for(supervisor).post(url, {"reviewer": "reviewer"}).status_code == 403


def test_the_review_page_links_to_the_case_page(client_for, in_review, qualified):
    review = latest_review(in_review)
    body = client_for(qualified).get(reverse("reviews:detail", args=[review.pk])).content
    assert reverse("workbench:case", args=[in_review.pk]).encode() in body


def test_the_case_page_sends_the_reviewer_to_the_review_page(client_for, in_review, qualified):
    text = client_for(qualified).get(reverse("workbench:case", args=[in_review.pk])).text
    review_url = reverse("reviews:detail", args=[latest_review(in_review).pk])
    assert review_url in text and "Open the legal review page" in text
    assert reverse("workbench:act", args=[in_review.pk, "record_review_outcome"]) not in text


def test_assigning_offers_the_qualified_reviewers(major_case, officer, head, qualified):
    from openenforce.cases.engine import available_actions

    case = submit(major_case, officer)
    [offer] = [o for o in available_actions(case, head) if o.code == "assign_reviewer"]
    [spec] = offer.inputs
    assert spec["type"] == "choice" and spec["choices"] == [[qualified.username, str(qualified)]]


@pytest.mark.parametrize("garbled", ["²", "9" * 100, ""])
def test_a_garbled_opinion_or_assignment_is_refused_never_a_500(
    client_for, in_review, head, qualified, garbled
):
    review = latest_review(in_review)
    url = reverse("reviews:opinion", args=[review.pk])
    response = client_for(qualified).post(url, {"outcome": garbled, "point-facts": garbled})
    assert response.status_code in (200, 409, 422) and latest_review(in_review).is_pending
    url = reverse("reviews:assign", args=[review.pk])
    response = client_for(head).post(url, {"reviewer": garbled}, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]
    assert latest_review(in_review).reviewer == qualified


def test_the_supervisor_oversees_every_pending_review_with_its_agency(
    client_for, in_review, supervisor, agency, other_agency
):
    review = latest_review(in_review)
    link = reverse("reviews:detail", args=[review.pk])
    client = client_for(supervisor)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "Legal reviews" in page and "My reviews" not in page
    assert link in page and agency.name in page and '<select name="agency">' in page
    assert link in client.get(reverse("reviews:queue") + f"?agency={agency.pk}").content.decode()
    for junk in (str(other_agency.pk), "²", "99999999999999999999"):
        response = client.get(reverse("reviews:queue") + f"?agency={junk}")
        assert response.status_code == 200 and link not in response.content.decode()
    detail = client.get(link).content.decode()
    posts = re.findall(r'<form[^>]*method="post"[^>]*>', detail)
    assert [f for f in posts if "/accounts/logout/" not in f and "/i18n/" not in f] == []
    confirm = client.post(reverse("reviews:confirm", args=[review.pk]), {"note": "x"})
    assert confirm.status_code == 403  # refused like the opinion and the assignment
    review.refresh_from_db()
    assert not review.changes_confirmed_at


def test_a_reviewer_sees_only_their_own_queue_without_agency_column(
    client_for, in_review, qualified
):
    page = client_for(qualified).get(reverse("reviews:queue")).content.decode()
    assert "My reviews" in page and 'name="agency"' not in page
