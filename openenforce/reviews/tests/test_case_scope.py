"""The submission for legal review is the case's handlers' (or the head's) work, also when
the service is called directly, not through the case's action (issue 22)."""

import pytest

from openenforce.core.errors import NotPermitted
from openenforce.reviews import services
from openenforce.reviews.models import LegalReview
from openenforce.reviews.tests.conftest import MATERIALS
from openenforce.testing.team import bystander

pytestmark = pytest.mark.django_db


def test_an_officer_who_does_not_handle_the_case_cannot_submit_it(major_case, team):
    with pytest.raises(NotPermitted) as refused:
        services.submit_for_review(major_case, actor=bystander(team), data=dict(MATERIALS))
    assert refused.value.code == "case_not_handler"
    assert not LegalReview.objects.exists()
