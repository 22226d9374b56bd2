"""The full demo with its year of activity, as the supervisor and the agencies see it.

The one module that loads the year (the others pass ``year=False``: it takes a minute).
Whatever day it runs, the year is the twelve months before that day.
"""

import datetime
import json
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F
from django.test import Client, override_settings
from django.utils import timezone, translation

from openenforce.accounts.models import Agency, User
from openenforce.alerts.models import Warning
from openenforce.annualreports.models import AnnualReport
from openenforce.appraisal.models import Scheme, Scorecard
from openenforce.cases.models import Case
from openenforce.core import todo
from openenforce.demo.data.accounts import BUREAU, JUSTICE, MARKET
from openenforce.demo.scenarios import evaluation, year
from openenforce.demo.services import load_demo
from openenforce.disclosure.models import Publication
from openenforce.evaluation import campaigns, report
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    FileResult,
    Objection,
    RecheckPolicy,
    RectificationNotice,
    Score,
)
from openenforce.ledger import services as ledger
from openenforce.ledger import verify
from openenforce.ledger.models import Entry
from openenforce.remedies.models import Remedy
from openenforce.supervision import indicators

pytestmark = pytest.mark.slow
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo loaded once for this module, rolled back at the end."""
    with django_db_blocker.unblock(), FAST_HASHER:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(password="demo-test-password")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def _period() -> indicators.Period:
    today = timezone.localdate()
    return indicators.Period(year.window(today), today)


def _scope(code: str) -> indicators.Scope:
    return indicators.Scope(agency_ids=frozenset({Agency.objects.get(code=code).pk}))


def test_the_supervisor_sees_both_agencies_at_work(loaded):
    supervisor = User.objects.get(username="supervisor")
    scope = indicators.scope_for(supervisor)
    agencies = set(indicators.agencies_in(scope).values_list("code", flat=True))
    assert {BUREAU, MARKET} <= agencies
    period = _period()
    for code, least in ((BUREAU, 80), (MARKET, 40)):
        filed = indicators.filed_cases(_scope(code), period).count()
        decided = indicators.decided_cases(_scope(code), period).count()
        assert filed >= least, code
        assert decided >= least // 2, code


def test_the_market_agency_is_staffed_and_its_figures_are_not_zero(loaded):
    market = Agency.objects.get(code=MARKET)
    logins = set(User.objects.filter(agency=market).values_list("username", flat=True))
    assert {"amr-head", "amr-officer1", "amr-officer2", "amr-reviewer", "amr-publisher"} <= logins
    period, scope = _period(), _scope(MARKET)
    decisions = indicators.decisions(scope, period)
    assert decisions, decisions
    cases = Case.objects.filter(agency=market)
    assert cases.filter(procedure="licensing", outcome="granted").exists()
    assert cases.filter(procedure="inspection", counted_inspection=True).exists()
    assert cases.filter(procedure="inspection", counted_inspection=False).exists()
    assert cases.filter(outcome="no_penalty_minor").exists()
    assert cases.filter(judiciary_accepted_on__isnull=False).exists()
    assert Remedy.objects.filter(case__agency=market).exclude(result="").exists()


def test_most_publications_are_on_time_and_some_late(loaded):
    for code in (BUREAU, MARKET):
        counts = indicators.publications(_scope(code), _period())
        # The hand-written cases' items are approved at the load (some late) too.
        assert counts["on_time"] > 2 * counts["late"] > 0, (code, counts)
        mine = Publication.objects.filter(
            case__agency__code=code,
            case__title__in=year.titles(code, timezone.localdate()),
            published_at__isnull=False,
        )
        late = mine.filter(published_at__date__gt=F("due_on")).count()
        assert 0 < late < mine.count() * 0.2, (code, late, mine.count())
    assert indicators.publications(_scope(BUREAU), _period())["withdrawn"] >= 1


def test_warnings_are_open_in_both_agencies(loaded):
    for code in (BUREAU, MARKET):
        open_warnings = Warning.objects.filter(agency__code=code, status="open")
        assert open_warnings.count() >= 3, code


def test_each_agency_has_an_annual_report_draft_with_figures(loaded):
    for code in (BUREAU, MARKET):
        report = AnnualReport.objects.get(agency__code=code)
        assert report.narrative
        assert _has_nonzero_cell(report.data), code


def _has_nonzero_cell(value) -> bool:
    if isinstance(value, dict):
        return any(_has_nonzero_cell(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nonzero_cell(v) for v in value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, str):
        try:
            return float(value) > 0
        except ValueError:
            return False
    return False


def test_the_record_runs_forward_in_time_and_verifies(loaded):
    times = list(Entry.objects.order_by("sequence").values_list("recorded_at", flat=True))
    assert times == sorted(times)
    first_day = timezone.localdate(times[0])
    assert first_day <= year.window(timezone.localdate())
    ledger.publish_checkpoint()
    assert verify.verify_database() == []


def test_a_second_load_creates_nothing(loaded):
    report = load_demo(password="demo-test-password")
    assert not report.changed, report.created[:5]


def test_the_year_is_the_same_whatever_the_day():
    today = datetime.date(2026, 12, 7)
    later = today + datetime.timedelta(days=100)
    assert year.titles(BUREAU, today) == year.titles(BUREAU, later)
    assert year.titles(MARKET, today) == year.titles(MARKET, later)
    assert len(set(year.titles(BUREAU, today))) == len(year.titles(BUREAU, today))


def _campaign(name=evaluation.title):
    justice = Agency.objects.get(code=JUSTICE)
    return Campaign.objects.get(agency=justice, title=name(timezone.localdate()))


def _titles(username: str) -> list[str]:
    user = User.objects.get(username=username)
    return [str(task.title) for task in todo.tasks_for(user, timezone.localdate())]


def test_the_justice_bureau_evaluates_both_agencies_files(loaded):
    campaign = _campaign()
    assert campaign.status == Campaign.Status.PUBLISHED
    assert "penalty_ordinary" in campaign.procedures
    files = list(campaign.sampled.select_related("case__agency"))
    per_stratum = Counter(f.stratum for f in files)
    assert set(per_stratum.values()) <= {1, 2, 3} and len(per_stratum) >= 2
    for sampled in files:
        readers = {a.evaluator.user.agency.code for a in sampled.assignments.all()}
        assert sampled.case.agency.code not in readers, sampled.case.number
        scores = Score.objects.filter(assignment__sampled=sampled)
        assert scores.filter(status=Score.Status.SUBMITTED).count() == 2
    results = Counter(
        FileResult.objects.filter(sampled__campaign=campaign).values_list("status", flat=True)
    )
    assert results[FileResult.Status.SETTLED] == 1 and results[FileResult.Status.DISPUTED] == 0
    assert results[FileResult.Status.AGREED] == len(files) - 1
    # the report is published, its digest pinned in the record, and on the portal
    assert campaign.report_sha256 == report.digest(report.build(campaign))
    entry = Entry.objects.get(
        event_type="evaluation.campaign.published", subject_id=str(campaign.pk)
    )
    assert campaign.report_sha256 in json.loads(bytes(entry.body))["files"]
    page = Client().get(f"/portal/evaluation-reports/{campaign.pk}/")
    assert page.status_code == 200
    # the second campaign re-checks selected files and is left in scoring: the market
    # bureau's first readings in, its head objected to one, whose re-check differs (to
    # settle); the bureau's files wait for their evaluators
    special = _campaign(evaluation.special_title)
    assert special.status == Campaign.Status.SCORING
    assert special.recheck_policy == RecheckPolicy.SELECTED
    market = Agency.objects.get(code=MARKET)
    (objection,) = Objection.objects.filter(sampled__campaign=special)
    assert objection.sampled.case.agency_id == market.pk
    assert "objection" in objection.sampled.recheck_reasons
    for sampled in special.sampled.select_related("case__agency"):
        scores = Score.objects.filter(assignment__sampled=sampled, status="submitted")
        if sampled.case.agency_id != market.pk:
            assert not scores.exists()
        elif sampled.recheck_selected_at is None:  # not selected: the first reading only
            assert [s.assignment.role for s in scores] == [Assignment.Role.FIRST]
        else:
            assert scores.count() == 2
    assert FileResult.objects.filter(sampled__campaign=special, status="disputed").count() == 1


def test_each_login_finds_its_evaluation_work(loaded):
    campaign = _campaign()
    notice = RectificationNotice.objects.get(campaign=campaign)
    assert notice.status == RectificationNotice.Status.ISSUED and notice.problems
    assert notice.notified.code == MARKET
    assert any("送达回证" in p["text"] or "卷内目录" in p["text"] for p in notice.problems)
    with translation.override("zh-hans"):
        assert "答复整改通知" in _titles("amr-head")
        assert "复核争议案卷" in _titles("supervisor")
        # Who reads a file first is drawn (docs/evaluation.md §3): ask the evaluator the
        # draw gave an unscored first reading, not a fixed login the draw may have
        # made a (dormant) second reader only.
        waiting = [
            a
            for a in Assignment.objects.filter(
                sampled__campaign__agency__code=JUSTICE, role=Assignment.Role.FIRST
            ).select_related("evaluator__user", "sampled__campaign")
            if a.sampled.campaign.status in Campaign.SCORING_STATES
            and not Score.objects.filter(assignment=a, status=Score.Status.SUBMITTED).exists()
        ]
        assert waiting, "the demo leaves a first reading to do"
        assert "评查案卷" in _titles(waiting[0].evaluator.user.username)
        assert not {"评查案卷", "复核案卷"} & set(_titles("reviewer"))
    special = _campaign(evaluation.special_title)
    mine = campaigns.my_assignments(User.objects.get(username="amr-reviewer")).filter(
        sampled__campaign=special
    )
    assert mine.exists() and all(a.sampled.case.agency.code == BUREAU for a in mine)
    assert not Score.objects.filter(assignment__in=mine).exists()


def test_the_appraisal_scorecards_wait_for_the_supervisor(loaded):
    scheme = Scheme.objects.get(
        agency=Agency.objects.get(code=JUSTICE), year=timezone.localdate().year
    )
    assert scheme.is_published
    cards = {card.agency.code: card for card in scheme.scorecards.all()}
    assert set(cards) == {BUREAU, MARKET}
    assert all(card.status == Scorecard.Status.DRAFT for card in cards.values())
