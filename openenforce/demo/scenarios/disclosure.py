"""Demo publications: a populated portal and a publication queue with work in it.

* the drafts the demo cases' decisions produced are approved and published;
* about twenty further decisions and inspection results of the demo bureau, with the
  personal data real texts carry (ID numbers, phones, addresses) so masking shows;
* one item withdrawn with its reason (the decision was revoked on reconsideration),
  one corrected after a public request, one request still pending;
* drafts waiting in the queue: one due soon, one overdue, one scheduled.

Everything goes through ``openenforce.disclosure.services``. Idempotent: items are
found by title, and only what is missing is made.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from openenforce.accounts.models import Agency, User
from openenforce.calendar import add_working_days
from openenforce.catalog.models import Matter, Officer
from openenforce.demo.scenarios.cases import SPECS
from openenforce.disclosure import rules, services
from openenforce.disclosure.masking import id_check_digit
from openenforce.disclosure.models import Correction, Publication

BUREAU = "cnna-sa"
Kind, Status = Publication.Kind, Publication.Status
WITHDRAWN_TITLE = "对长春新区天成文化传媒有限公司擅自从事营业性演出经营活动的行政处罚"
CORRECTED_TITLE = "长春新区清风美发店公共场所卫生许可"
PENDING_REQUEST_TITLE = "长春新区仁心口腔诊所医疗机构执业登记"
DUE_SOON_TITLE = "对长春新区碧水游泳馆有限公司的监督检查结果"
OVERDUE_TITLE = "对长春新区悦来宾馆有限公司未按规定开展卫生检测的行政处罚"
SCHEDULED_TITLE = "长春新区乐享体育发展有限公司经营高危险性体育项目许可"


def _id(first17: str) -> str:
    """A resident ID number with its check digit (GB 11643), so masking finds it."""
    return first17 + id_check_digit(first17)


def org(name: str, code: str, rep: str, address: str) -> dict:
    lines = [
        f"当事人：{name}",
        f"统一社会信用代码：{code}",
        f"法定代表人：{rep}",
        f"住所：{address}",
    ]
    # An organisation's registered address is public, unlike a person's home address.
    return {"lines": lines, "names": [], "protected": [address]}


def person(name: str, id17: str, phone: str, address: str) -> dict:
    lines = [f"当事人：{name}", f"身份证号：{_id(id17)}", f"联系电话：{phone}", f"住址：{address}"]
    return {"lines": lines, "names": [name], "protected": []}


# (kind, matter code, title, party, facts, decision, document word, days ago)
ITEMS = [
    (
        Kind.PENALTY,
        "SY-CF-001",
        "对长春新区康宁养老服务中心未建立入院评估制度的行政处罚",
        org("长春新区康宁养老服务中心", "52220100MJ0000101U", "高康宁", "长春新区硅谷大街3355号"),
        "经查，当事人未按规定对入住老年人进行入院评估，未建立老年人健康档案。",
        "给予警告，并处罚款人民币五千元。",
        "罚决字",
        12,
    ),
    (
        Kind.PENALTY,
        "SY-CF-008",
        "对刘建国未取得医疗机构执业许可证擅自执业的行政处罚",
        person(
            "刘建国", "22010419750312123", "13904315678", "长春新区北湖街道明湖路88号3栋2单元501室"
        ),
        "经查，当事人未取得《医疗机构执业许可证》，在其住所内擅自开展针灸推拿诊疗活动，"
        "接诊患者王秀兰等人，违法所得人民币三千二百元。",
        "没收违法所得人民币三千二百元，并处罚款人民币三万元。",
        "罚决字",
        18,
    ),
    (
        Kind.PENALTY,
        "SY-CF-007",
        "对长春新区优学教育咨询有限公司变相开展学科类校外培训的行政处罚",
        org("长春新区优学教育咨询有限公司", "91220100MA00002010", "马优学", "长春新区天元街218号"),
        "经查，当事人以“思维拓展”名义面向义务教育阶段学生开展数学学科类培训。",
        "责令停止违法行为，退还所收费用，并处罚款人民币二万元。",
        "罚决字",
        25,
    ),
    (
        Kind.PENALTY,
        "SY-CF-012",
        "对长春新区金嗓子歌舞厅播放含禁止内容曲目的行政处罚",
        org("长春新区金嗓子歌舞厅", "92220100MA0000301J", "何金嗓", "长春新区东方广场B座2层"),
        "经查，当事人曲库中存有含禁止内容的曲目12首并提供点播。",
        "给予警告，并处罚款人民币一万元。",
        "罚决字",
        31,
    ),
    (
        Kind.PENALTY,
        "SY-CF-010",
        "对王丽华公共场所未取得卫生许可证擅自营业的行政处罚",
        person("王丽华", "22010519880706234", "15584312345", "长春新区锦湖大路1018号"),
        "经查，当事人经营的美容店未取得公共场所卫生许可证擅自营业。",
        "给予警告，并处罚款人民币五百元。",
        "罚决字",
        37,
    ),
    (
        Kind.PENALTY,
        "SY-CF-014",
        "对长春新区蓝海游泳健身有限公司未经许可经营高危险性体育项目的行政处罚",
        org("长春新区蓝海游泳健身有限公司", "91220100MA0000401B", "蓝海洋", "长春新区长德路66号"),
        "经查，当事人未取得经营高危险性体育项目许可证，擅自开放游泳项目。",
        "责令改正，没收违法所得人民币八千元，并处罚款人民币三万元。",
        "罚决字",
        44,
    ),
    (
        Kind.PENALTY,
        "SY-CF-013",
        WITHDRAWN_TITLE,
        org("长春新区天成文化传媒有限公司", "91220100MA00005011", "田天成", "长春新区龙翔大路9号"),
        "经查，当事人未取得营业性演出许可证，擅自举办商业演出2场。",
        "没收违法所得人民币一万五千元，并处罚款人民币五万元。",
        "罚决字",
        50,
    ),
    (
        Kind.LICENSING,
        "SY-XK-003",
        "长春新区阳光幼儿园设立许可",
        org("长春新区阳光幼儿园", "52220100MJ00006018", "阳春晖", "长春新区福祉大路1500号"),
        "申请人申请设立实施学前教育的民办学校，经审查符合设立条件。",
        "准予设立，许可证有效期至2031年11月30日。",
        "许决字",
        6,
    ),
    (
        Kind.LICENSING,
        "SY-XK-006",
        PENDING_REQUEST_TITLE,
        org("长春新区仁心口腔诊所", "92220100MA00007019", "任仁心", "长春新区盛北大街27号"),
        "申请人申请医疗机构执业登记，经现场审查符合条件。",
        "准予执业登记，诊疗科目：口腔科。",
        "许决字",
        9,
    ),
    (
        Kind.LICENSING,
        "SY-XK-008",
        CORRECTED_TITLE,
        org("长春新区清风美发店", "92220100MA0000801Y", "邓清风", "长春新区天骄路701号"),
        "申请人申请公共场所卫生许可，经审查符合条件。",
        "准予许可，许可证有效期至2030年11月30日。",
        "许决字",
        15,
    ),
    (
        Kind.LICENSING,
        "SY-XK-009",
        "长春新区动感KTV有限公司娱乐场所经营许可",
        org("长春新区动感KTV有限公司", "91220100MA0000901P", "董动感", "长春新区环湖路16号"),
        "申请人申请娱乐场所经营许可，经审查符合条件。",
        "准予许可。",
        "许决字",
        21,
    ),
    (
        Kind.LICENSING,
        "SY-XK-011",
        "长春新区冰雪体育发展有限公司经营高危险性体育项目许可",
        org("长春新区冰雪体育发展有限公司", "91220100MA0001001U", "冯冰雪", "长春新区莲花山路1号"),
        "申请人申请经营滑雪项目，经现场核查场地、设施和人员符合条件。",
        "准予许可。",
        "许决字",
        28,
    ),
    (
        Kind.INSPECTION,
        "SY-JC-001",
        "对长春新区福寿康养老院的监督检查结果",
        org("长春新区福寿康养老院", "52220100MJ00000117", "赵福寿", "长春新区乙六路118号"),
        "检查内容：消防安全、食品安全、服务质量。",
        "未发现问题。",
        "检结字",
        8,
    ),
    (
        Kind.INSPECTION,
        "SY-JC-003",
        "对长春新区启明培训学校办学行为的监督检查结果",
        org("长春新区启明培训学校", "52220100MJ0000022B", "钱启明", "长春新区卓越大街88号"),
        "检查内容：办学许可、收费公示、师资资质。发现部分教师资质材料未公示。",
        "责令于三十日内整改。",
        "检结字",
        14,
    ),
    (
        Kind.INSPECTION,
        "SY-JC-005",
        "2026年第三季度公共场所卫生双随机抽查结果",
        org(
            "长春新区碧水游泳馆有限公司等5家单位",
            "91220100MA00000442",
            "周碧水",
            "长春新区（见名单）",
        ),
        "随机抽取公共场所5家，检查卫生许可、从业人员健康证明、卫生检测。",
        "4家未发现问题；1家卫生检测超期，已责令整改。",
        "检结字",
        40,
    ),
    (
        Kind.INSPECTION,
        "SY-JC-006",
        "对长春新区星光娱乐有限公司经营活动的监督检查结果",
        org("长春新区星光娱乐有限公司", "91220100MA0000033X", "李星光", "长春新区吉林大路12号"),
        "检查内容：营业时间、未成年人保护、曲库内容。",
        "未发现问题。",
        "检结字",
        22,
    ),
    (
        Kind.INSPECTION,
        "SY-JC-004",
        "对孙德仁诊所执业活动的监督检查结果",
        person("孙德仁", "22010219680512123", "13904310001", "长春新区硅谷街道广安路5号"),
        "检查内容：执业许可、人员资质、医疗废物处置。",
        "未发现问题。",
        "检结字",
        33,
    ),
    (
        Kind.OTHER,
        "SY-QT-001",
        "长春新区夕阳红养老公寓养老机构备案",
        org("长春新区夕阳红养老公寓", "52220100MJ00011013", "夏阳红", "长春新区安康路9号"),
        "备案人提交养老机构备案材料，材料齐全。",
        "予以备案。",
        "备字",
        11,
    ),
    (
        Kind.OTHER,
        "SY-QT-002",
        "长春新区康复医院医疗机构执业许可证校验",
        org("长春新区康复医院", "52220100MJ0001201Q", "康复生", "长春新区福祉大路200号"),
        "申请人申请医疗机构执业许可证校验，经审查合格。",
        "校验合格。",
        "校字",
        19,
    ),
]

QUEUE = [
    (
        Kind.INSPECTION,
        "SY-JC-007",
        DUE_SOON_TITLE,
        org("长春新区碧水游泳馆有限公司", "91220100MA00000442", "周碧水", "长春新区长德路200号"),
        "检查内容：救生员配备、水质检测、安全警示。联系人手机13804315566。",
        "未发现问题。",
        "检结字",
        None,
    ),
    (
        Kind.PENALTY,
        "SY-CF-011",
        OVERDUE_TITLE,
        org("长春新区悦来宾馆有限公司", "91220100MA00000556", "吴悦来", "长春新区临河街77号"),
        "经查，当事人未按规定对客房空气质量开展年度卫生检测。",
        "给予警告，并处罚款人民币二千元。",
        "罚决字",
        30,
    ),
    (
        Kind.LICENSING,
        "SY-XK-011",
        SCHEDULED_TITLE,
        org("长春新区乐享体育发展有限公司", "91220100MA0001301W", "乐享", "长春新区体育场路3号"),
        "申请人申请经营攀岩项目，经现场核查符合条件。",
        "准予许可。",
        "许决字",
        3,
    ),
]


def _officers(agency: Agency) -> list[tuple[str, str]]:
    rows = Officer.objects.filter(agency=agency).prefetch_related("certificates")
    found = []
    for officer in rows.order_by("code")[:2]:
        numbers = [c.number for c in officer.certificates.all()]
        found.append((officer.name, numbers[0] if numbers else ""))
    return found


def _text(agency, kind, number, party, matter, facts, decision, decided_on, officers) -> str:
    lines = [agency.name, str(Publication.Kind(kind).label), f"文书编号：{number}"]
    lines += party["lines"]
    lines += [f"事项：{matter.name}", f"主要事实：{facts}"]
    lines.append(("检查结果：" if kind == Kind.INSPECTION else "处理决定：") + decision)
    bases = [f"{b.law_name}{b.article}" for b in matter.bases.all()]
    if bases:
        lines.append("法律依据：" + "；".join(bases))
    if officers:
        lines.append("执法人员：" + "、".join(f"{n}（{c}）" if c else n for n, c in officers))
    lines.append(f"决定日期：{decided_on.isoformat()}")
    return "\n".join(lines)


def _due_soon_date(kind: str, today: datetime.date) -> datetime.date:
    """A decision date whose publication falls due within the next three days; today
    itself when none of them is a working day (New Year's Eve, the eve of a long holiday),
    which the queue still counts as due soon."""
    days = rules.period_for_kind(kind).days
    for earliest in (today + datetime.timedelta(days=1), today):
        for back in range(1, 60):
            day = today - datetime.timedelta(days=back)
            due = add_working_days(day, days).due
            if earliest <= due <= today + datetime.timedelta(days=3):
                return day
    return today - datetime.timedelta(days=days)


def _draft(agency, actor, spec, seq: int, today: datetime.date, officers) -> Publication | None:
    kind, code, title, party, facts, decision, word, ago = spec
    matter = Matter.objects.filter(agency=agency, code=code).first()
    if matter is None:
        return None
    decided_on = (
        _due_soon_date(kind, today) if ago is None else today - datetime.timedelta(days=ago)
    )
    number = f"{agency.short_name}{word}〔{decided_on.year}〕第{100 + seq}号"
    text = _text(agency, kind, number, party, matter, facts, decision, decided_on, officers)
    protected = [number, *party["protected"], *(n for n, _c in officers)]
    protected += [c for _n, c in officers]
    return services.draft_item(
        agency,
        actor=actor,
        kind=kind,
        title=title,
        text=text,
        decided_on=decided_on,
        matter=matter,
        category=matter.category,
        names=party["names"],
        protected=protected,
    )


def _shown_title(spec) -> str:
    """The title as stored: natural persons' names masked."""
    return services.mask_text(spec[2], names=spec[3]["names"], protected=[])[0]


def _publish_case_drafts(agency: Agency, publisher: User) -> list[str]:
    """Approve the drafts the demo cases' decisions produced."""

    titles = {spec.title for spec in SPECS}
    drafts = Publication.objects.filter(agency=agency, status=Status.DRAFT, case__title__in=titles)
    made = []
    for publication in drafts.order_by("id"):
        services.approve_publication(publication, actor=publisher, secrecy_checked=True)
        made.append(f"publication {publication.title}")
    return made


def _withdraw(publication: Publication, publisher: User, today: datetime.date) -> None:
    services.withdraw_publication(
        publication,
        actor=publisher,
        ground=Publication.Ground.REVOKED,
        changed_on=today,
        reason="经行政复议，长春新区管委会决定撤销该行政处罚决定（复议决定书编号："
        "长新复决字〔2026〕第5号），本机关依法撤回本决定信息。",
    )


def _correct(publication: Publication, publisher: User, system: User) -> None:
    request = services.request_correction(
        publication, actor=system, description="许可证有效期应为2030年12月31日，公开信息有误。"
    )
    corrected = publication.original_text.replace("2030年11月30日", "2030年12月31日")
    services.handle_correction(
        request,
        actor=publisher,
        accept=True,
        corrected_text=corrected,
        response="经核对许可证原件，有效期更正为2030年12月31日。",
    )


def load_demo(*, actor: User) -> list[str]:
    """Create the demo publications that are missing; returns what was made."""
    agency = Agency.objects.filter(code=BUREAU).first()
    publisher = User.objects.filter(username="publisher", agency=agency).first()
    if agency is None or publisher is None:
        return []
    made = _publish_case_drafts(agency, publisher)
    today, officers = timezone.localdate(), _officers(agency)
    existing = set(Publication.objects.filter(agency=agency).values_list("title", flat=True))
    for seq, spec in enumerate(ITEMS + QUEUE, start=1):
        if _shown_title(spec) in existing:
            continue
        publication = _draft(agency, actor, spec, seq, today, officers)
        if publication is None:
            continue
        made.append(f"publication {publication.title}")
        if spec in QUEUE:
            if publication.title == SCHEDULED_TITLE:
                tomorrow = timezone.now() + datetime.timedelta(days=1)
                services.approve_publication(
                    publication, actor=publisher, secrecy_checked=True, publish_at=tomorrow
                )
            continue
        publication = services.approve_publication(
            publication, actor=publisher, secrecy_checked=True
        )
        if publication.title == WITHDRAWN_TITLE:
            _withdraw(publication, publisher, today)
        elif publication.title == CORRECTED_TITLE:
            _correct(publication, publisher, actor)
        elif publication.title == PENDING_REQUEST_TITLE:
            services.request_correction(
                publication, actor=actor, description="诊疗科目还包括口腔颌面外科，请核实。"
            )
    return made


def demo_counts() -> dict[str, int]:
    """How many items of each status the demo bureau has (for the tests)."""
    rows = Publication.objects.filter(agency__code=BUREAU).values_list("status", flat=True)
    counts: dict[str, int] = {}
    for status in rows:
        counts[status] = counts.get(status, 0) + 1
    counts["corrections"] = Correction.objects.filter(agency__code=BUREAU).count()
    return counts
