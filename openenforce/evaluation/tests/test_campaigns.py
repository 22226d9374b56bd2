"""Campaigns: scope, the announced commitment, a reproducible draw, recusal, access."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from openenforce.accounts.models import Role
from openenforce.accounts.services import add_supervision
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.evaluation import campaigns, services
from openenforce.evaluation.models import Assignment, Campaign, SampledFile
from openenforce.evaluation.tests.helpers import small_spec
from openenforce.inspections import draw as algorithm
from openenforce.inspections.selectors import verify_export
from openenforce.ledger.models import Entry
from openenforce.testing.cases import conclude_inspection
from openenforce.testing.record import record_state
from openenforce.testing.team import Team, two_officers

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date


@pytest.fixture
def world(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    """Two supervised agencies with closed inspection cases (A: 7, B: 2), a published
    inspection rubric, and three possible evaluators: A's officer (handler of A's
    cases), B's officer (handler of B's cases) and a user of the bureau."""
    add_supervision(justice_bureau, actor=system_actor, supervised=other_agency)
    team_a = two_officers(agency, system_actor, officer)
    team_b = Team(other_agency, system_actor, prefix="B")
    b_user = team_b.user("bofficer", Role.OFFICER)
    team_b.officer("B1", user=b_user)
    team_b.officer("B2", user=team_b.user("bofficer2", Role.OFFICER))
    a_cases = [
        conclude_inspection(team_a.open("inspection", actor=officer), officer) for _ in range(7)
    ]
    b_cases = [
        conclude_inspection(team_b.open("inspection", actor=b_user, handlers=("B1", "B2")), b_user)
        for _ in range(2)
    ]
    version = services.import_version(
        small_spec(code="test-inspection", procedure="inspection"),
        agency=justice_bureau,
        actor=supervisor,
    )
    services.publish_version(version, actor=supervisor)
    bureau_user = Team(justice_bureau, system_actor, prefix="J").user("jevaluator")
    return {
        "a": a_cases,
        "b": b_cases,
        "officer": officer,
        "b_user": b_user,
        "bureau_user": bureau_user,
        "version": version,
    }


def _values(agency, other_agency, **extra):
    values = {
        "title": "2026年第三季度行政执法案卷评查",
        "agency_ids": [agency.pk, other_agency.pk],
        "procedures": ["inspection"],
        "closed_from": D(2026, 9, 1),
        "closed_to": D(2026, 9, 30),
        "starts_on": D(2026, 11, 1),
        "ends_on": D(2026, 12, 31),
    }
    return {**values, **extra}


def _campaign(world, supervisor, justice_bureau, agency, other_agency, **extra):
    campaign = campaigns.create_campaign(
        justice_bureau, actor=supervisor, **_values(agency, other_agency, **extra)
    )
    for user in (world["officer"], world["b_user"], world["bureau_user"]):
        campaigns.add_evaluator(campaign, user, actor=supervisor)
    return campaign


@pytest.fixture
def drawn(world, supervisor, justice_bureau, agency, other_agency):
    campaign = _campaign(world, supervisor, justice_bureau, agency, other_agency)
    campaigns.announce(campaign, actor=supervisor)
    return campaigns.draw(campaign, actor=supervisor)


def test_announce_freezes_the_lists_and_publishes_the_commitment(
    world, supervisor, justice_bureau, agency, other_agency
):
    campaign = _campaign(world, supervisor, justice_bureau, agency, other_agency)
    assert campaigns.eligible_counts(campaign) == {"cnna-sa/inspection": 7, "other/inspection": 2}
    campaign = campaigns.announce(campaign, actor=supervisor)
    assert campaign.status == "announced"
    assert campaign.rubric_versions == {"inspection": world["version"].pk}
    assert len(campaign.targets_text.splitlines()) == 9
    assert len(campaign.inspectors_text.splitlines()) == 3
    assert campaign.parameters["seed_commitment"] == campaign.seed_commitment
    assert campaign.parameters["quotas"] == {campaign.group: 2}
    assert campaign.parameters_sha256 == algorithm.parameters_digest(campaign.parameters)
    entry = Entry.objects.filter(event_type="evaluation.campaign.announced").get()
    assert entry.subject_id == str(campaign.pk)
    # the export before the draw: the commitment, no seed, no result
    document = campaigns.export(campaign)
    assert (document["seed"], document["result"]) == (None, None)
    assert document["parameters"]["seed_commitment"] == campaign.seed_commitment
    # a new case closed in the period after announcement changes nothing
    with pytest.raises(WrongState):
        campaigns.edit_campaign(campaign, actor=supervisor, **_values(agency, other_agency))
    with pytest.raises(WrongState):
        campaigns.add_evaluator(campaign, supervisor, actor=supervisor)
    with pytest.raises(WrongState):
        campaigns.announce(campaign, actor=supervisor)


def test_sample_size_per_stratum_and_all_when_fewer(drawn):
    by_stratum: dict[str, int] = {}
    for sampled in SampledFile.objects.filter(campaign=drawn):
        by_stratum[sampled.stratum] = by_stratum.get(sampled.stratum, 0) + 1
    assert by_stratum == {"cnna-sa/inspection": 5, "other/inspection": 2}
    assert drawn.status == "drawn"
    assert Assignment.objects.filter(sampled__campaign=drawn).count() == 14


def test_ratio_for_gives_the_exact_count():
    for available in (1, 2, 3, 7, 9, 13, 97, 1000, 9999, 10000):
        for size in (1, 5, 10):
            ratio = campaigns.ratio_for(available, size)
            assert algorithm.sample_size(available, ratio) == min(size, available)


def test_recusal_never_own_agency_nor_a_handled_case(drawn, world):
    for assignment in Assignment.objects.filter(sampled__campaign=drawn).select_related(
        "evaluator", "sampled__case"
    ):
        case = assignment.sampled.case
        assert assignment.evaluator.agency_id != case.agency_id
        handlers = set(case.handlers.values_list("officer__user_id", flat=True))
        assert assignment.evaluator.user_id not in handlers
    people = campaigns._people_of(world["a"][:1])
    assert world["officer"].pk in people[world["a"][0].pk]  # handlers count as taking part
    exclusions = drawn.exclusions_text.splitlines()
    assert f"cnna-sa:officer\t{campaigns.target_id(world['a'][0])}" in exclusions


def test_the_draw_is_reproducible_by_the_verify_command(drawn, tmp_path):
    out = io.StringIO()
    call_command("evaluation", "verify-draw", str(drawn.pk), stdout=out)
    assert out.getvalue().startswith("ok\t7 drawn")
    path = tmp_path / "draw.json"
    call_command(
        "evaluation", "export-draw", str(drawn.pk), "--out", str(path), stdout=io.StringIO()
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert algorithm.verify_document(document).ok
    # the published result names exactly the sampled files, in rank order
    ranked = [
        campaigns.target_id(s.case)
        for s in SampledFile.objects.filter(campaign=drawn).select_related("case__agency")
    ]
    assert [line.split("\t")[0] for line in document["result"].splitlines()] == ranked
    # a tampered export is refused with exit 1
    document["result"] = document["result"].replace("cnna-sa:", "other:", 1)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("evaluation", "verify-draw", str(path), stderr=io.StringIO())


def test_a_campaign_draw_is_checked_against_its_announcement_record(drawn, tmp_path):
    """Issue 18, finding 6: a made-up seed for a real campaign agrees with itself but is
    not the announced draw; the verifier looks the campaign's announcement record up."""
    genuine = campaigns.export(drawn)
    answer = verify_export(genuine)
    assert answer["ok"] and answer["authentic"] and answer["authenticity_basis"] == ["record"]
    data = algorithm.input_from_document(genuine)
    seed = bytes(range(32))
    forged_input = algorithm.DrawInput(
        **{**data.__dict__, "seed_commitment": algorithm.seed_commitment(seed)}
    )
    forged = algorithm.export_document(
        forged_input, seed=seed, result=algorithm.run_draw(forged_input, seed), about={}
    )
    answer = verify_export(forged)
    assert answer["consistent"] and not answer["authentic"] and not answer["ok"]
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("evaluation", "verify-draw", str(path), stderr=err)
    assert "seed commitment" in err.getvalue()
    out = io.StringIO()
    call_command(
        "evaluation",
        "verify-draw",
        str(drawn.pk),
        "--announced",
        drawn.parameters_sha256,
        stdout=out,
    )
    assert "authentic (announced+record)" in out.getvalue()


