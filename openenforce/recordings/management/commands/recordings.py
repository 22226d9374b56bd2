"""``openenforce recordings …``: the device register and the recordings a case needs.

    openenforce recordings devices [--agency CODE]
    openenforce recordings custody DEVICE --agency CODE
    openenforce recordings checkout DEVICE OFFICER --user USERNAME [--purpose TEXT]
    openenforce recordings return DEVICE --user USERNAME
    openenforce recordings steps CASE
    openenforce recordings note-required [--agency CODE]

Output is one line per row, tab-separated. ``checkout`` and ``return`` act as the named
user of the device's agency (recorded as theirs). ``steps`` takes a case id or number and
prints each step the recording list requires: action, ``met``/``missing``/``if-service``,
and the list entries; it exits 1 when a step the case can take next is missing one.
``note-required`` keeps the requirement (``RequiredRecording``) of every step cases took
before it was kept when taken, against the recording list as it stands now, as the
system; it prints how many it wrote (run it again: none).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, User
from openenforce.accounts.services import get_system_actor
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.catalog.models import CatalogEntry, RecordingRequirement
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import NotFound, WrongState
from openenforce.core.params import parse_id
from openenforce.recordings import requirements, selectors, services
from openenforce.recordings.models import Device


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(_("There is no agency with this code."), code="agency_not_found")
    return agency


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(_("There is no active user with this name."), code="user_not_found")
    return user


def _device(code: str, agency_id: int) -> Device:
    device = Device.objects.filter(agency_id=agency_id, code=code).first()
    if device is None:
        raise NotFound(
            _("No device with the number %(code)s.") % {"code": code}, code="device_not_found"
        )
    return device


class Command(GroupCommand):
    help = "The device register and the recordings a case needs."
    subcommands = {
        "devices": "List the recording devices and who holds each now.",
        "custody": "Print who held a device when.",
        "checkout": "Hand a device to an officer (as a user of its agency).",
        "return": "Register the return of a device (as a user of its agency).",
        "steps": "Print the steps of a case that the recording list requires, and their state.",
        "note-required": "Keep the required recordings of steps taken before they were kept.",
    }

    def add_devices_arguments(self, parser) -> None:
        parser.add_argument("--agency", help="agency code (default: all)")

    def handle_devices(self, *, agency: str | None, **options) -> None:
        rows = Device.objects.select_related("agency").order_by("agency__code", "code")
        if agency:
            rows = rows.filter(agency=_agency(agency))
        for device in rows:
            out = device.custody.filter(returned_at=None).select_related("officer").first()
            holder = f"{out.officer.code}\t{_when(out.checked_out_at)}" if out else "-\t-"
            self.stdout.write(
                f"{device.agency.code}\t{device.code}\t{device.kind}\t{device.status}\t{holder}"
            )

    def add_custody_arguments(self, parser) -> None:
        parser.add_argument("device")
        parser.add_argument("--agency", required=True, help="agency code")

    def handle_custody(self, *, device: str, agency: str, **options) -> None:
        found = _device(device, _agency(agency).pk)
        for row in selectors.custody_history(found):
            self.stdout.write(
                f"{row.officer.code}\t{_when(row.checked_out_at)}\t{_when(row.returned_at)}\t"
                f"{row.purpose}"
            )

    def add_checkout_arguments(self, parser) -> None:
        parser.add_argument("device")
        parser.add_argument("officer", help="officer code")
        parser.add_argument("--user", required=True, help="acting user (of the agency)")
        parser.add_argument("--purpose", default="")

    def handle_checkout(self, *, device: str, officer: str, user: str, purpose: str, **options):
        actor = _user(user)
        found = _device(device, actor.agency_id)
        row = services.checkout_device(found, actor=actor, officer=officer, purpose=purpose)
        self.stdout.write(f"{found.code}\t{row.officer.code}\t{_when(row.checked_out_at)}")

    def add_return_arguments(self, parser) -> None:
        parser.add_argument("device")
        parser.add_argument("--user", required=True, help="acting user (of the agency)")

    def handle_return(self, *, device: str, user: str, **options) -> None:
        actor = _user(user)
        found = _device(device, actor.agency_id)
        row = services.return_device(found, actor=actor)
        self.stdout.write(f"{found.code}\t{row.officer.code}\t{_when(row.returned_at)}")

    def add_steps_arguments(self, parser) -> None:
        parser.add_argument("case", help="case id or number")

    def handle_steps(self, *, case: str, **options) -> None:
        lookup = Q(number=case) | Q(pk=parse_id(case))
        found = Case.objects.filter(lookup).first()
        if found is None:
            raise NotFound(_("Not found."), code="not_found")
        pending = set(requirements.pending_action_codes(found))
        blocked = False
        for step in selectors.step_statuses(found):
            state = "met" if step.satisfied else ("if-service" if step.conditional else "missing")
            codes = ",".join(e.code for e in step.requirements)
            self.stdout.write(f"{step.code}\t{state}\t{codes}\t{step.label}")
            blocked |= state == "missing" and step.code in pending
        if blocked:
            result = requirements.check(found, list(pending))
            raise WrongState(
                requirements.refusal(result),
                code="gate_recording_made",
                article=cite(requirements.ARTICLE),
            )

    def add_note_required_arguments(self, parser) -> None:
        parser.add_argument("--agency", help="agency code (default: all)")

    def handle_note_required(self, *, agency: str | None = None, **options) -> None:
        listing = RecordingRequirement.objects.filter(status=CatalogEntry.Status.ACTIVE)
        cases = Case.objects.filter(agency_id__in=listing.values("agency_id"))
        if agency:
            cases = cases.filter(agency=_agency(agency))
        ids = list(cases.order_by("pk").values_list("pk", flat=True))
        actor, written = get_system_actor(), 0
        for start in range(0, len(ids), 500):  # one transaction per batch of cases
            batch = Case.objects.filter(pk__in=ids[start : start + 500]).order_by("pk")
            written += services.note_past_requirements(batch, actor=actor)
        self.stdout.write(f"{written}")
