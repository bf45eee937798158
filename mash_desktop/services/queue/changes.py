"""Noticing changes made at other workstations.

Every change writes an audit event in its own transaction, so the number of
the last audit event (``audit_head.last_event_id``) is a change counter that
both databases keep. On PostgreSQL each event also sends a notification on
the ``mash_changes`` channel when it commits (security/audit.py); the payload
is the event number only, never any case data.

:class:`ChangeListener` watches on a thread of its own: on PostgreSQL it holds
a dedicated connection that LISTENs, on SQLite it polls the counter about
once a second. It reports the counter whenever it may have moved, including
on every (re)connection, and says when the database cannot be reached; the
caller compares the counter with the one its last load saw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import select

from ...security.audit import CHANGES_CHANNEL as CHANNEL
from ...store.database import Database
from ...store.models import AuditHead

POLL_SECONDS = 1.0
#: How often a quiet PostgreSQL connection is checked to be alive.
PING_SECONDS = 5.0
RETRY_SECONDS = 2.0


def latest_change(db: Database) -> int:
    """The number of the last change committed to the hub database."""
    with db.read() as session:
        return session.scalar(select(AuditHead.last_event_id).where(AuditHead.id == 1)) or 0


def _pg_connect_args(db: Database) -> dict[str, object]:
    """What psycopg needs to reach the hub as the engine does: the dialect's own reading of the URL, so
    a multi-host address (a primary and its standby, ``?host=A&host=B&target_session_attrs=read-write``)
    reaches whichever server takes writes now."""
    _, params = db.engine.dialect.create_connect_args(db.engine.url)
    args: dict[str, object] = {k: v for k, v in params.items() if k != "context"}
    args.setdefault("connect_timeout", 5)
    args["application_name"] = "mash-desktop-changes"
    return args


def _counter(payload: str) -> int:
    return int(payload) if payload.isdigit() else -1


class ChangeListener:
    """Calls ``on_change(counter)`` when the hub may have changed, from a thread.

    ``on_online(bool)`` is called when the database becomes unreachable or
    reachable again. Callbacks run on the listener's thread: a GUI must hand
    them over to its own thread (gui/queue/live.py does).
    """

    def __init__(self, db: Database, on_change: Callable[[int], None],
                 on_online: Callable[[bool], None] | None = None, *,
                 poll_seconds: float = POLL_SECONDS, retry_seconds: float = RETRY_SECONDS) -> None:
        self._db = db
        self._on_change = on_change
        self._on_online = on_online or (lambda _online: None)
        self._poll = poll_seconds
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._online: bool | None = None
        #: Set once the listener is watching (for tests and status displays).
        self.watching = threading.Event()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a change listener starts only once")
        target = self._listen if self._db.dialect == "postgresql" else self._poll_loop
        self._thread = threading.Thread(target=target, name="mash-changes", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop watching; waits briefly for the thread to end."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            if online:
                self.watching.set()
            else:
                self.watching.clear()
            self._on_online(online)

    # --- SQLite (and any database without notifications): polling -----------

    def _poll_loop(self) -> None:
        last: int | None = None
        while not self._stop.is_set():
            try:
                counter = latest_change(self._db)
            except Exception:
                self._set_online(False)
                last = None
                self._stop.wait(self._retry)
                continue
            reconnected = self._online is False
            self._set_online(True)
            if counter != last or reconnected:
                last = counter
                self._on_change(counter)
            self._stop.wait(self._poll)

    # --- PostgreSQL: LISTEN on a dedicated connection ---------------------------

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, **_pg_connect_args(self._db)) as conn:
                    self._watch(conn)
            except psycopg.Error:
                self._set_online(False)
                self._stop.wait(self._retry)

    def _watch(self, conn: psycopg.Connection) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        # Listening first, then reading the counter: nothing falls in between.
        row = conn.execute("SELECT last_event_id FROM audit_head WHERE id = 1").fetchone()
        self._set_online(True)
        self._on_change(int(row[0]) if row else 0)
        quiet = 0.0
        while not self._stop.is_set():
            notes = list(conn.notifies(timeout=self._poll, stop_after=1))
            if notes:
                quiet = 0.0
                self._on_change(_counter(notes[-1].payload))
                continue
            quiet += self._poll
            if quiet >= PING_SECONDS:
                quiet = 0.0
                conn.execute("SELECT 1")
