"""A day in the life, verified: the demo bureau's staff drive every procedure to its end
through the real interfaces (staff pages with a logged-in test client, the REST API with
tokens issued by the CLI, the CLI itself and the daily task runs), the clock moved with
``time_machine`` where a period has to pass. ``run_day`` returns a summary; afterwards the
record must verify with no problem (``openenforce/testing/tests/test_day_in_the_life.py``,
``scripts/day-in-the-life``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import re
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openenforce.accounts.models import User
from openenforce.cases.models import Case
from openenforce.ledger.models import Entry
from openenforce.workbench.forms import CONFIRM

BUREAU = "cnna-sa"
STAFF = ("officer1", "officer2", "reviewer", "head", "publisher", "supervisor", "admin")


class DayFailed(AssertionError):
    """A step of the day answered something other than what a working system answers."""


class CountingClient(Client):
    """A test client that counts the requests it makes."""

    def __init__(self, counter: list[int], **defaults: Any) -> None:
        super().__init__(**defaults)
        self._counter = counter

    def request(self, **request: Any):
        self._counter[0] += 1
        return super().request(**request)


@dataclass
class Summary:
    entries_before: int = 0
    entries_after: int = 0
    requests: int = 0
    commands: int = 0
    cases: dict[str, str] = field(default_factory=dict)  # title -> final state
    steps: list[str] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.entries_after - self.entries_before

    def as_dict(self) -> dict[str, Any]:
        return {
            "entries_appended": self.entries,
            "requests": self.requests,
            "commands": self.commands,
            "cases": len(self.cases),
        }


def _text(response) -> str:
    content = getattr(response, "content", b"")
    return content.decode("utf-8", "replace") if isinstance(content, bytes) else ""


def _messages(html: str) -> str:
    """The refusal or flash messages of a page, for a readable failure."""
    found = re.findall(r'class="(?:errorlist|msg msg-error)[^"]*"[^>]*>(?:<li>)?([^<]*)<', html)
    return " | ".join(m.strip() for m in found if m.strip())[:800]


class Day:
    """The state of one run: the clients of the staff, their tokens and the counters."""

    def __init__(self, report: Callable[[str], Any], traveller) -> None:
        self.report = report
        self.traveller = traveller
        self.counter = [0]
        self.summary = Summary()
        self.clients: dict[str, CountingClient] = {}
        self.tokens: dict[str, str] = {}

    # -- the clock ------------------------------------------------------------------------
    def days_pass(self, days: int) -> None:
        self.traveller.shift(datetime.timedelta(days=days))
        for username, client in self.clients.items():  # the sessions expired: log in again
            if username not in ("", "#api"):
                client.force_login(User.objects.get(username=username))
        self.step(f"{days} days pass: today is {timezone.localdate().isoformat()}")

    def today(self) -> str:
        return timezone.localdate().isoformat()

    def step(self, text: str) -> None:
        self.summary.steps.append(text)
        self.report(f"day: {text}")

    # -- the interfaces -------------------------------------------------------------------
    def client(self, username: str) -> CountingClient:
        if username not in self.clients:
            client = CountingClient(self.counter)
            client.force_login(User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]

    def public(self) -> CountingClient:
        return self.clients.setdefault("", CountingClient(self.counter))

    def get(self, who: str, url: str, expect: int = 200):
        response = (self.client(who) if who else self.public()).get(url)
        if response.status_code != expect:
            raise DayFailed(f"GET {url} as {who or 'anonymous'}: {response.status_code}")
        return response

    def post(self, who: str, url: str, data: dict | None = None, expect: int = 302, **extra):
        response = (self.client(who) if who else self.public()).post(url, data or {}, **extra)
        if response.status_code != expect:
            raise DayFailed(
                f"POST {url} as {who or 'anonymous'}: {response.status_code} "
                f"{_messages(_text(response)) or _text(response)[:500]}"
            )
        if response.status_code == 302:
            self._flash_errors(who, url, response)
        return response

    def _flash_errors(self, who: str, url: str, response) -> None:
        """Follow the redirect as a browser would; an error message there is a refusal."""
        client = self.client(who) if who else self.public()
        followed = client.get(response["Location"])
        errors = re.findall(r'class="msg msg-error[^"]*"[^>]*>([^<]*)<', _text(followed))
        if errors:
            raise DayFailed(f"POST {url} as {who}: refused: {' | '.join(errors)[:500]}")

    def act(self, who: str, case: Case, code: str, **data: Any) -> Case:
        """Take a case action from the case page's form, as the user would."""
        page = _text(self.get(who, reverse("workbench:case", args=[case.pk])))
        url = reverse("workbench:act", args=[case.pk, code])
        if url not in page:
            raise DayFailed(f"{case.title}: no form for {code} on the case page of {who}")
        posted = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
        posted = {
            k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in posted.items()
        }
        if code in CONFIRM:
            posted["confirmed"] = "true"  # the tick the page asks for
        response = self.client(who).post(url, posted)
        if response.status_code != 302:
            raise DayFailed(
                f"{case.title}: {code} by {who} answered {response.status_code}: "
                f"{_messages(_text(response))}"
            )
        case.refresh_from_db()
        self.summary.cases[case.title] = case.state
        return case

    def api(self, who: str, method: str, path: str, body: Any = None, expect: int = 200):
        client = self.client_for_token()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[who]}"}
        url = f"/api/v1/{path.lstrip('/')}"
        if body is None:
            response = getattr(client, method.lower())(url, **headers)
        else:
            response = getattr(client, method.lower())(
                url, json.dumps(body), content_type="application/json", **headers
            )
        if response.status_code != expect:
            raise DayFailed(
                f"{method} {url} as {who}: {response.status_code} {_text(response)[:500]}"
            )
        return response.json() if response.content else None

    def client_for_token(self) -> CountingClient:
        return self.clients.setdefault("#api", CountingClient(self.counter))

    def cli(self, *args: str, stdin: str | None = None) -> str:
        out, err = io.StringIO(), io.StringIO()
        kwargs: dict[str, Any] = {"stdout": out, "stderr": err}
        if stdin is not None:
            kwargs["stdin"] = io.StringIO(stdin)
        call_command(*args, **kwargs)
        self.summary.commands += 1
        return out.getvalue()

    def issue_token(self, username: str) -> str:
        token = self.cli("accounts", "token", username, "--name", "a day in the life").strip()
        token = token.splitlines()[0].strip()
        if not token.startswith("oe_"):
            raise DayFailed(f"accounts token {username} printed {token!r}")
        self.tokens[username] = token
        return token


