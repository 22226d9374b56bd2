"""The rubric pages and API per role: the supervisor uploads and publishes; the supervised
agency's staff read what is published; another agency sees nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from openenforce.accounts.services import get_system_actor
from openenforce.evaluation import services
from openenforce.evaluation.models import RubricVersion
from openenforce.evaluation.spec import ITEM_SHEET
from openenforce.evaluation.tests.helpers import counts, small_spec, write_workbook
from openenforce.testing.api import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(justice_bureau):
    services.load_shipped(justice_bureau, actor=get_system_actor(), trusted=True)
    return RubricVersion.objects.get(rubric__code="penalty-ordinary")


@pytest.fixture
def draft(supervisor, justice_bureau):
    return services.import_version(small_spec(), agency=justice_bureau, actor=supervisor)


def _get(client, name, *args):
    return client.get(reverse(f"evaluation:{name}", args=args), HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_the_supervisor_sees_items_by_group_and_downloads(client_for, supervisor, published, draft):
    client = client_for(supervisor)
    page = _get(client, "rubrics").content.decode()
    assert "行政处罚（普通程序）案卷评查标准" in page and "上传" in page
    page = _get(client, "version", published.pk).content.decode()
    for words in ("基本标准", "立案", "调查取证", "审查决定", "送达执行", "立卷归档", "系统建议"):
        assert words in page
    assert "调查、检查时执法人员不少于两人" in page
    response = _get(client, "version_excel", published.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('penalty-ordinary-v1.xlsx"')
    assert _get(client, "version", draft.pk).status_code == 200
    assert _get(client, "rubric", published.rubric_id).status_code == 200


def test_the_supervisor_uploads_and_publishes(client_for, supervisor, tmp_path):
    client = client_for(supervisor)
    path = write_workbook(tmp_path / "r.xlsx")
    with path.open("rb") as fh:
        response = client.post(reverse("evaluation:upload"), {"file": fh})
    version = RubricVersion.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:version", args=[version.pk]
    )
    assert "发布此版本" in _get(client, "version", version.pk).content.decode()
    client.post(reverse("evaluation:publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == "published"
    assert "发布此版本" not in _get(client, "version", version.pk).content.decode()


def test_a_bad_upload_lists_its_problems_by_row_in_chinese(client_for, supervisor, tmp_path):
    client = client_for(supervisor)

    def spoil(workbook):
        workbook[ITEM_SHEET].cell(row=4, column=5, value="十分")

    before = counts()
    path = write_workbook(tmp_path / "r.xlsx", edit=spoil)
    with translation.override("zh-hans"), path.open("rb") as fh:
        response = client.post(
            reverse("evaluation:upload"), {"file": fh}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    page = response.content.decode()
    assert response.status_code == 422
    assert "未导入" in page and "“十分”不是数字。" in page and "<td>4</td>" in page
    assert counts() == before


def test_an_officer_reads_published_rubrics_but_not_drafts_and_cannot_upload(
    client_for, officer, published, draft, tmp_path
):
    client = client_for(officer)
    page = _get(client, "rubrics").content.decode()
    assert "行政处罚（普通程序）案卷评查标准" in page and "测试评查标准" not in page
    assert 'name="file"' not in page
    assert _get(client, "version", published.pk).status_code == 200
    assert _get(client, "version", draft.pk).status_code == 404
    assert _get(client, "rubric", draft.rubric_id).status_code == 404
    path = write_workbook(tmp_path / "r.xlsx")
    with path.open("rb") as fh:
        assert client.post(reverse("evaluation:upload"), {"file": fh}).status_code == 403
    assert client.post(reverse("evaluation:publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_another_agency_sees_no_rubric(client_for, outsider, published):
    client = client_for(outsider)
    assert "案卷评查标准</a>" not in _get(client, "rubrics").content.decode()
    assert _get(client, "version", published.pk).status_code == 404
    assert _get(client, "version_excel", published.pk).status_code == 404
    assert _get(client, "rubric", published.rubric_id).status_code == 404


def test_anonymous_is_sent_to_log_in(client, published):
    response = client.get(reverse("evaluation:rubrics"))
    assert response.status_code == 302 and "login" in response.url


def test_the_api_lists_and_reads_within_scope(officer, outsider, published, draft):
    api = api_as(officer)
    listed = api.get("/api/v1/evaluation/rubrics").json()
    assert {r["code"] for r in listed["items"]} == {
        "penalty-ordinary",
        "licensing",
        "coercion",
        "inspection",
    }
    body = api.get(f"/api/v1/evaluation/rubric-versions/{published.pk}").json()
    assert body["total_points"] == "100.0" or float(body["total_points"]) == 100
    assert len(body["items"]) == published.items.count()
    assert api.get(f"/api/v1/evaluation/rubric-versions/{draft.pk}").status_code == 404
    other = api_as(outsider)
    assert other.get("/api/v1/evaluation/rubrics").json()["items"] == []
    assert other.get(f"/api/v1/evaluation/rubric-versions/{published.pk}").status_code == 404
    assert api_as(None).get("/api/v1/evaluation/rubrics").status_code == 401


def test_the_pages_read_in_english_too(client_for, supervisor, published):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("evaluation:version", args=[published.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        "Basic standard" in page
        and "Investigation and evidence" in page
        and "Download as Excel" in page
    )
