"""The bounded paginator: exact below its bound, "more than" beyond it."""

import pytest

from openenforce.accounts.models import Agency
from openenforce.accounts.services import get_system_actor, save_agency
from openenforce.core.paging import BoundedPaginator


def test_a_list_longer_than_the_bound_counts_to_the_bound_and_pages_stop_there():
    pages = BoundedPaginator(list(range(25)), per_page=4, bound=10)
    assert (pages.count, pages.exact, pages.num_pages) == (10, False, 3)
    assert list(pages.get_page(99).object_list) == [8, 9]  # the last page ends at the bound


def test_a_list_within_the_bound_is_counted_exactly():
    pages = BoundedPaginator(list(range(10)), per_page=4, bound=10)
    assert (pages.count, pages.exact, pages.num_pages) == (10, True, 3)


@pytest.mark.django_db
def test_a_queryset_is_counted_in_the_database_up_to_the_bound(django_assert_num_queries):
    for n in range(3):
        save_agency(Agency(code=f"p{n}", name=f"分页局{n}"), actor=get_system_actor())
    rows = Agency.objects.filter(code__startswith="p").order_by("code")
    with django_assert_num_queries(1) as queries:
        assert BoundedPaginator(rows, per_page=1, bound=2).count == 2
    assert "LIMIT 3" in queries.captured_queries[0]["sql"]
    assert BoundedPaginator(rows, per_page=1, bound=3).exact
