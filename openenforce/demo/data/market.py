"""The second agency's catalogue (长春新区市场监督管理局): food safety and product quality,
so that agency isolation and the supervisor's view across agencies can be seen.

The article texts are the statutes' own (食品安全法 as amended in 2021, 产品质量法 as
amended in 2018); "……" marks the items left out.
"""

import datetime

D = datetime.date

FIELDS = [("food", "食品安全"), ("quality", "产品质量")]

_FOOD = "中华人民共和国食品安全法"
_QUALITY = "中华人民共和国产品质量法"

BASES = [
    (
        "LB-SP-35",
        _FOOD,
        "第三十五条",
        "law",
        "国家对食品生产经营实行许可制度；仅销售预包装食品的，报所在地县级市场监督管理部门备案。",
    ),
    (
        "LB-SP-110",
        _FOOD,
        "第一百一十条",
        "law",
        "县级以上人民政府食品安全监督管理部门履行食品安全监督管理职责，有权采取下列措施，"
        "对生产经营者遵守本法的情况进行监督检查：（一）进入生产经营场所实施现场检查；"
        "（二）对生产经营的食品、食品添加剂、食品相关产品进行抽样检验；"
        "（三）查阅、复制有关合同、票据、账簿以及其他有关资料；"
        "（四）查封、扣押有证据证明不符合食品安全标准或者有证据证明存在安全隐患以及用于违法"
        "生产经营的食品、食品添加剂、食品相关产品；（五）查封违法从事生产经营活动的场所。",
    ),
    (
        "LB-SP-122",
        _FOOD,
        "第一百二十二条第一款",
        "law",
        "违反本法规定，未取得食品生产经营许可从事食品生产经营活动，或者未取得食品添加剂生产"
        "许可从事食品添加剂生产活动的，由县级以上人民政府食品安全监督管理部门没收违法所得和"
        "违法生产经营的食品、食品添加剂以及用于违法生产经营的工具、设备、原料等物品；违法生产"
        "经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万"
        "元以上的，并处货值金额十倍以上二十倍以下罚款。",
    ),
    (
        "LB-SP-124",
        _FOOD,
        "第一百二十四条第一款",
        "law",
        "违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门"
        "没收违法所得和违法生产经营的食品、食品添加剂，并可以没收用于违法生产经营的工具、设备、"
        "原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元"
        "以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销"
        "许可证：（一）生产经营致病性微生物，农药残留、兽药残留、生物毒素、重金属等污染物质以及"
        "其他危害人体健康的物质含量超过食品安全标准限量的食品、食品添加剂；……",
    ),
    (
        "LB-SP-126",
        _FOOD,
        "第一百二十六条第一款",
        "law",
        "违反本法规定，有下列情形之一的，由县级以上人民政府食品安全监督管理部门责令改正，给予"
        "警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证："
        "……（五）餐具、饮具和盛放直接入口食品的容器，使用前未经洗净、消毒或者清洗消毒不合格，"
        "或者餐饮服务设施、设备未按规定定期维护、清洗、校验；（六）食品生产经营者安排未取得健康"
        "证明或者患有国务院卫生行政部门规定的有碍食品安全疾病的人员从事接触直接入口食品的工作；……",
    ),
    (
        "LB-ZL-15",
        _QUALITY,
        "第十五条第一款",
        "law",
        "国家对产品质量实行以抽查为主要方式的监督检查制度，对可能危及人体健康和人身、财产安全的"
        "产品，影响国计民生的重要工业产品以及消费者、有关组织反映有质量问题的产品进行抽查。"
        "抽查的样品应当在市场上或者企业成品仓库内的待销产品中随机抽取。……",
    ),
    (
        "LB-ZL-49",
        _QUALITY,
        "第四十九条",
        "law",
        "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的，责令停止生产、"
        "销售，没收违法生产、销售的产品，并处违法生产、销售产品（包括已售出和未售出的产品，下同）"
        "货值金额等值以上三倍以下的罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照；"
        "构成犯罪的，依法追究刑事责任。",
    ),
    (
        "LB-ZL-50",
        _QUALITY,
        "第五十条",
        "law",
        "在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的，责令停止生产、"
        "销售，没收违法生产、销售的产品，并处违法生产、销售产品货值金额百分之五十以上三倍以下的"
        "罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照；构成犯罪的，依法追究刑事"
        "责任。",
    ),
    (
        "LB-ZL-54",
        _QUALITY,
        "第五十四条",
        "law",
        "产品标识不符合本法第二十七条规定的，责令改正；有包装的产品标识不符合本法第二十七条第（四）"
        "项、第（五）项规定，情节严重的，责令停止生产、销售，并处违法生产、销售产品货值金额百分之"
        "三十以下的罚款；有违法所得的，并处没收违法所得。",
    ),
]


def _penalty(code, name, field, department, bases):
    return {
        "code": code,
        "name": name,
        "category": "penalty",
        "field": field,
        "department": department,
        "bases": bases,
        "time_limit_days": 90,
        "time_limit_kind": "calendar",
    }


