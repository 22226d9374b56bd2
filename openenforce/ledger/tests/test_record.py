"""Appending: the entry's content, gapless sequences, transactions, personal data."""

import json

import pytest
import rfc8785
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from openenforce.catalog.models import Officer
from openenforce.core.errors import InvalidInput, WrongState
from openenforce.ledger import merkle, services, state
from openenforce.ledger.models import Entry, Salt


def body(entry: Entry) -> dict:
    return json.loads(bytes(entry.body))


def test_record_writes_a_canonical_envelope_with_the_state_digest(profile, agency, system_actor):
    entry = Entry.objects.get(subject_kind="accounts.agency", subject_id=str(agency.pk))
    data = body(entry)
    assert bytes(entry.body) == rfc8785.dumps(data)
    assert data["seq"] == entry.sequence and data["alg"] == profile
    assert data["type"] == "accounts.agency.created" and data["agency"] == agency.pk
    assert data["actor"] == system_actor.pk and data["subject"] == {
        "kind": "accounts.agency",
        "id": str(agency.pk),
    }
    assert data["state"] == state.state_digest(agency)
    assert bytes(entry.leaf_hash) == merkle.leaf_hash(bytes(entry.body))


def test_sequences_are_gapless_from_zero(catalogue):
    sequences = list(Entry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(len(sequences)))


def test_an_entry_is_appended_only_if_the_change_commits(agency, system_actor):
    before = Entry.objects.count()

    def record_then_fail():
        with transaction.atomic():
            services.record(actor=system_actor, event_type="test.rolled.back", subject=agency)
            1 / 0  # noqa: B018 - the caller's change fails after recording

    with pytest.raises(ZeroDivisionError):
        record_then_fail()
    assert Entry.objects.count() == before
    entry = _record(agency, system_actor)
    assert entry.sequence == before  # the rolled-back number is reused: no gap


def _record(subject, actor, **kwargs):
    with transaction.atomic():
        return services.record(actor=actor, event_type="test.recorded", subject=subject, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(agency, system_actor):
    with pytest.raises(RuntimeError, match="transaction"):
        services.record(actor=system_actor, event_type="test.outside", subject=agency)


def test_files_enter_as_digests(agency, system_actor):
    digest = "ab" * 32
    entry = _record(agency, system_actor, files=[digest, b"scan of the notice"])
    assert body(entry)["files"] == [digest, merkle.hash_function()(b"scan of the notice").hex()]


def test_a_malformed_file_digest_is_refused(agency, system_actor):
    with pytest.raises(InvalidInput) as refused:
        _record(agency, system_actor, files=["not a digest"])
    assert refused.value.code == "bad_digest"


def test_personal_fields_enter_only_as_salted_commitments(catalogue):
    officer = catalogue["officers"][0]
    entries = Entry.objects.filter(subject_kind="catalog.officer", subject_id=str(officer.pk))
    assert "张三".encode() not in b"".join(bytes(e.body) for e in entries)
    salts = Salt.objects.filter(subject_kind="catalog.officer", subject_id=str(officer.pk))
    assert {s.field for s in salts} == {"name", "gender"}
    # Same state, fresh salt: a different digest, so the name cannot be guessed from it.
    unsalted = state.state_digest(officer, salts={})
    assert unsalted != body(entries.last())["state"] == state.state_digest(officer)


def test_erasure_clears_personal_fields_and_records_the_event(catalogue, system_actor):
    officer = catalogue["officers"][0]
    entry = services.erase_personal_data(officer, actor=system_actor, reason="court order 1")
    officer.refresh_from_db()
    assert officer.name == "" and officer.gender == ""
    assert entry.event_type == "ledger.personal_data.erased"
    assert not Salt.objects.filter(
        subject_kind="catalog.officer", subject_id=str(officer.pk)
    ).exists()
    assert body(entry)["state"] == state.state_digest(officer)


def test_erasure_refusals(catalogue, agency, system_actor):
    with pytest.raises(WrongState) as nothing_personal:
        services.erase_personal_data(agency, actor=system_actor, reason="order")
    assert nothing_personal.value.code == "no_personal_data"
    with pytest.raises(InvalidInput) as no_reason:
        services.erase_personal_data(catalogue["officers"][0], actor=system_actor, reason=" ")
    assert no_reason.value.code == "reason_required"


def test_record_bulk_appends_consecutive_entries(catalogue, system_actor):
    officers = catalogue["officers"]
    first = Entry.objects.count()
    with transaction.atomic():
        count = services.record_bulk(
            actor=system_actor, events=[("test.imported", o) for o in officers * 3]
        )
    entries = list(Entry.objects.filter(sequence__gte=first))
    assert count == 6 and [e.sequence for e in entries] == list(range(first, first + 6))
    assert body(entries[0])["state"] == state.state_digest(officers[0])
    assert bytes(entries[0].body) == rfc8785.dumps(body(entries[0]))


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(max_codepoint=127)), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_json)
def test_fast_canonical_json_equals_rfc_8785(value):
    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, UnicodeEncodeError):
        return
    try:
        actual = state.canonical_json(value)
    except UnicodeEncodeError:
        return
    assert actual == expected


def test_the_one_round_trip_read_gives_what_the_general_reads_give(catalogue, agency):
    """``record`` reads its subject with precompiled SQL in one round trip; the row, its
    links and its salts must be exactly what the ORM reads that verification uses give."""
    officer = catalogue["officers"][0]
    for subject in (officer, agency, catalogue["department"]):
        kind = state.kind_of(subject)
        stored, related, salts = state.read_one(subject, kind, salts=True)
        general = state.reload([subject])[str(subject.pk)]
        assert [f.value_from_object(stored) for f in subject._meta.concrete_fields] == [
            f.value_from_object(general) for f in subject._meta.concrete_fields
        ]
        h = merkle.hash_function()
        assert state.subject_state(stored, salts, h, related) == state.subject_state(
            general, salts, h
        )  # links included: the general read asks related_ids itself
        assert salts == state.salts_for(kind, [str(subject.pk)])
        assert state.state_digest(stored, salts, None, related) == state.state_digest(general)
    assert len(state.read_one(officer, "catalog.officer", salts=True)[2]) == 2  # name, gender
    gone = Officer(pk=10**9, agency=agency, code="X", name="王五")
    assert state.read_one(gone, "catalog.officer", salts=False)[0] is None
