"""The supervisor reads the issued documents of the agencies their bureau supervises
(page and PDF, each download recorded), never another agency's, and never corrects."""

import pytest
from django.urls import reverse

from openenforce.accounts.models import Role
from openenforce.accounts.services import create_user
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_supervisor(other_agency, system_actor):
    """A supervisor of a body that does not supervise the decision's agency."""
    return create_user(
        "far-supervisor",
        actor=system_actor,
        agency=other_agency,
        roles=[Role.SUPERVISOR],
        password="correct horse battery 42",  # noqa: S106
        display_name="far",
    )


def test_the_supervisor_reads_a_supervised_agencys_decision(decision, supervisor, client_for):
    client = client_for(supervisor)
    page = client.get(reverse("documents:view", args=[decision.pk]))
    assert page.status_code == 200 and decision.number in page.text
    assert reverse("documents:correct", args=[decision.pk]) not in page.text
    pdf = client.get(reverse("documents:pdf", args=[decision.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    downloaded = Entry.objects.filter(event_type="documents.document.downloaded")
    assert [e.actor_id for e in downloaded] == [supervisor.pk]
    assert client.get(reverse("documents:correct", args=[decision.pk])).status_code == 403
    assert client.post(reverse("documents:correct", args=[decision.pk]), {}).status_code == 403


def test_a_supervisor_of_another_body_gets_404(decision, far_supervisor, client_for):
    client = client_for(far_supervisor)
    assert client.get(reverse("documents:view", args=[decision.pk])).status_code == 404
    assert client.get(reverse("documents:pdf", args=[decision.pk])).status_code == 404
