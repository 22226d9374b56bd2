"""Draws nobody can steer (docs/draws.md §1, §7.3): the bureau's share, the witnessed
announcement, the delay, the reveals, and the export's proof of order."""

from __future__ import annotations

import copy
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.inspections import draw as algorithm
from openenforce.inspections import order, seeding, selectors, services
from openenforce.inspections.models import Plan
from openenforce.ledger import cosign, notes, verify
from openenforce.ledger.models import Entry, WitnessedCheckpoint
from openenforce.testing.witness import new_share

CLOCK = "2026-11-16T09:00:00+08:00"


def _committed(insp):
    plan = insp.plan()
    value, commitment = new_share()
    seeding.commit_share(plan, actor=insp.supervisor, commitment=commitment)
    return plan, value, commitment


@pytest.mark.clock(CLOCK)
def test_the_draw_waits_for_the_witnessed_announcement_and_the_delay(
    insp, registry_targets, settings, clock
):
    settings.OPENENFORCE_DRAW_DELAY_SECONDS = 3600
    plan, value, _commitment = _committed(insp)
    plan = services.announce_plan(plan, actor=insp.head)
    with pytest.raises(WrongState) as not_witnessed:
        seeding.reveal_share(plan, actor=insp.supervisor, reveal=value)
    assert not_witnessed.value.code == "seed_share_early"
    insp.witness.round()
    plan = seeding.reveal_share(plan, actor=insp.supervisor, reveal=value)
    gate = seeding.gate(plan)
    assert gate.witnessed is not None and gate.waiting_for == []
    assert gate.earliest == gate.witnessed.at + datetime.timedelta(hours=1)
    with pytest.raises(WrongState) as early:
        services.draw_plan(plan, actor=insp.head)
    assert early.value.code == "draw_not_yet" and "1 小时" in str(early.value)
    clock.shift(datetime.timedelta(minutes=59))
    with pytest.raises(WrongState):
        services.draw_plan(plan, actor=insp.head)
    clock.shift(datetime.timedelta(minutes=2))
    assert services.draw_plan(plan, actor=insp.head).status == Plan.Status.DRAWN


def test_without_a_witness_round_the_draw_is_refused_and_says_why(insp, registry_targets):
    plan, value, _commitment = _committed(insp)
    plan = services.announce_plan(plan, actor=insp.head)
    reasons = seeding.gate(plan).reasons
    assert any("见证" in r for r in reasons) and any("长春新区司法局" in r for r in reasons)
    with pytest.raises(WrongState) as refused:
        services.draw_plan(plan, actor=insp.head)
    assert refused.value.code == "draw_not_yet"


def test_with_no_witness_configured_no_draw_runs(insp, registry_targets, settings):
    settings.OPENENFORCE_WITNESSES = []
    plan, value, _commitment = _committed(insp)
    plan = services.announce_plan(plan, actor=insp.head)
    assert any("未配置见证方" in r for r in seeding.gate(plan).reasons)


def test_the_announcement_needs_the_bureaus_commitment(insp, registry_targets):
    plan = insp.plan()
    with pytest.raises(WrongState) as missing:
        services.announce_plan(plan, actor=insp.head)
    assert missing.value.code == "seed_share_missing" and "长春新区司法局" in str(missing.value)


def test_only_the_bureau_commits_once_and_before_the_announcement(
    insp, registry_targets, head, other_agency, system_actor
):
    plan = insp.plan()
    _value, commitment = new_share()
    with pytest.raises(NotPermitted):
        seeding.commit_share(plan, actor=head, commitment=commitment)
    with pytest.raises(InvalidInput) as malformed:
        seeding.commit_share(plan, actor=insp.supervisor, commitment="xyz")
    assert malformed.value.problems[0].field == "commitment"
    seeding.commit_share(plan, actor=insp.supervisor, commitment=commitment.upper())
    plan.refresh_from_db()
    assert plan.seed_shares["justice"]["commitment"] == commitment  # kept in lower case
    with pytest.raises(WrongState) as twice:
        seeding.commit_share(plan, actor=insp.supervisor, commitment=new_share()[1])
    assert twice.value.code == "seed_share_committed"
    committed = Entry.objects.get(event_type="inspections.plan.seed_committed")
    assert commitment in bytes(committed.body).decode()


def test_a_reveal_that_does_not_match_is_refused_and_nothing_is_kept(insp, registry_targets):
    plan, value, _commitment = _committed(insp)
    plan = services.announce_plan(plan, actor=insp.head)
    insp.witness.round()
    with pytest.raises(InvalidInput) as wrong:
        seeding.reveal_share(plan, actor=insp.supervisor, reveal=new_share()[0])
    assert wrong.value.code == "seed_share_mismatch"
    plan.refresh_from_db()
    assert plan.seed_shares["justice"]["reveal"] == ""
    assert not Entry.objects.filter(event_type="inspections.plan.seed_revealed").exists()
    seeding.reveal_share(plan, actor=insp.supervisor, reveal=value)
    with pytest.raises(WrongState):
        seeding.reveal_share(plan, actor=insp.supervisor, reveal=value)


