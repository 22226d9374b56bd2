"""The bureau's enforcement matters list (行政执法事项清单), with service guides for the
licensing matters and discretion standards (裁量基准) for the penalty matters."""

# Shared service-guide particulars of the bureau's window in the government service centre.
WINDOW = {
    "fees": "不收费",
    "office": "长春新区政务服务中心二楼社会事业综合窗口（硅谷大街 3355 号）",
    "office_hours": "工作日 8:30—11:30、13:00—17:00（法定节假日除外）",
    "supervision_phone": "0431-8150 6120",
    "remedy": (
        "对许可决定不服的，可以自知道之日起六十日内向长春新区管理委员会申请行政复议，"
        "或者自知道之日起六个月内向有管辖权的人民法院提起行政诉讼。"
    ),
}


def licence(code, name, field, department, bases, days, phone, **guide):
    """A licensing matter: the window particulars plus its own conditions and materials."""
    return {
        "code": code,
        "name": name,
        "category": "licensing",
        "field": field,
        "department": department,
        "bases": bases,
        "time_limit_days": days,
        "phone": phone,
        **WINDOW,
        **guide,
    }


def matter(code, name, category, field, department, bases, days=None, kind="working", **extra):
    """Any other matter: no service guide beyond what ``extra`` gives."""
    return {
        "code": code,
        "name": name,
        "category": category,
        "field": field,
        "department": department,
        "bases": bases,
        "time_limit_days": days,
        "time_limit_kind": kind,
        **extra,
    }


_STEPS = "申请→受理（材料不全的五个工作日内一次性告知补正）→审查→决定→送达证照"

