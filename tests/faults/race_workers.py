"""Allocators in their own processes, racing for one case round after round.

Each worker signs in as its own supervisor on its own database connection.
In every round all of them are shown the case as it stands (its version and
who has it, as the allocation dialog shows it), wait at a barrier for each
other, and allocate the case to an officer other than the one who has it.
What happened goes back to the test through each worker's pipe.
"""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.errors import Conflict
from mash_desktop.security.accounts import SignedIn, sign_in
from mash_desktop.services.case import allocation
from mash_desktop.services.case.allocation import CaseAllocation
from mash_desktop.services.case.casework import _allocate
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.services.admin.users import user_by_username
from mash_desktop.store.database import Database
from tests.hub_factory import PASSWORD, Creds

REF = "MASH-2026-000001"
#: Who may be given the case; each round a worker picks one who does not have it.
OFFICERS = ("csc.officer", "csc.new", "csc.extra")


def allocate_ignoring_version(db: Database, signed: SignedIn, reference: str, to_username: str,
                              expected_version: int, now: dt.datetime | None = None) -> CaseAllocation:
    """allocate_case without its version check: a broken service the race test must catch."""
    with db.write() as session:
        referral = referral_by_reference(session, reference, for_update=True)
        officer = user_by_username(session, to_username)
        if officer.id == referral.allocated_to_id:
            raise Conflict(f"{referral.reference} is already allocated to {officer.display_name}.")
        _allocate(session, signed.actor, referral, officer, dt.datetime.now(dt.timezone.utc))
        session.flush()
        return allocation._state(session, referral)


def allocator(url: str, creds: Creds, username: str, index: int, barrier, conn, broken: bool = False) -> None:
    """Sign in, then race once per round that ``conn`` announces; answer each with what happened.

    A round is announced as (round, version, holder): the case as every
    supervisor sees it before the round. The worker picks an officer other
    than the holder, waits at ``barrier`` for all the others, allocates and
    sends back (round, index, "won" or "conflict", the allocation or the
    refusal). ``None`` ends the race.
    """
    db = Database(url)
    try:
        signed = sign_in(db, creds, username, PASSWORD)
        allocate_case = allocate_ignoring_version if broken else allocation.allocate_case
        conn.send("ready")
        while (round_ := conn.recv()) is not None:
            n, version, holder = round_
            choices = [o for o in OFFICERS if o != holder]
            target = choices[(index + n) % len(choices)]
            barrier.wait()  # everyone has seen the case: go
            try:
                won = allocate_case(db, signed, REF, target, version).current
                conn.send((n, index, "won", won.describe()))
            except Conflict as exc:
                conn.send((n, index, "conflict", exc.message))
    except Exception as exc:  # reported, not lost in a child's stderr
        conn.send((-1, index, "error", f"{type(exc).__name__}: {exc}"))
        barrier.abort()
    finally:
        db.dispose()


def round_problems(outcomes: list[tuple[int, int, str, str]], rounds: int, workers: int) -> list[str]:
    """What went wrong: a round without exactly one winner, or a loser not told who won."""
    problems = [f"worker {i}: {text}" for n, i, kind, text in outcomes if kind == "error"]
    for n in range(rounds):
        this = [(kind, text) for m, _, kind, text in outcomes if m == n]
        won = [text for kind, text in this if kind == "won"]
        if len(this) != workers or len(won) != 1:
            problems.append(f"round {n}: {len(won)} winners among {len(this)} results")
            continue
        told = {text for kind, text in this if kind == "conflict"}
        if told != {f"Already allocated to {won[0]}."}:
            problems.append(f"round {n}: losers were told {sorted(told)}, the winner was {won[0]}")
    return problems
