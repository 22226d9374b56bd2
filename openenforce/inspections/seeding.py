"""Seeds no single party chooses (``oe-draw/2``, docs/draws.md §1).

The drawing agency and every justice bureau that supervises it each pick a secret
32-byte value and publish only its SHA-256 (the commitment). The bureau commits while the
plan is a draft, before the lists are frozen; the announcement freezes the lists and the
parameters, which carry every commitment. The draw may run only once the announcement's
record entry is inside a checkpoint the configured witnesses cosigned, and a configured
delay after the quorum cosigned it; the bureau reveals its value after the witnessing, the
agency's own is revealed by the draw, and the seed is derived from all of them. Nobody can
choose the seed alone: the agency does not know the bureau's value when it freezes the
lists, and the bureau's value is fixed by its commitment before it sees anything.

The bureau's value is made on the bureau's side (in its officer's browser, or with its own
tools — docs/draws.md §12): the server only ever sees the commitment, then the reveal.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, Role, User
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.inspections import draw as algorithm
from openenforce.inspections.models import Plan
from openenforce.ledger import witnessing
from openenforce.ledger.models import Entry
from openenforce.ledger.services import record

ANNOUNCED_EVENT = "inspections.plan.announced"
# The rules of the draw: 国办发〔2015〕58号 (double random, one public) and the justice
# bureau's supervision of enforcement (国办发〔2018〕118号).
RULES_ARTICLE = "国办发〔2015〕58号"
DEFAULT_DELAY = datetime.timedelta(hours=24)


def delay(plan: Plan | None = None) -> datetime.timedelta:
    """How long after the witnessed announcement the draw may run at the earliest: for an
    announced plan, the delay its parameters announced; otherwise the installation's rule
    (``OPENENFORCE_DRAW_DELAY_SECONDS``; a day by default: time for anyone to see and keep
    the announcement before its result exists)."""
    if plan is not None and "delay_seconds" in plan.parameters:
        return datetime.timedelta(seconds=int(plan.parameters["delay_seconds"]))
    seconds = getattr(settings, "OPENENFORCE_DRAW_DELAY_SECONDS", None)
    return DEFAULT_DELAY if seconds is None else datetime.timedelta(seconds=int(seconds))


def independent_parties(plan: Plan) -> QuerySet[Agency]:
    """The justice bureaus supervising the plan's agency (directly or through a parent
    agency): each holds a share of the seed."""
    chain: list[int] = []
    agency: Agency | None = plan.agency
    while agency is not None and len(chain) < 20:
        chain.append(agency.pk)
        agency = agency.parent
    return Agency.objects.filter(supervises__in=chain).distinct().order_by("code")


def missing_commitments(plan: Plan) -> list[Agency]:
    return [a for a in independent_parties(plan) if a.code not in plan.seed_shares]


def _party_of(actor: User, plan: Plan) -> Agency:
    """The bureau ``actor`` speaks for in this plan's draw, or NotPermitted."""
    bureaus = {a.pk: a for a in independent_parties(plan)}
    if not (actor.is_active and actor.has_role(Role.SUPERVISOR) and actor.agency_id in bureaus):
        raise NotPermitted(
            _("Only a supervisor of a justice bureau supervising this agency holds a share."),
            code="seed_share_scope",
        )
    return bureaus[actor.agency_id]


def _hex32(value: str, field: str, what: str) -> str:
    text = (value or "").strip().lower()
    if not algorithm.is_commitment(text):
        message = _("%(what)s must be 64 hexadecimal digits (32 bytes).") % {"what": what}
        raise InvalidInput(
            message, code="seed_share_format", problems=[FieldProblem(field, message)]
        )
    return text


@transaction.atomic
def commit_share(plan: Plan, *, actor: User, commitment: str) -> Plan:
    """The bureau commits to its secret value: only the SHA-256 reaches the server, while
    the plan is still a draft (before the lists are frozen), once."""
    plan = Plan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    party = _party_of(actor, plan)
    commitment = _hex32(commitment, "commitment", _("The commitment"))
    if plan.status != Plan.Status.DRAFT:
        raise WrongState(
            _("Commitments are made before the announcement; this plan is already announced."),
            code="seed_share_late",
            article=RULES_ARTICLE,
        )
    if party.code in plan.seed_shares:
        raise WrongState(
            _("%(party)s has already committed to a value for this plan.") % {"party": party},
            code="seed_share_committed",
        )
    plan.seed_shares = {
        **plan.seed_shares,
        party.code: {
            "commitment": commitment,
            "committed_at": timezone.now().isoformat(),
            "reveal": "",
            "revealed_at": "",
        },
    }
    plan.save(update_fields=["seed_shares", "updated_at"])
    record(
        actor=actor, event_type="inspections.plan.seed_committed", subject=plan, files=[commitment]
    )
    return plan


def announcement_entry(plan: Plan) -> Entry | None:
    return (
        Entry.objects.filter(
            subject_kind="inspections.plan", subject_id=str(plan.pk), event_type=ANNOUNCED_EVENT
        )
        .order_by("sequence")
        .first()
    )


def witnessed(plan: Plan) -> witnessing.Witnessed | None:
    """The first checkpoint cosigned by the witnesses' quorum that holds the plan's
    announcement, and when the quorum was reached; None while there is none."""
    entry = announcement_entry(plan)
    return witnessing.first_witnessed_after(entry.sequence) if entry is not None else None