def test_refusals_name_the_field(world, supervisor, justice_bureau, agency, other_agency, officer):
    cases = [
        ({"title": " "}, "title"),
        ({"agency_ids": []}, "agency_ids"),
        ({"agency_ids": [justice_bureau.pk]}, "agency_ids"),
        ({"procedures": ["nonsense"]}, "procedures"),
        ({"closed_to": D(2026, 8, 1)}, "closed_to"),
        ({"ends_on": D(2026, 10, 1)}, "ends_on"),
        ({"starts_on": "tomorrow"}, "starts_on"),
        ({"sample_size": 0}, "sample_size"),
    ]
    for extra, field in cases:
        with pytest.raises(InvalidInput) as refused:
            campaigns.create_campaign(
                justice_bureau, actor=supervisor, **_values(agency, other_agency, **extra)
            )
        assert refused.value.problems[0].field == field
    with pytest.raises(NotPermitted):
        campaigns.create_campaign(justice_bureau, actor=officer, **_values(agency, other_agency))
    campaign = campaigns.create_campaign(
        justice_bureau, actor=supervisor, **_values(agency, other_agency)
    )
    campaigns.add_evaluator(campaign, world["bureau_user"], actor=supervisor)
    with pytest.raises(WrongState) as refused:
        campaigns.announce(campaign, actor=supervisor)
    assert refused.value.code == "campaign_too_few_evaluators"
    with pytest.raises(InvalidInput):
        campaigns.add_evaluator(campaign, world["bureau_user"], actor=supervisor)
    empty = campaigns.create_campaign(
        justice_bureau,
        actor=supervisor,
        **_values(agency, other_agency, closed_from=D(2025, 1, 1), closed_to=D(2025, 2, 1)),
    )
    with pytest.raises(WrongState) as refused:
        campaigns.announce(empty, actor=supervisor)
    assert refused.value.code == "campaign_no_cases"
    with pytest.raises(WrongState):
        campaigns.draw(empty, actor=supervisor)
    count, problems = record_state()
    assert problems == []