def _inspection(code, name, field, department, bases):
    return {
        "code": code,
        "name": name,
        "category": "inspection",
        "field": field,
        "department": department,
        "bases": bases,
    }


MATTERS = [
    {
        "code": "SJ-XK-001",
        "name": "食品经营许可",
        "category": "licensing",
        "field": "food",
        "department": "food",
        "bases": ["LB-SP-35"],
        "time_limit_days": 10,
        "fees": "不收费",
        "office": "长春新区政务服务中心一楼市场监管窗口",
        "phone": "0431-8150 6511",
        "office_hours": "工作日 8:30—11:30、13:00—17:00",
        "conditions": "有与经营食品相适应的场所、设备设施、专职或兼职食品安全管理人员和管理制度。",
        "materials": "食品经营许可申请书；营业执照；与食品经营相适应的主要设备设施布局、操作流程等文件；食品安全自查、从业人员健康管理等制度。",
        "procedure": "申请→受理→审查（必要时现场核查）→决定→发证",
    },
    _penalty(
        "SJ-CF-001", "对未取得食品经营许可从事食品经营活动的处罚", "food", "food", ["LB-SP-122"]
    ),
    _penalty(
        "SJ-CF-002",
        "对经营污染物质含量超过食品安全标准限量的食品的处罚",
        "food",
        "food",
        ["LB-SP-124"],
    ),
    _penalty(
        "SJ-CF-003",
        "对餐具饮具未经清洗消毒、安排无健康证明人员从事接触直接入口食品工作的处罚",
        "food",
        "food",
        ["LB-SP-126"],
    ),
    _penalty(
        "SJ-CF-004",
        "对销售不符合保障人体健康和人身、财产安全标准的产品的处罚",
        "quality",
        "quality",
        ["LB-ZL-49"],
    ),
    _penalty("SJ-CF-005", "对以不合格产品冒充合格产品的处罚", "quality", "quality", ["LB-ZL-50"]),
    _penalty("SJ-CF-006", "对产品标识不符合规定的处罚", "quality", "quality", ["LB-ZL-54"]),
    _inspection("SJ-JC-001", "对食品经营者的监督检查", "food", "food", ["LB-SP-110"]),
    _inspection("SJ-JC-002", "产品质量监督抽查", "quality", "quality", ["LB-ZL-15"]),
]


def _bands(*rows):
    """Four bands 轻微/一般/较重/严重: (circumstance, penalty, fine_min, fine_max) each."""
    degrees = ["轻微", "一般", "较重", "严重"]
    return [
        {
            "code": f"B{i}",
            "degree": degrees[i - 1],
            "circumstance": circumstance,
            "penalty": penalty,
            "fine_min": low,
            "fine_max": high,
        }
        for i, (circumstance, penalty, low, high) in enumerate(rows, start=1)
    ]


# The agency's discretion standards (裁量基准): its own choice within the statutory range.
STANDARDS = {
    "SJ-CF-001": _bands(
        (
            "货值金额不足二千元，主动停止经营并积极申办许可的",
            "没收违法所得和食品，并处五万元以上六万元以下罚款",
            50000,
            60000,
        ),
        (
            "货值金额二千元以上不足五千元的",
            "没收违法所得和食品，并处六万元以上八万元以下罚款",
            60000,
            80000,
        ),
        (
            "货值金额五千元以上不足一万元的",
            "没收违法所得和食品，并处八万元以上十万元以下罚款",
            80000,
            100000,
        ),
        (
            "货值金额一万元以上的",
            "没收违法所得和食品，并处货值金额十倍以上二十倍以下罚款",
            None,
            None,
        ),
    ),
    "SJ-CF-002": _bands(
        (
            "货值金额不足二千元，能证明进货来源合法且主动召回的",
            "没收违法所得和食品，并处五万元以上六万元以下罚款",
            50000,
            60000,
        ),
        (
            "货值金额二千元以上不足五千元的",
            "没收违法所得和食品，并处六万元以上八万元以下罚款",
            60000,
            80000,
        ),
        (
            "货值金额五千元以上不足一万元的",
            "没收违法所得和食品，并处八万元以上十万元以下罚款",
            80000,
            100000,
        ),
        (
            "货值金额一万元以上的",
            "没收违法所得和食品，并处货值金额十倍以上二十倍以下罚款",
            None,
            None,
        ),
    ),
    "SJ-CF-003": _bands(
        ("初次违法，危害后果轻微并及时改正的", "不予行政处罚，责令改正", None, None),
        ("首次发现，责令改正的", "责令改正，给予警告", None, None),
        ("拒不改正的", "处五千元以上二万元以下罚款", 5000, 20000),
        ("拒不改正且造成不良影响的", "处二万元以上五万元以下罚款", 20000, 50000),
    ),
    "SJ-CF-004": _bands(
        (
            "货值金额不足一千元，主动停止销售的",
            "没收产品，并处货值金额等值以上一倍以下罚款",
            None,
            1000,
        ),
        (
            "货值金额一千元以上不足五千元的",
            "没收产品，并处货值金额一倍以上二倍以下罚款",
            1000,
            10000,
        ),
        (
            "货值金额五千元以上不足二万元的",
            "没收产品，并处货值金额二倍以上三倍以下罚款",
            10000,
            60000,
        ),
        ("情节严重的", "没收产品，并处货值金额三倍罚款，吊销营业执照", None, None),
    ),
    "SJ-CF-005": _bands(
        (
            "货值金额不足一千元，主动停止销售的",
            "没收产品，并处货值金额百分之五十以上一倍以下罚款",
            None,
            1000,
        ),
        (
            "货值金额一千元以上不足五千元的",
            "没收产品，并处货值金额一倍以上二倍以下罚款",
            1000,
            10000,
        ),
        (
            "货值金额五千元以上不足二万元的",
            "没收产品，并处货值金额二倍以上三倍以下罚款",
            10000,
            60000,
        ),
        ("情节严重的", "没收产品，并处货值金额三倍罚款，吊销营业执照", None, None),
    ),
    "SJ-CF-006": _bands(
        ("标识不规范，及时改正的", "不予行政处罚，责令改正", None, None),
        ("标识缺少警示说明，责令改正的", "责令改正", None, None),
        (
            "有包装的产品标识缺项，情节较重的",
            "责令停止销售，并处货值金额百分之十以下罚款",
            None,
            3000,
        ),
        ("情节严重的", "责令停止销售，并处货值金额百分之十以上百分之三十以下罚款", 3000, 10000),
    ),
}