# -- helpers of the scenario ------------------------------------------------------------------


def _pdf(text: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{text}.pdf", body, "application/pdf")


_CLIP: list[bytes] = []


def _video() -> SimpleUploadedFile:
    """A short WebM clip (made once per process with the bundled ffmpeg)."""
    from openenforce.recordings import media

    if not _CLIP:
        _CLIP.append(media.webm_clip(seconds=1, size="160x120"))
    return SimpleUploadedFile("recording.webm", _CLIP[0], "video/webm")


def open_case(
    day: Day,
    who: str,
    *,
    procedure: str,
    matter: str,
    title: str,
    handlers: str,
    party: tuple[str, str, str],
    source: str = "complaint",
) -> Case:
    """The "new case" page, as an officer fills it in."""
    from openenforce.catalog.models import Matter

    day.get(who, reverse("workbench:new"))
    found = Matter.objects.get(agency__code=BUREAU, code=matter)
    kind, name, number = party
    response = day.post(
        who,
        reverse("workbench:new"),
        {
            "procedure": procedure,
            "matter": str(found.pk),
            "title": title,
            "source": source,
            "facts": f"{title}：线索登记。",
            "lead": handlers.replace(",", " ").split()[0],
            "assistants": handlers.replace(",", " ").split()[1:],
            "party_kind": kind,
            "party_name": name,
            "party_id": number,
        },
    )
    case = Case.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    day.summary.cases[case.title] = case.state
    day.step(f"opened {procedure} case {case.number or case.pk} {title} ({who})")
    return case


def add_evidence(day: Day, who: str, case: Case, title: str) -> None:
    day.post(
        who,
        reverse("evidence:add", args=[case.pk]),
        {
            "kind": "documentary",
            "title": title,
            "place": "现场",
            "method": "拍照、复印",
            "collected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "file": _pdf(title),
        },
    )


def add_recording(day: Day, who: str, case: Case, step: str, officer: str, device: str) -> None:
    """Take the device out (if not held), then upload the clip from the case page."""
    from openenforce.recordings.models import Device

    cameras = Device.objects.filter(agency__code=BUREAU, kind="body_camera", status="in_service")
    found = None
    for candidate in [*cameras.filter(code=device), *cameras.exclude(code=device)]:
        held = candidate.custody.filter(returned_at__isnull=True).first()
        if held is None or held.officer.code == officer:
            found = candidate
            break
    if found is None:
        raise DayFailed("every body camera is held by someone else")
    device = found.code
    if held is None:
        taken = timezone.localtime() - datetime.timedelta(minutes=30)
        day.post(
            who,
            reverse("recordings:checkout", args=[found.pk]),
            {
                "officer": officer,
                "at": taken.strftime("%Y-%m-%dT%H:%M:%S"),
                "purpose": step,
            },
        )
    end = timezone.localtime() - datetime.timedelta(minutes=2)
    day.post(
        who,
        reverse("recordings:add", args=[case.pk]),
        {
            "step": step,
            "device": device,
            "officer": officer,
            "place": "现场",
            "started_at": (end - datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S"),
            "ended_at": end.strftime("%Y-%m-%dT%H:%M:%S"),
            "party_informed": "true",
            "gaps": "",
            "file": _video(),
        },
    )


def issue_document(day: Day, who: str, case: Case, doc_type: str, **data: str):
    from openenforce.documents.models import Document

    url = reverse("documents:issue", args=[case.pk])
    day.get(who, f"{url}?type={doc_type}")
    response = day.post(who, url, {"doc_type": doc_type, **data})
    document = Document.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    day.get(who, reverse("documents:view", args=[document.pk]))
    day.get(who, reverse("documents:pdf", args=[document.pk]))
    return document


def serve(day: Day, who: str, document, recipient: str, *, proof: bool = True) -> None:
    data = {
        "method": "direct",
        "recipient": recipient,
        "served_on": day.today(),
        "direct__signed_by": recipient,
    }
    if proof:
        data["proof"] = _pdf("送达回证")
    day.post(who, reverse("deliveries:serve", args=[document.pk]), data)


def review_opinion(day: Day, case: Case) -> None:
    """The head assigns the reviewer on the review page; the reviewer gives the opinion."""
    from openenforce.reviews.checklist import POINTS
    from openenforce.reviews.services import open_review

    review = open_review(case)
    day.get("reviewer", reverse("reviews:queue"))
    day.get("head", reverse("reviews:detail", args=[review.pk]))
    day.post("head", reverse("reviews:assign", args=[review.pk]), {"reviewer": "reviewer"})
    day.get("reviewer", reverse("reviews:detail", args=[review.pk]))
    data = {"outcome": "agree", "reasons": "事实清楚，证据确凿，程序合法，处罚适当。"}
    data |= {f"point-{p.code}": "pass" for p in POINTS}
    day.post("reviewer", reverse("reviews:opinion", args=[review.pk]), data)


# -- the procedures ---------------------------------------------------------------------------

CLINIC = ("person", "孙德明", "220102196805121245")
NURSING = ("organisation", "长春新区康乐养老院", "52220100MJ00000770")
APPLICANT = ("organisation", "长春新区新星艺术团", "52220100MJ00000998")
PASSER_BY = ("person", "韩小龙", "220103199505055688")


def major_penalty(day: Day) -> tuple[Case, Any]:
    """An ordinary penalty whose fine is major: legal review, prior notice served with a
    document, the defence and hearing periods run out, decision, service, payment, closing
    and archiving. Returns the case and its decision document."""
    o2 = "officer2"
    case = open_case(
        day,
        o2,
        procedure="penalty_ordinary",
        matter="SY-CF-009",
        title="孙德明未取得医师资格擅自执业",
        handlers="ZF-002, ZF-008",
        party=CLINIC,
    )
    case = day.act("head", case, "approve_filing", filed_on=day.today(), note="同意立案")
    add_evidence(day, o2, case, "现场检查照片")
    add_evidence(day, o2, case, "询问笔录")
    add_recording(day, o2, case, "conclude_investigation", "ZF-002", "ZFJLY-002")
    case = day.act(
        o2,
        case,
        "conclude_investigation",
        facts="当事人未取得医师资格擅自开展诊疗活动，违法所得较多。",
        proposed_penalty_kinds=["fine"],
        proposed_fine="20000",
    )
    case = day.act(
        o2,
        case,
        "submit_review",
        submitted_on=day.today(),
        investigation_report="调查终结报告",
        proposed_decision="拟罚款20000元",
        draft_decision="行政处罚决定书（草稿）",
        evidence_other="证据清单2项",
    )
    review_opinion(day, case)
    case.refresh_from_db()
    notice = issue_document(
        day,
        o2,
        case,
        "prior_notice",
        facts="当事人未取得医师资格擅自执业。",
        intended_penalty="罚款20000元",
    )
    serve(day, o2, notice, "孙德明")
    case.refresh_from_db()
    if case.state != "notified":
        raise DayFailed(f"serving the prior notice left the case in {case.state}")
    day.step("major penalty: reviewed, prior notice served; waiting for the periods")
    return case, None


def major_penalty_decide(day: Day, case: Case) -> Case:
    o2 = "officer2"
    case = day.act(
        "head",
        case,
        "decide",
        outcome="penalty",
        decision_text="罚款人民币20000元。",
        decided_on=day.today(),
    )
    decision = issue_document(
        day,
        o2,
        case,
        "penalty_decision",
        facts="当事人未取得医师资格擅自执业。",
        penalty="罚款人民币20000元。",
    )
    serve(day, o2, decision, "孙德明")
    case.refresh_from_db()
    case = day.act(o2, case, "record_payment", paid_on=day.today(), amount="20000")
    case = day.act(o2, case, "close_case", closed_on=day.today(), note="罚款已缴清")
    day.post(o2, reverse("casefiles:export", args=[case.pk, "pdf"]), expect=200)
    case = day.act(o2, case, "archive", note="案卷装订归档")
    day.step(f"major penalty ended: {case.state}")
    return case


def unpaid_penalty(day: Day) -> Case:
    """An ordinary penalty: the lead handler replaced, the clock suspended and resumed,
    the defence waived, the fine unpaid, applied to court, closed unpaid and archived."""
    o1 = "officer1"
    case = open_case(
        day,
        o1,
        procedure="penalty_ordinary",
        matter="SY-CF-001",
        title="康乐养老院消防设施不符合要求",
        handlers="ZF-001 ZF-003",
        party=NURSING,
    )
    case = day.act("head", case, "approve_filing", filed_on=day.today())
    case = day.act("head", case, "assign_handler", officer="ZF-004", role="lead")
    case = day.act("head", case, "release_handler", officer="ZF-001", reason="工作调整，更换主办人")
    case = day.act(
        o1 if _handles(case, o1) else "head",
        case,
        "suspend_clock",
        kind="testing",
        start=day.today(),
        reason="委托检测消防设施",
    )
    case = day.act("head", case, "resume_clock", end=day.today())
    add_evidence(day, "head", case, "消防检测报告")
    add_recording(day, "head", case, "conclude_investigation", "ZF-004", "ZFJLY-003")
    case = day.act("head", case, "assign_handler", officer="ZF-001", role="assistant")
    case = day.act(
        o1,
        case,
        "conclude_investigation",
        facts="消防设施不符合要求，经责令改正逾期未改。",
        proposed_penalty_kinds=["fine"],
        proposed_fine="3000",
    )
    # Service is recorded in the service section (its form takes the case action).
    notice = issue_document(
        day, o1, case, "prior_notice", facts="消防设施不符合要求。", intended_penalty="罚款3000元"
    )
    serve(day, o1, notice, NURSING[1])
    case.refresh_from_db()
    case = day.act(o1, case, "waive_defence", waived_on=day.today(), document="书面放弃陈述申辩")
    case = day.act(
        "head",
        case,
        "decide",
        outcome="penalty",
        decision_text="罚款3000元。",
        decided_on=day.today(),
    )
    decision = issue_document(
        day, o1, case, "penalty_decision", facts="消防设施不符合要求。", penalty="罚款3000元。"
    )
    serve(day, o1, decision, NURSING[1])
    case.refresh_from_db()
    day.step("unpaid penalty: decided and served; the fine is not paid")
    return case


def unpaid_penalty_close(day: Day, case: Case) -> Case:
    o1 = "officer1"
    case = day.act("head", case, "apply_to_court", applied_on=day.today(), note="逾期未缴")
    case = day.act(
        o1, case, "close_case", closed_on=day.today(), note="已申请法院强制执行，罚款未缴"
    )
    case = day.act(o1, case, "archive", note="归档")
    day.step(f"unpaid penalty closed unpaid: {case.state}")
    return case


def _handles(case: Case, username: str) -> bool:
    return case.handlers.active().filter(officer__user__username=username).exists()


def simplified_penalty(day: Day) -> Case:
    o1 = "officer1"
    case = open_case(
        day,
        o1,
        procedure="penalty_simplified",
        matter="SY-CF-013",
        title="韩小龙占道演出当场罚款",
        handlers="ZF-001, ZF-010",
        party=PASSER_BY,
        source="inspection",
    )
    case = day.act(
        o1,
        case,
        "decide_on_spot",
        facts="占道进行营业性演出。",
        proposed_penalty_kinds=["fine"],
        proposed_fine="100",
        rights_informed=True,
        decision_text="当场罚款100元。",
        decided_on=day.today(),
    )
    case = day.act(o1, case, "record_payment", paid_on=day.today(), amount="100")
    case = day.act(o1, case, "close_case", closed_on=day.today())
    case = day.act(o1, case, "archive")
    day.step(f"simplified penalty ended: {case.state}")
    return case


def licensing(day: Day) -> tuple[Case, Case]:
    """One application accepted, its clock suspended, granted and certified; another left
    unanswered, to be deemed accepted by the daily run."""
    o1 = "officer1"
    case = open_case(
        day,
        o1,
        procedure="licensing",
        matter="SY-XK-010",
        title="文艺表演团体设立：新星艺术团",
        handlers="ZF-001 ZF-010",
        party=APPLICANT,
        source="application",
    )
    case = day.act(o1, case, "accept_application", accepted_on=day.today())
    case = day.act(
        o1, case, "suspend_clock", kind="announcement", start=day.today(), reason="听证公告期间"
    )
    case = day.act(o1, case, "resume_clock", end=day.today())
    case = day.act(
        "head",
        case,
        "decide_licence",
        outcome="granted",
        decision_text="准予设立。",
        decided_on=day.today(),
    )
    case = day.act(
        o1,
        case,
        "issue_certificate",
        certificate_number="吉文演〔2026〕101号",
        issued_on=day.today(),
    )
    case = day.act(o1, case, "archive")
    waiting = open_case(
        day,
        o1,
        procedure="licensing",
        matter="SY-XK-010",
        title="文艺表演团体设立：晨曦艺术团（逾期未答复）",
        handlers="ZF-001 ZF-010",
        source="application",
        party=("organisation", "长春新区晨曦艺术团", "52220100MJ0000055P"),
    )
    day.step(f"licensing ended: {case.state}; one application waits")
    return case, waiting


def coercion(day: Day) -> Case:
    o2 = "officer2"
    case = open_case(
        day,
        o2,
        procedure="coercion",
        matter="SY-QZ-004",
        title="紧急封存放射源：孙德明诊所",
        handlers="ZF-002 ZF-008",
        party=CLINIC,
    )
    add_recording(day, o2, case, "take_emergency_measure", "ZF-002", "ZFJLY-002")
    case = day.act(
        o2,
        case,
        "take_emergency_measure",
        taken_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        measure="封存放射源",
        reason="放射源泄漏，情况紧急",
    )
    case = day.act("head", case, "ratify_emergency_measure", note="24小时内报告并补办批准")
    case = day.act(
        "head",
        case,
        "decide_handling",
        outcome="released",
        decision_text="经检测无危害，解除封存。",
        decided_on=day.today(),
    )
    case = day.act(o2, case, "release_measure", closed_on=day.today(), reason="解除封存")
    case = day.act(o2, case, "archive")
    day.step(f"coercion ended: {case.state}")
    return case


# -- publicity ---------------------------------------------------------------------------------


def _publication(case: Case):
    publication = case.publications.order_by("-pk").first()
    if publication is None:
        raise DayFailed(f"{case.title}: the decision drafted no publication")
    return publication


def publish(day: Day, case: Case, *, at: datetime.datetime | None = None):
    """The publisher reads the queue, masks one more string and approves (now or later)."""
    publication = _publication(case)
    day.get("publisher", reverse("disclosure:queue"))
    day.get("publisher", reverse("disclosure:detail", args=[publication.pk]))
    if publication.status == "draft":
        day.post(
            "publisher",
            reverse("disclosure:mask", args=[publication.pk]),
            {"strings": "", "names": ""},
        )
        data = {"secrecy_checked": "on"}
        if at is not None:
            data["publish_at"] = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
        day.post("publisher", reverse("disclosure:approve", args=[publication.pk]), data)
    publication.refresh_from_db()
    day.step(f"publication {publication.pk} of {case.title}: {publication.status}")
    return publication


def correct_publicly(day: Day, publication) -> None:
    """A citizen asks for a correction on the portal; the publisher accepts it and the
    corrected text is published again."""
    from openenforce.disclosure.models import Correction

    day.get("", reverse("portal:decisions"))
    day.get("", reverse("portal:decision", args=[publication.pk]))
    url = reverse("disclosure:correction_new", args=[publication.pk])
    day.get("", url)
    day.post(
        "",
        url,
        {"description": "决定书中的日期有误", "name": "王五", "contact": "13800000000"},
        expect=200,
    )
    correction = Correction.objects.filter(publication=publication).latest("pk")
    day.post(
        "publisher",
        reverse("disclosure:handle_correction", args=[correction.pk]),
        {
            "decision": "accept",
            "response": "经核实已更正。",
            "corrected_text": publication.original_text + "\n（已更正：日期）",
        },
    )
    rejected = None
    day.post("", url, {"description": "要求删除全部内容"}, expect=200)
    rejected = Correction.objects.filter(publication=publication, status="pending").latest("pk")
    day.post(
        "publisher",
        reverse("disclosure:handle_correction", args=[rejected.pk]),
        {"decision": "reject", "response": "公开内容准确，依法不予删除。"},
    )
    day.get("", reverse("portal:decision", args=[publication.pk]))
    day.step("a public correction accepted and re-published, another rejected")


def withdraw(day: Day, case: Case, publication) -> None:
    """The decision is changed (head, on the case page); the publisher withdraws the item."""
    day.act(
        "head",
        case,
        "record_decision_change",
        ground="changed",
        changed_on=day.today(),
        reason="复议机关变更处罚决定",
    )
    publication.refresh_from_db()
    if publication.status == "published":
        day.post(
            "publisher",
            reverse("disclosure:withdraw", args=[publication.pk]),
            {"reason": "复议机关变更了处罚决定", "ground": "", "changed_on": ""},
        )
    publication.refresh_from_db()
    day.step(f"publication {publication.pk} withdrawn: {publication.status}")


# -- random inspections -------------------------------------------------------------------------


def inspection_draw(day: Day) -> list[Case]:
    """The head creates, announces and draws a plan on the pages; the drawn inspections are
    carried out and their results entered."""
    from openenforce.catalog.models import RandomInspectionItem
    from openenforce.inspections.models import Plan

    item = RandomInspectionItem.objects.filter(agency__code=BUREAU, status="active").first()
    day.get("head", reverse("inspections:index"))
    day.get("head", reverse("inspections:targets"))
    day.get("head", reverse("inspections:targets_export"))
    today = timezone.localdate()
    data = {
        "code": f"day-{today:%Y%m%d}",
        "title": "一天的抽查计划",
        "lead_item": item.pk,
        "lead_quota": 2,
        "joint_quota": 1,
        "frequency": "每年一次",
        "period_start": today.isoformat(),
        "period_end": (today + datetime.timedelta(days=60)).isoformat(),
        "ratio_A": "5",
        "ratio_B": "5",
        "ratio_C": "5",
        "ratio_D": "5",
        "complaints_threshold": 3,
        "industries": "",
        "regions": "",
    }
    day.get("head", reverse("inspections:plan_new"))
    response = day.post("head", reverse("inspections:plan_new"), data)
    plan = Plan.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    with _witness() as witness_round:
        # The justice bureau commits to a value it keeps (docs/draws.md §1), the head
        # announces, the bureau's witness cosigns, the bureau reveals, an hour passes.
        value = secrets.token_bytes(32)
        day.get("supervisor", reverse("inspections:plan", args=[plan.pk]))
        commitment = hashlib.sha256(value).hexdigest()
        day.post(
            "supervisor",
            reverse("inspections:seed_commit", args=[plan.pk]),
            {"commitment": commitment},
        )
        day.post("head", reverse("inspections:announce", args=[plan.pk]))
        witness_round()
        day.post(
            "supervisor",
            reverse("inspections:seed_reveal", args=[plan.pk]),
            {"reveal": value.hex()},
        )
        day.traveller.shift(datetime.timedelta(seconds=DRAW_DELAY + 1))
        day.post("head", reverse("inspections:draw", args=[plan.pk]), {"confirmed": "true"})
        witness_round()
        plan.refresh_from_db()
        day.get("", reverse("inspections:public_plan", args=[plan.agency.code, plan.code]))
        day.get("", reverse("inspections:public_export", args=[plan.agency.code, plan.code]))
        day.cli("inspections", "verify-draw", f"{plan.agency.code}/{plan.code}")
    cases = [task.case for task in plan.tasks.select_related("case").order_by("rank") if task.case]
    day.step(f"plan {plan.code} drawn: {plan.status}, {len(cases)} inspection cases")
    done = []
    officers = ("officer1", "officer2")
    staffed = [c for c in cases if c.handlers.active().filter(officer__user__username__in=officers)]
    for case in (staffed or cases)[:2]:
        done.append(
            carry_out_inspection(day, case, outcome="no_problem" if not done else "rectification")
        )
    return done


DRAW_DELAY = 3600  # the day's rule of the draw: an hour after the witnessed announcement


@contextlib.contextmanager
def _witness() -> Iterator[Callable[[], int]]:
    """The witness of the day's draw: the installation's when one is configured, else an
    in-process one (the justice bureau's, with its own key in a temporary directory); and
    the day's delay."""
    from django.conf import settings

    from openenforce.ledger import services as ledger_services
    from openenforce.ledger import witnessing
    from openenforce.testing.witness import RecordWitness

    names = (
        "OPENENFORCE_WITNESSES",
        "OPENENFORCE_WITNESS_QUORUM",
        "OPENENFORCE_DRAW_DELAY_SECONDS",
    )
    saved = {name: getattr(settings, name, None) for name in names}
    settings.OPENENFORCE_DRAW_DELAY_SECONDS = DRAW_DELAY
    try:
        if witnessing.configured():
            yield lambda: (ledger_services.publish_checkpoint(), witnessing.witness_round())[1]
            return
        with tempfile.TemporaryDirectory() as directory:
            witness = RecordWitness(Path(directory) / "witness", "justice-bureau.day/witness")
            settings.OPENENFORCE_WITNESSES = [{"vkey": witness.vkey, "url": "local:"}]
            settings.OPENENFORCE_WITNESS_QUORUM = 1
            yield witness.round
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


def carry_out_inspection(day: Day, case: Case, *, outcome: str) -> Case:
    mine = case.handlers.active().filter(officer__user__username__in=("officer1", "officer2"))
    handler = mine.first()
    if handler is None:  # the head puts officer1 or officer2 on the task
        for code in ("ZF-001", "ZF-002"):
            day.act("head", case, "assign_handler", officer=code, role="assistant")
            handler = mine.first()
            break
    who, code = handler.officer.user.username, handler.officer.code
    # Every camera is out with the inspection teams: the reason is recorded instead.
    day.post(
        who,
        reverse("recordings:waive", args=[case.pk]),
        {"step": "record_inspection", "reason": "执法记录仪均已领用，已制作现场笔录"},
    )
    case = day.act(
        who,
        case,
        "record_inspection",
        inspected_on=day.today(),
        record="现场检查笔录：出示证件，检查经营场所。",
    )
    text = "未发现问题。" if outcome == "no_problem" else "发现消防通道堵塞，责令十日内整改。"
    case = day.act(
        who,
        case,
        "conclude_inspection",
        outcome=outcome,
        decision_text=text,
        decided_on=day.today(),
    )
    if outcome == "rectification":
        case = day.act(who, case, "verify_rectification", outcome="done", record="复查：已整改。")
    case = day.act(who, case, "archive")
    day.step(f"inspection {case.number}: {outcome}, {case.state}")
    return case


# -- the catalogue, the calendar, the accounts --------------------------------------------------


def catalogue_roundtrip(day: Day) -> None:
    """Export the workbook from the exchange page, import it back unchanged (nothing to
    apply), then import it with one matter renamed and apply the change."""
    import openpyxl

    day.get("admin", reverse("catalog_exchange:index"))
    exported = day.get("admin", reverse("catalog_exchange:export"))
    workbook = b"".join(exported.streaming_content)
    upload = SimpleUploadedFile("catalogue.xlsx", workbook)
    day.post("admin", reverse("catalog_exchange:upload"), {"file": upload}, expect=200)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    if not _rename_matter(book, "SY-XK-001", "（网上办理）"):
        raise DayFailed("the exported workbook has no matter SY-XK-001 with a name column")
    changed = io.BytesIO()
    book.save(changed)
    upload = SimpleUploadedFile("catalogue-changed.xlsx", changed.getvalue())
    preview = day.post("admin", reverse("catalog_exchange:upload"), {"file": upload}, expect=200)
    token = re.search(r'name="token" value="([^"]+)"', _text(preview))
    if token is None:
        raise DayFailed(f"the import preview offers nothing to apply: {_messages(_text(preview))}")
    day.post("admin", reverse("catalog_exchange:apply"), {"token": token.group(1)})
    day.cli("catalog", "export", str(_scratch() / "catalogue"), "--agency", BUREAU)
    day.step("catalogue exported, re-imported unchanged, imported with a renamed matter")


def _rename_matter(book, code: str, suffix: str) -> bool:
    for sheet in book.worksheets:
        for header_row in range(1, 6):
            headers = [str(c.value or "").strip() for c in sheet[header_row]]
            names = [i for i, h in enumerate(headers) if h in ("名称", "事项名称", "name")]
            if not names:
                continue
            for row in sheet.iter_rows(min_row=header_row + 1):
                if any(str(c.value or "").strip() == code for c in row):
                    cell = row[names[0]]
                    cell.value = f"{cell.value}{suffix}"
                    return True
    return False


def _scratch() -> Path:
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "day-in-the-life"
    path.mkdir(parents=True, exist_ok=True)
    return path


def calendar_edits(day: Day) -> None:
    """The administrator adds a holiday in the Django admin, then deletes it again."""
    from openenforce.calendar.models import CalendarDay

    day.get("admin", reverse("calendar:calendar"))
    day.get("admin", reverse("admin:calendar_calendarday_changelist"))
    date = datetime.date(timezone.localdate().year + 1, 6, 10)
    while date.weekday() >= 5 or CalendarDay.objects.filter(date=date).exists():
        date += datetime.timedelta(days=1)
    day.post(
        "admin",
        reverse("admin:calendar_calendarday_add"),
        {"date": date.isoformat(), "kind": "holiday", "name": "地方纪念日"},
    )
    added = CalendarDay.objects.get(date=date)
    day.post(
        "admin", reverse("admin:calendar_calendarday_delete", args=[added.pk]), {"post": "yes"}
    )
    day.get("admin", reverse("calendar:calendar_due") + f"?start={day.today()}&days=7&unit=working")
    day.cli("calendar", "due", day.today(), "7")
    day.step(f"calendar: {date} added and deleted")


def accounts(day: Day) -> None:
    """A new officer account from the CLI; tokens issued and one revoked."""
    day.cli(
        "accounts",
        "create-user",
        "officer9",
        "--agency",
        BUREAU,
        "--role",
        "officer",
        "--role",
        "publisher",
        "--display-name",
        "新来的执法人员",
    )
    spare = day.issue_token("officer9")
    day.api("officer9", "GET", "me")
    day.cli("accounts", "revoke", spare)
    day.tokens.pop("officer9")
    day.cli("accounts", "list", "--agency", BUREAU)
    day.step("accounts: officer9 created with two roles; its token issued, used and revoked")


# -- the API ------------------------------------------------------------------------------------

API_READERS = ("officer1", "officer2", "reviewer", "head", "publisher", "supervisor", "admin")


def api_calls(day: Day, count: int = 100) -> int:
    """``count`` API calls over the staff's tokens: lists and details of every app, and some
    writes (a case opened and moved, a catalogue entry changed). Returns the number made."""
    for who in API_READERS:
        if who not in day.tokens:
            day.issue_token(who)
    made = 0
    # Writes first: a case through the API, a matter's phone changed and restored.
    opened = day.api(
        "officer1",
        "POST",
        "cases/",
        {
            "procedure": "penalty_ordinary",
            "matter": "SY-CF-002",
            "title": "API：某协会未年检线索",
            "source": "complaint",
            "facts": "群众举报。",
            "handlers": ["ZF-001", "ZF-003"],
            "parties": [
                {
                    "kind": "organisation",
                    "name": "长春新区互助协会",
                    "credit_code": "52220100MJ0000044K",
                    "legal_representative": "冯互助",
                }
            ],
        },
        expect=201,
    )
    day.api(
        "head", "POST", f"cases/{opened['id']}/actions/approve_filing", {"filed_on": day.today()}
    )
    made += 2
    matter = day.api("admin", "GET", "catalog/matters/SY-XK-002")
    day.api("admin", "PATCH", "catalog/matters/SY-XK-002", {"phone": "0431-80000000"})
    day.api("head", "PATCH", "catalog/matters/SY-XK-002", {"phone": matter.get("phone") or ""})
    made += 3
    reads = [
        "me",
        "agencies/",
        f"agencies/{BUREAU}",
        "cases/",
        "cases/?page_size=5",
        f"cases/{opened['id']}",
        "catalog/fields/",
        "catalog/legal-bases/",
        "catalog/matters/",
        "catalog/matters/?category=penalty",
        "catalog/officers/",
        "catalog/certificates/",
        "catalog/inspection-items/",
        "catalog/recording-requirements/",
        "catalog/review-entries/",
        "disclosure/publications",
        "disclosure/corrections",
        "inspections/plans",
        "recordings/devices",
        "documents/types",
    ]
    readers = [r for r in API_READERS if r != "supervisor"]
    i = 0
    while made < count:
        who = API_READERS[i % len(API_READERS)]
        path = reads[i % len(reads)]
        i += 1
        if who == "supervisor" and (
            path.startswith(("cases/", "disclosure/", "recordings/", "inspections/"))
            or "SY" in path
        ):
            who = readers[i % len(readers)]
        agency = f"?agency={BUREAU}" if who == "supervisor" and path.startswith("catalog/") else ""
        day.api(who, "GET", path + agency)
        made += 1
    day.step(f"{made} API calls over {len(API_READERS)} users' tokens")
    return made


# -- the daily runs ----------------------------------------------------------------------------


def daily_runs(day: Day) -> None:
    day.cli("workbench", "notify")
    day.cli("disclosure", "publish-due")
    day.cli("disclosure", "expire")
    day.cli("disclosure", "flags")
    day.cli("deliveries", "settle", "--user", "officer1")
    day.cli("cases", "due-soon")
    day.cli("inspections", "overdue")
    day.cli("evidence", "verify")
    day.get("officer1", reverse("workbench:notifications"))
    day.post("officer1", reverse("workbench:notifications_read"))
    day.step("the daily runs ran")


# -- the day ----------------------------------------------------------------------------------


def run_day(report: Callable[[str], Any] = print, *, api_count: int = 100) -> Summary:
    """Drive the demo bureau through a day (and the weeks its periods need): see the module's
    docstring. The demo must be loaded. Raises ``DayFailed`` at the first step that does not
    answer as a working system does."""
    start = timezone.now()
    with time_machine.travel(start, tick=True) as traveller:
        day = Day(report, traveller)
        day.summary.entries_before = Entry.objects.count()
        for who in API_READERS:
            day.issue_token(who)
        accounts(day)
        calendar_edits(day)
        catalogue_roundtrip(day)
        major, _ = major_penalty(day)
        unpaid = unpaid_penalty(day)
        simplified_penalty(day)
        granted, waiting = licensing(day)
        coercion(day)
        inspection_draw(day)
        publication = publish(day, unpaid)
        correct_publicly(day, publication)
        api_calls(day, api_count)
        daily_runs(day)
        day.days_pass(14)  # the defence, hearing-request and payment periods run out
        daily_runs(day)
        waiting.refresh_from_db()
        day.step(f"the unanswered application is now {waiting.state}")
        major = major_penalty_decide(day, major)
        scheduled = publish(day, major, at=timezone.now() + datetime.timedelta(hours=2))
        withdraw(day, unpaid, publication)
        unpaid = unpaid_penalty_close(day, unpaid)
        day.days_pass(1)
        daily_runs(day)
        scheduled.refresh_from_db()
        day.step(f"the scheduled publication is {scheduled.status}")
        day.cli("cases", "recompute-deadlines")
        day.cli("ledger", "checkpoint")
        day.summary.entries_after = Entry.objects.count()
        day.summary.requests = day.counter[0]
    report(f"day: done: {json.dumps(day.summary.as_dict())}")
    return day.summary
