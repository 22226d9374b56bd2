"""Masking (脱敏) of texts before publication: the one place where the rules live.

``mask(text, names=..., protected=...)`` finds the personal data a published decision must
not show and returns the masked text with one :class:`Span` per replaced piece (what, where,
why), so that the publicity officer can review every replacement side by side.

Detectors, in the order they claim text (a later detector never masks what an earlier one
or a protected string already covers; it keeps only the pieces left over):

1. strings the officer asked to mask in addition (``also``);
2. names of natural-person parties and of third persons, given by the caller from the
   case's structured data, shown as surname + 某 (compound surnames such as 欧阳 kept whole);
3. resident ID numbers: 18 digits whose GB 11643-1999 check digit is right;
4. bank card numbers (13-19 digits, Luhn-valid, optionally grouped by 4) and any number
   written after 账号/账户/卡号;
5. numbers that look like resident ID numbers without a valid check digit (18 digits with a
   plausible birth date) and 15-digit first-generation ID numbers;
6. mobile numbers (optionally +86), landline numbers with an area code (or after 电话/传真)
   and their extension;
7. e-mail addresses;
8. vehicle plates, including new-energy plates;
9. street addresses down to the house number: the road, house number, building, unit and
   room are masked; the province, city, district, county and town before them stay.

Protected strings (the agency, officers, case number, document number, legal basis) are
never masked, even where a detector matches inside them (a number inside a document number).
Articles: 《政府信息公开条例》第十五条 (personal privacy is not disclosed), 《个人信息保护法》
第二十八条 (ID numbers, financial accounts are sensitive personal information).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from openenforce.cases.articles import cite
from openenforce.core.identifiers import id_number_check

PRIVACY_ARTICLE = "政府信息公开条例 Art 15"
SENSITIVE_ARTICLE = "个人信息保护法 Art 28"

#: A protected string shorter than this is ignored: a one-character "protected" string
#: would otherwise exempt every occurrence of that character from masking.
MIN_PROTECTED_LENGTH = 2


class Kind:
    """The kinds of masked spans (stable codes, stored with the publication)."""

    MANUAL = "manual"
    NAME = "name"
    ID_NUMBER = "id_number"
    BANK_CARD = "bank_card"
    PHONE = "phone"
    EMAIL = "email"
    PLATE = "plate"
    ADDRESS = "address"

    ALL = (MANUAL, NAME, ID_NUMBER, BANK_CARD, PHONE, EMAIL, PLATE, ADDRESS)


def kind_label(kind: str) -> str:
    """The kind as a reader sees it (translated)."""
    labels = {
        Kind.MANUAL: _("Masked by the publicity officer"),
        Kind.NAME: _("Name of a natural person"),
        Kind.ID_NUMBER: _("Resident ID number"),
        Kind.BANK_CARD: _("Bank card or account number"),
        Kind.PHONE: _("Telephone number"),
        Kind.EMAIL: _("E-mail address"),
        Kind.PLATE: _("Vehicle plate"),
        Kind.ADDRESS: _("Street address"),
    }
    return labels.get(kind, kind)


@dataclass(frozen=True)
class NamedPerson:
    """A natural person named in the text, from the case's structured data.

    ``role`` is ``"party"`` (a natural-person party: shown as surname + 某) or
    ``"third_person"`` (anyone else named: also surname + 某). ``surname`` overrides the
    surname found by :func:`surname_of` (e.g. a rare compound surname).
    """

    name: str
    role: str = "party"
    surname: str = ""

    PARTY = "party"
    THIRD_PERSON = "third_person"

    @classmethod
    def of(cls, value: NamedPerson | str) -> NamedPerson:
        return value if isinstance(value, NamedPerson) else cls(name=str(value))


@dataclass(frozen=True)
class Span:
    """One replaced piece of the original text: ``text[start:end] == original``."""

    start: int
    end: int
    kind: str
    original: str
    replacement: str
    reason: str

    def as_dict(self) -> dict:
        """A JSON-ready form (stored with a publication)."""
        return asdict(self)


@dataclass
class MaskResult:
    """The masked text and the spans of the original that were replaced, in text order."""

    text: str
    spans: list[Span] = field(default_factory=list)

    def spans_as_dicts(self) -> list[dict]:
        return [span.as_dict() for span in self.spans]


# --- names ---------------------------------------------------------------------------

_COMPOUND_SURNAMES = (
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 "
    "宗政 濮阳 公冶 太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 "
    "司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 "
    "东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 西门 公祖 "
    "第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 褚师 单于 淳于"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES.split())


def surname_of(name: str) -> str:
    """The surname of a Chinese name: a compound surname (欧阳, 司马, ...) when the name is
    long enough to hold one and a given name, else the first character. Transliterated
    minority names (买买提·艾力) keep their first character."""
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


# --- number checks -------------------------------------------------------------------


def id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return id_number_check(first17)


def is_valid_id_number(value: str) -> bool:
    """An 18-character resident ID number whose check character is right."""
    return (
        len(value) == 18
        and value[:17].isdigit()
        and id_check_digit(value[:17]) == value[17].upper()
    )


def luhn_valid(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# --- patterns ------------------------------------------------------------------------

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"

ID18 = re.compile(
    _NOT_ALNUM_BEFORE + r"[1-9]\d{5}(?:18|19|20)\d{2}" + _DATE + r"\d{3}[0-9Xx]" + _NOT_ALNUM_AFTER
)
ID15 = re.compile(_NOT_ALNUM_BEFORE + r"[1-9]\d{7}" + _DATE + r"\d{3}" + _NOT_ALNUM_AFTER)
CARD = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,4})?|\d{13,19})"
    + _NOT_ALNUM_AFTER
)
ACCOUNT = re.compile(r"(?:账号|帐号|账户|帐户|卡号)(?:[为是]|[:：]|\s)*(\d[\d \-]{6,34}\d)(?!\d)")
MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + _NOT_ALNUM_AFTER
)
_EXTENSION = r"(?:(?:[\-－]|转|分机|ext\.?\s?)\d{1,6})?"
LANDLINE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[\-－— ]?)[2-9]\d{6,7}"
    + _EXTENSION
    + _NOT_ALNUM_AFTER
)
LOCAL_PHONE = re.compile(
    r"(?:电话|座机|固话|传真|联系方式|手机|Tel|TEL|tel)(?:号码)?(?:[为是]|[:：]|\s)*([2-9]\d{6,7}"
    + _EXTENSION
    + r")(?!\d)"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "A-HJ-NP-Z"
PLATE = re.compile(
    rf"[{PLATE_PROVINCES}][{_PLATE_LETTER}][·•・.\s]?"
    rf"(?:[DABCEFGHJK][{_PLATE_LETTER}0-9]\d{{4}}|\d{{5}}[DABCEFGHJK]"
    rf"|[{_PLATE_LETTER}0-9]{{4}}[{_PLATE_LETTER}0-9挂学警港澳])" + _NOT_ALNUM_AFTER
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# Characters that end the lead-in of an address ("住所地", "位于", ...) and practically
# never occur in a road or estate name: the name part of an address stops at them.
_ADDRESS_STOP = "的在于住为是位至及与将被把对从到其该此等了着称所址地籍系即"
_NAME_CHAR = rf"(?:(?![{_ADDRESS_STOP}])[{_CJK}])"
_NUM = r"[0-9０-９一二三四五六七八九十百千零〇两]+"
_ROAD = rf"{_NAME_CHAR}{{1,12}}?(?:大道|大街|路|街|巷|弄|胡同|里|道)(?:{_NUM}段)?"
_HOUSE = rf"[甲乙丙丁附]?{_NUM}(?:[\-－—之]{_NUM})?号(?:院|大院)?"
_UNIT = (
    rf"(?:(?:{_NUM}[A-Za-z]?|[A-Za-z])(?:号楼|号房|栋|幢|座|楼|单元|层|室|户|房|组|号)"
    rf"|{_NUM}(?:[\-－]{_NUM}){{1,3}}(?:室|房|号)?)"
)
_ESTATE = rf"{_NAME_CHAR}{{1,12}}?(?:小区|花园|公寓|大厦|广场|家园|新村|山庄|公馆|村|社区|苑|园|城|院|楼|居)"
ADDRESS = re.compile(
    rf"(?:{_ROAD}{_HOUSE}(?:{_NAME_CHAR}{{0,12}}?(?:{_UNIT})+)?"
    rf"|{_ESTATE}(?:{_HOUSE})?(?:{_UNIT})+)"
)
# The administrative divisions at the start of an address stay visible.
ADMIN_PREFIX = re.compile(
    rf"[{_CJK}]{{1,8}}?(?:特别行政区|自治区|自治州|自治县|街道|地区|省|市|州|盟|区|县|旗|镇|乡)"
)


# --- candidates ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    reason: str
    replacement: str = ""  # empty: derived from the piece by the kind's rule
    whole_only: bool = False  # a name is masked whole or not at all
    # An address touching a protected string (an organisation's published business
    # address) is left whole: its leftover pieces are the words around that address.
    yields_to_protected: bool = False


def _stars(piece: str) -> str:
    return "*" * len(piece)


def _replacement(kind: str, piece: str) -> str:
    if kind == Kind.PLATE and len(piece) > 2:
        return piece[:2] + "*" * (len(piece) - 2)  # 湘A*****: the issuing area is not personal
    if kind in (Kind.ADDRESS, Kind.EMAIL, Kind.MANUAL):
        return "***"
    return _stars(piece)


def _privacy(reason: str) -> str:
    return f"{reason}（{cite(PRIVACY_ARTICLE)}）"


def _sensitive(reason: str) -> str:
    return f"{reason}（{cite(SENSITIVE_ARTICLE)}；{cite(PRIVACY_ARTICLE)}）"


def _regex(pattern: re.Pattern, text: str, group: int = 0) -> Iterator[tuple[int, int, str]]:
    for match in pattern.finditer(text):
        yield match.start(group), match.end(group), match.group(group)


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def _manual(text: str, also: Iterable[str]) -> Iterator[_Candidate]:
    reason = _("Masked by the publicity officer")
    for needle in sorted({s for s in also if s and s.strip()}, key=len, reverse=True):
        for start in _find_all(text, needle):
            yield _Candidate(start, start + len(needle), Kind.MANUAL, reason)


def _names(text: str, names: Iterable[NamedPerson]) -> Iterator[_Candidate]:
    people = {p.name.strip(): p for p in names if p.name and p.name.strip()}
    for name in sorted(people, key=len, reverse=True):  # 张三丰 before 张三
        person = people[name]
        replacement = (person.surname or surname_of(name)) + "某"
        if person.role == NamedPerson.THIRD_PERSON:
            reason = _privacy(_("Name of a third person (a natural person other than the party)"))
        else:
            reason = _privacy(_("Name of a natural-person party, shown as surname + 某"))
        for start in _find_all(text, name):
            yield _Candidate(start, start + len(name), Kind.NAME, reason, replacement, True)


def _numbers(text: str) -> Iterator[_Candidate]:
    id_reason = _sensitive(_("Resident ID number (check digit valid)"))
    for start, end, value in _regex(ID18, text):
        if is_valid_id_number(value):
            yield _Candidate(start, end, Kind.ID_NUMBER, id_reason)
    card_reason = _sensitive(_("Bank card number (Luhn check valid)"))
    for start, end, value in _regex(CARD, text):
        digits = re.sub(r"\D", "", value)
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield _Candidate(start, end, Kind.BANK_CARD, card_reason)
    account_reason = _sensitive(_("Bank account number"))
    for start, end, _value in _regex(ACCOUNT, text, 1):
        yield _Candidate(start, end, Kind.BANK_CARD, account_reason)
    like_reason = _sensitive(_("Looks like a resident ID number (birth date in place)"))
    for pattern in (ID18, ID15):
        for start, end, _value in _regex(pattern, text):
            yield _Candidate(start, end, Kind.ID_NUMBER, like_reason)


def _contacts(text: str) -> Iterator[_Candidate]:
    phone_reason = _privacy(_("Telephone number of a natural person"))
    for pattern, group in ((MOBILE, 0), (LANDLINE, 0), (LOCAL_PHONE, 1)):
        for start, end, _value in _regex(pattern, text, group):
            yield _Candidate(start, end, Kind.PHONE, phone_reason)
    email_reason = _privacy(_("E-mail address"))
    for start, end, _value in _regex(EMAIL, text):
        yield _Candidate(start, end, Kind.EMAIL, email_reason)
    plate_reason = _privacy(_("Vehicle plate number"))
    for start, end, _value in _regex(PLATE, text):
        yield _Candidate(start, end, Kind.PLATE, plate_reason)


def _addresses(text: str) -> Iterator[_Candidate]:
    reason = _privacy(_("Street address down to the house number"))
    for match in ADDRESS.finditer(text):
        start, end = match.span()
        while (prefix := ADMIN_PREFIX.match(text, start, end)) and prefix.end() < end:
            start = prefix.end()  # 长沙市岳麓区 stays; 麓山路1号 goes
        yield _Candidate(start, end, Kind.ADDRESS, reason, yields_to_protected=True)


def address_cores(address: str) -> list[str]:
    """The pieces of ``address`` the address detector would mask (the road, house
    number and rooms, without the divisions before them): 长德路200号 for
    吉林省长春市长春新区长德路200号. Protecting them keeps an address public wherever a
    text repeats it in short."""
    text = (address or "").translate(HALF_WIDTH)
    return [address[c.start : c.end] for c in _addresses(text)]


# --- resolution ----------------------------------------------------------------------


def _protected_ranges(text: str, protected: Iterable[str]) -> list[tuple[int, int]]:
    ranges = []
    for needle in {s.strip() for s in protected if s}:
        if len(needle) >= MIN_PROTECTED_LENGTH:
            ranges += [(start, start + len(needle)) for start in _find_all(text, needle)]
    return ranges


def _free_pieces(start: int, end: int, taken: list[bool]) -> list[tuple[int, int]]:
    pieces, piece_start = [], None
    for index in range(start, end):
        if not taken[index] and piece_start is None:
            piece_start = index
        elif taken[index] and piece_start is not None:
            pieces.append((piece_start, index))
            piece_start = None
    if piece_start is not None:
        pieces.append((piece_start, end))
    return pieces


def _resolve(
    text: str, candidates: Iterable[_Candidate], blocked: list[tuple[int, int]]
) -> list[Span]:
    taken = [False] * len(text)
    for start, end in blocked:
        taken[start:end] = [True] * (end - start)
    spans = []
    for candidate in candidates:
        if candidate.yields_to_protected and any(
            start < candidate.end and candidate.start < end for start, end in blocked
        ):
            continue
        pieces = _free_pieces(candidate.start, candidate.end, taken)
        if candidate.whole_only and pieces != [(candidate.start, candidate.end)]:
            continue
        for start, end in pieces:
            piece = text[start:end]
            if not piece.strip():
                continue
            replacement = candidate.replacement or _replacement(candidate.kind, piece)
            spans.append(Span(start, end, candidate.kind, piece, replacement, candidate.reason))
            taken[start:end] = [True] * (end - start)
    return sorted(spans, key=lambda span: span.start)


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """``text`` with each span replaced (spans must not overlap)."""
    parts, position = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts += [text[position : span.start], span.replacement]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


#: Full-width ASCII forms (１３８…, ＡＢ) read as their half-width forms by the detectors,
#: character for character, so that a number typed in full width is found too.
HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}

Detector = Callable[[str], Iterable[_Candidate]]
DETECTORS: tuple[Detector, ...] = (_numbers, _contacts, _addresses)


def mask(
    text: str,
    *,
    names: Iterable[NamedPerson | str] = (),
    protected: Iterable[str] = (),
    also: Iterable[str] = (),
) -> MaskResult:
    """Mask the personal data in ``text`` for publication.

    ``names``: natural-person parties and third persons (a plain string is a party);
    ``protected``: strings never masked (agency, officers, case number, document number,
    legal basis); ``also``: further strings the publicity officer chose to mask.
    """
    text = text or ""
    people = [NamedPerson.of(n) for n in names]

    def candidates() -> Iterator[_Candidate]:
        yield from _manual(text, also)
        yield from _names(text, people)
        scan = text.translate(HALF_WIDTH)  # same length: offsets stay those of ``text``
        for detector in DETECTORS:
            yield from detector(scan)

    spans = _resolve(text, candidates(), _protected_ranges(text, protected))
    return MaskResult(text=apply_spans(text, spans), spans=spans)
