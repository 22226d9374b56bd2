"""The search index: tokens, indexing, matching, filters, order, pages, snippets."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from openenforce.search import selectors, services, sources
from openenforce.search.models import Entry
from openenforce.search.selectors import search
from openenforce.search.tokens import filter_groups, parse_query, tokenize

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH_1 = D(2026, 3, 1)


def add(
    key, title, body="", *, on=MARCH_1, agency_id=1, kind="penalty", category="market", matter_id=7
):
    return services.index_item(
        key=key,
        agency_id=agency_id,
        kind=kind,
        category=category,
        matter_id=matter_id,
        published_on=on,
        title=title,
        body=body,
    )


def keys(page):
    return [hit.key for hit in page.items]


def test_tokens_are_bigrams_plus_the_last_character_and_words():
    assert tokenize("食品安全，ABC ２０２６") == ["食品", "品安", "安全", "全", "abc", "2026"]
    (term,) = parse_query("过期食品")
    assert term.tokens == ("过期", "期食", "食品") and term.exact == ("过期食品",)
    assert parse_query("罚")[0].prefix == ("罚",)
    assert parse_query("  ，。 ") == []


@pytest.mark.parametrize(
    "query", ["罚", "食品", "过期食", "过期食品", "保质期的食品", "FOOD", "foo"]
)
def test_queries_of_every_length_find_the_item(query):
    add(
        "p:1",
        "关于某食品店的行政处罚决定",
        "当事人销售超过保质期的食品（过期食品），Food 罚款五千元。",
    )
    assert keys(search(query)) == ["p:1"]


def test_one_character_query_finds_a_character_that_ends_a_run():
    add("p:1", "决定", "予以警告。")
    assert keys(search("告")) == ["p:1"]


def test_all_bigrams_present_is_not_enough_the_phrase_must_be_there():
    add("p:1", "决定", "食品很安全，品安公司。")
    assert search("食品安全").total == 0
    assert search("食品 安全").total == 1  # two terms: both present


def test_no_match():
    add("p:1", "决定", "食品")
    assert search("药品").total == 0


def test_title_hits_come_first_then_newest_first():
    add("old-title", "过期食品案", "正文", on=D(2025, 1, 1))
    add("new-body", "决定", "销售过期食品", on=D(2026, 5, 1))
    add("new-title", "过期食品案二", "正文", on=D(2026, 1, 1))
    page = search("过期食品")
    assert keys(page) == ["new-title", "old-title", "new-body"]
    assert [hit.in_title for hit in page.items] == [True, True, False]


def test_filters():
    add("a", "食品", on=D(2026, 1, 1), agency_id=1, kind="penalty", category="market", matter_id=1)
    add("b", "食品", on=D(2026, 2, 1), agency_id=2, kind="licence", category="health", matter_id=2)
    assert keys(search("食品", agency_id=2)) == ["b"]
    assert keys(search("食品", kind="penalty")) == ["a"]
    assert keys(search("食品", category="health")) == ["b"]
    assert keys(search("食品", matter_id=1)) == ["a"]
    assert keys(search("食品", date_from=D(2026, 1, 15))) == ["b"]
    assert keys(search("食品", date_to=D(2026, 1, 15))) == ["a"]
    assert keys(search("", agency_id=1)) == ["a"]


def test_pages_across_the_title_and_text_tiers():
    for day in range(1, 6):
        add(f"t{day}", "食品", on=D(2026, 1, day))
        add(f"b{day}", "决定", "食品", on=D(2026, 1, day))
    first, second, last = (search("食品", page=n, per_page=4) for n in (1, 2, 3))
    assert (first.total, first.pages, first.capped) == (10, 3, False)
    assert keys(first) == ["t5", "t4", "t3", "t2"]
    assert keys(second) == ["t1", "b5", "b4", "b3"]
    assert keys(last) == ["b2", "b1"]
    assert not last.has_next and last.has_previous
    assert search("食品", page=9, per_page=4).items == []


def test_counting_stops_at_the_maximum(settings):
    settings.OPENENFORCE_SEARCH_MAX_RESULTS = 3
    for day in range(1, 6):
        add(f"k{day}", "食品", on=D(2026, 1, day))
    page = search("食品", per_page=2)
    assert (page.total, page.capped, page.pages) == (3, True, 2)


def test_snippet_is_escaped_and_marks_the_match():
    add("p:1", "<b>标题</b>食品", "前言" * 40 + "销售<script>过期食品</script>。")
    (hit,) = search("过期食品").items
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;<mark>过期食品</mark>&lt;/script&gt;" in hit.snippet
    assert hit.snippet.startswith("…")
    assert "&lt;b&gt;标题&lt;/b&gt;" in search("食品").items[0].title_html


def test_reindexing_a_key_replaces_the_old_text_and_remove_takes_it_out():
    add("p:1", "决定", "旧的正文")
    add("p:1", "决定", "新的正文")
    assert Entry.objects.count() == 1
    assert search("旧的").total == 0 and search("新的").total == 1
    assert services.remove_item("p:1") is True
    assert search("新的").total == 0 and search("").total == 0
    assert services.remove_item("p:1") is False


def test_reindex_rebuilds_from_items():
    add("stale", "过期", "旧")
    count = services.reindex(
        [
            {
                "key": f"p:{n}",
                "agency_id": 1,
                "kind": "penalty",
                "category": "market",
                "matter_id": None,
                "published_on": D(2026, 1, n),
                "title": f"决定{n}",
                "body": "无证经营",
            }
            for n in range(1, 4)
        ],
        batch_size=2,
    )
    assert count == 3
    assert search("过期").total == 0
    assert keys(search("无证经营")) == ["p:3", "p:2", "p:1"]


def test_reindex_command_reads_the_publications():
    add("stale", "过期", "旧")
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    published = search("").total
    assert out.getvalue().strip() == str(published)
    assert search("过期").total == 0 or published


def test_query_command():
    add("p:1", "过期食品案", "正文")
    out = StringIO()
    call_command("search", "query", "过期", stdout=out)
    assert out.getvalue().splitlines() == ["1 (1/1)", "2026-03-01\tp:1\t过期食品案"]


def test_per_page_is_bounded():
    add("p:1", "食品")
    assert search("食品", per_page=1000).per_page == selectors.MAX_PER_PAGE
    assert search("食品", page=-3).page == 1


def test_many_matches_older_than_the_newest_rows_are_still_found(settings, monkeypatch):
    """Many matches, none among the newest rows: the bounded newest-first walk finds no
    page and the search falls back to collecting the matches (PostgreSQL plan)."""
    settings.OPENENFORCE_SEARCH_MAX_RESULTS = 2
    monkeypatch.setattr(selectors, "WALK_MINIMUM", 2)
    monkeypatch.setattr(selectors, "WALK_FACTOR", 1)
    for day in range(1, 5):
        add(f"old{day}", "决定", "二〇二四年处罚", on=D(2024, 1, day))
    for day in range(1, 5):
        add(f"new{day}", "决定", "其他", on=D(2026, 1, day))
    page = search("二〇二四", per_page=2)
    assert page.capped and keys(page) == ["old4", "old3"]
    assert keys(search("处罚", per_page=1)) == ["old4"]  # the walk finds nothing either


def test_long_date_ranges_and_filter_tokens_cannot_be_typed():
    add("a", "食品", on=D(2021, 6, 1), agency_id=12)
    add("b", "食品", on=D(2026, 2, 1), agency_id=1)
    assert keys(search("食品", date_from=D(2020, 1, 1), date_to=D(2026, 12, 31))) == ["b", "a"]
    assert keys(search("食品", date_from=D(2021, 6, 2), date_to=D(2026, 1, 31))) == []
    assert keys(search("食品", date_from=D(2026, 3, 1), date_to=D(2026, 1, 1))) == []
    assert search("a12").total == 0 and search("_a12").total == 0


def test_filter_tokens_name_only_selective_filters():
    groups = filter_groups(
        agency_id=12,
        kind="penalty",
        category="market",
        matter_id=None,
        date_from=D(2026, 1, 1),
        date_to=D(2026, 3, 31),
        today=D(2026, 11, 27),
    )
    assert groups == [["_a12"], ["_cmarket"], ["_ym202601", "_ym202602", "_ym202603"]]
    # a long range: no date tokens (the column condition alone); the kind never
    assert (
        filter_groups(
            agency_id=None,
            kind="penalty",
            category=None,
            matter_id=None,
            date_from=D(2025, 1, 1),
            date_to=None,
            today=D(2026, 11, 27),
        )
        == []
    )


@pytest.mark.parametrize(
    "filters",
    [
        {"kind": "licence"},
        {"kind": "licence", "date_to": D(2025, 12, 31)},
        {"date_from": D(2025, 6, 2), "date_to": D(2025, 6, 30)},  # month tokens
        {"date_from": D(2024, 1, 1), "date_to": D(2025, 12, 31)},  # none
        {"category": "health", "agency_id": 2},
    ],
)
def test_capped_pages_with_filters_are_the_newest_rows_that_pass(settings, filters):
    """Many hits (more than the cap): the page comes from walking the newest rows that
    pass the filters, and must be what the filters and the order say."""
    settings.OPENENFORCE_SEARCH_MAX_RESULTS = 3
    for day in range(1, 7):
        add(f"new{day}", "食品", on=D(2026, 1, day))  # penalty, market, agency 1
        add(f"lic{day}", "食品", on=D(2025, 6, day), kind="licence", agency_id=2, category="health")
        add(f"old{day}", "决定", "食品", on=D(2024, 3, day), kind="licence")
    page = search("食品", per_page=2, **filters)
    assert page.capped and page.total == 3
    assert keys(page) == ["lic6", "lic5"]
    assert keys(search("食品", page=2, per_page=2, **filters)) == ["lic4", "lic3"]


def test_reindex_by_default_reads_every_registered_source(monkeypatch):
    """The disclosure app registers the public publications (search imports no app);
    another source registered is read too."""
    assert "disclosure" in sources.sources()
    item = {
        "key": "x:1",
        "agency_id": 1,
        "kind": "penalty",
        "category": "market",
        "matter_id": None,
        "published_on": MARCH_1,
        "title": "外来",
        "body": "来源",
    }
    monkeypatch.setitem(sources._sources, "fake", lambda: [item])
    count = services.reindex()
    assert "x:1" in keys(search("来源")) and count == search("").total
