"""A client writing through a failover: ``python -m tests.faults.failover_writer URL AGENCY STATION SECRET_HEX
USERNAME STOP_FILE``.

Signs in, adds a referral of its own, then until STOP_FILE exists adds referrals and saves that referral's
panel in turn, without pause, on one long-lived :class:`Database` as a workstation does. It prints a line
for each change the database acknowledged (``added REF`` or ``panel REF N``), ``fault MESSAGE`` for each
refusal in words (the database cannot be reached), and ``error TYPE`` for anything else, which a person
would see as a crash.
"""

from __future__ import annotations

import os
import sys
import time

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import panels
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database
from tests.hub_factory import PASSWORD, Creds

from .crash_writer import PAYLOAD


def panel_text(reference: str, n: int) -> str:
    return f"Findings for {reference}, save {n}: the school nurse saw the child this morning."


def main(url: str, agency: str, station: str, secret_hex: str, username: str, stop_file: str) -> None:
    db = Database(url)
    signed = sign_in(db, Creds(agency, station, bytes.fromhex(secret_hex)), username, PASSWORD)
    own = add_referral(db, signed.actor, PAYLOAD)
    print(f"added {own}", flush=True)
    n = 0
    while not os.path.exists(stop_file):
        n += 1
        try:
            if n % 2:
                print(f"added {add_referral(db, signed.actor, PAYLOAD)}", flush=True)
            else:
                panels.write_panel(db, signed, own, panel_text(own, n))
                print(f"panel {own} {n}", flush=True)
        except EnvironmentFault as exc:
            print(f"fault {exc.message}", flush=True)
            time.sleep(0.2)
        except Exception as exc:  # noqa: BLE001 - reported for the test to fail on
            print(f"error {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
            time.sleep(0.2)
    db.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:7])
