"""The periods documents state to the party, as data with their articles.

Payment (15 days) and the late surcharge (3 % a day) are the case rules in force
(``openenforce.cases.rules``, adjustable there); reconsideration and litigation are the
general periods of the remedy laws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openenforce.cases import rules
from openenforce.cases.articles import chinese_number


@dataclass(frozen=True)
class Remedy:
    code: str
    period: str  # as printed: 六十日, 六个月
    article: str  # as printed


RECONSIDERATION = Remedy("reconsideration", "六十日", "《中华人民共和国行政复议法》第二十条")
LITIGATION = Remedy("litigation", "六个月", "《中华人民共和国行政诉讼法》第四十六条")


def payment_days() -> str:
    """The payment period as printed (十五日), from the case rules in force (Art 67)."""
    return f"{chinese_number(rules.period('payment').days)}日"


def surcharge_percent() -> str:
    """The daily late-payment surcharge as printed (百分之三), 行政处罚法 Art 72."""
    value = rules.threshold("surcharge_rate_percent")
    number = int(value) if value == int(value) else value
    return f"百分之{chinese_number(number)}" if isinstance(number, int) else f"{number}%"


_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_RECONSIDERATION_BODY = re.compile(r"向([^，。；、\s]{2,40}?)申请行政复议")
_COURT = re.compile(r"向([^，。；、\s]{2,40}?)提起行政诉讼")
_GENERIC_COURT = "人民法院"


def _restates_periods(sentence: str) -> bool:
    return ("行政复议" in sentence or "行政诉讼" in sentence) and (
        "日内" in sentence or "月内" in sentence
    )


def remedy_lines(agency_channels: str) -> dict[str, str]:
    """The remedy paragraph's parts: the periods and their articles (行政复议法 Art 20:
    sixty days; 行政诉讼法 Art 46: six months), the reconsideration body and the court,
    and the agency's further channels (supervision, complaints).

    An agency's channels text often restates the periods itself ("……六十日内向……申请
    行政复议，或者……六个月内……提起行政诉讼"): such a sentence is not printed again
    (the document would give the periods twice, counted from different days); the
    reconsideration body and the court it names go into the one remedy sentence."""
    body = court = ""
    kept = []
    for sentence in _SENTENCE.findall(agency_channels.strip()):
        if _restates_periods(sentence):
            found = _RECONSIDERATION_BODY.search(sentence)
            body = body or (found.group(1) if found else "")
            found = _COURT.search(sentence)
            court = court or (found.group(1) if found else "")
        elif sentence.strip():
            kept.append(sentence.strip())
    return {
        "reconsideration_period": RECONSIDERATION.period,
        "reconsideration_article": RECONSIDERATION.article,
        "reconsideration_body": body,
        "litigation_period": LITIGATION.period,
        "litigation_article": LITIGATION.article,
        "court": court or _GENERIC_COURT,
        "channels": "".join(kept),
    }
