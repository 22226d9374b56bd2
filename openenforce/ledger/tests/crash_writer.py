"""A writer for the crash test: appends events and prints each sequence once committed.

Run as ``python -m openenforce.ledger.tests.crash_writer AGENCY_PK``; the test kills it
with SIGKILL mid-stream and checks that every printed (acknowledged) entry survived.
"""

import sys

import django


def main(agency_pk: int) -> None:
    django.setup()
    from django.db import transaction

    from openenforce.accounts.models import Agency
    from openenforce.ledger.services import record

    agency = Agency.objects.get(pk=agency_pk)
    while True:
        with transaction.atomic():
            entry = record(actor=None, event_type="test.crash", subject=agency)
        print(entry.sequence, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
