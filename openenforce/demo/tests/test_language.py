"""The interface speaks the reader's language on the demo's pages: no record codes
(``cases.case.opened``), ``snake_case`` codes or stray English words in the Chinese pages,
no Chinese in the labels of the English ones (headers, buttons, badges, terms); and every
event the code writes has a name in words."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from openenforce.accounts.models import User
from openenforce.accounts.services import get_system_actor
from openenforce.cases.models import Case
from openenforce.demo.services import load_demo
from openenforce.disclosure.models import Publication
from openenforce.inspections.models import Plan
from openenforce.ledger.labels import event_label
from openenforce.ledger.models import Entry

FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
ROOT = Path(__file__).resolve().parents[2]

DOTTED = re.compile(r"\b[a-z]+\.[a-z_]+\.[a-z_]+\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"\b[a-z]{3,}\b")  # a lowercase English word among Chinese text
CJK = re.compile(r"[\u3400-\u9fff]+")
# What the Chinese pages may show in Latin letters: format names, the switch to English.
ZH_ALLOWED = {"zip", "json", "csv", "xlsx", "pdf", "atom", "sha", "sm3"}
# What the English pages may show in Chinese: the switch to Chinese, and a cited document's
# number (国办发〔2018〕118号) is its name in any language.
EN_ALLOWED = {"简体中文"}
DOCUMENT_NUMBER = re.compile(r"\S*〔\d{4}〕\d+号")
# Elements whose text is ours in the English pages (data are shown in cells, lists and the
# headings that name a case or an item).
LABELS = {"th", "button", "label", "summary", "dt", "legend"}
SKIPPED = {"script", "style", "pre", "code", "template", "textarea", "select"}


class _Text(HTMLParser):
    """The page's visible text, and separately the text of the labels the page owns."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.labels: list[str] = []
        self._skip = 0
        self._label: list[str] = []  # open label elements (a badge is a span)

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skip += 1
        elif tag in LABELS or "badge" in (dict(attrs).get("class") or ""):
            self._label.append(tag)

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skip = max(self._skip - 1, 0)
        elif self._label and self._label[-1] == tag:
            self._label.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._label:
            self.labels.append(data)


def _read(client: Client, url: str) -> _Text:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _Text()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), FAST_HASHER:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(actor=get_system_actor(), password="demo-test-password", year=False)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def pages(demo, db, settings, tmp_path):
    """(user, url) of the main staff pages and the public ones, on the demo's data."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    bureau = User.objects.get(username="officer1").agency_id
    cases = list(Case.objects.filter(agency_id=bureau).order_by("procedure", "pk"))
    one_per_procedure = list({c.procedure: c for c in cases}.values())
    publication = Publication.objects.filter(status="published").order_by("pk").first()
    plan = Plan.objects.filter(status="drawn").select_related("agency").first()
    assert publication and plan and len(one_per_procedure) >= 5
    staff = ["/", "/cases/", "/cases/due/", "/catalog/", "/disclosure/", "/calendar/"]
    staff += ["/inspections/", f"/inspections/plans/{plan.pk}/"]
    staff += [f"/disclosure/{publication.pk}/"]
    for case in one_per_procedure:
        staff += [f"/cases/{case.pk}/", f"/cases/{case.pk}/timeline/"]
    staff += [f"/transparency/subject/cases.case/{one_per_procedure[0].pk}/"]
    public = ["/portal/", "/portal/agencies/", "/portal/officers/", "/portal/matters/"]
    public += ["/portal/decisions/", f"/portal/decisions/{publication.pk}/", "/portal/lists/"]
    public += ["/portal/transparency/", "/portal/open-data/"]
    public += ["/inspections/public/", f"/inspections/public/{plan.agency.code}/{plan.code}/"]
    return (
        [("officer1", url) for url in staff]
        + [("reviewer", "/reviews/")]
        + [(None, url) for url in public]
    )


def _client(username: str | None, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.cookies["django_language"] = language
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def test_the_chinese_pages_show_no_codes_or_english_words(pages):
    found = {}
    for username, url in pages:
        text = " ".join(_read(_client(username, "zh-hans"), url).text)
        codes = set(DOTTED.findall(text)) | set(SNAKE.findall(text))
        words = {w for w in WORD.findall(text) if w not in ZH_ALLOWED}
        if codes or words:
            found[url] = sorted(codes | words)
    assert not found, found


def test_the_english_pages_label_everything_in_english(pages):
    found = {}
    for username, url in pages:
        labels = DOCUMENT_NUMBER.sub("", " ".join(_read(_client(username, "en"), url).labels))
        chinese = {run for run in CJK.findall(labels) if run not in EN_ALLOWED}
        if chinese:
            found[url] = sorted(chinese)
    assert not found, found


def test_the_case_timeline_holds_the_events_of_everything_in_the_case(pages):
    case = next(
        c for c in Case.objects.filter(evidence_items__isnull=False, documents__isnull=False)
    )
    page = _read(_client("officer1", "zh-hans"), f"/cases/{case.pk}/timeline/")
    text = " ".join(page.text)
    assert "证据 · 添加" in text and "执法文书 · 签发" in text
    assert "<html" not in "".join(page.text) and any("已记录的事件" in t for t in page.text)


def _written_event_types() -> set[str]:
    """Every literal event type in the code (``event_type="app.model.verb"``)."""
    pattern = re.compile(r"event_type=\"([a-z_]+\.[a-z_]+\.[a-z_]+)\"")
    found = set()
    for path in (ROOT / "openenforce").rglob("*.py"):
        if "tests" not in path.parts:
            found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_event_written_has_a_chinese_name(demo, db):
    written = _written_event_types() | set(Entry.objects.values_list("event_type", flat=True))
    assert len(written) > 60
    with translation.override("zh-hans"):
        unnamed = {t: event_label(t) for t in written if not CJK.search(event_label(t))}
        english = {t: event_label(t) for t in written if re.search("[A-Za-z]", event_label(t))}
    assert not unnamed and not english, (unnamed, english)
