"""Events named in words for people: ``catalog.officer.updated`` is 执法人员 · 修改.

An event type is ``<app>.<model>.<verb>``. The thing is the model's own (translated) name;
the verb comes from ``VERBS``. A verb not listed leaves the thing alone, and the timeline
still shows the event's code beside its name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openenforce.ledger import state

VERBS = {
    "accepted": _("accepted"),
    "added": _("added"),
    "announced": _("announced"),
    "annual_review": _("annual review passed"),
    "approved": _("approved"),
    "assigned": _("assigned"),
    "change_registered": _("change registered"),
    "checked_out": _("checked out"),
    "corrected": _("corrected"),
    "created": _("created"),
    "declared": _("declared"),
    "deemed_accepted": _("deemed accepted"),
    "deleted": _("deleted"),
    "downloaded": _("downloaded"),
    "drafted": _("drafted"),
    "drawn": _("drawn"),
    "entered": _("entered"),
    "erased": _("personal data erased"),
    "exam_passed": _("qualification exam passed"),
    "exempted": _("exempted from publication"),
    "expired": _("expired"),
    "first_review": _("first review"),
    "granted": _("granted"),
    "issued": _("issued"),
    "masked": _("masked"),
    "opened": _("opened"),
    "published": _("published"),
    "recomputed": _("recomputed"),
    "recorded": _("recorded"),
    "registered": _("registered"),
    "reinstated": _("reinstated"),
    "rejected": _("rejected"),
    "renewed": _("renewed"),
    "repealed": _("repealed"),
    "requested": _("requested"),
    "returned": _("returned"),
    "revoked": _("revoked"),
    "scheduled": _("scheduled"),
    "served": _("served"),
    "settled": _("deemed served"),
    "status_changed": _("status changed"),
    "supervision_added": _("supervision added"),
    "supervision_removed": _("supervision removed"),
    "suspended": _("suspended"),
    "updated": _("updated"),
    "viewed": _("viewed"),
    "withdrawn": _("withdrawn"),
}


def event_label(event_type: str) -> str:
    """The event in words; "" when neither its thing nor its verb is known."""
    kind, _dot, verb = event_type.rpartition(".")
    model = state.model_for(kind)
    said = str(VERBS[verb]) if verb in VERBS else ""
    if model is None:  # e.g. ledger.personal_data.erased, about the row it names
        return said
    thing = str(model._meta.verbose_name)
    return f"{thing} · {said}" if said else thing