def test_the_seed_depends_on_every_partys_reveal(insp, registry_targets):
    plan = insp.draw(insp.plan())
    data = services.draw_input(plan)
    reveals = plan.seed_material()
    assert set(reveals) == {"cnna-sa", "justice"}
    assert plan.drawn_seed() == algorithm.derive_seed(reveals)
    for party in reveals:
        changed = {**reveals, party: bytes(32)}
        assert algorithm.derive_seed(changed) != plan.drawn_seed()
        with pytest.raises(algorithm.DrawError) as refused:
            algorithm.run_draw(data, changed)  # the changed value is not the committed one
        assert refused.value.code == "draw_reveal_mismatch"
        fixed = algorithm.DrawInput(
            **{
                **data.__dict__,
                "commitments": {p: algorithm.seed_commitment(v) for p, v in changed.items()},
            }
        )
        assert algorithm.run_draw(fixed, changed).digest() != plan.result_sha256


def _export(insp):
    plan = insp.draw(insp.plan())
    return plan, selectors.public_export(plan)


def _check(doc, insp, **kwargs):
    return order.check_order(
        doc,
        log_vkey=kwargs.get("log_vkey", notes.vkey()),
        witness_vkeys=kwargs.get("witnesses", [insp.witness.vkey]),
        quorum=kwargs.get("quorum", 1),
    )


def test_the_export_proves_the_order(insp, registry_targets):
    plan, doc = _export(insp)
    assert doc["format"] == "openenforce.draw/2" and doc["algorithm"] == "oe-draw/2"
    assert set(doc["reveals"]) == {"cnna-sa", "justice"} and all(doc["reveals"].values())
    assert algorithm.verify_document(doc).consistent
    found = _check(doc, insp)
    assert found.ok, found.problems
    assert found.witnesses == ["bureau.example/witness"] and found.drawn_at >= found.witnessed_at
    events = [e["event"] for e in doc["order"]["entries"]]
    assert events == [order.ANNOUNCED, order.REVEALED, order.DRAWN]
    assert [e["in"] for e in doc["order"]["entries"]] == ["witnessed", "checkpoint", "checkpoint"]


def test_the_order_check_fails_without_the_quorum_or_with_a_forged_order(insp, registry_targets):
    plan, doc = _export(insp)
    stranger = cosign.witness_vkey(Ed25519PrivateKey.generate(), "stranger.example/w")
    assert not _check(doc, insp, witnesses=[stranger]).ok  # not cosigned by a known witness
    assert not _check(doc, insp, witnesses=[insp.witness.vkey, stranger], quorum=2).ok
    bare = copy.deepcopy(doc)
    note = bare["order"]["witnessed"]["note"]
    bare["order"]["witnessed"]["note"] = note[: note.rstrip("\n").rindex("\n") + 1]
    assert not _check(bare, insp).ok  # the witness's line removed
    swapped = copy.deepcopy(doc)
    swapped["order"]["entries"][2]["in"] = "witnessed"
    assert not _check(swapped, insp).ok  # the draw's proof does not lead to the witnessed root
    later = copy.deepcopy(doc)
    later["parameters"]["delay_seconds"] = 10**6  # as if announced with a day's delay
    assert any("delay" in p for p in _check(later, insp).problems)
    other_log = notes.vkey(Ed25519PrivateKey.generate(), "openenforce.local/record")
    assert not _check(doc, insp, log_vkey=other_log).ok
    assert not _check({**doc, "order": None}, insp).ok


def test_a_witnessed_checkpoint_is_kept_for_the_announcement_and_verified(insp, registry_targets):
    plan = insp.draw(insp.plan())
    announced = Entry.objects.get(event_type=order.ANNOUNCED, subject_id=str(plan.pk))
    kept = WitnessedCheckpoint.objects.filter(size__gt=announced.sequence).first()
    assert kept is not None and kept.note.count("\u2014") == 2  # the log's line and the witness's
    assert verify.verify_database() == []


@pytest.mark.tampers
def test_a_forged_cosignature_on_a_kept_checkpoint_is_named(insp, registry_targets):
    insp.draw(insp.plan())
    kept = WitnessedCheckpoint.objects.order_by("size").first()
    stranger = Ed25519PrivateKey.generate()
    body = kept.note.rpartition("\n\n")[0] + "\n"
    line = cosign.cosign(body, stranger, "bureau.example/witness", 1795000000)
    WitnessedCheckpoint.objects.filter(pk=kept.pk).update(note=kept.note + line)
    problems = [str(p) for p in verify.verify_database()]
    assert any(f"witnessed checkpoint {kept.size}" in p for p in problems)


def test_each_step_waits_on_the_to_do_list_of_whoever_must_take_it(insp, registry_targets):
    from django.utils import timezone

    from openenforce.core.todo import tasks_for

    def titles(user):
        return [
            str(t.title)
            for t in tasks_for(user, timezone.localdate())
            if t.key.startswith("inspections:")
        ]

    plan = insp.plan()
    assert titles(insp.supervisor) == ["提交抽查随机数承诺值"]
    assert titles(insp.head) == []
    plan = insp.announce(plan)
    assert titles(insp.supervisor) == []  # not before the witnesses cosigned
    insp.witness.round()
    assert titles(insp.supervisor) == ["揭示抽查随机数"]
    seeding.reveal_share(plan, actor=insp.supervisor, reveal=insp.values[plan.pk])
    assert titles(insp.supervisor) == [] and titles(insp.head) == [
        "执行抽取（抽取检查对象和检查人员）"
    ]
    services.draw_plan(plan, actor=insp.head)
    assert titles(insp.head) == []