@dataclass(frozen=True)
class Gate:
    """Where the plan's draw stands: the witnessed announcement, the earliest moment the
    draw may run, the parties yet to reveal, and the reasons it cannot run now."""

    witnessed: witnessing.Witnessed | None
    earliest: datetime.datetime | None
    waiting_for: list[str]
    reasons: list[str]

    @property
    def open(self) -> bool:
        return not self.reasons


def gate(plan: Plan, now: datetime.datetime | None = None) -> Gate:
    """Why the draw of an announced plan cannot run yet (empty ``reasons``: it can)."""
    now = now or timezone.now()
    seen = witnessed(plan) if plan.status == Plan.Status.ANNOUNCED else None
    reasons: list[str] = []
    wait = delay(plan)
    earliest = seen.at + wait if seen is not None else None
    if not witnessing.configured():
        reasons.append(
            _(
                "No witness is configured, so no one outside the agency can confirm the "
                "announcement came before the draw; ask the administrator to configure the "
                "supervising justice bureau's witness."
            )
        )
    elif seen is None:
        reasons.append(
            _(
                "The announcement is not yet in a checkpoint cosigned by the witnesses; "
                "this usually takes a few seconds."
            )
        )
    elif earliest is not None and now < earliest:
        reasons.append(
            _("The draw may run from %(time)s, %(delay)s after the witnessed announcement.")
            % {
                "time": timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M"),
                "delay": describe(wait),
            }
        )
    waiting = waiting_to_reveal(plan)
    if waiting:
        names = dict(Agency.objects.filter(code__in=waiting).values_list("code", "name"))
        reasons.append(
            _("Waiting for %(parties)s to reveal its value.")
            % {"parties": "、".join(names.get(c, c) for c in waiting)}
        )
    return Gate(seen, earliest, waiting, reasons)


def describe(span: datetime.timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds % 3600 == 0 and seconds:
        return _("%(n)s h") % {"n": seconds // 3600}
    if seconds % 60 == 0 and seconds:
        return _("%(n)s min") % {"n": seconds // 60}
    return _("%(n)s s") % {"n": seconds}


@transaction.atomic
def reveal_share(plan: Plan, *, actor: User, reveal: str) -> Plan:
    """The bureau reveals its value, once the announcement is witnessed (revealing
    earlier would let the agency still choose what it announces). A value that does not
    hash to the commitment is refused and nothing is kept."""
    plan = Plan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    party = _party_of(actor, plan)
    value = _hex32(reveal, "reveal", _("The value"))
    share = plan.seed_shares.get(party.code)
    if plan.status != Plan.Status.ANNOUNCED or share is None:
        raise WrongState(
            _("There is nothing to reveal: the plan is not awaiting its draw."),
            code="seed_share_not_awaited",
        )
    if share.get("reveal"):
        raise WrongState(
            _("%(party)s has already revealed its value.") % {"party": party},
            code="seed_share_revealed",
        )
    if witnessed(plan) is None:
        raise WrongState(
            _(
                "The announcement is not yet in a checkpoint cosigned by the witnesses: "
                "reveal your value only after it is."
            ),
            code="seed_share_early",
            article=RULES_ARTICLE,
        )
    if hashlib.sha256(bytes.fromhex(value)).hexdigest() != share["commitment"]:
        message = _(
            "This value does not match the commitment your bureau made; check that it is the "
            "value kept for this plan."
        )
        raise InvalidInput(
            message, code="seed_share_mismatch", problems=[FieldProblem("reveal", message)]
        )
    plan.seed_shares = {
        **plan.seed_shares,
        party.code: {**share, "reveal": value, "revealed_at": timezone.now().isoformat()},
    }
    plan.save(update_fields=["seed_shares", "updated_at"])
    record(
        actor=actor,
        event_type="inspections.plan.seed_revealed",
        subject=plan,
        files=[share["commitment"], value],
    )
    if not waiting_to_reveal(plan):
        from openenforce.inspections import todo

        todo.hand_off_draw(plan, actor)
    return plan


def waiting_to_reveal(plan: Plan) -> list[str]:
    """The parties still to reveal (the draw is handed to the heads when none is left)."""
    return sorted(code for code, share in plan.seed_shares.items() if not share.get("reveal"))


def commitments(plan: Plan, own: str) -> dict[str, str]:
    """Every party's commitment for the parameters: the independent parties' and the
    agency's own ``own``; WrongState naming the parties that have not committed."""
    if not independent_parties(plan).exists():
        raise WrongState(
            _(
                "No justice bureau supervises this agency, so the draw has no independent "
                "party to share its seed; ask the administrator to set the supervising bureau."
            ),
            code="seed_no_independent_party",
            article=RULES_ARTICLE,
        )
    if missing := missing_commitments(plan):
        raise WrongState(
            _("%(parties)s has not yet committed to its share of the seed.")
            % {"parties": "、".join(a.name for a in missing)},
            code="seed_share_missing",
            article=RULES_ARTICLE,
        )
    shares = {code: share["commitment"] for code, share in plan.seed_shares.items()}
    return {**shares, plan.own_party: own}
