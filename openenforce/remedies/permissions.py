"""Who may see and record a case's remedies.

Reading follows the case (``cases.permissions.get_case_for_user``). Registering a remedy
and recording its outcome is for those who answer for the decision: the case's handlers
and the agency head (``may_work_on``) and the agency's legal reviewers, whose office
answers reconsideration and litigation (行政复议法 Art 48; 行政诉讼法 Art 3, 67). The
installation itself (demo set-up, the command line) may too.
"""

from __future__ import annotations

from openenforce.accounts.models import User
from openenforce.accounts.services import SYSTEM_USERNAME
from openenforce.cases.models import Case
from openenforce.cases.permissions import check_may_work_on, may_work_on


def _is_system(actor: User) -> bool:
    return not actor.is_active and actor.username == SYSTEM_USERNAME


def may_handle(user: User, case: Case) -> bool:
    return may_work_on(user, case, review=True)


def check_may_handle(user: User, case: Case) -> None:
    if not _is_system(user):
        check_may_work_on(user, case, review=True)
