"""Events named in words for people: ``catalog.officer.updated`` is 执法人员 · 修改.

An event type is ``<app>.<model>.<verb>``. The thing is the model's own (translated) name;
the verb comes from ``VERBS`` (translated in the context "record event", apart from the
same English words elsewhere). A verb not listed leaves the thing alone, and the timeline
still shows the event's code beside its name.

This is the one place an event type becomes words. An app that knows its events better
than "thing · verb" registers them from its ``AppConfig.ready()``: ``register_label`` for
one event type, ``register_labeller`` for every event of a subject kind (cases names
``cases.case.<action>`` by the lifecycle action's label). The ledger knows no domain, so
it only asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import pgettext_lazy

from openenforce.ledger import state

VERBS = {
    "accepted": pgettext_lazy("record event", "accepted"),
    "active": pgettext_lazy("record event", "in force"),
    "added": pgettext_lazy("record event", "added"),
    "agree": pgettext_lazy("record event", "agreed"),
    "agree_with_changes": pgettext_lazy("record event", "agreed after changes"),
    "announced": pgettext_lazy("record event", "announced"),
    "annual_review": pgettext_lazy("record event", "annual review passed"),
    "approved": pgettext_lazy("record event", "approved"),
    "archive": pgettext_lazy("record event", "archived"),
    "assigned": pgettext_lazy("record event", "assigned"),
    "change_registered": pgettext_lazy("record event", "change registered"),
    "changes_confirmed": pgettext_lazy("record event", "changes confirmed"),
    "checked_out": pgettext_lazy("record event", "checked out"),
    "corrected": pgettext_lazy("record event", "corrected"),
    "created": pgettext_lazy("record event", "created"),
    "decided": pgettext_lazy("record event", "decided"),
    "declared": pgettext_lazy("record event", "declared"),
    "deemed_accepted": pgettext_lazy("record event", "deemed accepted"),
    "deleted": pgettext_lazy("record event", "deleted"),
    "demoted": pgettext_lazy("record event", "made an assistant handler"),
    "disagree": pgettext_lazy("record event", "disagreed"),
    "downloaded": pgettext_lazy("record event", "downloaded"),
    "drafted": pgettext_lazy("record event", "drafted"),
    "drawn": pgettext_lazy("record event", "drawn"),
    "ended": pgettext_lazy("record event", "ended"),
    "entered": pgettext_lazy("record event", "entered"),
    "erased": pgettext_lazy("record event", "personal data erased"),
    "exam_passed": pgettext_lazy("record event", "qualification exam passed"),
    "exempted": pgettext_lazy("record event", "exempted from publication"),
    "expired": pgettext_lazy("record event", "expired"),
    "first_review": pgettext_lazy("record event", "first review"),
    "granted": pgettext_lazy("record event", "granted"),
    "held": pgettext_lazy("record event", "held"),
    "issued": pgettext_lazy("record event", "issued"),
    "masked": pgettext_lazy("record event", "masked"),
    "not_yet_valid": pgettext_lazy("record event", "not yet valid"),
    "opened": pgettext_lazy("record event", "opened"),
    "published": pgettext_lazy("record event", "published"),
    "recomputed": pgettext_lazy("record event", "recomputed"),
    "recorded": pgettext_lazy("record event", "recorded"),
    "recused": pgettext_lazy("record event", "recused"),
    "registered": pgettext_lazy("record event", "registered"),
    "reinstated": pgettext_lazy("record event", "reinstated"),
    "rejected": pgettext_lazy("record event", "rejected"),
    "released": pgettext_lazy("record event", "released"),
    "renewed": pgettext_lazy("record event", "renewed"),
    "repealed": pgettext_lazy("record event", "repealed"),
    "requested": pgettext_lazy("record event", "requested"),
    "returned": pgettext_lazy("record event", "returned"),
    "revoked": pgettext_lazy("record event", "revoked"),
    "scheduled": pgettext_lazy("record event", "scheduled"),
    "seeded": pgettext_lazy(
        "record event", "seeded from the built-in State Council holiday arrangements"
    ),
    "served": pgettext_lazy("record event", "served"),
    "set": pgettext_lazy("record event", "set"),
    "settled": pgettext_lazy("record event", "deemed served"),
    "started": pgettext_lazy("record event", "started"),
    "status_changed": pgettext_lazy("record event", "status changed"),
    "submitted": pgettext_lazy("record event", "submitted"),
    "supervision_added": pgettext_lazy("record event", "supervision added"),
    "supervision_removed": pgettext_lazy("record event", "supervision removed"),
    "suspended": pgettext_lazy("record event", "suspended"),
    "updated": pgettext_lazy("record event", "updated"),
    "valid": pgettext_lazy("record event", "valid"),
    "viewed": pgettext_lazy("record event", "viewed"),
    "withdrawn": pgettext_lazy("record event", "withdrawn"),
}


_labels: dict[str, Any] = {}
_labellers: dict[str, Callable[[str], str]] = {}


def register_label(event_type: str, label: Any) -> None:
    """Name one event type (a lazy translation)."""
    _labels[event_type] = label


def register_labeller(kind: str, labeller: Callable[[str], str]) -> None:
    """Name every event about subjects of ``kind``: ``labeller(verb)`` returns the words,
    or "" to leave the event to the generic naming."""
    _labellers[kind] = labeller


def event_label(event_type: str) -> str:
    """The event in words; "" when neither its thing nor its verb is known."""
    kind, _dot, verb = event_type.rpartition(".")
    if event_type in _labels:
        return str(_labels[event_type])
    if kind in _labellers:
        said = _labellers[kind](verb)
        if said:
            return str(said)
    model = state.model_for(kind)
    said = str(VERBS[verb]) if verb in VERBS else ""
    if model is None:  # e.g. ledger.personal_data.erased, about the row it names
        return said
    thing = str(model._meta.verbose_name)
    return f"{thing} · {said}" if said else thing
