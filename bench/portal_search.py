"""Benchmark of the portal search (issue 6): search over 1,000,000 published decisions.

    .venv/bin/python bench/portal_search.py [--quick] [--size N]

Runs on PostgreSQL, in its own database ``openenforce_bench_search`` (dropped and
re-created; another one with ``DATABASE_URL``). Set-up: the search app's tables
(migrations), then ``--size`` realistic, already masked Chinese decision texts (default
1,000,000; ``--quick``: 100,000) generated in bulk and written straight into the index
table with COPY, tokens made by the application's own tokenizer; indexes are built after
the load (as a restore would), then ANALYZE.

Measures the time of ``openenforce.search.selectors.search`` (the call the portal page
and API make: both counts, the page of hits, snippets) over a set of realistic queries of
1, 2, 3 and 4+ characters, with and without filters, and of a bare indexed lookup of one
row by its key through the same connection (the baseline). Prints p50/p95/p99 of each and
the ratio; JSON as the last line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
os.environ.setdefault("OPENENFORCE_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.key"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/openenforce_bench_search")

TARGET_P95_MS = 100.0

CITIES = [
    "长沙市",
    "株洲市",
    "湘潭市",
    "衡阳市",
    "岳阳市",
    "常德市",
    "郴州市",
    "怀化市",
    "广州市",
    "深圳市",
    "成都市",
    "杭州市",
    "武汉市",
    "南京市",
    "郑州市",
    "西安市",
]
DISTRICTS = [
    "岳麓区",
    "芙蓉区",
    "天心区",
    "开福区",
    "雨花区",
    "望城区",
    "天河区",
    "越秀区",
    "武侯区",
    "西湖区",
    "江岸区",
    "鼓楼区",
    "金水区",
    "雁塔区",
    "宁乡市",
    "浏阳市",
]
AGENCY_KINDS = [
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "卫生健康委员会",
    "应急管理局",
    "农业农村局",
    "文化旅游广电局",
    "城市管理和综合执法局",
    "自然资源和规划局",
    "住房和城乡建设局",
]
CATEGORIES = [
    "market",
    "environment",
    "transport",
    "health",
    "emergency",
    "agriculture",
    "culture",
    "urban",
    "resources",
    "housing",
]
NAME_WORDS = [
    "鑫源",
    "华兴",
    "恒通",
    "金穗",
    "湘江",
    "麓山",
    "星城",
    "瑞丰",
    "宏达",
    "永安",
    "福满",
    "康泰",
    "美佳",
    "天成",
    "润泽",
    "百合",
    "老街",
    "新民",
    "嘉禾",
    "顺发",
    "明珠",
    "盛世",
    "诚信",
    "一品",
    "味道",
    "青禾",
    "蓝天",
    "安心",
    "红星",
    "和记",
]
TRADES = [
    "餐饮",
    "食品",
    "商贸",
    "超市",
    "药房",
    "医药",
    "运输",
    "物流",
    "建筑",
    "装饰",
    "化工",
    "五金",
    "烟酒",
    "便利店",
    "网吧",
    "酒店",
    "印刷",
    "环保",
    "农资",
    "汽车维修",
]
FORMS = ["有限公司", "有限责任公司", "店", "经营部", "个体工商户", "分公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
# (fact, law, article, category) - the facts as published decisions state them.
FACTS = [
    ("销售超过保质期的食品，货值金额{n}元", "《中华人民共和国食品安全法》", "第三十四条", "market"),
    ("未取得食品经营许可从事食品经营活动", "《中华人民共和国食品安全法》", "第三十五条", "market"),
    ("经营标签不符合规定的预包装食品", "《中华人民共和国食品安全法》", "第六十七条", "market"),
    ("无证经营，未依法取得营业执照从事经营活动", "《无证无照经营查处办法》", "第二条", "market"),
    (
        "超范围经营，经营范围以外从事{trade}经营",
        "《中华人民共和国市场主体登记管理条例》",
        "第十七条",
        "market",
    ),
    ("发布虚假广告，宣传产品具有治疗作用", "《中华人民共和国广告法》", "第二十八条", "market"),
    ("销售不合格电线电缆{n}米", "《中华人民共和国产品质量法》", "第三十九条", "market"),
    ("使用未经检验的电梯", "《中华人民共和国特种设备安全法》", "第四十条", "market"),
    ("销售假药{n}盒", "《中华人民共和国药品管理法》", "第九十八条", "health"),
    ("未按规定执行药品进货查验制度", "《中华人民共和国药品管理法》", "第五十六条", "health"),
    ("公共场所未取得卫生许可证擅自营业", "《公共场所卫生管理条例》", "第八条", "health"),
    (
        "医疗机构使用非卫生技术人员从事医疗卫生技术工作",
        "《医疗机构管理条例》",
        "第二十七条",
        "health",
    ),
    (
        "超标排放大气污染物，颗粒物浓度超过排放标准{n}倍",
        "《中华人民共和国大气污染防治法》",
        "第十八条",
        "environment",
    ),
    (
        "夜间施工产生噪声污染，干扰周围居民正常生活",
        "《中华人民共和国噪声污染防治法》",
        "第四十三条",
        "environment",
    ),
    (
        "未依法进行环境影响评价擅自开工建设",
        "《中华人民共和国环境影响评价法》",
        "第二十五条",
        "environment",
    ),
    ("违法倾倒建筑垃圾{n}吨", "《城市建筑垃圾管理规定》", "第十五条", "urban"),
    ("擅自占用城市道路摆摊设点", "《城市道路管理条例》", "第二十七条", "urban"),
    ("擅自设置户外广告设施", "《城市市容和环境卫生管理条例》", "第十一条", "urban"),
    ("货运车辆超限超载运输，超过核定载质量{n}%", "《公路安全保护条例》", "第六十六条", "transport"),
    (
        "未取得道路运输经营许可擅自从事道路客运经营",
        "《中华人民共和国道路运输条例》",
        "第十条",
        "transport",
    ),
    (
        "网约车未取得运输证从事网约车经营",
        "《网络预约出租汽车经营服务管理暂行办法》",
        "第十三条",
        "transport",
    ),
    (
        "生产经营单位未按规定对从业人员进行安全生产教育和培训",
        "《中华人民共和国安全生产法》",
        "第二十八条",
        "emergency",
    ),
    ("未经许可储存危险化学品{n}公斤", "《危险化学品安全管理条例》", "第二十四条", "emergency"),
    ("未按规定配置消防设施", "《中华人民共和国消防法》", "第十六条", "emergency"),
    ("经营假劣农药{n}瓶", "《农药管理条例》", "第二十七条", "agriculture"),
    ("销售未经检疫的动物产品", "《中华人民共和国动物防疫法》", "第二十九条", "agriculture"),
    ("网吧接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》", "第二十一条", "culture"),
    ("擅自从事营业性演出经营活动", "《营业性演出管理条例》", "第六条", "culture"),
    (
        "未经批准擅自占用耕地{n}平方米建房",
        "《中华人民共和国土地管理法》",
        "第四十四条",
        "resources",
    ),
    ("未取得施工许可证擅自施工", "《建筑工程施工许可管理办法》", "第三条", "housing"),
]
PENALTIES = [
    "警告",
    "罚款{n}元",
    "没收违法所得{n}元，并处罚款{m}元",
    "责令停产停业",
    "暂扣许可证件",
    "没收违法物品，并处罚款{m}元",
    "通报批评",
]
KINDS = ["penalty"] * 14 + ["licence"] * 3 + ["other", "inspection", "inspection"]

QUERIES = [  # (query, filters) as citizens type them on the portal
    ("罚", {}),
    ("药", {}),
    ("烟", {"category": "market"}),
    ("吨", {"kind": "penalty"}),
    ("食品", {}),
    ("噪声", {}),
    ("超载", {"date_from": "2025-01-01"}),
    ("网吧", {"agency": 3}),
    ("药品", {"category": "health"}),
    ("广告", {"kind": "penalty", "category": "market"}),
    ("保质期", {}),
    ("营业执照", {}),
    ("危险化学品", {}),
    ("耕地", {"agency": 7}),
    ("无证经营", {}),
    ("过期食品", {}),
    ("超范围经营", {"category": "market"}),
    ("未取得食品经营许可", {}),
    ("虚假广告", {"date_from": "2024-01-01", "date_to": "2024-12-31"}),
    ("鑫源餐饮有限公司", {}),
    ("湘江食品", {}),
    ("网约车 运输证", {}),
    ("安全生产 培训", {"category": "emergency"}),
    ("第十八条", {}),
    ("2024", {"kind": "penalty"}),
    ("食品安全法第三十四条", {}),
    ("颗粒物浓度", {"agency": 12}),
    ("消防", {"page": 5}),
    ("食品", {"page": 20}),
    ("", {"agency": 5}),
    ("", {"category": "transport", "page": 3}),
    ("星城超市", {"kind": "penalty"}),
    ("未经检疫", {}),
    ("电梯", {"date_from": "2026-01-01"}),
]


def fresh_database() -> None:
    from bench.ledger import fresh_database as recreate

    recreate()


def setup() -> None:
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "search", verbosity=0)


class Corpus:
    """Deterministic realistic decisions (already masked: parties as 某, no numbers)."""

    def __init__(self, seed: int = 6, agencies: int = 200) -> None:
        self.rng = random.Random(seed)
        self.agencies = [
            (
                CITIES[i % len(CITIES)] + DISTRICTS[i // len(CITIES) % len(DISTRICTS)],
                AGENCY_KINDS[i % len(AGENCY_KINDS)],
                CATEGORIES[i % len(CATEGORIES)],
            )
            for i in range(agencies)
        ]
        self.start = datetime.date(2021, 11, 1)  # 1,800 days: up to October 2026

    def party(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(SURNAMES) + "某"
        city = rng.choice(CITIES)[:-1]
        return city + rng.choice(NAME_WORDS) + rng.choice(TRADES) + rng.choice(FORMS)

    def decision(self, index: int) -> tuple:
        rng = self.rng
        agency_index = rng.randrange(len(self.agencies))
        place, agency_kind, category = self.agencies[agency_index]
        facts = [f for f in FACTS if f[3] == category] or FACTS
        fact, law, article, _ = rng.choice(facts)
        fact = fact.format(n=rng.randint(2, 5000), trade=rng.choice(TRADES))
        penalty = rng.choice(PENALTIES).format(
            n=rng.randint(100, 90000), m=rng.randint(1000, 200000)
        )
        party = self.party()
        agency = place + agency_kind
        day = self.start + datetime.timedelta(days=rng.randrange(1800))
        number = f"{place[:2]}{agency_kind[:2]}罚决字〔{day.year}〕第{index % 9000 + 1}号"
        kind = rng.choice(KINDS)
        title = f"{agency}关于{party}{fact.split('，')[0]}的行政处罚决定"
        body = (
            f"行政处罚决定书（{number}）。当事人：{party}，住所：{place}***。"
            f"经查，当事人{fact}。本机关于{day.year}年{day.month}月{day.day}日立案调查，"
            f"调取了现场检查笔录、询问笔录、照片等证据。上述行为违反了{law}{article}的规定。"
            f"依据{law}的有关规定，结合本机关行政处罚裁量基准，本机关决定对当事人作出如下行政处罚："
            f"{penalty}。当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向{place[:3]}人民政府"
            f"申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。{agency}，"
            f"{day.year}年{day.month}月{day.day}日。"
        )
        matter_id = agency_index * 5 + rng.randrange(5)
        return (f"bench:{index}", agency_index + 1, kind, category, matter_id, day, title, body)


def fast_token_string():
    """The application's ``token_string``, sentence by sentence with a cache: runs of
    characters never cross "。", so the union of the sentences' tokens, in order, is the
    text's tokens (checked on the first rows); the fixed sentences of a decision repeat."""
    import functools

    from openenforce.search.tokens import tokenize

    cached = functools.lru_cache(maxsize=200_000)(lambda sentence: tuple(tokenize(sentence)))

    def tokens(text: str) -> str:
        seen: dict[str, None] = {}
        for sentence in text.split("。"):
            seen.update(dict.fromkeys(cached(sentence)))
        return " ".join(seen)

    return tokens


