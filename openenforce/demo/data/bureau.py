"""The bureau's enforcement fields, officer directory with certificates and their
histories, random-inspection list, recording list and review catalogue."""

import datetime

from openenforce.demo.data.bases import BASES
from openenforce.demo.data.matters import MATTERS, STANDARDS

__all__ = [
    "BASES",
    "CERTIFICATES",
    "FIELDS",
    "INSPECTION_ITEMS",
    "MATTERS",
    "OFFICERS",
    "RECORDING",
    "REVIEW",
    "STANDARDS",
]

D = datetime.date

FIELDS = [
    ("civil", "民政"),
    ("veterans", "退役军人事务"),
    ("education", "教育"),
    ("health", "卫生健康"),
    ("culture", "文化市场"),
    ("sports", "体育"),
]

# (code, name, gender, department, position, employment)
OFFICERS = [
    ("ZF-001", "张立新", "男", "brigade", "大队长", "civil_servant"),
    ("ZF-002", "王海燕", "女", "brigade", "副大队长", "civil_servant"),
    ("ZF-003", "李明辉", "男", "civil", "科长", "civil_servant"),
    ("ZF-004", "刘春梅", "女", "civil", "科员", "civil_servant"),
    ("ZF-005", "陈志强", "男", "veterans", "科长", "civil_servant"),
    ("ZF-006", "杨晓东", "男", "education", "科长", "civil_servant"),
    ("ZF-007", "赵丽娜", "女", "education", "科员", "civil_servant"),
    ("ZF-008", "黄建华", "男", "health", "科长", "civil_servant"),
    ("ZF-009", "周国庆", "男", "health", "四级主任科员", "civil_servant"),
    ("ZF-010", "吴晓峰", "男", "culture-sports", "科长", "civil_servant"),
    ("ZF-011", "徐冬梅", "女", "culture-sports", "科员", "civil_servant"),
    ("ZF-012", "孙长青", "男", "brigade", "执法队员", "civil_servant"),
    ("ZF-013", "马俊杰", "男", "brigade", "执法队员", "public_institution"),
    ("ZF-014", "朱红霞", "女", "legal", "科长（法律职业资格）", "civil_servant"),
    ("ZF-015", "胡文博", "男", "health", "科员", "civil_servant"),
    # Contract staff assist but never enforce (行政处罚法 Art 42): no certificate.
    ("ZF-016", "郭亚楠", "女", "brigade", "执法辅助人员（劳务派遣）", "contract"),
]

_AUTHORITY = "吉林省人民政府"
_AREA = "长春新区"


def certificate(officer, number, fields, issued, valid_to, reviews, extra_events=()):
    """A certificate with its history: exam passed a month before issue, issue, reviews."""
    events = [
        ("exam_passed", issued - datetime.timedelta(days=45), "行政执法资格考试合格"),
        ("issued", issued, "经培训考试合格，核发行政执法证件"),
        *(("annual_review", day, "年度审验合格") for day in reviews),
        *extra_events,
    ]
    return {
        "officer": officer,
        "number": number,
        "fields": fields,
        "issuing_authority": _AUTHORITY,
        "area": _AREA,
        "valid_from": issued,
        "valid_to": valid_to,
        "events": events,
    }


_REVIEWS_SINCE_2023 = [D(2024, 1, 18), D(2025, 1, 16), D(2026, 1, 15)]
_REVIEWS_SINCE_2022 = [D(2023, 1, 12), *_REVIEWS_SINCE_2023]

