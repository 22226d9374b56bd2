"""Real commits on PostgreSQL: documents issued concurrently get gapless, unique numbers."""

import threading

import pytest
from django.db import connections

from openenforce.documents import render, services
from openenforce.documents.models import Document

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WRITERS, EACH = 6, 4


@pytest.fixture
def fast_pdf(monkeypatch):
    """A small distinct PDF per document: the race is about numbers, not rendering."""
    monkeypatch.setattr(render, "render_pdf", lambda html: b"%PDF-1.7\n" + html.encode())


def _issue(case, actor, doc_type, errors: list) -> None:
    try:
        for _ in range(EACH):
            services.issue_document(case, actor=actor, doc_type=doc_type, data={})
    except Exception as exc:  # reported by the main thread
        errors.append(exc)
    finally:
        connections.close_all()


def test_concurrent_issuing_leaves_no_gap_and_no_duplicate(case, head, fast_pdf):
    errors: list = []
    threads = [
        threading.Thread(target=_issue, args=(case, head, doc_type, errors))
        for doc_type in ["penalty_decision"] * WRITERS + ["prior_notice"] * 2
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    decisions = Document.objects.filter(doc_type="penalty_decision")
    assert sorted(decisions.values_list("seq", flat=True)) == list(range(1, WRITERS * EACH + 1))
    assert decisions.values("number").distinct().count() == WRITERS * EACH
    notices = Document.objects.filter(doc_type="prior_notice").values_list("seq", flat=True)
    assert sorted(notices) == list(range(1, 2 * EACH + 1))
