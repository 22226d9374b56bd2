"""The demo's service records: documents no case waits for are served, the others left
for the user; a second run creates nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from openenforce.deliveries.models import Delivery
from openenforce.demo.scenarios.deliveries import serve_demo_documents
from openenforce.testing.cases import act
from openenforce.testing.deliveries import issue


@pytest.mark.django_db
def test_demo_serves_what_no_case_waits_for_and_is_idempotent(
    decided_case,
    decision,
    agency,
    officer,
    team,
    head,
):
    from openenforce.testing.deliveries import decided

    other = decided(team, officer, head)
    act(other, "serve_decision", officer, served_on=timezone.localdate(), method="直接送达")
    served = issue(other, officer, "penalty_decision")
    made = serve_demo_documents(agency, officer)
    assert made == [f"service of {served.number}"]
    assert Delivery.objects.get().document == served  # the waiting decision is left alone
    decided_case.refresh_from_db()
    assert decided_case.state == "decided"
    assert serve_demo_documents(agency, officer) == []
