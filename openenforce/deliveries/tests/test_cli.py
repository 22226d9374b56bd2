"""``openenforce deliveries rules|settle``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from openenforce.deliveries.services import serve_document


@pytest.mark.django_db
def test_rules_lists_methods_and_periods_with_articles():
    out = io.StringIO()
    call_command("deliveries", "rules", stdout=out)
    text = out.getvalue()
    assert "《民事诉讼法》第九十五条" in text and "《行政复议法》第二十条" in text


@pytest.mark.django_db
def test_settle_serves_announcements_whose_period_passed(decision, officer):
    delivery = serve_document(
        decision,
        actor=officer,
        method="announcement",
        recipient="张三",
        served_on=timezone.localdate(),
        announcement_medium="网站",
        reason="下落不明",
    )
    out = io.StringIO()
    call_command("deliveries", "settle", "--user", officer.username, stdout=out)
    assert out.getvalue() == ""
    later = delivery.deemed_served_on.isoformat()
    call_command("deliveries", "settle", "--user", officer.username, "--date", later, stdout=out)
    assert decision.number in out.getvalue()
    decision.case.refresh_from_db()
    assert decision.case.state == "execution"