# (code, name, gender, department, position, employment)
OFFICERS = [
    ("SJ-ZF-001", "宋志刚", "男", "food", "科长", "civil_servant"),
    ("SJ-ZF-002", "林晓雯", "女", "quality", "科长", "civil_servant"),
    ("SJ-ZF-003", "韩东旭", "男", "food", "四级主任科员", "civil_servant"),
    ("SJ-ZF-004", "曹丽君", "女", "quality", "科员", "civil_servant"),
    ("SJ-ZF-005", "邓宏伟", "男", "brigade", "大队长", "civil_servant"),
    ("SJ-ZF-006", "彭雅琴", "女", "brigade", "执法队员", "public_institution"),
    ("SJ-ZF-007", "姜书宁", "女", "legal", "科长（法律职业资格）", "civil_servant"),
]


def _certificate(officer, number, fields, issued, valid_to, reviews=()):
    events = [
        ("exam_passed", issued - datetime.timedelta(days=45), "行政执法资格考试合格"),
        ("issued", issued, "经培训考试合格，核发行政执法证件"),
        *(("annual_review", day, "年度审验合格") for day in reviews),
    ]
    return {
        "officer": officer,
        "number": number,
        "fields": fields,
        "issuing_authority": "吉林省人民政府",
        "area": "长春新区",
        "valid_from": issued,
        "valid_to": valid_to,
        "events": events,
    }


_REVIEWS = [D(2024, 1, 17), D(2025, 1, 15), D(2026, 1, 14)]

CERTIFICATES = [
    {
        "officer": "SJ-ZF-001",
        "number": "22019923501",
        "fields": ["food"],
        "issuing_authority": "吉林省人民政府",
        "area": "长春新区",
        "valid_from": D(2023, 4, 10),
        "valid_to": D(2029, 4, 9),
        "events": [
            ("exam_passed", D(2023, 2, 24), "行政执法资格考试合格"),
            ("issued", D(2023, 4, 10), "经培训考试合格，核发行政执法证件"),
        ],
    },
    _certificate(
        "SJ-ZF-002", "22019923502", ["quality", "food"], D(2023, 4, 10), D(2029, 4, 9), _REVIEWS
    ),
    _certificate("SJ-ZF-003", "22019923503", ["food"], D(2023, 4, 10), D(2029, 4, 9), _REVIEWS),
    _certificate("SJ-ZF-004", "22019923504", ["quality"], D(2023, 4, 10), D(2029, 4, 9), _REVIEWS),
    _certificate(
        "SJ-ZF-005", "22019922505", ["food", "quality"], D(2022, 3, 1), D(2028, 2, 29), _REVIEWS
    ),
    _certificate(
        "SJ-ZF-006", "22019923506", ["food", "quality"], D(2023, 4, 10), D(2029, 4, 9), _REVIEWS
    ),
    _certificate(
        "SJ-ZF-007", "22019922507", ["food", "quality"], D(2022, 3, 1), D(2028, 2, 29), _REVIEWS
    ),
]

INSPECTION_ITEMS = []
RECORDING = []

_GUIDE = "《中华人民共和国行政处罚法》第五十八条；国办发〔2018〕118号"

# The thresholds beyond Art 58's own grounds are the agency's choice (data, not law).
REVIEW = [
    {
        "code": "SH-001",
        "name": "较大数额罚款",
        "ground": "major_rights",
        "basis": _GUIDE,
        "fine_threshold_person": 100000,
        "fine_threshold_org": 200000,
    },
    {
        "code": "SH-003",
        "name": "责令停产停业、吊销许可证件或者营业执照",
        "ground": "major_rights",
        "basis": _GUIDE,
        "penalty_kinds": ["suspend_business", "revoke_licence"],
    },
]
