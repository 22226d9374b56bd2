"""Demo evidence for the demo bureau's cases: site photos (JPEG), a copy of the business
licence (PDF) and the inquiry record (text), generated locally with Pillow.

The demo cases are driven through their lifecycle before ``load_demo`` runs, and a closed
case takes no evidence; so the demo cases' loader calls ``prepare_step`` before each step,
and evidence is added before the investigation report, as the officers would have done.
``load_demo`` adds it to open demo cases past investigation that lack it (a database
made before this module existed). Everything goes through ``services``; a second run
creates nothing.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from django.utils import timezone

from openenforce.accounts.models import Agency, User
from openenforce.cases.models import Case
from openenforce.core.errors import DomainError
from openenforce.evidence import services
from openenforce.evidence.models import EvidenceItem

BUREAU = "cnna-sa"
STEP = "conclude_investigation"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:  # no CJK font on this machine: the pictures still show, with boxes
        return ImageFont.load_default()


def photo(caption: str, seed: int) -> bytes:
    """A 640×480 JPEG 'site photo': a sky-to-floor gradient, a building, a caption."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480))
    draw = ImageDraw.Draw(image)
    for y in range(480):
        shade = 200 - y // 4
        draw.line([(0, y), (640, y)], fill=(shade - seed * 7 % 40, shade, 220 - y // 5))
    draw.rectangle([140 + seed * 10, 160, 500, 420], fill=(180, 160, 130), outline=(60, 50, 40))
    for column in range(4):
        x = 170 + seed * 10 + column * 80
        draw.rectangle([x, 200, x + 40, 250], fill=(90, 120, 160))
    draw.rectangle([0, 440, 640, 480], fill=(0, 0, 0))
    draw.text((12, 446), caption, fill=(255, 255, 255), font=_font(22))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def licence_pdf(party: str, code: str, representative: str) -> bytes:
    """A one-page 'copy of the business licence' as a PDF (an image page, as scanned)."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle([60, 60, 1180, 1694], outline=(170, 40, 40), width=8)
    draw.text((420, 140), "营业执照（复印件）", fill=(170, 40, 40), font=_font(64))
    lines = [
        f"名称：{party}",
        f"统一社会信用代码：{code or '—'}",
        f"法定代表人（负责人）：{representative or '—'}",
        "类型：民办非企业单位",
        "登记机关：长春新区行政审批局",
        "",
        "此复印件与原件核对一致。（演示数据）",
    ]
    for number, line in enumerate(lines):
        draw.text((140, 340 + number * 90), line, fill=(20, 20, 20), font=_font(40))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150.0)
    return out.getvalue()


def inquiry_record(case: Case, party: str, officers: str, when: datetime.datetime) -> bytes:
    text = (
        f"询问笔录\n\n时间：{when:%Y年%m月%d日 %H时%M分}\n地点：长春新区社会事业发展局询问室\n"
        f"询问人：{officers}\n被询问人：{party}的负责人\n案由：{case.title}\n\n"
        "问：我们是长春新区社会事业发展局的执法人员，现向你出示执法证件，你是否看清楚？\n"
        "答：看清楚了。\n"
        "问：你有申请执法人员回避的权利，是否申请回避？\n答：不申请。\n"
        "问：请如实陈述有关情况。\n答：情况属实，我们会立即整改。\n\n"
        "以上笔录我已看过，与我说的相符。（演示数据）\n"
    )
    return text.encode("utf-8")


def _party(case: Case) -> tuple[str, str, str]:
    party = case.parties.order_by("pk").first()
    if party is None:
        return "当事人", "", ""
    return party.name, party.credit_code, party.legal_representative


def _when(case: Case) -> datetime.datetime:
    """The morning after filing (or opening), never later than now."""
    day = (case.filed_on or case.opened_on) + datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return min(moment, timezone.now() - datetime.timedelta(minutes=10))


def _items(case: Case, officers: str) -> list[dict]:
    name, code, representative = _party(case)
    when = _when(case)
    place = f"{name}经营场所"
    return [
        {
            "kind": "audiovisual",
            "title": "现场照片（外景）",
            "method": "相机现场拍摄",
            "place": place,
            "collected_at": when,
            "content": photo(f"{name} 外景", 1),
            "file_name": "现场照片-外景.jpg",
        },
        {
            "kind": "audiovisual",
            "title": "现场照片（内部）",
            "method": "相机现场拍摄",
            "place": place,
            "collected_at": when + datetime.timedelta(minutes=20),
            "content": photo(f"{name} 内部", 2),
            "file_name": "现场照片-内部.jpg",
        },
        {
            "kind": "documentary",
            "title": "营业执照复印件",
            "method": "复印并与原件核对一致",
            "place": place,
            "collected_at": when + datetime.timedelta(minutes=40),
            "content": licence_pdf(name, code, representative),
            "file_name": "营业执照复印件.pdf",
        },
        {
            "kind": "statement",
            "title": "询问笔录",
            "method": "询问并制作笔录，经被询问人签字确认",
            "place": "局询问室",
            "collected_at": when + datetime.timedelta(hours=3),
            "content": inquiry_record(case, name, officers, when + datetime.timedelta(hours=3)),
            "file_name": "询问笔录.txt",
        },
    ]


def _officers(case: Case) -> str:
    names = case.handlers.active().select_related("officer").values_list("officer__name", flat=True)
    return "、".join(names) or "执法人员"


def add_demo_evidence(case: Case, *, actor: User) -> list[str]:
    """The demo evidence of one case, for items not there yet (by title)."""
    existing = set(EvidenceItem.objects.filter(case=case).values_list("title", flat=True))
    made = []
    for spec in _items(case, _officers(case)):
        if spec["title"] in existing:
            continue
        content = spec.pop("content")
        latest = timezone.now() - datetime.timedelta(minutes=1)
        spec["collected_at"] = min(spec["collected_at"], latest)
        blob = services.store_stream(io.BytesIO(content))
        services.add_evidence(case, actor=actor, step=STEP, blob=blob, **spec)
        made.append(f"evidence {case.title} {spec['title']}")
    return made


def prepare_step(case: Case, action: str, *, actor: User, data: dict) -> None:
    """Before a demo case's investigation report: the evidence its officers collected."""
    if action == STEP and case.is_open:
        add_demo_evidence(case, actor=actor)


def load_demo(*, actor: User) -> list[str]:
    """Evidence for the open demo cases past investigation that have none yet."""
    agency = Agency.objects.filter(code=BUREAU).first()
    officer = User.objects.filter(username="officer1", agency=agency).first()
    if agency is None or officer is None:
        return []
    made: list[str] = []
    cases = Case.objects.open().filter(agency=agency, filed_on__isnull=False)
    for case in cases.exclude(state__in=("lead", "investigation")).order_by("pk"):
        if EvidenceItem.objects.filter(case=case).exists():
            continue
        try:
            made += add_demo_evidence(case, actor=officer)
        except DomainError:  # a case this officer may not add to: leave it
            continue
    return made
