"""Hypothesis strategies for personal data and protected items in Chinese decision texts.

Used by the masking property tests and by every test that checks that nothing personal
reaches a published page, API response, CSV or feed::

    from openenforce.disclosure.tests.strategies import decision_samples

    @given(sample=decision_samples())
    def test_page_shows_nothing_personal(sample):
        ...  # publish sample.text with names=sample.names, protected=sample.protected
        for secret in sample.secrets:
            assert secret not in page
        for item in sample.protected:
            assert item in page

Each value strategy (``id_numbers``, ``mobile_numbers``, ...) yields strings a detector
must find; ``decision_samples`` embeds several of them, with protected items, in random
Chinese text, separated so that no two of them touch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import assume
from hypothesis import strategies as st

from openenforce.disclosure.masking import (
    PLATE_PROVINCES,
    NamedPerson,
    id_check_digit,
    luhn_valid,
)

# Common characters for filler text: no digits, no Latin letters, so a generated number
# never runs into a neighbour.
FILLER_CHARS = (
    "经查当事人于年月日在其经营场所销售未按规定标注的食品违反了相关规定依法应予处罚"
    "本机关认为情节较轻依照法律规定决定给予警告并处罚款限期改正如不服可申请复议诉讼"
    "调查询问笔录现场检查照片证据材料表明事实清楚证据确凿适用依据正确程序合法"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国红梅玉珍志鹏飞宇浩然子轩欣怡梓涵诗雨"
PROVINCES = ("湖南省", "广东省", "四川省", "浙江省", "河北省", "")
CITIES = ("长沙市", "广州市", "成都市", "杭州市", "石家庄市", "")
DISTRICTS = ("岳麓区", "天河区", "武侯区", "西湖区", "长安区", "宁乡县", "")
ROAD_CHARS = "麓山人民解放中山建设新华和平东西南北环城滨江文化长青枫林桐梓五一芙蓉"
ROAD_KINDS = ("路", "街", "大道", "巷", "南路", "北街")
ESTATES = ("", "阳光花园", "湘江世纪城", "枫林小区", "金色家园", "翠湖苑")


@st.composite
def chinese_filler(draw, min_size: int = 1, max_size: int = 20) -> str:
    """Random Chinese text with no digits or Latin letters."""
    text = draw(st.text(alphabet=FILLER_CHARS, min_size=min_size, max_size=max_size))
    return text


@st.composite
def birth_dates(draw) -> str:
    year = draw(st.integers(1930, 2008))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    return f"{year:04d}{month:02d}{day:02d}"


@st.composite
def id_numbers(draw) -> str:
    """18-character resident ID numbers with a valid GB 11643 check character."""
    region = draw(st.integers(110000, 659999))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region}{draw(birth_dates())}{sequence:03d}"
    return first17 + id_check_digit(first17)


@st.composite
def old_id_numbers(draw) -> str:
    """15-digit first-generation ID numbers (YYMMDD birth date)."""
    region = draw(st.integers(110000, 659999))
    birth = draw(birth_dates())[2:]
    return f"{region}{birth}{draw(st.integers(0, 999)):03d}"


@st.composite
def mobile_numbers(draw) -> str:
    prefix = draw(st.sampled_from(["13", "14", "15", "16", "17", "18", "19"]))
    rest = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    number = prefix + rest
    style = draw(st.sampled_from(["plain", "dash", "space", "+86"]))
    if style == "dash":
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == "space":
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == "+86":
        return "+86" + number
    return number


@st.composite
def landline_numbers(draw) -> str:
    """Landline numbers with an area code, in the common spellings, maybe an extension."""
    area = draw(st.sampled_from(["010", "021", "0731", "0755", "028", "0571", "0311"]))
    local = str(draw(st.integers(2, 9))) + draw(
        st.text(alphabet="0123456789", min_size=6, max_size=7)
    )
    style = draw(st.sampled_from(["{a}-{l}", "({a}){l}", "（{a}）{l}", "{a}{l}", "{a} {l}"]))
    number = style.format(a=area, l=local)
    if draw(st.booleans()):
        number += draw(st.sampled_from(["转", "-", "分机"])) + str(draw(st.integers(1, 9999)))
    return number


def _luhn_complete(partial: str) -> str:
    for check in "0123456789":
        if luhn_valid(partial + check):
            return partial + check
    raise AssertionError("unreachable: one check digit always fits")


@st.composite
def bank_cards(draw) -> str:
    """Luhn-valid bank card numbers (16-19 digits), plain or grouped by four."""
    length = draw(st.integers(16, 19))
    prefix = draw(st.sampled_from(["62", "4", "5", "60"]))
    body = draw(st.text(alphabet="0123456789", min_size=length - len(prefix) - 1, max_size=18))
    digits = _luhn_complete(prefix + body[: length - len(prefix) - 1])
    if draw(st.booleans()):
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return digits


@st.composite
def emails(draw) -> str:
    local = draw(st.from_regex(r"[a-z][a-z0-9._]{1,12}[a-z0-9]", fullmatch=True))
    domain = draw(st.sampled_from(["qq.com", "163.com", "126.com", "example.cn", "mail.hn.cn"]))
    return f"{local}@{domain}"


@st.composite
def plates(draw) -> str:
    """Vehicle plates: ordinary (湘A12345, 湘A·B123C) and new-energy (湘AD12345, 湘A12345F)."""
    province = draw(st.sampled_from(PLATE_PROVINCES))
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    issuer = draw(st.sampled_from(letters))
    dot = draw(st.sampled_from(["", "·"]))
    kind = draw(st.sampled_from(["ordinary", "small_ev", "large_ev"]))
    digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
    if kind == "ordinary":
        tail = draw(st.text(alphabet=letters + "0123456789", min_size=5, max_size=5))
    elif kind == "small_ev":
        tail = draw(st.sampled_from("DF")) + draw(st.sampled_from(letters + "0123456789"))
        tail += draw(digits)
    else:
        tail = draw(digits) + draw(st.sampled_from("0123456789")) + draw(st.sampled_from("DF"))
    return f"{province}{issuer}{dot}{tail}"


@dataclass(frozen=True)
class Address:
    """A generated address: ``visible`` (province/city/district, may stay) + ``private``
    (road, house number, building, unit, room: must never be published)."""

    visible: str
    private: str

    @property
    def full(self) -> str:
        return self.visible + self.private


@st.composite
def address_parts(draw) -> Address:
    visible = draw(st.sampled_from(PROVINCES)) + draw(st.sampled_from(CITIES))
    visible += draw(st.sampled_from(DISTRICTS))
    road = draw(st.text(alphabet=ROAD_CHARS, min_size=2, max_size=4))
    road += draw(st.sampled_from(ROAD_KINDS))
    private = f"{road}{draw(st.integers(1, 999))}号"
    estate = draw(st.sampled_from(ESTATES))
    if estate or draw(st.booleans()):
        private += estate + f"{draw(st.integers(1, 30))}栋"
        if draw(st.booleans()):
            private += f"{draw(st.integers(1, 6))}单元"
        private += f"{draw(st.integers(1, 33))}{draw(st.integers(1, 8)):02d}室"
    return Address(visible, private)


def addresses() -> st.SearchStrategy[str]:
    """Full addresses (their road-and-house part must never be published)."""
    return address_parts().map(lambda address: address.full)


@st.composite
def person_names(draw) -> str:
    """Chinese names of 2-4 characters, compound surnames included."""
    surname = draw(st.one_of(st.sampled_from(SURNAMES), st.sampled_from(COMPOUND)))
    given = draw(st.text(alphabet=GIVEN, min_size=1, max_size=2))
    return surname + given


@st.composite
def protected_items(draw) -> list[str]:
    """Agency, officer names, case number, document number and legal basis: never masked.
    The numbers inside them look like phone and ID numbers on purpose."""
    lookalike = draw(st.one_of(mobile_numbers().map(lambda s: s.replace(" ", "")), id_numbers()))
    year = draw(st.integers(2020, 2030))
    return [
        draw(st.sampled_from(["长沙市", "岳麓区", "湘潭市", "株洲市"])) + "市场监督管理局",
        "执法人员" + draw(person_names()),
        f"湘长市监立〔{year}〕{draw(st.integers(1, 9999))}号",
        f"长市监罚决字〔{year}〕第{lookalike}号",
        "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
    ]


@dataclass
class DecisionSample:
    """A generated decision text: what must disappear and what must stay."""

    text: str
    names: list[NamedPerson] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


LABELS = {
    "id": "公民身份号码",
    "old_id": "原身份证号",
    "mobile": "联系电话",
    "landline": "固定电话",
    "card": "银行卡号",
    "email": "电子邮箱",
    "plate": "车牌号",
}


def _value_strategies() -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(
        id_numbers().map(lambda v: ("id", v)),
        old_id_numbers().map(lambda v: ("old_id", v)),
        mobile_numbers().map(lambda v: ("mobile", v)),
        landline_numbers().map(lambda v: ("landline", v)),
        bank_cards().map(lambda v: ("card", v)),
        emails().map(lambda v: ("email", v)),
        plates().map(lambda v: ("plate", v)),
    )


def _clash(secrets: list[str], protected: list[str]) -> bool:
    """A secret inside a protected item (or the reverse) cannot both vanish and stay."""
    return any(s in p or p in s for s in secrets for p in protected)


@st.composite
def decision_samples(draw, max_values: int = 6) -> DecisionSample:
    """A decision text with a party, a third person, personal values and protected items,
    each separated from the next by filler text and punctuation."""
    party, third = draw(st.lists(person_names(), min_size=2, max_size=2, unique=True))
    protected = draw(protected_items())
    values = draw(st.lists(_value_strategies(), min_size=1, max_size=max_values))
    address = draw(address_parts())
    secrets = [party, third, address.private, *(v for _k, v in values)]
    assume(not _clash(secrets, protected) and party not in third and third not in party)
    pieces = [
        f"当事人{party}",
        f"住所{address.full}",
        *(f"{LABELS[kind]}：{value}" for kind, value in values),
        f"证人{third}",
        *protected,
    ]
    pieces = draw(st.permutations(pieces))
    text = "".join(f"{draw(chinese_filler())}，{piece}。" for piece in pieces)
    names = [NamedPerson(party), NamedPerson(third, role=NamedPerson.THIRD_PERSON)]
    return DecisionSample(text, names, protected, secrets, [address])
