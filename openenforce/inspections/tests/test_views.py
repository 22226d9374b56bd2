"""Staff pages, the public draw pages and JSON export, and verify-draw from the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openenforce.cases.models import Case
from openenforce.inspections.models import Plan
from openenforce.testing.witness import new_share

from .conftest import PERIOD


@pytest.fixture
def drawn(insp, registry_targets):
    return insp.draw(insp.plan())


def test_staff_pages(client_for, insp, registry_targets, head):
    client = client_for(head)
    assert client.get(reverse("inspections:index")).status_code == 200
    assert client.get(reverse("inspections:targets")).status_code == 200
    assert client.get(reverse("inspections:inspectors")).status_code == 200
    assert client.get(reverse("inspections:plan_new")).status_code == 200


def test_create_announce_and_draw_through_the_pages(
    client_for, insp, registry_targets, head, supervisor
):
    client = client_for(head)
    data = {
        "code": "web-1",
        "title": "网页计划",
        "lead_item": insp.item.pk,
        "lead_quota": 2,
        "joint_quota": 1,
        "frequency": "每年一次",
        "period_start": PERIOD[0].isoformat(),
        "period_end": PERIOD[1].isoformat(),
        "ratio_A": "20",
        "ratio_B": "20",
        "ratio_C": "50",
        "ratio_D": "100",
        "complaints_threshold": 3,
        "industries": "",
        "regions": "",
    }
    response = client.post(reverse("inspections:plan_new"), data)
    plan = Plan.objects.get(code="web-1")
    assert response.status_code == 302 and plan.ratios["C"] == 5000
    page = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert "等待长春新区司法局提交其随机种子份额的承诺值" in page
    value, commitment = new_share()
    bureau = client_for(supervisor)
    page = bureau.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert 'id="seed-commit"' in page and "inspections/seed.js" in page
    bureau.post(reverse("inspections:seed_commit", args=[plan.pk]), {"commitment": commitment})
    client = client_for(head)
    client.post(reverse("inspections:announce", args=[plan.pk]))
    page = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert "暂不能抽取" in page and 'name="confirmed"' not in page
    insp.witness.round()
    bureau = client_for(supervisor)
    page = bureau.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert 'id="seed-reveal"' in page
    wrong = bureau.post(
        reverse("inspections:seed_reveal", args=[plan.pk]), {"reveal": "ab" * 32}, follow=True
    )
    assert "与贵单位提交的承诺值不符" in wrong.content.decode()
    bureau.post(reverse("inspections:seed_reveal", args=[plan.pk]), {"reveal": value})
    client = client_for(head)
    client.post(reverse("inspections:draw", args=[plan.pk]), {"confirmed": "true"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAWN
    page = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert plan.result_sha256 in page and plan.tasks.first().target.credit_code in page


def test_other_agency_plan_is_404(client_for, drawn, outsider):
    client = client_for(outsider)
    assert client.get(reverse("inspections:plan", args=[drawn.pk])).status_code == 404
    draw = reverse("inspections:draw", args=[drawn.pk])
    assert client.post(draw, {"confirmed": "true"}).status_code == 404


def test_officer_cannot_create_plans(client_for, insp, officer):
    assert client_for(officer).get(reverse("inspections:plan_new")).status_code == 404


def test_staff_pages_need_login(client):
    response = client.get(reverse("inspections:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_import_page_reports_problems(client_for, agency, head, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("统一社会信用代码,名称,类型\n123,某公司,企业\n", encoding="utf-8")
    with path.open("rb") as fh:
        response = client_for(head).post(reverse("inspections:targets_import"), {"file": fh})
    assert response.status_code == 422
    assert "GB 32100" in response.content.decode()


def test_public_pages_and_export(client, drawn):
    args = [drawn.agency.code, drawn.code]
    assert client.get(reverse("inspections:public_index")).status_code == 200
    page = client.get(reverse("inspections:public_plan", args=args)).content.decode()
    seed = drawn.drawn_seed().hex()
    assert seed in page and drawn.seed_commitment in page and drawn.seed in page
    for share in drawn.seed_shares.values():
        assert share["commitment"] in page and share["reveal"] in page
    assert "由以下见证方联署：" in page and "<code>bureau.example/witness</code>" in page
    doc = client.get(reverse("inspections:public_export", args=args)).json()
    assert doc["seed"] == seed and doc["result_sha256"] == drawn.result_sha256


def test_the_public_draw_names_inspectors_by_name_and_certificate(client, drawn):
    from openenforce.catalog.models import Officer

    page = client.get(reverse("inspections:public_plan", args=[drawn.agency.code, drawn.code]))
    text = page.content.decode()
    first = drawn.tasks.order_by("rank").first().inspectors[0]
    agency, _sep, code = first.partition(":")
    officer = Officer.objects.get(agency__code=agency, code=code)
    number = officer.certificates.first().number
    assert f"{officer.name}（执法证号 {number}）" in text
    assert first not in text  # the draw's internal id is not shown


def test_announced_plan_public_without_seed(client, insp, registry_targets):
    plan = insp.announce(insp.plan())
    args = [plan.agency.code, plan.code]
    page = client.get(reverse("inspections:public_plan", args=args)).content.decode()
    assert plan.seed not in page and plan.seed_commitment in page
    # the command shown compares with the announced digest, not only with itself
    assert f"verify-draw draw.json --announced {plan.parameters_sha256}" in page
    doc = client.get(reverse("inspections:public_export", args=args)).json()
    assert doc["seed"] is None and doc["parameters_sha256"] == plan.parameters_sha256


def test_draft_plan_not_public(client, insp):
    plan = insp.plan()
    response = client.get(reverse("inspections:public_plan", args=[plan.agency.code, plan.code]))
    assert response.status_code == 404


def test_verify_draw_cli(drawn, client, tmp_path, capsys):
    call_command("inspections", "verify-draw", f"{drawn.agency.code}/{drawn.code}")
    assert drawn.parameters_sha256 in capsys.readouterr().out
    doc = client.get(
        reverse("inspections:public_export", args=[drawn.agency.code, drawn.code])
    ).json()
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("inspections", "verify-draw", str(path))
    doc["parameters"]["ratios"]["A"] = 3000
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("inspections", "verify-draw", str(path))
    assert info.value.returncode == 1 and "parameters" in str(info.value)


def test_verify_draw_unknown_source(db):
    with pytest.raises(CommandError):
        call_command("inspections", "verify-draw", "nowhere/none")


def test_case_panel_shows_the_drawn_task(rf, drawn, head, client_for):
    from openenforce.inspections.panels import case_panel

    task = drawn.tasks.order_by("rank").first()
    request = rf.get("/")
    request.user = head
    html = case_panel(request, task.case)
    assert drawn.title in html and task.target.credit_code in html
    from openenforce.catalog.models import Officer

    first = Officer.objects.get(agency=task.plan.agency, code=task.inspectors[0].split(":")[1])
    assert first.name in html and task.inspectors[0] not in html  # names, not stored ids
    other = Case.objects.exclude(pk__in=drawn.tasks.values("case")).first()
    assert other is None or case_panel(request, other) is None


@pytest.mark.django_db
@pytest.mark.parametrize("garbled", ["2026-13-45", "²", "9" * 100])
def test_garbled_plan_absence_and_conflict_posts_are_refused_never_a_500(
    client_for, insp, head, garbled
):
    client = client_for(head)
    data = {
        "code": "g-1",
        "title": garbled,
        "lead_item": garbled,
        "lead_quota": garbled,
        "period_start": garbled,
        "period_end": "",
        "ratio_A": garbled,
    }
    response = client.post(reverse("inspections:plan_new"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Plan.objects.filter(code="g-1").exists()
    absence = {"officer": garbled, "starts_on": garbled, "ends_on": garbled, "reason": "x"}
    response = client.post(reverse("inspections:absence_add"), absence, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]
    conflict = {"officer": garbled, "target": garbled, "reason": "x"}
    response = client.post(reverse("inspections:conflict_add"), conflict, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_the_supervisor_is_offered_no_form_on_the_inspectors_page(
    client_for, insp, head, supervisor
):
    from openenforce.inspections.models import Conflict

    url = reverse("inspections:conflict_add")
    assert url in client_for(head).get(reverse("inspections:inspectors")).content.decode()
    page = client_for(supervisor).get(reverse("inspections:inspectors")).content.decode()
    assert url not in page and reverse("inspections:absence_add") not in page
    data = {"officer": "1", "target": "1", "reason": "回避"}  # the bureau has no officers
    response = client_for(supervisor).post(url, data, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]
    assert not Conflict.objects.exists()


@pytest.mark.django_db
def test_the_plan_page_names_the_drawn_inspectors(client_for, drawn, supervisor):
    from openenforce.catalog.models import Officer

    task = drawn.tasks.order_by("rank").first()
    stored = task.inspectors[0]
    officer = Officer.objects.get(agency=drawn.agency, code=stored.split(":")[1])
    page = client_for(supervisor).get(reverse("inspections:plan", args=[drawn.pk])).text
    assert officer.name in page and stored not in page
    assert reverse("inspections:draw", args=[drawn.pk]) not in page


def test_the_draw_waits_for_the_head_to_tick_that_they_checked_the_plan(
    client_for, insp, registry_targets
):
    plan = insp.ready(insp.plan())
    client = client_for(insp.head)
    page = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert 'name="confirmed"' in page and "required" in page
    response = client.post(reverse("inspections:draw", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ANNOUNCED
    assert "请先勾选确认" in response.content.decode()  # tick to confirm, in Chinese
    client.post(reverse("inspections:draw", args=[plan.pk]), {"confirmed": "true"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAWN


def test_who_may_draw_is_named_to_those_who_may_not(client_for, insp, registry_targets, admin_user):
    plan = insp.announce(insp.plan())
    page = client_for(admin_user).get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert reverse("inspections:draw", args=[plan.pk]) not in page
    assert "只有机关负责人可以抽取" in page and str(insp.head) in page
