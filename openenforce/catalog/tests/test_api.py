"""The catalogue's REST endpoints: each role allowed and refused, agency isolation, errors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openenforce.accounts.models import Role
from openenforce.accounts.services import create_user
from openenforce.catalog.models import (
    Certificate,
    DiscretionStandard,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import save_entry
from openenforce.ledger.models import Entry
from openenforce.testing.api import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The fixture users' passwords need no real hashing here (it takes ~0.2 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


API = "/api/v1/catalog"


@pytest.fixture
def catalogue(agency, other_agency, system_actor):
    """One entry of every list in ``agency``, and a matter of the same code elsewhere."""

    def save(entry, **relations):
        return save_entry(entry, actor=system_actor, relations=relations)

    field = save(EnforcementField(agency=agency, code="F1", name="民政"))
    basis = save(
        LegalBasis(agency=agency, code="B1", law_name="养老机构管理办法", article="第四十六条")
    )
    matter = save(
        Matter(agency=agency, code="M1", name="对养老机构的处罚", category="penalty", field=field),
        bases=[basis],
    )
    save(DiscretionStandard(matter=matter, code="S1", circumstance="首次", penalty="警告"))
    officer = save(Officer(agency=agency, code="O1", name="王五"))
    certificate = Certificate(
        officer=officer,
        number="C1",
        issuing_authority="吉林省人民政府",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
    )
    save(certificate, fields=[field])
    save(
        RandomInspectionItem(
            agency=agency,
            code="I1",
            item="养老机构检查",
            field=field,
            basis="条例",
            target_type="养老机构",
            ratio_percent=5,
            frequency="每年",
        )
    )
    save(RecordingRequirement(agency=agency, code="R1", step="hearing", content="听证全过程"))
    save(ReviewCatalogueEntry(agency=agency, code="V1", name="较大数额罚款", ground="major_rights"))
    other_field = save(EnforcementField(agency=other_agency, code="X1", name="市场"))
    save(
        Matter(
            agency=other_agency, code="M9", name="他局事项", category="penalty", field=other_field
        )
    )
    return agency


# path, code of the existing entry, body of a new entry, a partial change (field, value)
CASES = [
    ("fields", "F1", {"code": "F2", "name": "教育"}, ("name", "民政执法")),
    (
        "legal-bases",
        "B1",
        {"code": "B2", "law_name": "民办教育促进法", "article": "第六十二条", "level": "law"},
        ("article", "第四十七条"),
    ),
    (
        "matters",
        "M1",
        {
            "code": "M2",
            "name": "民办学校设立许可",
            "category": "licensing",
            "field": "F1",
            "bases": ["B1"],
        },
        ("time_limit_days", 20),
    ),
    (
        "officers",
        "O1",
        {"code": "O2", "name": "李四", "employment": "contract"},
        ("position", "科员"),
    ),
    (
        "certificates",
        "C1",
        {
            "number": "C2",
            "officer": "O1",
            "issuing_authority": "吉林省人民政府",
            "fields": ["F1"],
            "valid_from": "2025-01-01",
            "valid_to": "2029-12-31",
        },
        ("area", "长春新区"),
    ),
    (
        "inspection-items",
        "I1",
        {
            "code": "I2",
            "item": "民办学校检查",
            "field": "F1",
            "basis": "民办教育促进法",
            "target_type": "民办学校",
            "ratio_percent": "10.00",
            "frequency": "每学年",
        },
        ("frequency", "每半年"),
    ),
    (
        "recording-requirements",
        "R1",
        {"code": "R2", "step": "on_site_inspection", "matter": "M1", "content": "现场检查全过程"},
        ("recorder", "执法人员"),
    ),
    (
        "review-entries",
        "V1",
        {
            "code": "V2",
            "name": "吊销许可证",
            "ground": "major_rights",
            "penalty_kinds": ["revoke_licence"],
        },
        ("hearing_held", True),
    ),
]
IDS = [case[0] for case in CASES]


def key_of(body: dict) -> str:
    return body.get("code") or body["number"]


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_an_officer_reads_list_and_entry(catalogue, officer, path, code, new, change):
    client = api_as(officer)
    listed = client.get(f"{API}/{path}/").json()
    assert listed["count"] == 1
    assert key_of(listed["items"][0]) == code
    entry = client.get(f"{API}/{path}/{code}").json()
    assert key_of(entry) == code


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_a_supervisor_reads_the_supervised_agency_only(
    catalogue, supervisor, other_agency, path, code, new, change
):
    client = api_as(supervisor)
    assert client.get(f"{API}/{path}/{code}?agency={catalogue.code}").status_code == 200
    assert client.get(f"{API}/{path}/").json()["count"] == 0  # its own bureau's (empty) list
    assert client.get(f"{API}/{path}/?agency={other_agency.code}").json()["code"] == "not_found"


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_an_outsider_gets_404(catalogue, outsider, path, code, new, change):
    client = api_as(outsider)
    assert client.get(f"{API}/{path}/?agency={catalogue.code}").status_code == 404
    response = client.get(f"{API}/{path}/{code}?agency={catalogue.code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_no_token_is_401(catalogue, path, code, new, change):
    assert api_as().get(f"{API}/{path}/{code}").status_code == 401
    assert api_as().post(f"{API}/{path}/", new).status_code == 401


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_an_admin_creates_and_a_head_changes(catalogue, admin_user, head, path, code, new, change):
    created = api_as(admin_user).post(f"{API}/{path}/", new)
    assert created.status_code == 201, created.content
    assert created.json()["code" if "code" in new else "number"] == key_of(new)
    name, value = change
    changed = api_as(head).patch(f"{API}/{path}/{key_of(new)}", {name: value})
    assert changed.status_code == 200, changed.content
    assert api_as(head).get(f"{API}/{path}/{key_of(new)}").json()[name] == value


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_put_replaces_every_field(catalogue, admin_user, path, code, new, change):
    body = {k: v for k, v in new.items() if k not in ("code", "number")}
    response = api_as(admin_user).put(f"{API}/{path}/{code}", body)
    assert response.status_code == 200, response.content
    assert key_of(response.json()) == code
    for name, value in body.items():
        if not isinstance(value, str) or name.startswith("valid"):
            continue
        assert response.json()[name] == value


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_an_officer_may_not_write(catalogue, officer, path, code, new, change):
    client = api_as(officer)
    refused = client.post(f"{API}/{path}/", new)
    assert refused.status_code == 403
    assert refused.json()["code"] == "catalog_not_permitted"
    assert client.patch(f"{API}/{path}/{code}", dict([change])).status_code == 403
    assert client.get(f"{API}/{path}/").json()["count"] == 1


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_a_supervisor_may_not_write_the_supervised_agency(
    catalogue, supervisor, path, code, new, change
):
    response = api_as(supervisor).patch(
        f"{API}/{path}/{code}?agency={catalogue.code}", dict([change])
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("path", "code", "new", "change"), CASES, ids=IDS)
def test_an_outsider_admin_cannot_reach_another_agencys_entries(
    catalogue, outsider, path, code, new, change
):
    client = api_as(outsider)
    assert client.patch(f"{API}/{path}/{code}", dict([change])).status_code == 404
    assert client.post(f"{API}/{path}/?agency={catalogue.code}", new).status_code == 404


def test_codes_are_per_agency(catalogue, outsider, officer):
    created = api_as(outsider).post(f"{API}/fields/", {"code": "F1", "name": "市场监管"})
    assert created.status_code == 201
    assert created.json()["agency"] == "other"
    assert api_as(officer).get(f"{API}/fields/F1").json()["name"] == "民政"


def test_a_revoked_token_cannot_write(catalogue, admin_user, system_actor):
    from openenforce.accounts.models import ApiToken
    from openenforce.accounts.services import revoke_api_token

    client = api_as(admin_user)
    revoke_api_token(ApiToken.objects.get(user=admin_user), actor=system_actor)
    assert client.post(f"{API}/fields/", {"code": "F3", "name": "卫生"}).status_code == 401
    assert not EnforcementField.objects.filter(code="F3").exists()


def test_a_write_is_recorded_with_the_caller_as_actor(catalogue, admin_user):
    api_as(admin_user).post(f"{API}/fields/", {"code": "F3", "name": "卫生"})
    created = EnforcementField.objects.get(agency=catalogue, code="F3")
    entry = Entry.objects.get(subject_kind="catalog.enforcementfield", subject_id=str(created.pk))
    assert entry.event_type == "catalog.enforcementfield.created"
    assert entry.actor_id == admin_user.pk


def test_a_superuser_names_the_agency(catalogue, system_actor):
    root = create_user("root", actor=system_actor, agency=None, is_superuser=True)
    client = api_as(root)
    refused = client.get(f"{API}/matters/").json()
    assert refused["code"] == "agency_required"
    assert refused["problems"][0]["field"] == "agency"
    assert client.get(f"{API}/matters/?agency={catalogue.code}").json()["count"] == 1


# ---------------------------------------------------------------- errors


def test_a_duplicate_code_is_409(catalogue, admin_user):
    response = api_as(admin_user).post(f"{API}/fields/", {"code": "F1", "name": "另一个"})
    assert response.status_code == 409
    assert response.json()["code"] == "code_taken"


def test_a_missing_field_is_422_naming_it_in_chinese(catalogue, admin_user):
    response = api_as(admin_user).post(
        f"{API}/matters/", {"code": "M3", "name": "x", "category": "penalty"}
    )
    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "invalid_input"
    assert [p["field"] for p in body["problems"]] == ["field"]
    assert body["problems"][0]["message"] == "这个字段是必填项。"


def test_a_bad_choice_lists_the_allowed_values(catalogue, admin_user):
    body = api_as(admin_user).patch(f"{API}/matters/M1", {"category": "bribery"}).json()
    assert body["problems"][0]["field"] == "category"
    assert "'licensing'" in body["problems"][0]["message"]


def test_an_unknown_reference_is_422(catalogue, admin_user):
    response = api_as(admin_user).patch(f"{API}/matters/M1", {"bases": ["B1", "B404"]})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "unknown_reference"
    assert body["problems"][0]["field"] == "bases"
    assert "B404" in body["problems"][0]["message"]


def test_a_reference_to_another_agencys_entry_is_unknown(catalogue, admin_user):
    response = api_as(admin_user).patch(f"{API}/recording-requirements/R1", {"matter": "M9"})
    assert response.json()["code"] == "unknown_reference"


def test_a_model_rule_is_422_with_the_field(catalogue, admin_user):
    response = api_as(admin_user).patch(f"{API}/fields/F1", {"name": "x" * 51})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "name"


# ---------------------------------------------------------------- lists


def test_lists_page_filter_and_search(catalogue, admin_user, system_actor):
    for n in range(2, 6):
        save_entry(
            EnforcementField(agency=catalogue, code=f"F{n}", name=f"领域{n}"), actor=system_actor
        )
    client = api_as(admin_user)
    page = client.get(f"{API}/fields/?page=2&page_size=2").json()
    assert (page["count"], page["page"], [f["code"] for f in page["items"]]) == (5, 2, ["F3", "F4"])
    assert client.get(f"{API}/fields/?q=领域5").json()["items"][0]["code"] == "F5"
    assert client.get(f"{API}/matters/?category=licensing").json()["count"] == 0
    assert client.get(f"{API}/matters/?category=penalty&field=F1").json()["count"] == 1


def test_a_matter_shows_its_discretion_standards(catalogue, officer):
    matter = api_as(officer).get(f"{API}/matters/M1").json()
    assert matter["bases"] == ["B1"]
    assert matter["standards"][0]["code"] == "S1"
    assert matter["standards"][0]["penalty"] == "警告"


def test_an_officer_shows_certificates_with_derived_status(catalogue, officer):
    shown = api_as(officer).get(f"{API}/officers/O1").json()
    certificate = shown["certificates"][0]
    assert (certificate["number"], certificate["standing"]) == ("C1", "in_force")
    assert certificate["status"] == "expired"  # valid_to 2022-12-31 has passed
    assert certificate["status_display"] == "已过期"


# ---------------------------------------------------------------- standards, events, status


def test_a_head_sets_a_discretion_standard(catalogue, head):
    url = f"{API}/matters/M1/standards/S2"
    body = {
        "circumstance": "再次",
        "degree": "一般",
        "penalty": "罚款",
        "fine_min": "1000",
        "fine_max": 5000,
    }
    created = api_as(head).put(url, body)
    assert created.status_code == 200
    assert [s["code"] for s in created.json()["standards"]] == ["S1", "S2"]
    assert created.json()["standards"][1]["fine_max"] == "5000.00"


def test_a_discretion_standard_needs_an_ordered_range(catalogue, head, officer):
    url = f"{API}/matters/M1/standards/S2"
    body = {"circumstance": "再次", "penalty": "罚款", "fine_min": 5000, "fine_max": 100}
    assert api_as(head).put(url, body).status_code == 422
    assert api_as(officer).put(url, {**body, "fine_min": 1}).status_code == 403


def test_a_head_suspends_a_certificate(catalogue, head):
    url = f"{API}/certificates/C1/events"
    response = api_as(head).post(
        url, {"kind": "suspended", "date": "2026-01-05", "reason": "违纪调查"}
    )
    assert response.status_code == 201
    assert response.json()["standing"] == "suspended"
    assert response.json()["events"][0]["reason"] == "违纪调查"


def test_a_wrong_state_certificate_event_is_409(catalogue, head):
    response = api_as(head).post(
        f"{API}/certificates/C1/events", {"kind": "reinstated", "date": "2026-01-05"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "certificate_wrong_state"


def test_a_suspension_without_reason_is_422(catalogue, head):
    response = api_as(head).post(
        f"{API}/certificates/C1/events", {"kind": "suspended", "date": "2026-01-05"}
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "reason"


def test_certificate_events_are_refused_to_officers_and_outsiders(catalogue, officer, outsider):
    body = {"kind": "annual_review", "date": "2026-01-05"}
    assert api_as(officer).post(f"{API}/certificates/C1/events", body).status_code == 403
    assert api_as(outsider).post(f"{API}/certificates/C1/events", body).status_code == 404


def test_an_entry_is_repealed_once(catalogue, admin_user, officer):
    client = api_as(admin_user)
    assert (
        client.post(f"{API}/matters/M1/status", {"status": "repealed"}).json()["status"]
        == "repealed"
    )
    again = client.post(f"{API}/matters/M1/status", {"status": "repealed"})
    assert again.status_code == 409
    assert again.json()["code"] == "status_unchanged"
    assert api_as(officer).post(f"{API}/matters/M1/status", {"status": "active"}).status_code == 403


def test_an_officer_account_is_linked_by_user_name_in_the_agency(
    catalogue, admin_user, officer, outsider
):
    client = api_as(admin_user)
    assert client.patch(f"{API}/officers/O1", {"user": "officer"}).json()["user"] == "officer"
    assert client.patch(f"{API}/officers/O1", {"user": "outsider"}).status_code == 422


def test_roles_beyond_the_fixtures_read_but_do_not_write(catalogue, system_actor, agency):
    publisher = create_user("pub2", actor=system_actor, agency=agency, roles=[Role.PUBLISHER])
    client = api_as(publisher)
    assert client.get(f"{API}/matters/M1").status_code == 200
    assert client.patch(f"{API}/matters/M1", {"name": "改"}).status_code == 403


SPECIAL = [
    ("put", "/matters/M1/standards/S2", {"circumstance": "再次", "penalty": "罚款"}),
    ("post", "/certificates/C1/events", {"kind": "annual_review", "date": "2026-01-05"}),
    ("post", "/matters/M1/status", {"status": "suspended"}),
]


@pytest.mark.parametrize(("method", "path", "body"), SPECIAL, ids=["standard", "event", "status"])
def test_special_writes_by_role(catalogue, head, officer, supervisor, outsider, method, path, body):
    def send(client, suffix=""):
        return client.call(method, f"{API}{path}{suffix}", body).status_code

    assert send(api_as()) == 401
    assert send(api_as(officer)) == 403
    assert send(api_as(supervisor), f"?agency={catalogue.code}") == 403
    assert send(api_as(outsider)) == 404
    assert send(api_as(outsider), f"?agency={catalogue.code}") == 404
    assert send(api_as(head)) in (200, 201)


def test_a_refusal_speaks_english_on_request(catalogue, officer):
    client = api_as(officer, language="en")
    body = client.patch(f"{API}/matters/M1", {"name": "改"}).json()
    assert body["message"].startswith("Only administrators and heads")
    chinese = api_as(officer).patch(f"{API}/matters/M1", {"name": "改"}).json()
    assert chinese["message"].startswith("只有")


def test_a_certificate_needs_at_least_one_field(catalogue, admin_user):
    new = next(case[2] for case in CASES if case[0] == "certificates")
    response = api_as(admin_user).post(f"{API}/certificates/", {**new, "fields": []})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "fields"


LISTS = ("matters", "officers", "certificates", "inspection-items", "review-entries")


def _queries_per_list(client) -> dict[str, int]:
    counts = {}
    for path in LISTS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/{path}/").status_code == 200
        counts[path] = len(queries)
    return counts


def test_a_list_costs_the_same_queries_whatever_its_length(catalogue, officer, system_actor):
    client = api_as(officer)
    client.get(f"{API}/fields/")  # warm up: the first request builds the URL map
    before = _queries_per_list(client)
    field = EnforcementField.objects.get(agency=catalogue, code="F1")
    for n in range(2, 5):
        matter = Matter(
            agency=catalogue, code=f"M{n}", name="事项", category="penalty", field=field
        )
        save_entry(matter, actor=system_actor, relations={"bases": LegalBasis.objects.all()})
        person = save_entry(Officer(agency=catalogue, code=f"O{n}", name="某"), actor=system_actor)
        certificate = Certificate(
            officer=person,
            number=f"C{n}",
            issuing_authority="省政府",
            valid_from=datetime.date(2025, 1, 1),
            valid_to=datetime.date(2099, 12, 31),
        )
        save_entry(certificate, actor=system_actor, relations={"fields": [field]})
    assert _queries_per_list(client) == before


def test_a_number_registered_elsewhere_is_refused_in_plain_chinese(
    catalogue, other_agency, system_actor
):
    # Certificate numbers are published (事前公开), so naming the clash reveals nothing new.
    save_entry(EnforcementField(agency=other_agency, code="F1", name="食品"), actor=system_actor)
    save_entry(Officer(agency=other_agency, code="O9", name="赵六"), actor=system_actor)
    admin = create_user("amr", actor=system_actor, agency=other_agency, roles=[Role.ADMIN])
    new = next(case[2] for case in CASES if case[0] == "certificates")
    body = {**new, "number": "C1", "officer": "O9"}
    response = api_as(admin).post(f"{API}/certificates/", body)
    assert response.status_code in (409, 422)
    problem = response.json()["problems"][0]
    assert (problem["field"], problem["message"]) == (
        "number",
        "该执法证号已登记：每个执法证号只核发一次。",
    )
