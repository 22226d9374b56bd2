"""The calendar's one extension point: ``calendar_changed``.

Apps that store results derived from the working-day calendar (a case's deadlines, a legal
review's due date) connect a receiver in their ``AppConfig.ready()``. The calendar's
services send the signal, with ``actor=``, inside the transaction that changed the
calendar, so the change and the recomputation land together; a receiver that raises undoes
both. The calendar never imports the apps that listen.
"""

from django.dispatch import Signal

# Sent with ``actor`` (the user, or the installation's system actor, making the change).
calendar_changed = Signal()
