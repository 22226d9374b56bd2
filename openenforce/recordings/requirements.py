"""Which case steps need an audio/video recording: the agency's recording list
(音像记录事项清单, ``catalog.RecordingRequirement``) read against the lifecycles.

The list names steps in the words of the guidance (on-site inspection, evidence
collection, hearing, service by leaving or announcement, seizure, compulsory enforcement,
other dispute-prone steps); ``STEP_ACTIONS`` maps each to the lifecycle actions that
complete it. A requirement applies to its matter, or to every matter when it names none.
An action carrying the ``recording_made`` gate (``cases.gates``) cannot be taken while a
requirement applies and the case has neither a recording of that step nor a recorded
reason why none exists (行政处罚法 Art 47; 国办发〔2018〕118号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from openenforce.cases import lifecycles
from openenforce.catalog.models import CatalogEntry, RecordingRequirement
from openenforce.recordings.models import Recording, RecordingWaiver

Step = RecordingRequirement.Step
GATE = "recording_made"
ARTICLE = "行政处罚法 Art 47; 国办发〔2018〕118号"

# Requirement step -> the lifecycle actions (codes) that complete such a step. Compulsory
# enforcement and "other" steps have no action of their own in the lifecycles yet: their
# recordings are kept, but no action waits for them.
STEP_ACTIONS: dict[str, tuple[str, ...]] = {
    Step.ON_SITE_INSPECTION: ("record_inspection",),
    Step.EVIDENCE: ("conclude_investigation",),
    Step.HEARING: ("hold_hearing",),
    Step.SERVICE_LEAVING: ("serve_prior_notice", "serve_decision"),
    Step.SERVICE_ANNOUNCEMENT: ("serve_prior_notice", "serve_decision"),
    Step.SEIZURE: ("approve_measure", "take_emergency_measure"),
    Step.ENFORCEMENT: (),
    Step.OTHER: (),
}

# Service steps apply only when the action's ``method`` input is this method: a code of
# the deliveries app (``left``, ``announcement``), its label in English or Chinese (the
# deliveries app passes the label), or the Chinese word the officer typed.
SERVICE_METHODS: dict[str, tuple[str, ...]] = {
    Step.SERVICE_LEAVING: ("left_at_address", "leaving", "left", "留置"),
    Step.SERVICE_ANNOUNCEMENT: ("announcement", "公告"),
}


def gated_action_codes() -> set[str]:
    """Every action code some requirement step maps to."""
    return {code for codes in STEP_ACTIONS.values() for code in codes}


def sibling_codes(case, action_code: str) -> tuple[str, ...]:
    """The gated actions leaving a state ``action_code`` leaves (itself included): the
    gate counts a recording of any of them for each (see ``pending_action_codes``)."""
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(action_code) if lifecycle else None
    if lifecycle is None or action is None:
        return (action_code,)
    sources = set(lifecycle.sources_of(action))
    return tuple(
        a.code
        for a in lifecycle.actions
        if GATE in a.gates and (a.code == action_code or sources & set(lifecycle.sources_of(a)))
    )


def steps_for_action(action_code: str) -> list[str]:
    return [step for step, codes in STEP_ACTIONS.items() if action_code in codes]


def method_matches(step: str, method) -> bool:
    """Whether a service ``method`` (code or text) is the method of a service step."""
    words = SERVICE_METHODS.get(step)
    if words is None:
        return True
    text = str(method or "").strip().lower()
    return any(
        re.search(rf"\b{word}\b", text) if word.isascii() else word in text for word in words
    )


def list_entries(case) -> list[RecordingRequirement]:
    """The active entries of the case agency's recording list for the case's matter
    (those naming it, and those for every matter), in code order."""
    return list(
        RecordingRequirement.objects.filter(
            Q(matter__isnull=True) | Q(matter_id=case.matter_id),
            agency_id=case.agency_id,
            status=CatalogEntry.Status.ACTIVE,
        ).order_by("code")
    )


def requirements_for(
    case, action_codes, data: dict | None = None, entries: list | None = None
) -> list[RecordingRequirement]:
    """The entries (``entries``, or read now) of the case agency's recording list that
    apply to ``case``'s matter and to the step completed by one of ``action_codes``.
    Service steps apply when ``data["method"]`` is theirs; without ``data`` (a page
    asking) they are left out, since the method is not known yet."""
    steps = {step for code in action_codes for step in steps_for_action(code)}
    if not steps:
        return []
    entries = list_entries(case) if entries is None else entries
    return [e for e in entries if e.step in steps and _applies(e, data)]


def _applies(entry: RecordingRequirement, data: dict | None) -> bool:
    if entry.step not in SERVICE_METHODS:
        return True
    return data is not None and method_matches(entry.step, data.get("method"))


def needs_video(entries) -> bool:
    return any(e.kind != RecordingRequirement.Kind.AUDIO for e in entries)


@dataclass(frozen=True)
class Check:
    """Whether the step completed by ``action_codes`` has what the recording list asks."""

    action_codes: tuple[str, ...]
    requirements: list[RecordingRequirement] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)
    waiver: RecordingWaiver | None = None

    @property
    def required(self) -> bool:
        return bool(self.requirements)

    @property
    def satisfied(self) -> bool:
        if not self.required or self.waiver is not None:
            return True
        wanted = Recording.Media.VIDEO if needs_video(self.requirements) else None
        return any(wanted is None or r.media == wanted for r in self.recordings)


def check(case, action_codes, data: dict | None = None) -> Check:
    codes = tuple(action_codes)
    return evaluate(case, codes, requirements_for(case, codes, data))


def evaluate(
    case,
    codes: tuple[str, ...],
    entries: list[RecordingRequirement],
    *,
    recordings=None,
    waivers=None,
) -> Check:
    """What the case has for the step completed by ``codes``, against ``entries``;
    ``recordings`` and ``waivers`` of the case may be given, read once for many steps."""
    if not entries:
        return Check(codes)
    if recordings is None:
        recordings = Recording.objects.filter(case=case, step__in=codes)
    if waivers is None:
        waivers = RecordingWaiver.objects.filter(case=case, step__in=codes)
    mine = [r for r in recordings if r.step in codes]
    waiver = next((w for w in waivers if w.step in codes), None)
    return Check(codes, entries, mine, waiver)


def pending_action_codes(case) -> tuple[str, ...]:
    """The actions carrying the gate that the case's current state leads on to. The
    gate is asked without the action (``cases.gates`` passes case, input and day), so it
    reads the step from the state; in every lifecycle the gated actions leaving one state
    complete the same kind of step (a test keeps it so)."""
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None:
        return ()
    return tuple(
        a.code
        for a in lifecycle.actions
        if GATE in a.gates and case.state in lifecycle.sources_of(a)
    )


def refusal(result: Check) -> str:
    names = "; ".join(
        f"{e.code} {e.get_step_display()}（{e.get_kind_display()}）" for e in result.requirements
    )
    if result.recordings and not result.satisfied:
        return _(
            "The agency's recording list (%(entries)s) requires a video recording of this "
            "step; only audio was registered. Register the video or record why none exists."
        ) % {"entries": names}
    return _(
        "The agency's recording list (%(entries)s) requires an audio/video recording of this "
        "step: register the recording, or record the reason why none exists."
    ) % {"entries": names}


def gate(case, data: dict | None) -> tuple[bool, list[str], str]:
    """(open, reasons, article) for the ``recording_made`` gate."""
    result = check(case, pending_action_codes(case), data)
    if result.satisfied:
        return True, [], ARTICLE
    return False, [refusal(result)], ARTICLE
