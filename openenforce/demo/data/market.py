"""A small catalogue for the second agency, so that agency isolation can be seen."""

import datetime

FIELDS = [("food", "食品安全")]

BASES = [
    (
        "LB-SP-35",
        "中华人民共和国食品安全法",
        "第三十五条",
        "law",
        "国家对食品生产经营实行许可制度；仅销售预包装食品的，报所在地县级市场监督管理部门备案。",
    ),
    (
        "LB-SP-122",
        "中华人民共和国食品安全法",
        "第一百二十二条",
        "law",
        "未取得食品生产经营许可从事食品生产经营活动的，没收违法所得和食品，违法生产经营的食品货值不足一万元的，并处五万元以上十万元以下罚款。",
    ),
]

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
    {
        "code": "SJ-CF-001",
        "name": "对未取得食品经营许可从事食品经营活动的处罚",
        "category": "penalty",
        "field": "food",
        "department": "food",
        "bases": ["LB-SP-122"],
        "time_limit_days": 90,
        "time_limit_kind": "calendar",
    },
]

STANDARDS = {}

OFFICERS = [("SJ-ZF-001", "宋志刚", "男", "food", "科长", "civil_servant")]

CERTIFICATES = [
    {
        "officer": "SJ-ZF-001",
        "number": "22019923501",
        "fields": ["food"],
        "issuing_authority": "吉林省人民政府",
        "area": "长春新区",
        "valid_from": datetime.date(2023, 4, 10),
        "valid_to": datetime.date(2029, 4, 9),
        "events": [
            ("exam_passed", datetime.date(2023, 2, 24), "行政执法资格考试合格"),
            ("issued", datetime.date(2023, 4, 10), "经培训考试合格，核发行政执法证件"),
        ],
    }
]

INSPECTION_ITEMS = []
RECORDING = []
REVIEW = []