CERTIFICATES = [
    certificate(
        "ZF-001",
        "22019922001",
        ["civil", "culture", "sports"],
        D(2022, 3, 1),
        D(2028, 2, 29),
        _REVIEWS_SINCE_2022,
    ),
    certificate(
        "ZF-002",
        "22019922002",
        ["health", "education"],
        D(2022, 3, 1),
        D(2028, 2, 29),
        _REVIEWS_SINCE_2022,
    ),
    certificate(
        "ZF-003", "22019922003", ["civil"], D(2022, 3, 1), D(2028, 2, 29), _REVIEWS_SINCE_2022
    ),
    certificate(
        "ZF-004",
        "22019923004",
        ["civil", "veterans"],
        D(2023, 4, 10),
        D(2029, 4, 9),
        _REVIEWS_SINCE_2023,
    ),
    certificate(
        "ZF-005",
        "22019923005",
        ["veterans", "civil"],
        D(2023, 4, 10),
        D(2029, 4, 9),
        _REVIEWS_SINCE_2023,
    ),
    certificate(
        "ZF-006", "22019922006", ["education"], D(2022, 3, 1), D(2028, 2, 29), _REVIEWS_SINCE_2022
    ),
    certificate(
        "ZF-007",
        "22019924007",
        ["education"],
        D(2024, 6, 3),
        D(2030, 6, 2),
        [D(2025, 1, 16), D(2026, 1, 15)],
    ),
    certificate(
        "ZF-008", "22019922008", ["health"], D(2022, 3, 1), D(2028, 2, 29), _REVIEWS_SINCE_2022
    ),
    # Expired: validity ended on 30 November 2025 and it was not renewed.
    certificate(
        "ZF-009",
        "22019920009",
        ["health"],
        D(2020, 12, 1),
        D(2025, 11, 30),
        [D(2022, 1, 13), D(2023, 1, 12), D(2024, 1, 18), D(2025, 1, 16)],
    ),
    certificate(
        "ZF-010",
        "22019922010",
        ["culture", "sports"],
        D(2022, 3, 1),
        D(2028, 2, 29),
        _REVIEWS_SINCE_2022,
    ),
    certificate(
        "ZF-011", "22019923011", ["culture"], D(2023, 4, 10), D(2029, 4, 9), _REVIEWS_SINCE_2023
    ),
    # Suspended, with the reason in its history.
    certificate(
        "ZF-012",
        "22019922012",
        ["culture", "sports"],
        D(2022, 3, 1),
        D(2028, 2, 29),
        _REVIEWS_SINCE_2022,
        extra_events=[
            (
                "suspended",
                D(2026, 5, 12),
                "检查中未出示执法证件、未告知当事人陈述申辩权利，经投诉核实，"
                "暂停执法资格，待重新培训考试合格后恢复。",
            )
        ],
    ),
    certificate(
        "ZF-013",
        "22019924013",
        ["health", "civil"],
        D(2024, 6, 3),
        D(2030, 6, 2),
        [D(2025, 1, 16), D(2026, 1, 15)],
    ),
    certificate(
        "ZF-014",
        "22019922014",
        ["civil", "education", "health"],
        D(2022, 3, 1),
        D(2028, 2, 29),
        _REVIEWS_SINCE_2022,
    ),
    certificate(
        "ZF-015", "22019925015", ["health"], D(2025, 7, 1), D(2031, 6, 30), [D(2026, 1, 15)]
    ),
]


def inspection(
    code, item, sub_item, field, department, matter, basis, target, ratio, freq, method="on_site"
):
    return {
        "code": code,
        "item": item,
        "sub_item": sub_item,
        "field": field,
        "department": department,
        "matter": matter,
        "basis": basis,
        "target_type": target,
        "ratio_percent": ratio,
        "frequency": freq,
        "method": method,
    }


INSPECTION_ITEMS = [
    inspection(
        "SC-001",
        "养老机构监督检查",
        "服务质量和安全管理",
        "civil",
        "civil",
        "SY-JC-001",
        "《中华人民共和国老年人权益保障法》第四十四条",
        "养老机构",
        20,
        "每年一次",
    ),
    inspection(
        "SC-002",
        "民办非企业单位监督检查",
        "年度检查及业务活动情况",
        "civil",
        "civil",
        "SY-JC-002",
        "《民办非企业单位登记管理暂行条例》第十九条",
        "民办非企业单位",
        10,
        "每年一次",
        "documents",
    ),
    inspection(
        "SC-003",
        "民办学校办学行为检查",
        "招生、收费和教育教学管理",
        "education",
        "education",
        "SY-JC-003",
        "《中华人民共和国民办教育促进法》第四十一条",
        "民办幼儿园及民办学校",
        10,
        "每年一次",
    ),
    inspection(
        "SC-004",
        "校外培训机构检查",
        "培训内容、从业人员和预收费资金监管",
        "education",
        "education",
        "SY-JC-003",
        "《校外培训行政处罚暂行办法》第十七条、第十八条",
        "非学科类校外培训机构",
        15,
        "每半年一次",
    ),
    inspection(
        "SC-005",
        "医疗机构执业活动检查",
        "依法执业和医疗质量安全",
        "health",
        "health",
        "SY-JC-004",
        "《医疗机构管理条例》第四十条",
        "医疗机构",
        10,
        "每年一次",
    ),
    inspection(
        "SC-006",
        "公共场所卫生检查",
        "卫生许可、从业人员健康证明及卫生检测",
        "health",
        "health",
        "SY-JC-005",
        "《公共场所卫生管理条例》第十条",
        "住宿、沐浴、美容美发场所",
        5,
        "每年一次",
        "sampling",
    ),
    inspection(
        "SC-007",
        "娱乐场所经营活动检查",
        "曲库内容、未成年人保护和经营时间",
        "culture",
        "culture-sports",
        "SY-JC-006",
        "《娱乐场所管理条例》第三十四条",
        "歌舞、游艺娱乐场所",
        20,
        "每年两次",
    ),
    inspection(
        "SC-008",
        "高危险性体育项目经营检查",
        "设施标准、救助人员配备和应急预案",
        "sports",
        "culture-sports",
        "SY-JC-007",
        "《中华人民共和国体育法》第一百零五条",
        "游泳、攀岩、滑雪等高危险性体育项目经营场所",
        30,
        "每年一次",
    ),
]