LICENSING = [
    licence(
        "SY-XK-001",
        "民办非企业单位成立登记",
        "civil",
        "civil",
        ["LB-MF-3", "LB-MF-11"],
        60,
        "0431-8150 6311",
        time_limit_kind="calendar",
        applicable_to="拟在新区举办民办非企业单位的企业事业单位、社会团体、其他社会力量和公民个人",
        conditions="经业务主管单位审查同意；有规范的名称和组织机构；有与业务活动相适应的从业人员、合法财产和固定场所；能独立承担民事责任。",
        materials="登记申请书；业务主管单位批准文件；场所使用权证明；验资报告；拟任负责人基本情况和身份证明；章程草案。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-002",
        "农村公益性墓地审批",
        "civil",
        "civil",
        ["LB-BZ-8", "LB-XK-42"],
        20,
        "0431-8150 6311",
        applicable_to="为本村村民设置公益性墓地的村民委员会",
        conditions="符合殡葬设施建设规划；选址不占用耕地、林地，避开水源保护区和交通干线两侧；经乡镇人民政府（街道办事处）审核同意。",
        materials="申请报告；村民会议或者村民代表会议决议；乡镇人民政府（街道办事处）审核意见；用地及选址说明；墓地平面图。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-003",
        "实施学前教育的民办学校设立审批",
        "education",
        "education",
        ["LB-MB-12", "LB-XK-42"],
        20,
        "0431-8150 6331",
        applicable_to="拟在新区举办民办幼儿园的社会组织和个人",
        conditions="举办者具备法定资格；有合格的园长、教师和保育人员；园舍、场地和设施符合国家和省定标准；有必备的办学资金和稳定的经费来源。",
        materials="申办报告；举办者资格证明；资产来源及资金数额证明；园舍场地证明及消防、卫生评价材料；园长和教师资格证明；章程和首届决策机构成员名单。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-004",
        "非学科类校外培训机构设立审批",
        "education",
        "education",
        ["LB-MB-12", "LB-XK-42"],
        20,
        "0431-8150 6331",
        applicable_to="拟面向中小学生开展体育、文化艺术、科技等非学科类培训的社会组织和个人",
        conditions="培训内容属于非学科类；有符合安全标准的固定培训场所；从业人员具备相应资质且无不良记录；建立预收费资金监管。",
        materials="设立申请书；举办者资格证明；培训场所产权或租赁证明及消防验收材料；培训内容及课程设置说明；从业人员名单及资质证明；收费及资金监管方案。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-005",
        "医疗机构设置审批",
        "health",
        "health",
        ["LB-YJ-9", "LB-XK-42"],
        20,
        "0431-8150 6341",
        applicable_to="拟在新区设置需办理设置批准书的医疗机构的单位和个人",
        conditions="符合医疗机构设置规划和基本标准；设置人具备相应资格；选址符合卫生学要求。",
        materials="设置申请书；设置可行性研究报告；选址报告和建筑设计平面图；设置人资格证明。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-006",
        "医疗机构执业登记",
        "health",
        "health",
        ["LB-YJ-15", "LB-XK-42"],
        20,
        "0431-8150 6341",
        applicable_to="已取得设置批准书或者依法备案、拟开展诊疗活动的医疗机构",
        conditions="有设置医疗机构批准书（按规定需要的）；符合医疗机构基本标准；有适合的名称、组织机构和场所；有相应的经费、设施、设备和专业卫生技术人员；有规章制度。",
        materials="执业登记申请书；设置医疗机构批准书；验资证明；建筑物平面布局图；卫生技术人员名录及执业证书；规章制度。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-007",
        "医师执业注册",
        "health",
        "health",
        ["LB-YS-13"],
        20,
        "0431-8150 6341",
        applicable_to="取得医师资格、拟在新区医疗卫生机构执业的人员",
        conditions="取得医师资格证书；无医师法规定的不予注册情形；拟执业机构同意聘用。",
        materials="注册申请审核表；近六个月内的健康体检证明；医疗卫生机构拟聘用证明。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-008",
        "公共场所卫生许可",
        "health",
        "health",
        ["LB-GG-8", "LB-XK-42"],
        20,
        "0431-8150 6341",
        applicable_to="在新区经营宾馆、沐浴、美容美发等公共场所的经营者",
        conditions="选址、布局和设施符合卫生要求；有卫生管理制度和专（兼）职卫生管理人员；从业人员取得健康合格证明；卫生检测合格。",
        materials="卫生许可申请表；营业执照；场所平面图和卫生设施说明；卫生检测报告；从业人员健康合格证明；卫生管理制度。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-009",
        "娱乐场所经营许可",
        "culture",
        "culture-sports",
        ["LB-YLCS-9"],
        20,
        "0431-8150 6351",
        applicable_to="拟在新区开办歌舞、游艺娱乐场所的经营者",
        conditions="场所不在禁止设立的区域；面积、设施符合规定；投资人、法定代表人和主要负责人无禁止情形；消防安全条件合格。",
        materials="经营许可申请书；营业执照；投资人、负责人身份证明及无犯罪记录承诺；场所产权或租赁证明；消防及环保材料。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-010",
        "文艺表演团体设立审批",
        "culture",
        "culture-sports",
        ["LB-YC-6"],
        20,
        "0431-8150 6351",
        applicable_to="拟从事营业性演出活动的文艺表演团体",
        conditions="有与业务相适应的专职演员和器材设备。",
        materials="设立申请书；营业执照或登记证书；专职演员名单及身份证明；演出器材设备清单。",
        procedure=_STEPS,
    ),
    licence(
        "SY-XK-011",
        "经营高危险性体育项目许可",
        "sports",
        "culture-sports",
        ["LB-TY-105", "LB-XK-42"],
        20,
        "0431-8150 6351",
        applicable_to="拟在新区经营游泳、滑雪、攀岩、潜水等高危险性体育项目的经营者",
        conditions="体育设施符合国家标准；有规定数量的持证社会体育指导人员和救助人员；有安全保障和应急救援制度及措施。",
        materials="许可申请书；营业执照；体育设施符合标准的说明；社会体育指导人员、救助人员名单及职业资格证书；安全保障制度和应急预案。",
        procedure="申请→受理→实地核查→决定→送达许可证",
    ),
]

