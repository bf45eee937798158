"""A writer to be killed: ``python -m tests.faults.crash_writer URL AGENCY STATION SECRET_HEX USERNAME``.

Signs in once, then waits on standard input. Each ``go SEED`` line forks a
child that works on the hub without pause (new referrals, panel saves,
allocations, chosen by SEED) until it is killed; the writer prints the
child's pid, waits for it to die and prints ``reaped STATUS`` (as waitpid
gives it). Forking from one signed-in process makes a fresh writer in
milliseconds, so a test can kill hundreds of them. No database connection is open when it forks.
"""

from __future__ import annotations

import os
import random
import sys

from sqlalchemy import select

from mash_desktop.domain.errors import Conflict
from mash_desktop.security.accounts import SignedIn, sign_in
from mash_desktop.services.case import allocation, panels
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database
from mash_desktop.store.models import Referral
from tests.hub_factory import EXAMPLE, PASSWORD, Creds

OFFICERS = ("csc.officer", "csc.new")
PAYLOAD = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}}


def _some_reference(db: Database, rng: random.Random) -> str:
    with db.read() as session:
        references = list(session.scalars(select(Referral.reference)))
    return rng.choice(references)


def work(url: str, signed: SignedIn, seed: int) -> None:
    """Save, save, save… until killed."""
    rng = random.Random(seed)
    db = Database(url)
    while True:
        step = rng.random()
        if step < 0.4:
            add_referral(db, signed.actor, PAYLOAD)
        elif step < 0.75:
            text = f"Findings {rng.random():.6f}. " * rng.randint(1, 400)
            panels.write_panel(db, signed, _some_reference(db, rng), text)
        else:
            reference = _some_reference(db, rng)
            seen = allocation.allocation_state(db, reference)
            to = OFFICERS[0] if seen.current is None or seen.current.username != OFFICERS[0] else OFFICERS[1]
            try:
                allocation.allocate_case(db, signed, reference, to, seen.version)
            except Conflict:  # a closed case; nothing else writes meanwhile
                pass


def main(url: str, agency: str, station: str, secret_hex: str, username: str) -> None:
    db = Database(url)
    signed = sign_in(db, Creds(agency, station, bytes.fromhex(secret_hex)), username, PASSWORD)
    # A client runs for hours: its first contact warms what it keeps (the bank holidays the
    # screening clock walks, lazy imports), so each forked writer starts as a warm client would.
    add_referral(db, signed.actor, PAYLOAD)
    db.dispose()
    print("ready", flush=True)
    for line in sys.stdin:
        command, *rest = line.split()
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                work(url, signed, int(rest[0]))
            finally:
                os._exit(1)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"reaped {status}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