def load(size: int) -> float:
    """COPY ``size`` decisions into the index table, then build its indexes."""
    from django.db import connection

    from openenforce.search.tokens import filter_tokens, token_string

    fast = fast_token_string()

    started = time.perf_counter()
    corpus = Corpus()
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_entry' "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        copy_sql = (
            "COPY search_entry (key, agency_id, kind, category, matter_id, published_on, "
            "title, body, tokens, title_tokens, indexed_at) FROM STDIN"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for index in range(size):
                key, agency, kind, category, matter, day, title, body = corpus.decision(index)
                tokens = fast(f"{title}\n{body}")
                if index < 1000:
                    assert tokens == token_string(f"{title}\n{body}")
                filters = " " + " ".join(
                    filter_tokens(
                        agency_id=agency,
                        kind=kind,
                        category=category,
                        matter_id=matter,
                        published_on=day,
                    )
                )
                copy.write_row(
                    (
                        key,
                        agency,
                        kind,
                        category,
                        matter,
                        day,
                        title,
                        body,
                        tokens + filters,
                        token_string(title) + filters,
                        now,
                    )
                )
                if index and index % 100_000 == 0:
                    print(f"  {index:,} rows ({time.perf_counter() - started:.0f} s)", flush=True)
        print(f"  loaded ({time.perf_counter() - started:.0f} s); indexing", flush=True)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            cursor.execute(definition)
            print(f"  {name} ({time.perf_counter() - started:.0f} s)", flush=True)
        cursor.execute("VACUUM ANALYZE search_entry")
    return time.perf_counter() - started


