"""Workstations of one agency signing in while colleagues save panels, in their own processes."""

from __future__ import annotations

from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import panels
from mash_desktop.store.database import Database
from tests.hub_factory import PASSWORD, Creds

REF = "MASH-2026-000001"


def worker(url: str, creds: Creds, username: str, writes: bool, rounds: int, barrier, conn) -> None:
    """Each round, wait for the others, then sign in again (or save the panel); report any failure."""
    db = Database(url)
    failures: list[str] = []
    try:
        signed = sign_in(db, creds, username, PASSWORD)
        for n in range(rounds):
            barrier.wait()
            try:
                if writes:
                    panels.write_panel(db, signed, REF, f"Round {n} by {username}")
                else:
                    sign_in(db, creds, username, PASSWORD)
            except Exception as exc:  # every failure is what the test looks for
                failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        conn.send(failures)
        db.dispose()