def test_an_evaluator_reads_assigned_files_only_until_the_end(drawn, world, client_for, settings):
    evaluator = world["bureau_user"]
    mine = Assignment.objects.filter(evaluator__user=evaluator).select_related("sampled")
    assigned = {a.sampled.case_id for a in mine}
    assert assigned
    other = next(c for c in world["a"] + world["b"] if c.pk not in assigned)
    client = client_for(evaluator)
    case_id = next(iter(assigned))
    before = Entry.objects.filter(event_type="evaluation.assignment.viewed").count()
    assert client.get(reverse("workbench:case", args=[case_id])).status_code == 200
    assert Entry.objects.filter(event_type="evaluation.assignment.viewed").count() == before + 1
    assert client.get(reverse("workbench:case", args=[other.pk])).status_code == 404
    # the file's record, as the case page loads it, and not another case's
    timeline = client.get(reverse("workbench:timeline", args=[case_id]), HTTP_HX_REQUEST="true")
    assert timeline.status_code == 200
    assert 'id="proof-' in timeline.content.decode()  # the case's recorded events
    assert client.get(reverse("workbench:timeline", args=[other.pk])).status_code == 404
    page = client.get(reverse("evaluation:my_files"))
    assert page.status_code == 200
    assert str(world["a"][0].agency.name) in page.content.decode() or assigned
    # after the campaign's end nothing is readable
    end = datetime.date(2027, 1, 1)
    assert campaigns.assignment_for(evaluator, mine[0].sampled.case, today=end) is None