def recording(code, step, content, occasion, recorder, kind="video", matter=None):
    return {
        "code": code,
        "step": step,
        "content": content,
        "occasion": occasion,
        "recorder": recorder,
        "kind": kind,
        "matter": matter,
    }


_CAMERA = "承办执法人员（执法记录仪）"

RECORDING = [
    recording(
        "YX-001",
        "on_site_inspection",
        "出示执法证件、告知检查事由和录音录像情况、检查经过、现场笔录的制作和签字",
        "进入场所开展现场检查、勘验",
        _CAMERA,
    ),
    recording(
        "YX-002",
        "evidence",
        "抽样取证、先行登记保存物品的清点、登记和封存过程，当事人核对签字",
        "调查取证中抽样、先行登记保存",
        _CAMERA,
    ),
    recording(
        "YX-003",
        "evidence",
        "询问的完整过程，包括告知权利义务和笔录核对",
        "询问当事人、证人",
        "询问人员（录音设备）",
        "audio",
    ),
    recording(
        "YX-004",
        "hearing",
        "听证全过程：宣布纪律和当事人权利、调查人员陈述、质证辩论、当事人最后陈述",
        "依申请举行听证",
        "听证记录员（固定摄像设备）",
    ),
    recording(
        "YX-005",
        "service_leaving",
        "邀请见证人到场、说明拒收情况、将文书留置于受送达人住所并拍照记录",
        "受送达人拒绝签收执法文书",
        _CAMERA,
    ),
    recording(
        "YX-006",
        "service_announcement",
        "公告张贴的位置、时间、过程和公告全文",
        "受送达人下落不明或者其他方式无法送达",
        _CAMERA,
    ),
    recording(
        "YX-007",
        "seizure",
        "封存全过程不间断记录：告知理由和依据、清点物品、制作清单、加贴封条、当事人签字",
        "采取封存等行政强制措施",
        "两名执法人员（执法记录仪及备用设备）",
        "whole_process",
        "SY-QZ-004",
    ),
    recording(
        "YX-008",
        "enforcement",
        "代履行全过程不间断记录：催告情况、现场状况、拆除或恢复经过、费用清单",
        "实施代履行恢复原状",
        "两名执法人员（执法记录仪及备用设备）",
        "whole_process",
        "SY-QZ-003",
    ),
    recording(
        "YX-009",
        "other",
        "责令停止执业、停业整顿等决定的现场执行和当事人反应",
        "现场执行可能引发争议的决定",
        _CAMERA,
    ),
]

_ART58 = "《中华人民共和国行政处罚法》第五十八条"
# Thresholds beyond Art 58's own grounds are the agency's choice under the State Council's
# guidance on the three systems; they are data, not law.
_GUIDE = f"{_ART58}；国办发〔2018〕118号"


def review(code, name, ground, basis, **thresholds):
    return {"code": code, "name": name, "ground": ground, "basis": basis, **thresholds}


REVIEW = [
    review(
        "SH-001",
        "较大数额罚款",
        "major_rights",
        _GUIDE,
        fine_threshold_person=10000,
        fine_threshold_org=100000,
    ),
    review(
        "SH-002",
        "没收较大数额违法所得或者非法财物",
        "major_rights",
        _GUIDE,
        confiscation_threshold_person=10000,
        confiscation_threshold_org=100000,
    ),
    review(
        "SH-003",
        "责令停产停业、责令关闭、限制从业",
        "major_rights",
        _GUIDE,
        penalty_kinds=["suspend_business", "closure", "restrict_employment"],
    ),
    review(
        "SH-004",
        "降低资质等级、吊销许可证件",
        "major_rights",
        _GUIDE,
        penalty_kinds=["lower_qualification", "revoke_licence"],
    ),
    review(
        "SH-005",
        "经过听证程序的案件",
        "major_rights",
        f"{_ART58}第一款第（二）项",
        hearing_held=True,
    ),
    review("SH-006", "拟偏离裁量基准作出处罚", "complex", _GUIDE, departs_from_standard=True),
    review("SH-007", "负责人认为需要法制审核的案件", "other", _GUIDE, head_referral=True),
]
