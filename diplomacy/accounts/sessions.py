"""Database sessions, read with the query written out.

Every signed-in request starts by reading its session. Django's database store builds
that one-line query through the ORM each time (~0.15 ms of CPU, a few per cent of a
signed-in page); this store sends it as written. Everything else is Django's own: the
same table and rows, the same expiry, encoding and signature, the same writes. A session
ended (sign-out, a password change, an administrator deleting it) is gone from the
database, so the next request finds nothing and is anonymous, as before.

    SESSION_ENGINE = "diplomacy.accounts.sessions"
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        session_data = self._stored_session_data()
        if session_data is None:
            self._session_key = None  # as Django's store: a new key if anything is saved
            return {}
        return self.decode(session_data)

    def _stored_session_data(self) -> str | None:
        """The encoded data of this key's session, None if it is gone or has expired."""
        table = self.model._meta.db_table
        connection = connections[router.db_for_read(self.model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {connection.ops.quote_name(table)}"  # noqa: S608
                " WHERE session_key = %s AND expire_date > %s",
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        return row[0] if row else None
