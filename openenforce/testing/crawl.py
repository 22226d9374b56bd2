"""A bounded crawl of the pages a person can reach, in a real browser (Playwright): from
the start pages, every same-origin link a page offers is followed (GET only; no logout,
downloads, PDFs, the API or the Django admin), at most ``per_pattern`` pages per URL shape
(numbers replaced) and ``limit`` pages in all. Each page is checked at the desktop width
and again at the phone width for what a Chinese-speaking user would notice: sideways
scrolling, raw event codes or snake_case codes, English words in the Chinese interface, and
links that answer an error.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

WIDTHS = (1280, 390)
# Short names a Chinese interface may show as they are.
ALLOWED_WORDS = {
    "pdf",
    "qr",
    "sha",
    "api",
    "id",
    "url",
    "csv",
    "xlsx",
    "zip",
    "json",
    "http",
    "https",
    "www",
    "openenforce",  # the product's name
    "merkle",
    "webcrypto",
    "tus",
    "sm3",
    "cli",
    "english",  # the language switcher offers English in English
    "excel",
    "atom",
    "javascript",
}
SKIP = re.compile(
    r"^/(accounts/logout|api/|admin/|static/|media/|i18n/|healthz)"
    r"|/(pdf|export|download|draw\.json|qr\.svg)(/|$)"
    r"|\.(pdf|csv|xlsx|json|zip|svg|png|jpe?g|webm|mp4|wav|ofd|xml|txt)$"
    r"|/files?/|/play/|/media|/content$|/stream"
)
NEXT_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
DOTTED = re.compile(r"\b[a-z][a-z0-9]*(?:\.[a-z][a-z0-9_]*){1,3}\b")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
TOKEN = re.compile(r"[A-Za-z0-9+/=_.:\-]+")
CODE_LIKE = re.compile(r"[0-9+/=_.:\-]|[a-z][A-Z]")
DOMAIN = re.compile(r"\.(cn|com|org|net|gov|local|localhost)\b")

# Text nodes outside code and data (<code>, <pre>, monospaced values, <noscript> source),
# each with where it is and whether it is interface wording (headings, labels, buttons,
# table headers, badges, navigation, sentences) rather than data in a table cell or a
# muted code beside a name.
TEXTS_JS = """() => {
  const skip = 'code,pre,kbd,samp,script,style,template,textarea,svg,noscript,.mono,'
             + '[data-raw],[translate=no],[hidden],[aria-hidden=true]';
  const chrome = 'h1,h2,h3,h4,h5,h6,label,button,th,legend,summary,caption,dt,nav,.badge,'
               + '.button,.tile-title,p,li';
  const data = 'td,.muted,.data,[data-user]';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || el.closest(skip)) continue;
    const where = el.tagName.toLowerCase()
                + (el.className ? '.' + String(el.className).split(' ')[0] : '');
    out.push([where, text, !!el.closest(chrome) && !el.closest(data)]);
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button],[placeholder]')) {
    const text = (el.value && el.type !== 'text' ? el.value : el.getAttribute('placeholder')) || '';
    if (text.trim() && !el.closest(skip)) out.push([el.tagName.toLowerCase() + '@', text.trim(), true]);
  }
  return out;
}"""
LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""
OVERFLOW_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
HTMX_SETTLED_JS = "() => !document.querySelector('[hx-trigger=\"load\"]')"


@dataclass(frozen=True)
class Problem:
    role: str
    width: int | str
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path} [{self.role}, {self.width}]: {self.problem}"


def shape(path: str) -> str:
    """The URL's shape: numbers and long codes replaced, query names kept."""
    parts = urlsplit(path)
    base = re.sub(r"/\d+", "/N", parts.path)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return base + ("?" + "&".join(names) if names else "")


