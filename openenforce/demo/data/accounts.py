"""Agencies, departments, supervision and users of the demo installation."""

from openenforce.demo.creditcode import make_credit_code

BUREAU = "cnna-sa"
JUSTICE = "cnna-justice"
MARKET = "cnna-amr"

_REMEDY = (
    "对行政执法行为不服的，可以自知道该行为之日起六十日内向长春新区管理委员会申请行政复议，"
    "或者自知道之日起六个月内向有管辖权的人民法院提起行政诉讼。"
    "执法监督投诉：长春新区司法局行政执法监督科，电话 0431-8150 6120。"
)

# Credit codes are invented but well-formed: 1 (机构编制) 1 (机关) 220100 (长春市) + an
# organisation-code body starting with 9999, a range no real body has been given.
AGENCIES = [
    {
        "code": BUREAU,
        "name": "长春新区社会事业发展局",
        "short_name": "长新社",
        "credit_code": make_credit_code(
            authority="1", kind="1", division="220100", org_body="99990001"
        ),
        "legal_status": "statutory",
        "level": "district",
        "duties": (
            "负责新区民政、退役军人事务、教育、卫生健康、文化和体育等社会事业的管理工作；"
            "依法实施本领域的行政许可、行政处罚、行政强制、行政检查等行政执法行为；"
            "负责本局行政执法人员的管理和执法监督。"
        ),
        "head_name": "王建国",
        "complaint_phone": "0431-8150 6300",
        "address": "吉林省长春市长春新区硅谷大街 3355 号 6 楼",
        "remedy_channels": _REMEDY,
    },
    {
        "code": JUSTICE,
        "name": "长春新区司法局",
        "short_name": "长新司",
        "credit_code": make_credit_code(
            authority="1", kind="1", division="220100", org_body="99990002"
        ),
        "legal_status": "statutory",
        "level": "district",
        "duties": (
            "承担新区行政执法协调监督工作，负责行政执法证件管理、行政执法案卷评查，"
            "指导、监督各执法部门落实行政执法三项制度。"
        ),
        "head_name": "刘振华",
        "complaint_phone": "0431-8150 6120",
        "address": "吉林省长春市长春新区硅谷大街 3355 号 9 楼",
        "remedy_channels": _REMEDY,
    },
    {
        "code": MARKET,
        "name": "长春新区市场监督管理局",
        "short_name": "长新市监",
        "credit_code": make_credit_code(
            authority="1", kind="1", division="220100", org_body="99990003"
        ),
        "legal_status": "statutory",
        "level": "district",
        "duties": "负责新区市场主体登记、食品安全、产品质量、价格等市场监督管理工作。",
        "head_name": "孟凡东",
        "complaint_phone": "0431-8150 6500",
        "address": "吉林省长春市长春新区超达大路 1288 号",
        "remedy_channels": _REMEDY,
    },
]

# The justice bureau supervises the enforcement of both district agencies; the two
# agencies do not see each other's data.
SUPERVISION = [(JUSTICE, BUREAU), (JUSTICE, MARKET)]

DEPARTMENTS = {
    BUREAU: [
        ("office", "办公室", "0431-8150 6301"),
        ("civil", "民政科", "0431-8150 6311"),
        ("veterans", "退役军人事务科", "0431-8150 6321"),
        ("education", "教育科", "0431-8150 6331"),
        ("health", "卫生健康科", "0431-8150 6341"),
        ("culture-sports", "文化体育科", "0431-8150 6351"),
        ("brigade", "综合执法大队", "0431-8150 6361"),
        ("legal", "法制审核科", "0431-8150 6371"),
    ],
    JUSTICE: [("supervision", "行政执法监督科", "0431-8150 6120")],
    MARKET: [
        ("office", "办公室", "0431-8150 6501"),
        ("food", "食品安全监管科", "0431-8150 6511"),
        ("quality", "产品质量安全监督管理科", "0431-8150 6521"),
        ("brigade", "综合行政执法大队", "0431-8150 6531"),
        ("legal", "法规科", "0431-8150 6541"),
    ],
}

# One login per role. ``officer`` links the account to the officer directory entry.
USERS = [
    {
        "username": "officer1",
        "agency": BUREAU,
        "department": "brigade",
        "roles": ["officer"],
        "display_name": "张立新",
        "officer": "ZF-001",
    },
    {
        "username": "officer2",
        "agency": BUREAU,
        "department": "brigade",
        "roles": ["officer"],
        "display_name": "王海燕",
        "officer": "ZF-002",
    },
    {
        "username": "reviewer",
        "agency": BUREAU,
        "department": "legal",
        "roles": ["reviewer"],
        "display_name": "朱红霞（法律职业资格）",
        "officer": "ZF-014",
    },
    {
        "username": "head",
        "agency": BUREAU,
        "department": "office",
        "roles": ["head"],
        "display_name": "王建国",
    },
    {
        "username": "publisher",
        "agency": BUREAU,
        "department": "office",
        "roles": ["publisher"],
        "display_name": "陈雪",
    },
    {
        "username": "admin",
        "agency": BUREAU,
        "department": "office",
        "roles": ["admin"],
        "display_name": "李静",
    },
    {
        "username": "supervisor",
        "agency": JUSTICE,
        "department": "supervision",
        "roles": ["supervisor"],
        "display_name": "高志远",
    },
    {
        # Reads the sampled files of the justice bureau's case-file evaluation campaigns.
        "username": "evaluator",
        "agency": JUSTICE,
        "department": "supervision",
        "roles": [],
        "display_name": "孙丽娟",
    },
    {
        "username": "amr-admin",
        "agency": MARKET,
        "department": "office",
        "roles": ["admin"],
        "display_name": "赵磊",
    },
    {
        "username": "amr-head",
        "agency": MARKET,
        "department": "office",
        "roles": ["head"],
        "display_name": "孟凡东",
    },
    {
        "username": "amr-officer1",
        "agency": MARKET,
        "department": "food",
        "roles": ["officer"],
        "display_name": "宋志刚",
        "officer": "SJ-ZF-001",
    },
    {
        "username": "amr-officer2",
        "agency": MARKET,
        "department": "quality",
        "roles": ["officer"],
        "display_name": "林晓雯",
        "officer": "SJ-ZF-002",
    },
    {
        "username": "amr-reviewer",
        "agency": MARKET,
        "department": "legal",
        "roles": ["reviewer"],
        "display_name": "姜书宁（法律职业资格）",
        "officer": "SJ-ZF-007",
    },
    {
        "username": "amr-publisher",
        "agency": MARKET,
        "department": "office",
        "roles": ["publisher"],
        "display_name": "罗佳怡",
    },
]
