"""Public histories and versioned verification (issue 18): every record entry about a
public item or certificate is public with its inclusion proof; a withdrawn or corrected
item's verify page and proof.json prove exactly what they show."""

from __future__ import annotations

import base64
import datetime
import io
import json

import pytest
from django.core.management import call_command

from openenforce.catalog.services import add_certificate_event
from openenforce.disclosure import digest
from openenforce.disclosure import services as disclosure
from openenforce.ledger import merkle, notes
from openenforce.ledger.services import publish_checkpoint
from openenforce.portal import verify

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-22T10:00:00+08:00")]

NOTICE = "复议机关撤销原处罚决定"
PARTY, ID_NUMBER = "张三", "220102199001011239"


def _withdrawn(published, publisher):
    item = published()
    disclosure.withdraw_publication(item, actor=publisher, reason=NOTICE, ground="revoked")
    publish_checkpoint(force=True)
    return item


def _check(entry: dict, size: int, root: str, h) -> bool:
    body = base64.b64decode(entry["entry"])
    leaf = merkle.leaf_hash(body, h)
    path = [base64.b64decode(p) for p in entry["proof"]]
    got = merkle.root_from_inclusion(entry["sequence"], size, leaf, path, h)
    return base64.b64encode(leaf).decode() == entry["leaf_hash"] and (
        base64.b64encode(got).decode() == root
    )


def _cli(tmp_path, item, bundle: dict, text: str) -> str:
    saved, body = tmp_path / "proof.json", tmp_path / "text.txt"
    saved.write_text(json.dumps(bundle))
    body.write_text(text)
    out = io.StringIO()
    args = ["verify", str(item.pk), "--bundle", str(saved), "--text", str(body)]
    call_command("portal", *args, "--vkey", notes.vkey(), stdout=out)
    return out.getvalue()


def test_the_withdrawal_entry_holds_the_digest_of_the_notice(published, publisher):
    item = _withdrawn(published, publisher)
    from openenforce.ledger.models import Entry

    entry = Entry.objects.get(event_type="disclosure.publication.withdrawn", subject_id=item.pk)
    assert json.loads(bytes(entry.body))["files"] == [digest.text_digest(NOTICE)]


def test_a_withdrawn_items_proof_covers_the_notice_it_shows(client, published, publisher, tmp_path):
    item = _withdrawn(published, publisher)
    html = client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    public = client.get(f"/api/v1/public/decisions/{item.pk}").json()
    assert public["withdrawn"] and public["withdrawal_reason"] == NOTICE
    assert bundle["status"] == "withdrawn" and bundle["shown"] == "withdrawal_notice"
    assert bundle["event_type"] == "disclosure.publication.withdrawn"
    entry = json.loads(base64.b64decode(bundle["entry"]))
    h = merkle.hash_function(bundle["hash"])
    assert h(NOTICE.encode("utf-8")).hex() in entry["files"]
    roles = [v["role"] for v in bundle["versions"]]
    assert roles == ["original", "withdrawal"]
    assert all(_check(v, bundle["size"], bundle["root"], h) for v in bundle["versions"])
    # The page claims for the notice exactly what its entry backs, and no longer the text.
    assert f"上述撤下公告与第 {bundle['sequence']} 号记录中登记的完全一致" in html
    assert "张某应于" not in html
    # The CLI reports it withdrawn, checks both entries, and never says the text is included.
    out = _cli(tmp_path, item, bundle, NOTICE)
    assert out.startswith(f"item {item.pk}: withdrawn;") and "notice matches" in out
    assert str(bundle["versions"][0]["sequence"]) in out
    with pytest.raises(Exception, match="NOT verified"):
        _cli(tmp_path, item, bundle, "复议机关维持原处罚决定")


def test_an_old_withdrawal_without_a_notice_digest_says_what_is_not_proven(
    client, published, publisher, tmp_path, monkeypatch
):
    real = disclosure.record

    def as_before(**kwargs):  # the record as it was written before notices were digested
        if kwargs["event_type"].endswith(".withdrawn"):
            kwargs["files"] = []
        return real(**kwargs)

    monkeypatch.setattr(disclosure, "record", as_before)
    item = _withdrawn(published, publisher)
    html = client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()
    assert "因此不能证明公告的措辞" in html
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    out = _cli(tmp_path, item, bundle, NOTICE)
    assert "withdrawn" in out and "NOT proven" in out and "matches" not in out


def test_a_corrected_item_shows_each_version_with_its_own_entry(
    client, published, publisher, system_actor, tmp_path
):
    item = published()
    before = item.masked_text
    correction = disclosure.request_correction(item, actor=system_actor, description="错字")
    disclosure.handle_correction(
        correction,
        actor=publisher,
        accept=True,
        response="已更正",
        corrected_text="给予警告。张三应于二十日内整改。",
    )
    publish_checkpoint(force=True)
    item.refresh_from_db()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    h = merkle.hash_function(bundle["hash"])
    original, corrected = bundle["versions"]
    assert (original["role"], corrected["role"]) == ("original", "correction")
    assert original["sequence"] < corrected["sequence"] == bundle["sequence"]
    for version, text in ((original, before), (corrected, item.masked_text)):
        files = json.loads(base64.b64decode(version["entry"]))["files"]
        assert files == [h(text.encode()).hex()]
        assert _check(version, bundle["size"], bundle["root"], h)
    html = client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()
    assert before in html and item.masked_text in html
    for version in (original, corrected):
        assert f"此文本的摘要值记录在第 {version['sequence']} 号记录条目的文件摘要字段中" in html
    out = _cli(tmp_path, item, bundle, item.masked_text)
    assert "public text matches" in out and "withdrawn" not in out
    with pytest.raises(Exception, match="NOT verified"):
        _cli(tmp_path, item, bundle, before)