def text_problems(texts: list[list]) -> list[str]:
    """Raw codes anywhere in the text; English words in the interface's own wording."""
    found: list[str] = []
    seen: set[str] = set()
    for where, text, wording in texts:
        if "://" in text or "@" in text:
            continue
        for pattern, what in ((DOTTED, "raw dotted code"), (SNAKE, "snake_case code")):
            for match in pattern.finditer(text):
                code = match.group(0)
                if (what == "raw dotted code" and DOMAIN.search(code)) or code in seen:
                    continue
                seen.add(code)
                found.append(f"{what} “{code}” in <{where}>: “{text[:80]}”")
        if not wording:
            continue
        for run in TOKEN.finditer(text):
            word = run.group(0)
            if CODE_LIKE.search(word) or len(word) < 3 or word.isupper():
                continue  # a code, a hash or an abbreviation: data, not wording
            if word.lower() in ALLOWED_WORDS or word in seen:
                continue
            seen.add(word)
            found.append(f"English word “{word}” in <{where}>: “{text[:80]}”")
    return found


def check_page(page, role: str, path: str, shots: Path | None = None) -> list[Problem]:
    """The text at the desktop width, then sideways scrolling at each width (a page that
    scrolls sideways is photographed into ``shots``)."""
    with contextlib.suppress(Exception):  # a part that never loads shows in the text
        page.wait_for_function(HTMX_SETTLED_JS, timeout=5_000)
    problems = [Problem(role, "-", path, text) for text in text_problems(page.evaluate(TEXTS_JS))]
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 900})
            # Measured once the page has laid itself out again, as a reader sees it (its
            # scripts, e.g. the charts, redraw on the resize event).
            page.evaluate(NEXT_FRAMES_JS)
        scroll, inner = page.evaluate(OVERFLOW_JS)
        if scroll > inner + 1:
            problems.append(
                Problem(role, width, path, f"scrolls sideways ({scroll} px wide > {inner})")
            )
            if shots is not None:
                name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
                page.screenshot(path=str(shots / f"{role}-{width}-{name}.png"), full_page=True)
    return problems


def links(page, base: str) -> list[str]:
    """The same-origin pages ``page`` links to (paths, no fragment), skipping downloads."""
    found = []
    for href in page.evaluate(LINKS_JS):
        url, _fragment = urldefrag(href)
        if url.startswith(base):
            link = url[len(base) :] or "/"
            if not SKIP.search(urlsplit(link).path):
                found.append(link)
    return found


def visit(page, base: str, path: str) -> tuple[int, str]:
    """Open ``path`` at the desktop width: (status, the final path); status 0 when the
    page did not load at all."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    try:
        response = page.goto(base + path, wait_until="load")
    except Exception:  # noqa: BLE001  (a page that does not load is a finding)
        return 0, path
    return (response.status if response is not None else 0), urlsplit(page.url).path


def crawl(
    page,
    base: str,
    role: str,
    starts: list[str],
    *,
    limit: int = 150,
    per_pattern: int = 2,
    anonymous: bool = False,
    shots: Path | None = None,
) -> tuple[list[Problem], int]:
    """Crawl from ``starts`` in ``page`` (logged in as ``role`` or anonymous); returns the
    problems found and the number of pages visited."""
    problems: list[Problem] = []
    queue: deque[tuple[str, str]] = deque((path, "(start)") for path in starts)
    seen: set[str] = set(starts)
    shapes: dict[str, int] = {}
    visited = 0
    while queue and visited < limit:
        path, source = queue.popleft()
        key = shape(path)
        if shapes.get(key, 0) >= per_pattern:
            continue
        shapes[key] = shapes.get(key, 0) + 1
        status, final = visit(page, base, path)
        visited += 1
        to_login = final.startswith("/accounts/login")
        if status == 0 or status >= 400 or (to_login and not anonymous):
            what = f"answers {status}" if status else "does not load"
            what = "asks to log in" if to_login and status < 400 else what
            problems.append(Problem(role, "-", path, f"{what} (linked from {source})"))
            continue
        if to_login:
            continue  # a staff page: the public is asked to log in, as it should be
        problems += check_page(page, role, path, shots)
        for link in links(page, base):
            if link not in seen:
                seen.add(link)
                queue.append((link, path))
    return problems, visited


def report(problems: list[Problem]) -> str:
    """The problems, one a line, grouped by page."""
    lines = sorted({str(problem) for problem in problems})
    return f"{len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)
