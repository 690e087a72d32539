"""Locks an editor meets: a save that waited too long for a row someone else holds, and
django-axes' lockout after repeated failed sign-ins.

A save that waits too long for a row (a long import, another save, a psql session;
PostgreSQL's lock_timeout, SQLite's busy timeout) is rolled back and the form shown again
as posted, with "someone else is saving this" (editorial/content_admin.py). Optimistic
locking, the `revision` a form was opened at, is the form's check
(editorial/content_forms.py).
"""

from __future__ import annotations

from django.db import OperationalError
from django.utils.translation import gettext_lazy

BUSY = gettext_lazy("Someone else is saving this; try again in a moment. Your changes are kept below.")
# PostgreSQL's lock_not_available (lock_timeout) and deadlock_detected.
LOCK_WAIT_STATES = {"55P03", "40P01"}


def is_lock_wait(error: BaseException) -> bool:
    """Did a statement give up waiting for a lock another transaction holds?"""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in LOCK_WAIT_STATES:
        return True
    # SQLite: its busy timeout ran out, or (in-memory, shared cache) another connection
    # writes the same table.
    return "database is locked" in str(error) or "database table is locked" in str(error)


# django-axes keeps the user name of a failed sign-in in a 255-character column.
LOGIN_USERNAME_KEPT = 255


def login_username(request, credentials=None):
    """The user name django-axes counts failed sign-ins under: cut to what its column
    holds. A longer one is no account's, and PostgreSQL would refuse to store it (a 500)."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get("username")
    return username[:LOGIN_USERNAME_KEPT] if isinstance(username, str) else username


def locked_out(request, *args, **kwargs):
    """django-axes' lockout answer: a page in the editor's language, HTTP 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_minutes": minutes}, status=429)