def _history(client, kind, key) -> dict:
    data = client.get(f"/portal/history/{kind}/{key}.json").json()
    h = merkle.hash_function(data["hash"])
    assert data["entries"], "a history has entries"
    assert all(_check(e, data["size"], data["root"], h) for e in data["entries"])
    notes.open_note(data["checkpoint"], notes.Verifier.parse(notes.vkey()))
    return data


def test_a_publications_history_lists_every_entry_and_nothing_personal(
    client, published, publisher
):
    item = _withdrawn(published, publisher)
    from openenforce.ledger.models import Entry

    data = _history(client, "decision", item.pk)
    expected = list(
        Entry.objects.filter(subject_kind="disclosure.publication", subject_id=str(item.pk))
        .order_by("sequence")
        .values_list("sequence", "event_type")
    )
    got = [(e["sequence"], e["event_type"]) for e in data["entries"]]
    assert got == expected
    assert [t for _s, t in got][-2:] == [
        "disclosure.publication.published",
        "disclosure.publication.withdrawn",
    ]
    page = client.get(f"/portal/history/decision/{item.pk}/").content.decode()
    decoded = " ".join(base64.b64decode(e["entry"]).decode() for e in data["entries"])
    for text in (page, json.dumps(data, ensure_ascii=False), decoded):
        assert PARTY not in text and ID_NUMBER not in text
    assert 'id="proof-data"' in page and "/static/portal/verify.js" in page


def test_a_draft_has_no_public_history(client, decided):
    case = decided()
    draft = case.publications.get()
    assert client.get(f"/portal/history/decision/{draft.pk}/").status_code == 404
    assert client.get(f"/portal/history/decision/{draft.pk}.json").status_code == 404
    assert client.get("/portal/history/nothing/1.json").status_code == 404


def test_a_certificates_history_shows_suspension_and_reinstatement(client, catalog, admin_user):
    cert = catalog.certificate
    day = datetime.date(2026, 9, 21)
    add_certificate_event(cert, actor=admin_user, kind="suspended", date=day, reason="涉嫌违纪")
    add_certificate_event(cert, actor=admin_user, kind="reinstated", date=day)
    publish_checkpoint(force=True)
    data = _history(client, "certificate", cert.number)
    types = [e["event_type"] for e in data["entries"]]
    assert "catalog.certificate.suspended" in types and "catalog.certificate.reinstated" in types
    assert types.index("catalog.certificate.suspended") < types.index(
        "catalog.certificate.reinstated"
    )
    assert types.count("catalog.certificateevent.added") >= 2
    assert client.get("/portal/history/certificate/NO-SUCH/").status_code == 404


# -- the published test vector ----------------------------------------------------------


def _vector() -> dict:
    from openenforce.portal.tests import vectors

    return json.loads(vectors.PATH.read_text(encoding="utf-8"))


def test_the_withdrawal_vector_is_what_the_helper_builds():
    from openenforce.portal.tests import vectors

    assert vectors.PATH.read_text(encoding="utf-8") == vectors.dumps(vectors.build())


def test_the_withdrawal_vector_recomputes_with_hashlib_only():
    import hashlib

    v = _vector()
    sha = lambda b: hashlib.sha256(b).digest()  # noqa: E731
    texts = v["texts"]
    for name in ("original", "withdrawal_notice"):
        raw = texts[name].encode("utf-8")
        assert base64.b64decode(texts[f"{name}_utf8_b64"]) == raw
        assert hashlib.sha256(raw).hexdigest() == texts[f"{name}_digest"]
    entries = [base64.b64decode(e) for e in v["entries"]]
    leaves = [sha(b"\x00" + e) for e in entries]
    assert [base64.b64encode(x).decode() for x in leaves] == v["leaf_hashes"]

    def mth(nodes):  # RFC 9162 §2.1.1
        if len(nodes) == 1:
            return nodes[0]
        k = 1
        while k * 2 < len(nodes):
            k *= 2
        return sha(b"\x01" + mth(nodes[:k]) + mth(nodes[k:]))

    assert base64.b64encode(mth(leaves)).decode() == v["root"]
    bundle = v["bundle"]
    for version in bundle["versions"]:  # RFC 9162 §2.1.3.2
        fn, sn = version["sequence"], v["size"] - 1
        r = sha(b"\x00" + base64.b64decode(version["entry"]))
        for p in map(base64.b64decode, version["proof"]):
            if fn % 2 == 1 or fn == sn:
                r = sha(b"\x01" + p + r)
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
            else:
                r = sha(b"\x01" + r + p)
            fn, sn = fn >> 1, sn >> 1
        assert sn == 0 and base64.b64encode(r).decode() == v["root"]
    by_role = {x["role"]: json.loads(base64.b64decode(x["entry"])) for x in bundle["versions"]}
    assert by_role["original"]["files"] == [texts["original_digest"]]
    assert by_role["withdrawal"]["files"] == [texts["withdrawal_notice_digest"]]
    assert by_role["withdrawal"]["type"] == "disclosure.publication.withdrawn"


def test_the_projects_verifier_accepts_the_vector_and_refuses_a_changed_one():
    v = _vector()
    notice = v["texts"]["withdrawal_notice"]
    result = verify.check_bundle(v["bundle"], v["vkey"], item=v["item"], text=notice)
    assert result.problems == [] and result.withdrawn and result.text_covered
    assert sorted(result.checked) == [2, 4]
    assert verify.verify_bundle(v["bundle"], v["vkey"], item=v["item"], text=v["texts"]["original"])
    changed = json.loads(json.dumps(v["bundle"]))
    changed["versions"][0]["proof"][0] = changed["versions"][0]["proof"][1]
    assert verify.verify_bundle(changed, v["vkey"], item=v["item"], text=notice)