@pytest.mark.clock("2027-01-05T10:00:00+08:00")
def test_access_ends_after_ends_on(drawn, world, client_for):
    evaluator = world["bureau_user"]
    assignment = Assignment.objects.filter(evaluator__user=evaluator).first()
    client = client_for(evaluator)
    response = client.get(reverse("workbench:case", args=[assignment.sampled.case_id]))
    assert response.status_code == 404


def test_scoping_another_agency_sees_nothing(drawn, outsider, client_for, officer):
    client = client_for(outsider)
    assert client.get(reverse("evaluation:campaign", args=[drawn.pk])).status_code == 404
    assert "2026年第三季度" not in client.get(reverse("evaluation:campaigns")).content.decode()
    # a supervised agency's officer does not manage the bureau's campaign either
    response = client_for(officer).get(reverse("evaluation:campaign", args=[drawn.pk]))
    assert response.status_code == 404


def test_pages_for_the_supervisor(
    world, supervisor, justice_bureau, agency, other_agency, client_for
):
    client = client_for(supervisor)
    assert client.get(reverse("evaluation:campaigns")).status_code == 200
    # Only the procedures the body has a published rubric for are offered.
    form = client.get(reverse("evaluation:campaign_create")).content.decode()
    assert 'value="inspection"' in form and 'value="penalty_ordinary"' not in form
    response = client.post(
        reverse("evaluation:campaign_create"),
        {
            "title": "页面建立的评查",
            "agency_ids": [agency.pk, other_agency.pk],
            "procedures": ["inspection"],
            "closed_from": "2026-09-01",
            "closed_to": "2026-09-30",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-31",
            "sample_size": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(title="页面建立的评查")
    edit = reverse("evaluation:campaign_edit", args=[campaign.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "title": "页面修改的评查",
            "agency_ids": [agency.pk, other_agency.pk],
            "procedures": ["inspection"],
            "closed_from": "2026-09-01",
            "closed_to": "2026-09-30",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-31",
            "sample_size": "5",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "页面修改的评查"
    bad = client.post(reverse("evaluation:campaign_create"), {"title": ""})
    assert bad.status_code == 422
    for user in (world["officer"], world["b_user"], world["bureau_user"]):
        client.post(reverse("evaluation:campaign_evaluator", args=[campaign.pk]), {"user": user.pk})
    assert campaign.evaluators.count() == 3
    client.post(reverse("evaluation:campaign_announce", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "announced"
    page = client.get(reverse("evaluation:campaign", args=[campaign.pk])).content.decode()
    assert campaign.seed_commitment in page
    client.post(reverse("evaluation:campaign_draw", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "drawn"
    page = client.get(reverse("evaluation:campaign", args=[campaign.pk])).content.decode()
    assert campaign.seed in page
    export = client.get(reverse("evaluation:campaign_export", args=[campaign.pk]))
    assert algorithm.verify_document(json.loads(export.content)).ok


def test_the_evaluator_has_a_todo_entry(drawn, world):
    from openenforce.evaluation.todo import assignment_tasks

    with translation.override("zh-hans"):
        tasks = list(assignment_tasks(world["bureau_user"], D(2026, 11, 20)))
        titles = {str(task.title) for task in tasks}
    assert tasks
    assert all(task.due == D(2026, 12, 31) for task in tasks)
    assert {task.area for task in tasks} == {"案卷评查"}
    assert titles <= {
        "评查案卷",
        "复核案卷",
    }


def test_ledger_silent_after_honest_use(drawn, world, client_for):
    assignment = Assignment.objects.filter(evaluator__user=world["bureau_user"]).first()
    client_for(world["bureau_user"]).get(
        reverse("workbench:case", args=[assignment.sampled.case_id])
    )
    _count, problems = record_state()
    assert problems == []