PENALTIES = [
    matter(
        "SY-CF-001",
        "对养老机构违反服务和安全管理规定的处罚",
        "penalty",
        "civil",
        "brigade",
        ["LB-YLJG-46"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-002",
        "对民办非企业单位违反登记管理规定的处罚",
        "penalty",
        "civil",
        "brigade",
        ["LB-MF-25"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-003",
        "对未经登记擅自以民办非企业单位名义开展活动的处罚",
        "penalty",
        "civil",
        "brigade",
        ["LB-MF-27"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-004",
        "对擅自兴建殡葬设施的处罚",
        "penalty",
        "civil",
        "brigade",
        ["LB-BZ-19"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-005",
        "对民办学校违规办学行为的处罚",
        "penalty",
        "education",
        "brigade",
        ["LB-MB-62"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-006",
        "对擅自举办校外培训机构的处罚",
        "penalty",
        "education",
        "brigade",
        ["LB-XWPX-17", "LB-MB-64"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-007",
        "对变相开展学科类校外培训的处罚",
        "penalty",
        "education",
        "brigade",
        ["LB-XWPX-18"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-008",
        "对未取得医疗机构执业许可证擅自执业的处罚",
        "penalty",
        "health",
        "brigade",
        ["LB-JBYL-99", "LB-YJ-24", "LB-YJ-43"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-009",
        "对非医师行医的处罚",
        "penalty",
        "health",
        "brigade",
        ["LB-YS-59"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-010",
        "对公共场所未取得卫生许可证擅自营业的处罚",
        "penalty",
        "health",
        "brigade",
        ["LB-GG-14", "LB-GGXZ-35"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-011",
        "对公共场所未按规定开展卫生检测的处罚",
        "penalty",
        "health",
        "brigade",
        ["LB-GG-14", "LB-GGXZ-36"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-012",
        "对歌舞娱乐场所播放含禁止内容曲目的处罚",
        "penalty",
        "culture",
        "brigade",
        ["LB-YLCS-48"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-013",
        "对擅自从事营业性演出经营活动的处罚",
        "penalty",
        "culture",
        "brigade",
        ["LB-YC-43"],
        90,
        "calendar",
    ),
    matter(
        "SY-CF-014",
        "对未经许可经营高危险性体育项目的处罚",
        "penalty",
        "sports",
        "brigade",
        ["LB-TY-116"],
        90,
        "calendar",
    ),
]

OTHERS = [
    # Coercion (行政强制)
    matter("SY-QZ-001", "加处罚款", "coercion", "civil", "brigade", ["LB-CF-72", "LB-QZ-45"]),
    matter(
        "SY-QZ-002",
        "申请人民法院强制执行",
        "coercion",
        "civil",
        "legal",
        ["LB-QZ-53", "LB-CF-72"],
        sub_item="自复议、诉讼期限届满之日起三个月内申请",
    ),
    matter(
        "SY-QZ-003",
        "对擅自兴建的殡葬设施代履行恢复原状",
        "coercion",
        "civil",
        "brigade",
        ["LB-QZ-50", "LB-BZ-19"],
    ),
    matter(
        "SY-QZ-004",
        "封存造成职业病危害事故的材料和设备",
        "coercion",
        "health",
        "brigade",
        ["LB-ZYB-64"],
        30,
        "calendar",
    ),
    # Inspection (行政检查)
    matter("SY-JC-001", "对养老机构的监督检查", "inspection", "civil", "civil", ["LB-LN-44"]),
    matter("SY-JC-002", "民办非企业单位年度检查", "inspection", "civil", "civil", ["LB-MF-19"]),
    matter(
        "SY-JC-003",
        "对民办学校办学行为的监督检查",
        "inspection",
        "education",
        "education",
        ["LB-MB-41"],
    ),
    matter(
        "SY-JC-004", "对医疗机构执业活动的监督检查", "inspection", "health", "health", ["LB-YJ-40"]
    ),
    matter("SY-JC-005", "对公共场所卫生的监督检查", "inspection", "health", "health", ["LB-GG-10"]),
    matter(
        "SY-JC-006",
        "对娱乐场所经营活动的监督检查",
        "inspection",
        "culture",
        "culture-sports",
        ["LB-YLCS-34"],
    ),
    matter(
        "SY-JC-007",
        "对高危险性体育项目经营活动的监督检查",
        "inspection",
        "sports",
        "culture-sports",
        ["LB-TY-105"],
    ),
    # Levy and requisition (行政征收征用)
    matter(
        "SY-ZY-001",
        "突发事件应急处置中征用单位和个人财产",
        "levy",
        "health",
        "health",
        ["LB-TF-12"],
    ),
    # Confirmation (行政确认)
    matter("SY-QR-001", "内地居民结婚登记", "confirmation", "civil", "civil", ["LB-MFD-1049"], 1),
    matter(
        "SY-QR-002", "收养登记", "confirmation", "civil", "civil", ["LB-MFD-1105"], 30, "calendar"
    ),
    matter(
        "SY-QR-003",
        "中小学教师资格认定",
        "confirmation",
        "education",
        "education",
        ["LB-JS-13"],
        30,
        "calendar",
    ),
    # Payment (行政给付)
    matter(
        "SY-JF-001", "最低生活保障金给付", "payment", "civil", "civil", ["LB-SJ-9", "LB-SJ-11"], 20
    ),
    matter("SY-JF-002", "特困人员救助供养", "payment", "civil", "civil", ["LB-SJ-14"], 20),
    matter("SY-JF-003", "临时救助金给付", "payment", "civil", "civil", ["LB-SJ-47"], 10),
    matter(
        "SY-JF-004",
        "八十周岁以上低收入老年人高龄津贴发放",
        "payment",
        "civil",
        "civil",
        ["LB-LN-33"],
        20,
    ),
    matter(
        "SY-JF-005",
        "自主就业退役士兵一次性经济补助金给付",
        "payment",
        "veterans",
        "veterans",
        ["LB-TYAZ-19"],
        20,
    ),
    # Award (行政奖励)
    matter(
        "SY-JL-001", "优秀教师和教育工作者表彰奖励", "award", "education", "education", ["LB-JS-33"]
    ),
    matter(
        "SY-JL-002",
        "全民健身工作先进集体和个人表彰",
        "award",
        "sports",
        "culture-sports",
        ["LB-QMJS-7"],
    ),
    matter("SY-JL-003", "退役军人褒扬激励", "award", "veterans", "veterans", ["LB-TYBZ-C7"]),
    # Adjudication (行政裁决)
    matter(
        "SY-CJ-001",
        "教师申诉处理",
        "adjudication",
        "education",
        "education",
        ["LB-JS-39"],
        30,
        "calendar",
    ),
    # Other (其他行政权力)
    matter("SY-QT-001", "养老机构备案", "other", "civil", "civil", ["LB-LN-43"], 5),
    matter("SY-QT-002", "医疗机构执业许可证校验", "other", "health", "health", ["LB-YJ-22"], 20),
]

MATTERS = LICENSING + PENALTIES + OTHERS


def bands(*rows):
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


# The first band is usually "no penalty" for a first, slight and promptly corrected breach
# (行政处罚法 Art 33: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚).
STANDARDS = {
    "SY-CF-001": bands(
        (
            "初次违法，未造成老年人人身财产损害，在责令期限内改正的",
            "不予行政处罚，责令改正",
            None,
            None,
        ),
        ("违法行为持续时间较短，未造成损害后果的", "警告", None, None),
        (
            "经责令改正逾期未改正，或者造成老年人轻微伤害的",
            "警告，并处一万元以上二万元以下罚款",
            10000,
            20000,
        ),
        (
            "造成老年人人身伤害或者重大财产损失，或者拒不改正的",
            "警告，并处二万元以上三万元以下罚款",
            20000,
            30000,
        ),
    ),
    "SY-CF-002": bands(
        ("初次违法，情节轻微并及时改正的", "不予行政处罚，责令改正", None, None),
        (
            "超出章程规定的宗旨和业务范围开展活动的",
            "警告，责令改正；有违法所得的予以没收",
            None,
            None,
        ),
        (
            "拒不接受监督检查或者不按规定报送年度检查材料的",
            "警告，责令改正，限期停止活动",
            None,
            None,
        ),
        ("涂改、出租、出借登记证书，或者限期停止活动期间拒不改正的", "撤销登记", None, None),
    ),
    "SY-CF-003": bands(
        ("活动时间短，未收取任何费用并主动停止的", "予以取缔", None, None),
        ("已收取费用但已全部退还的", "予以取缔，没收非法财产", None, None),
        ("收取费用未退还或者活动持续三个月以上的", "予以取缔，没收非法财产", None, None),
        (
            "被取缔后继续活动或者造成恶劣社会影响的",
            "予以取缔，没收非法财产；涉嫌犯罪的移送司法机关",
            None,
            None,
        ),
    ),
    "SY-CF-004": bands(
        ("已停止建设，在责令期限内主动恢复原状、无违法所得的", "取缔，责令恢复原状", None, None),
        (
            "已建成但未销售墓穴，违法所得较少的",
            "取缔，责令恢复原状，没收违法所得，并处违法所得一倍罚款",
            None,
            None,
        ),
        (
            "已销售墓穴，违法所得较多的",
            "取缔，责令恢复原状，没收违法所得，并处违法所得一倍以上二倍以下罚款",
            None,
            None,
        ),
        (
            "占用耕地林地、拒不恢复原状或者造成恶劣社会影响的",
            "取缔，责令恢复原状，没收违法所得，并处违法所得二倍以上三倍以下罚款",
            None,
            None,
        ),
    ),
    "SY-CF-006": bands(
        (
            "举办时间短、招收学员少，主动停止举办并全额退费的",
            "责令停止举办、退还所收费用，并处违法所得一倍罚款",
            None,
            None,
        ),
        (
            "招收学员二十人以下，违法所得一万元以下的",
            "责令停止举办、退还所收费用，并处违法所得一倍以上二倍以下罚款",
            None,
            None,
        ),
        (
            "招收学员二十人以上或者违法所得一万元以上的",
            "责令停止举办、退还所收费用，并处违法所得二倍以上四倍以下罚款",
            None,
            None,
        ),
        (
            "拒不停止举办、卷款跑路或者造成恶劣社会影响的",
            "责令停止举办、退还所收费用，并处违法所得四倍以上五倍以下罚款",
            None,
            None,
        ),
    ),
    "SY-CF-005": bands(
        ("初次违法，情节轻微并在责令期限内改正的", "不予行政处罚，责令限期改正", None, None),
        ("发布虚假招生简章或者广告，未造成损害后果的", "责令限期改正，警告", None, None),
        (
            "有违法所得或者损害受教育者权益的",
            "责令限期改正，警告，退还所收费用后没收违法所得",
            None,
            None,
        ),
        ("情节严重或者拒不改正的", "责令停止招生，吊销办学许可证", None, None),
    ),
    "SY-CF-007": bands(
        ("初次违法，及时停止培训并全额退费的", "责令改正，退还所收费用，予以警告", None, None),
        ("培训时间较短、参训人数较少的", "责令改正，退还所收费用，通报批评", None, None),
        ("情节严重的", "责令改正，退还所收费用，处五万元以下罚款", None, 50000),
        ("情节特别严重的", "责令改正，退还所收费用，处五万元以上十万元以下罚款", 50000, 100000),
    ),
    "SY-CF-008": bands(
        (
            "违法所得不足一万元，执业时间短，未造成危害后果的",
            "责令停止执业活动，没收违法所得和药品器械，并处五万元以上八万元以下罚款",
            50000,
            80000,
        ),
        (
            "违法所得不足一万元，执业时间一个月以上的",
            "责令停止执业活动，没收违法所得和药品器械，并处八万元以上十二万元以下罚款",
            80000,
            120000,
        ),
        (
            "违法所得不足一万元，开展有创诊疗或者受过处罚再犯的",
            "责令停止执业活动，没收违法所得和药品器械，并处十二万元以上十六万元以下罚款",
            120000,
            160000,
        ),
        (
            "违法所得不足一万元，造成患者人身损害的",
            "责令停止执业活动，没收违法所得和药品器械，并处十六万元以上二十万元以下罚款",
            160000,
            200000,
        ),
    ),
    "SY-CF-009": bands(
        (
            "违法所得不足一万元，行医时间短，未造成危害后果的",
            "责令停止非法执业活动，没收违法所得和药品器械，并处二万元以上四万元以下罚款",
            20000,
            40000,
        ),
        (
            "违法所得不足一万元，行医时间一个月以上的",
            "责令停止非法执业活动，没收违法所得和药品器械，并处四万元以上六万元以下罚款",
            40000,
            60000,
        ),
        (
            "违法所得不足一万元，开展有创诊疗或者受过处罚再犯的",
            "责令停止非法执业活动，没收违法所得和药品器械，并处六万元以上八万元以下罚款",
            60000,
            80000,
        ),
        (
            "违法所得不足一万元，造成患者人身损害的",
            "责令停止非法执业活动，没收违法所得和药品器械，并处八万元以上十万元以下罚款",
            80000,
            100000,
        ),
    ),
    "SY-CF-010": bands(
        ("擅自营业不足一个月，主动申请办理许可的", "警告", None, None),
        ("擅自营业一个月以上不足两个月的", "警告，并处五百元以上二千元以下罚款", 500, 2000),
        ("擅自营业两个月以上不足三个月的", "警告，并处二千元以上五千元以下罚款", 2000, 5000),
        (
            "曾受过处罚、擅自营业三个月以上或者使用伪造许可证的",
            "处五千元以上三万元以下罚款",
            5000,
            30000,
        ),
    ),
    "SY-CF-011": bands(
        ("初次违法，在责令期限内完成检测且结果合格的", "不予行政处罚，责令改正", None, None),
        ("未按规定检测，检测结果合格的", "警告，并处一千元以下罚款", None, 1000),
        ("未按规定检测，部分项目不合格的", "警告，并处一千元以上二千元以下罚款", 1000, 2000),
        ("逾期不改正的", "处二千元以上二万元以下罚款", 2000, 20000),
    ),
    "SY-CF-012": bands(
        (
            "无违法所得，播放时间短且主动删除的",
            "没收非法财物，并处一万元以上一万五千元以下罚款",
            10000,
            15000,
        ),
        (
            "违法所得不足一万元的",
            "没收违法所得和非法财物，并处一万五千元以上二万元以下罚款",
            15000,
            20000,
        ),
        (
            "违法所得不足一万元，且含禁止内容的曲目较多的",
            "没收违法所得和非法财物，并处二万元以上三万元以下罚款",
            20000,
            30000,
        ),
        (
            "违法所得一万元以上或者一年内再次违法的",
            "没收违法所得和非法财物，并处违法所得二倍以上三倍以下罚款，责令停业整顿一至六个月",
            None,
            None,
        ),
    ),
    "SY-CF-013": bands(
        (
            "无违法所得，演出场次一场的",
            "予以取缔，没收演出器材，并处五万元以上六万元以下罚款",
            50000,
            60000,
        ),
        (
            "违法所得不足一万元，演出场次二至三场的",
            "予以取缔，没收演出器材和违法所得，并处六万元以上八万元以下罚款",
            60000,
            80000,
        ),
        (
            "违法所得不足一万元，演出场次三场以上的",
            "予以取缔，没收演出器材和违法所得，并处八万元以上十万元以下罚款",
            80000,
            100000,
        ),
        (
            "违法所得一万元以上的",
            "予以取缔，没收演出器材和违法所得，并处违法所得八倍以上十倍以下罚款",
            None,
            None,
        ),
    ),
    "SY-CF-014": bands(
        ("在责令期限内关闭的", "责令限期关闭", None, None),
        ("逾期未关闭，未发生安全事故的", "处十万元以上二十万元以下罚款", 100000, 200000),
        ("逾期未关闭，存在重大安全隐患的", "处二十万元以上三十五万元以下罚款", 200000, 350000),
        (
            "逾期未关闭，发生安全事故或者造成恶劣社会影响的",
            "处三十五万元以上五十万元以下罚款",
            350000,
            500000,
        ),
    ),
}
