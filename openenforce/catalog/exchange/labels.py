"""The Chinese words agencies write in their spreadsheets for each coded value.

These are part of the file format, not of the user interface: a sheet says 行政处罚 whatever
language the staff member reading the page has chosen, so they are fixed here rather than
taken from the translation catalogue. ``test_exchange_codecs`` checks that every value of
every choice has a label, so adding a value to a model without a label here fails a test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

from openenforce.catalog.models import (
    CatalogEntry,
    Certificate,
    CertificateEvent,
    EnforcementCategory,
    LegalBasis,
    Officer,
    PenaltyKind,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
    TimeLimitKind,
)

STATUS = {
    CatalogEntry.Status.ACTIVE: "有效",
    CatalogEntry.Status.SUSPENDED: "暂停",
    CatalogEntry.Status.REPEALED: "废止",
}
STATUS_ALIASES = {"在用": CatalogEntry.Status.ACTIVE, "已废止": CatalogEntry.Status.REPEALED}

CATEGORY = {
    EnforcementCategory.LICENSING: "行政许可",
    EnforcementCategory.PENALTY: "行政处罚",
    EnforcementCategory.COERCION: "行政强制",
    EnforcementCategory.INSPECTION: "行政检查",
    EnforcementCategory.LEVY: "行政征收征用",
    EnforcementCategory.CONFIRMATION: "行政确认",
    EnforcementCategory.PAYMENT: "行政给付",
    EnforcementCategory.AWARD: "行政奖励",
    EnforcementCategory.ADJUDICATION: "行政裁决",
    EnforcementCategory.OTHER: "其他行政权力",
}
CATEGORY_ALIASES = {
    "行政征收": EnforcementCategory.LEVY,
    "行政征用": EnforcementCategory.LEVY,
    "其他": EnforcementCategory.OTHER,
}

# 行政处罚法 Art 9, in the statute's own words.
PENALTY_KIND = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_LICENCE: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    PenaltyKind.RESTRICT_OPERATION: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_EMPLOYMENT: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
}

TIME_LIMIT_KIND = {TimeLimitKind.WORKING: "工作日", TimeLimitKind.CALENDAR: "自然日"}

LAW_LEVEL = {
    LegalBasis.Level.LAW: "法律",
    LegalBasis.Level.ADMIN_REGULATION: "行政法规",
    LegalBasis.Level.LOCAL_REGULATION: "地方性法规",
    LegalBasis.Level.DEPT_RULE: "部门规章",
    LegalBasis.Level.LOCAL_RULE: "地方政府规章",
    LegalBasis.Level.OTHER: "规范性文件",
}

EMPLOYMENT = {
    Officer.Employment.CIVIL_SERVANT: "公务员",
    Officer.Employment.PUBLIC_INSTITUTION: "事业编制",
    Officer.Employment.CONTRACT: "合同工或临时人员",
}
EMPLOYMENT_ALIASES = {
    "参公": Officer.Employment.CIVIL_SERVANT,
    "参照公务员法管理": Officer.Employment.CIVIL_SERVANT,
    "事业单位": Officer.Employment.PUBLIC_INSTITUTION,
    "合同工": Officer.Employment.CONTRACT,
    "劳务派遣": Officer.Employment.CONTRACT,
    "临时人员": Officer.Employment.CONTRACT,
}

CERTIFICATE_STATUS = {
    Certificate.Status.VALID: "有效",
    Certificate.Status.NOT_YET_VALID: "未生效",
    Certificate.Status.EXPIRED: "已过期",
    Certificate.Status.SUSPENDED: "暂扣",
    Certificate.Status.REVOKED: "吊销",
}

CERTIFICATE_EVENT = {
    CertificateEvent.Kind.EXAM_PASSED: "通过资格考试",
    CertificateEvent.Kind.ISSUED: "发证",
    CertificateEvent.Kind.ANNUAL_REVIEW: "年审",
    CertificateEvent.Kind.SUSPENDED: "暂扣",
    CertificateEvent.Kind.REINSTATED: "恢复",
    CertificateEvent.Kind.REVOKED: "吊销",
    CertificateEvent.Kind.RENEWED: "换证",
}
CERTIFICATE_EVENT_ALIASES = {
    "资格考试合格": CertificateEvent.Kind.EXAM_PASSED,
    "颁发": CertificateEvent.Kind.ISSUED,
    "年审合格": CertificateEvent.Kind.ANNUAL_REVIEW,
    "注销": CertificateEvent.Kind.REVOKED,
    "续期": CertificateEvent.Kind.RENEWED,
}

INSPECTION_METHOD = {
    RandomInspectionItem.Method.ON_SITE: "实地检查",
    RandomInspectionItem.Method.DOCUMENTS: "书面检查",
    RandomInspectionItem.Method.ONLINE: "网络监测",
    RandomInspectionItem.Method.SAMPLING: "抽样检测",
}
INSPECTION_METHOD_ALIASES = {"现场检查": RandomInspectionItem.Method.ON_SITE}

RECORDING_KIND = {
    RecordingRequirement.Kind.AUDIO: "录音",
    RecordingRequirement.Kind.VIDEO: "录音录像",
    RecordingRequirement.Kind.WHOLE_PROCESS: "全过程录音录像",
}

RECORDING_STEP = {
    RecordingRequirement.Step.ON_SITE_INSPECTION: "现场检查",
    RecordingRequirement.Step.EVIDENCE: "调查取证",
    RecordingRequirement.Step.HEARING: "听证",
    RecordingRequirement.Step.SERVICE_LEAVING: "留置送达",
    RecordingRequirement.Step.SERVICE_ANNOUNCEMENT: "公告送达",
    RecordingRequirement.Step.SEIZURE: "查封扣押",
    RecordingRequirement.Step.ENFORCEMENT: "强制执行",
    RecordingRequirement.Step.OTHER: "其他容易引发争议的环节",
}

# 行政处罚法 Art 58's grounds, shortened as agencies write them in their catalogues.
REVIEW_GROUND = {
    ReviewCatalogueEntry.Ground.PUBLIC_INTEREST: "涉及重大公共利益",
    ReviewCatalogueEntry.Ground.MAJOR_RIGHTS: "直接关系重大权益且经过听证",
    ReviewCatalogueEntry.Ground.COMPLEX: "案件情况疑难复杂、涉及多个法律关系",
    ReviewCatalogueEntry.Ground.LAW_REQUIRES: "法律法规规定应当进行法制审核",
    ReviewCatalogueEntry.Ground.OTHER: "其他情形",
}

Labels = tuple[Mapping[Any, str], Mapping[str, Any] | None]  # the labels, the aliases

# Every choice's labels and the other words agencies write for its values, by its class.
CHOICES: dict[type[models.TextChoices], Labels] = {
    CatalogEntry.Status: (STATUS, STATUS_ALIASES),
    EnforcementCategory: (CATEGORY, CATEGORY_ALIASES),
    PenaltyKind: (PENALTY_KIND, None),
    TimeLimitKind: (TIME_LIMIT_KIND, None),
    LegalBasis.Level: (LAW_LEVEL, None),
    Officer.Employment: (EMPLOYMENT, EMPLOYMENT_ALIASES),
    Certificate.Status: (CERTIFICATE_STATUS, None),
    CertificateEvent.Kind: (CERTIFICATE_EVENT, CERTIFICATE_EVENT_ALIASES),
    RandomInspectionItem.Method: (INSPECTION_METHOD, INSPECTION_METHOD_ALIASES),
    RecordingRequirement.Kind: (RECORDING_KIND, None),
    RecordingRequirement.Step: (RECORDING_STEP, None),
    ReviewCatalogueEntry.Ground: (REVIEW_GROUND, None),
}


def of_values(values: Sequence[str]) -> Labels:
    """The labels and aliases of the choice whose values are ``values`` (a schema's
    ``Literal`` of them): each choice's set of values is its own."""
    found = [pair for choices, pair in CHOICES.items() if set(choices.values) == set(values)]
    if len(found) != 1:
        raise LookupError(f"No single choice has the values {sorted(values)}.")
    return found[0]