def percentiles(times_ms: list[float]) -> dict:
    ordered = sorted(times_ms)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(at(0.95), 2),
        "p99": round(at(0.99), 2),
        "max": round(ordered[-1], 2),
    }


def measure_search(runs: int) -> tuple[dict, dict]:
    from openenforce.search.selectors import search

    times, slowest = [], {}
    for query, options in QUERIES:
        options = dict(options)
        kwargs = {"page": options.pop("page", 1)}
        if "agency" in options:
            kwargs["agency_id"] = options.pop("agency")
        for name in ("date_from", "date_to"):
            if name in options:
                kwargs[name] = datetime.date.fromisoformat(options.pop(name))
        kwargs.update(options)
        search(query, **kwargs)  # warm the caches once
        for _ in range(runs):
            started = time.perf_counter()
            page = search(query, **kwargs)
            times.append((time.perf_counter() - started) * 1000)
        label = f"{query or '(all)'} {kwargs}"
        slowest[label] = (round(max(times[-runs:]), 1), page.total, page.capped)
    return percentiles(times), slowest


def measure_baseline(runs: int, size: int) -> dict:
    """One row by its unique key through the same connection: a bare indexed lookup."""
    from django.db import connection

    rng = random.Random(7)
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            key = f"bench:{rng.randrange(size)}"
            started = time.perf_counter()
            cursor.execute(
                "SELECT key, title, body, published_on FROM search_entry WHERE key = %s", [key]
            )
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def run(quick: bool, size: int | None = None, reuse: bool = False) -> dict:
    """Load (unless ``reuse``: measure the database a previous run loaded) and measure."""
    size = size or (100_000 if quick else 1_000_000)
    if reuse:
        import django

        django.setup()
    else:
        setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench/portal_search.py measures PostgreSQL: set DATABASE_URL")
    if reuse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_entry")
            size, load_s = cursor.fetchone()[0], 0.0
        print(f"reusing {size:,} published decisions", flush=True)
    else:
        print(f"loading {size:,} published decisions", flush=True)
        load_s = load(size)
    runs = 5 if quick else 10
    search_ms, per_query = measure_search(runs)
    baseline_ms = measure_baseline(runs * len(QUERIES), size)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_entry')")
        table_bytes = cursor.fetchone()[0]
    for label, (worst, total, capped) in sorted(per_query.items(), key=lambda kv: -kv[1][0]):
        print(f"  {worst:8.1f} ms  {total}{'+' if capped else ''} hits  {label}")
    return {
        "benchmark": "portal_search",
        "database": connection.vendor,
        "items": size,
        "queries": len(QUERIES),
        "runs_per_query": runs,
        "load_s": round(load_s, 1),
        "table_mb": round(table_bytes / 2**20),
        "search_ms": search_ms,
        "baseline_ms": baseline_ms,
        "ratio_p95_to_baseline": round(search_ms["p95"] / max(baseline_ms["p95"], 1e-3), 1),
        "target_p95_ms": TARGET_P95_MS,
        "target_met": search_ms["p95"] <= TARGET_P95_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100,000 items, fewer runs")
    parser.add_argument("--size", type=int, help="number of items (default 1,000,000)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the items a previous run loaded"
    )
    args = parser.parse_args()
    result = run(args.quick, args.size, args.reuse)
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
