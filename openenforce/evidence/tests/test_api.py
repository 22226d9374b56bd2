import io

import pytest

from openenforce.accounts.services import issue_api_token
from openenforce.core.errors import InvalidInput
from openenforce.evidence import services
from openenforce.evidence.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def _auth(user, system_actor):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user, actor=system_actor)}"}


def _payload(**overrides):
    payload = {
        "kind": "audiovisual",
        "step": "approve_filing",
        "title": "执法记录仪视频",
        "collected_at": "2026-09-02T10:00:00+08:00",
        "place": "现场",
        "method": "执法记录仪全程录像",
    }
    return payload | overrides


def _completed_upload(officer):
    data = png_bytes(4, 48)
    upload = services.create_upload(actor=officer, length=len(data), metadata={"filename": "v.png"})
    return services.receive_chunk(
        upload, actor=officer, offset=0, stream=io.BytesIO(data), content_length=len(data)
    )


def test_attach_a_completed_upload_and_list(client, case, officer, system_actor):
    upload = _completed_upload(officer)
    headers = _auth(officer, system_actor)
    url = f"/api/v1/evidence/cases/{case.pk}/items"
    response = client.post(
        url, _payload(upload=str(upload.pk)), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"]["sha256"] == upload.blob.sha256
    assert body["kind_label"] == "视听资料"
    listed = client.get(url, **headers).json()
    assert [i["title"] for i in listed] == ["执法记录仪视频"]
    one = client.get(f"/api/v1/evidence/items/{body['id']}", **headers)
    assert one.json()["file"]["download_url"].endswith("/download")


def test_refusals_answer_the_error_shape(client, case, officer, head, system_actor):
    url = f"/api/v1/evidence/cases/{case.pk}/items"
    upload = _completed_upload(officer)
    response = client.post(
        url,
        _payload(upload=str(upload.pk)),
        content_type="application/json",
        **_auth(head, system_actor),
    )
    assert response.status_code == 404 and response.json()["code"] == "upload_not_found"
    response = client.post(
        url,
        _payload(step="nope"),
        content_type="application/json",
        **_auth(officer, system_actor),
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "step"


def test_another_agency_and_anonymous(client, case, outsider, system_actor):
    url = f"/api/v1/evidence/cases/{case.pk}/items"
    assert client.get(url, **_auth(outsider, system_actor)).status_code == 404
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("collector", ["²", "9" * 20])
def test_a_collector_that_is_no_id_is_refused(client, case, officer, system_actor, collector):
    # "²" passes isdigit() (it crashed int()); 20 digits do not fit the schema's bound.
    url = f"/api/v1/evidence/cases/{case.pk}/items"
    headers = _auth(officer, system_actor)
    response = client.post(
        url, _payload(collected_by=collector), content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "collected_by"
    with pytest.raises(InvalidInput):
        services.collector_for(case, collector)
