"""A closed major penalty case's case file holds every part the archive rules want, in
their order (collect.SECTIONS): the legal review opinion after the investigation report and
before the prior notice, the party's written waiver, the decision, the payment and the
closing report; steps in words, times local (+08:00)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from openenforce.casefiles.services import build_case_file_pdf
from openenforce.recordings import media
from openenforce.recordings.services import add_recording, checkout_device, register_device
from openenforce.testing.cases import WRITTEN, act, to_report
from openenforce.testing.reviews import entry, opinion, qualify, submit

pytestmark = pytest.mark.clock(WRITTEN)


def _record(case, step, officer, admin_user):
    """A recording of ``step`` made an hour ago (10:00 +08:00 is 02:00 UTC)."""
    camera = register_device(actor=admin_user, code="ZFJLY-001", kind="body_camera")
    now = timezone.now()
    checkout_device(camera, actor=officer, officer="O1", at=now - datetime.timedelta(hours=3))
    add_recording(
        case,
        actor=officer,
        step=step,
        device=camera,
        officer="O1",
        started_at=now - datetime.timedelta(hours=1),
        ended_at=now - datetime.timedelta(minutes=30),
        place="当事人经营场所",
        stream=io.BytesIO(media.wav_clip(seconds=0.5)),
    )


@pytest.fixture
def major_closed(team, officer, head, reviewer, agency, system_actor, admin_user):
    entry(agency, system_actor, fine_threshold_person=Decimal("10000"))
    case = to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("150000")
    )
    _record(case, "conclude_investigation", officer, admin_user)
    case = submit(case, officer)
    case = act(case, "assign_reviewer", head, reviewer=qualify(reviewer, system_actor).username)
    case = opinion(case, reviewer, reasons="事实清楚，证据充分，同意拟处罚意见")
    case = act(case, "serve_prior_notice", officer, served_on="2026-11-02", method="直接送达")
    case = act(case, "waive_defence", officer, waived_on="2026-11-03", document="放弃陈述申辩书")
    case = act(
        case,
        "decide",
        head,
        outcome="penalty",
        decision_text="罚款150000元",
        decided_on="2026-11-05",
    )
    case = act(case, "serve_decision", officer, served_on="2026-11-06", method="直接送达")
    case = act(case, "record_payment", officer, paid_on="2026-11-10", amount="150000")
    return act(case, "close_case", officer, closed_on="2026-11-12")


def _pages(case) -> list[str]:
    reader = PdfReader(io.BytesIO(build_case_file_pdf(case)))
    return [page.extract_text().replace("\n", "") for page in reader.pages]


def _first_page_of(pages: list[str], title: str) -> int:
    return next(n for n, text in enumerate(pages) if text.lstrip().startswith(title))


@pytest.mark.django_db
def test_a_closed_major_case_file_holds_every_part_in_the_archive_order(major_closed):
    pages = _pages(major_closed)
    body = pages[2:]
    order = [
        "立案审批",
        "音像记录",
        "调查终结报告",
        "法制审核意见书（第 1 轮）",
        "行政处罚事先告知",
        "放弃陈述申辩书面声明",
        "处理决定记录",
        "决定书送达",
        "罚款缴纳记录",
        "结案报告",
    ]
    at = [_first_page_of(body, title) for title in order]
    assert at == sorted(at), dict(zip(order, at, strict=True))
    recordings, review = body[at[1]], body[at[3]]
    assert "提交调查终结报告2026-11-20 09:00+08:00" in recordings  # the step in words, local
    assert "事实清楚，证据充分，同意拟处罚意见" in review and "同意" in review
    assert "执法主体是否合法 通过" in review  # the checklist, point by point
    assert "放弃陈述申辩书" in body[at[5]]
    assert "150000" in body[at[8]]
    contents = pages[1]
    assert all(title in contents for title in order)
    text = "".join(pages)
    assert not re.search(r"[a-z]+_[a-z_]+", text), re.findall(r"[a-z]+_[a-z_]+", text)
    assert "+08:00" in review and "+00:00" not in text


@pytest.mark.django_db
def test_a_statement_is_filed_instead_of_a_waiver(team, officer, head):
    case = act(
        act(
            to_report(team, officer, head),
            "serve_prior_notice",
            officer,
            served_on="2026-11-02",
            method="直接送达",
        ),
        "record_statement",
        officer,
        received_on="2026-11-03",
        statement="当事人称已整改",
    )
    pages = _pages(case)
    assert any("当事人称已整改" in text for text in pages)
    assert not any("放弃陈述申辩" in text for text in pages)
    assert not any("法制审核意见书" in text for text in pages)  # no review, no page
