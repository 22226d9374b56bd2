"""Rendering documents: the HTML (shown in the browser, stored with the document) and
the A4 PDF made from the same HTML by WeasyPrint, with the Noto Serif CJK fonts embedded.

WeasyPrint subsets the CJK fonts with HarfBuzz (Debian ``libharfbuzz-subset0``, installed
by ``scripts/system-packages.sh``): a penalty decision renders in well under a second.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

CSS_PATH = "documents/document.css"
PRINT_LANGUAGE = "zh-hans"


@functools.cache
def print_css() -> str:
    """The one stylesheet for screen and print (read once)."""
    path = finders.find(CSS_PATH)
    return Path(path).read_text(encoding="utf-8")


def public_base_url() -> str:
    """The address the QR codes point to (OPENENFORCE_PUBLIC_URL)."""
    return settings.OPENENFORCE_PUBLIC_URL.rstrip("/")


def verify_url(code: str) -> str:
    """The public verification page of the document with ``code``, as an absolute URL."""
    return public_base_url() + reverse("documents:verify", args=[code])


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (error correction M, no quiet-zone border)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, omitsize=True)


def render_html(context: dict[str, Any], *, code: str) -> str:
    """The document's HTML fragment (an ``<article>``), with its QR code."""
    url = verify_url(code)
    template = f"documents/print/{context['doc_type']}.html"
    with translation.override(PRINT_LANGUAGE):
        return render_to_string(
            template, {"doc": context, "qr_svg": qr_svg(url), "verify_url": url, "code": code}
        )


def _pdf_from_fragment(fragment: str, title: str = "") -> bytes:
    import weasyprint  # imported on use: it loads pango and the fonts (~0.3 s)

    page = render_to_string(
        "documents/print/shell.html", {"fragment": fragment, "css": print_css(), "title": title}
    )
    # A document needs nothing from outside (CSS inline, QR inline SVG, fonts from the
    # system): only data: URLs may be fetched, never files or the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    document = weasyprint.HTML(string=page, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(pdf_identifier=b"openenforce", custom_metadata=False)


def render_pdf(document_or_context: Any, *, code: str = "") -> bytes:
    """The A4 PDF of an issued ``Document`` (from its stored HTML), of a context as made
    by ``documents.context.build`` (rendered with verification ``code``), or of an HTML
    fragment given as a string."""
    html = getattr(document_or_context, "html", None)
    if html is not None:
        return _pdf_from_fragment(html, document_or_context.title)
    if isinstance(document_or_context, str):
        return _pdf_from_fragment(document_or_context)
    context = document_or_context
    return _pdf_from_fragment(render_html(context, code=code or "0" * 22), context["title"])


# --- benchmark -------------------------------------------------------------------------

SAMPLE_FACTS = (
    "经查，当事人自2026年3月起经营养老机构，未按照规定建立入院评估制度，未对入住老年人"
    "进行能力评估，且未按规定配备专职消防安全管理人员。执法人员于2026年9月2日进行现场检查，"
    "制作了现场检查笔录，并对当事人的负责人进行了询问。"
)


def sample_penalty_context() -> dict[str, Any]:
    """A penalty decision's context as ``context.build`` makes it, without a database."""
    return {
        "doc_type": "penalty_decision",
        "title": "行政处罚决定书",
        "layout": "letter",
        "article": "《行政处罚法》第五十九条",
        "number": "长新社罚决字〔2026〕第7号",
        "date": "2026年9月20日",
        "issued_on": "2026-09-20",
        "agency": {
            "name": "长春新区社会事业发展局",
            "short_name": "长新社",
            "address": "长春新区硅谷大街1号",
            "phone": "0431-81234567",
            "head": "王局长",
            "remedy_channels": "行政复议机关：长春新区管理委员会；管辖法院：长春市朝阳区人民法院。",
        },
        "case": {
            "number": "长新社罚立字〔2026〕第3号",
            "title": "长春新区福寿康养老院未建立入院评估制度案",
            "matter": "对养老机构未建立入院评估制度的处罚",
            "filed_on": "2026年9月1日",
            "prior_notice_served_on": "2026年9月10日",
            "decided_on": "2026年9月20日",
            "outcome": "予以处罚",
            "fine": "3,000.00",
            "bases": [{"law": "养老机构管理办法", "article": "第四十六条", "text": ""}],
        },
        "parties": [
            {
                "kind": "organisation",
                "name": "长春新区福寿康养老院",
                "credit_code": "52220100MJ0000011X",
                "legal_representative": "赵福寿",
                "address": "长春新区福寿路8号",
                "id_type": "",
                "id_number": "",
                "phone": "",
            }
        ],
        "officers": [
            {"name": "刘执法", "certificate": "22010001"},
            {"name": "陈执法", "certificate": "22010003"},
        ],
        "values": {},
        "fields": {
            "facts": SAMPLE_FACTS * 2,
            "evidence": [
                ["现场检查笔录一份"],
                ["询问笔录一份"],
                ["现场照片六张"],
                ["营业执照复印件"],
            ],
            "violated_provision": "《养老机构管理办法》第十四条",
            "penalty_basis": "《养老机构管理办法》第四十六条第（二）项",
            "statement": "当事人在法定期限内书面放弃陈述、申辩的权利。",
            "penalty": "1. 警告；\n2. 罚款人民币3,000.00元。",
            "payment_account": "长春新区财政局非税收入账户（中国工商银行长春新区支行）",
        },
        "to_party": True,
        "payment": {"days": "十五日", "surcharge": "百分之三", "applies": True},
        "hearing_right": False,
        "remedies": {
            "reconsideration_period": "六十日",
            "reconsideration_article": "《中华人民共和国行政复议法》第二十条",
            "litigation_period": "六个月",
            "litigation_article": "《中华人民共和国行政诉讼法》第四十六条",
            "channels": "行政复议机关：长春新区管理委员会；管辖法院：长春市朝阳区人民法院。",
        },
        "corrects": None,
    }


def bench_render_penalty_decision(runs: int = 5) -> dict[str, float]:
    """Time rendering a penalty decision to PDF (HTML + QR + PDF) after one warm-up:
    median and max wall seconds over ``runs``, and the median CPU seconds of this process
    (what the rendering costs when the machine is shared). Needs Django set up; no database."""
    context = sample_penalty_context()
    render_pdf(context)  # warm-up: loads WeasyPrint, pango and the fonts
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = render_pdf(context)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    wall.sort()
    cpu.sort()
    return {
        "runs": runs,
        "median_s": wall[len(wall) // 2],
        "max_s": wall[-1],
        "cpu_median_s": cpu[len(cpu) // 2],
        "pdf_bytes": len(pdf),
    }
