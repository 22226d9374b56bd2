"""How an article of law is shown: the one formatter for pages, flowcharts and messages.

The lifecycles, rules and gates keep articles in a compact form, e.g. ``行政处罚法 Art 60``,
``行政处罚法 Art 44, 45``, ``行政处罚法 Art 58 para 2``, ``行政强制法 Art 17–33`` or several
separated by ``;``. ``cite`` renders that in the active language: in Chinese
``《行政处罚法》第六十条``, ``《行政处罚法》第四十四条、第四十五条``,
``《行政处罚法》第五十八条第二款``, ``《行政强制法》第十七条至第三十三条``; in English
``Administrative Penalty Law Art 60``. Anything else (a State Council document number)
is shown as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

LAWS_EN = {
    "行政处罚法": "Administrative Penalty Law",
    "行政许可法": "Administrative Licensing Law",
    "行政强制法": "Administrative Coercion Law",
    "许可法": "Administrative Licensing Law",
    "民事诉讼法": "Civil Procedure Law",
    "行政复议法": "Administrative Reconsideration Law",
    "行政诉讼法": "Administrative Litigation Law",
}
LAWS_ZH = {"许可法": "行政许可法"}
OTHER_ZH = {"事项清单 (published time limit)": "事项清单（公布的办理时限）"}
# The other procedures rest on the laws and regulations of their kind (cases.lifecycles).
_BY_KIND = {
    "行政征收征用": "administrative levy and requisition",
    "行政确认": "administrative confirmation",
    "行政给付": "administrative payment",
    "行政奖励": "administrative award",
    "行政裁决": "administrative adjudication",
}
OTHER_ZH.update({f"{kind} (法律、法规)": f"{kind}（法律、法规）" for kind in _BY_KIND})
OTHER_EN = {
    f"{kind} (法律、法规)": f"Laws and regulations on {en}" for kind, en in _BY_KIND.items()
}
OTHER_EN["事项清单 (published time limit)"] = "Matter list (published time limit)"

_CITATION = re.compile(r"^(?P<law>\S+?)\s*Art\s+(?P<numbers>.+)$")
_ITEM = re.compile(r"^(?P<first>\d+)(?:\s*[–-]\s*(?P<last>\d+))?(?:\s+para\s+(?P<para>\d+))?$")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–9999 in Chinese numerals as statutes write them: 十, 十五, 六十, 一百零一."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    text, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            text += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif text:
            zero = True
    return text


def _zh_item(item: str) -> str:
    match = _ITEM.match(item.strip())
    if match is None:
        return item.strip()
    text = f"第{chinese_number(int(match['first']))}条"
    if match["last"]:
        text += f"至第{chinese_number(int(match['last']))}条"
    if match["para"]:
        text += f"第{chinese_number(int(match['para']))}款"
    return text


def _zh(part: str) -> str:
    match = _CITATION.match(part)
    if match is None:
        return OTHER_ZH.get(part, part)
    law = LAWS_ZH.get(match["law"], match["law"])
    items = [_zh_item(item) for item in match["numbers"].split(",")]
    return f"《{law}》" + "、".join(items)


def _en(part: str) -> str:
    match = _CITATION.match(part)
    if match is None:
        return OTHER_EN.get(part, part)
    return f"{LAWS_EN.get(match['law'], match['law'])} Art {match['numbers'].strip()}"


def cite(article: str, language: str | None = None) -> str:
    """``article`` as a reader of ``language`` (default: the active one) expects it."""
    if not article:
        return ""
    chinese = (language or get_language() or "zh-hans").startswith("zh")
    parts = [part.strip() for part in str(article).split(";") if part.strip()]
    return ("；" if chinese else "; ").join(_zh(p) if chinese else _en(p) for p in parts)
