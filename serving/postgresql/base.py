"""PostgreSQL with deadlines on the client's side, so a hung database never hangs the node.

A frozen PostgreSQL (process stopped, disk stalled, network black hole) still has its
kernel acknowledge packets, so TCP keepalives never fire, and its own statement_timeout
never runs. So the deadlines are ours: libpq's connect_timeout (settings.py passes
DJANGO_DB_CONNECT_TIMEOUT), and a watchdog (serving/watchdog.py) that shuts the
socket of any statement running longer than DJANGO_DB_QUERY_TIMEOUT, which frees the
thread: the query fails, and the visitor gets the translated 503 page. After such a
timeout the process answers "database unavailable" at once for DJANGO_DB_RETRY_AFTER
seconds instead of sending every request into the same wait, so threads stay free for
cached pages; then it tries again, and recovers by itself when the database thaws.
"""

from __future__ import annotations

import time

from django.db import OperationalError
from django.db.backends.postgresql import base

from serving import watchdog


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(watchdog.watched_statement)

    def is_usable(self) -> bool:
        # A connection psycopg found lost (a restart, pg_terminate_backend, a failover) is
        # already closed: unusable, and asking for its socket would raise. Saying so lets
        # Django discard it (close_if_unusable_or_obsolete) and open a new one.
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        # Django's health check runs "SELECT 1" on the raw connection, outside the
        # execute wrappers: give it the same deadline.
        try:
            trial = watchdog.breaker.check()
        except OperationalError:
            return False
        try:
            descriptor = self.connection.fileno()
        except base.Database.Error:
            return False
        usable = watchdog.within_deadline(descriptor, super().is_usable, on_timeout=False, always=True)
        if usable:
            watchdog.breaker.succeeded(trial)
        return usable

    def get_new_connection(self, conn_params):
        trial = watchdog.breaker.check()
        started = time.monotonic()
        try:
            connection = super().get_new_connection(conn_params)
        except base.Database.OperationalError:
            # A refused connection fails fast and costs nothing; one that ran into
            # connect_timeout would cost the next request as much: open the breaker.
            if time.monotonic() - started >= 0.9 * float(conn_params.get("connect_timeout") or 0):
                watchdog.breaker.trip()
            raise
        watchdog.breaker.succeeded(trial)
        return connection
