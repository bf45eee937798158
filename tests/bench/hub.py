"""The hub the benchmark measures: a demo hub grown to N referrals.

A small demo hub is built through the real services (agencies, staff with
keys, referrals in every state with sealed panels and disclosures), then
:mod:`.bulk` copies its referrals up to N. Two cases are made through the
services for the case figures: one researched by all seven agencies, each
with its panel written (:attr:`BenchHub.workspace_ref`), and one with twenty
disclosures to the hub (:attr:`BenchHub.sharing_ref`). One more account,
``csc.bench``, uses the default production password hashing, for the
sign-in figure. On PostgreSQL the hub lives in a throwaway database.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from contextlib import contextmanager
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Rag, Role, StatutoryGateway
from mash_desktop.security.accounts import SignedIn, sign_in
from mash_desktop.security.crypto import KdfParams
from mash_desktop.services.case import allocation, casework, disclosures, panels
from mash_desktop.services.admin import users
from mash_desktop.services.demo.hub import DEMO_PASSWORD, build_demo, demo_credentials
from mash_desktop.services.demo.content import referral_payload
from mash_desktop.services.demo.findings import finding
from mash_desktop.services.intake.referrals import HUB_ZONE, add_referral
from mash_desktop.store import schema
from mash_desktop.store.database import Database

from .bulk import copy_referrals

#: Referrals built through the services before the rest are copied.
DEMO_REFERRALS = 40
AGENCY_CODES = ("CSC", "POL", "ASC", "HLT", "EDU", "EH", "PRB")
SIGN_IN_USER = "csc.bench"
SHARED = 20


@dataclass(frozen=True)
class BenchHub:
    url: str
    referrals: int
    workspace_ref: str
    sharing_ref: str
    sign_in_user: str = SIGN_IN_USER


def staff(db: Database, username: str) -> SignedIn:
    """A demo staff member signed in at their agency's demo workstation."""
    code = username.split(".")[0].upper()
    return sign_in(db, demo_credentials(code, db.url), username, DEMO_PASSWORD)


def _new_case(db: Database, rng: random.Random, now: dt.datetime) -> tuple[str, str]:
    """A red case allocated to csc.officer, researched by every other agency: (reference, first name)."""
    officer = staff(db, "csc.officer")
    supervisor = staff(db, "csc.supervisor")
    payload = referral_payload(rng, today=now.astimezone(HUB_ZONE).date(), received_at=now - dt.timedelta(hours=1))
    reference = add_referral(db, officer.actor, payload, now)
    casework.run_step(db, supervisor.actor, reference, casework.set_rag, Rag.RED, "Benchmark case.", now=now)
    seen = allocation.allocation_state(db, reference)
    allocation.allocate_case(db, supervisor, reference, "csc.officer", seen.version, now)
    casework.run_step(db, supervisor.actor, reference, casework.request_research, AGENCY_CODES[1:], now=now)
    return reference, payload["subjects"][0]["given_name"]


def _write_panels(db: Database, rng: random.Random, reference: str, name: str) -> dict[str, SignedIn]:
    officers = {code: staff(db, f"{code.lower()}.officer") for code in AGENCY_CODES}
    for code, officer in officers.items():
        panels.write_panel(db, officer, reference, finding(rng, code, name) if code != "CSC" else
                           f"Children's social care history for {name}: one previous contact, no open case.")
    return officers


def _disclose(db: Database, officer: SignedIn, reference: str, number: int) -> None:
    basis = LawfulBasis.DPA_PART3_S35_SCH8_4 if officer.actor.agency_code == "POL" else LawfulBasis.ART6_1E
    disclosures.disclose(db, officer, reference, disclosures.DisclosureRequest(
        to=disclosures.HUB, basis=basis, consent=ConsentPosition.GIVEN, consent_reason=None,
        handling=HandlingCode.P, gateway=StatutoryGateway.CA2004_S11,
        justification="Necessary for the hub to assess risk and decide on the right response.",
        text=f"Finding {number} shared by {officer.actor.agency_code}: relevant history summarised for the "
             "hub's decision, with dates and sources as recorded in the agency's own systems."))


def _sign_in_account(db: Database) -> None:
    lead = staff(db, "csc.supervisor")
    users.add_account(db, lead, SIGN_IN_USER, "Bench Officer", [Role.OFFICER], DEMO_PASSWORD, KdfParams())
    users.confirm_member(db, lead, SIGN_IN_USER)


def build_hub(url: str, referrals: int, *, seed: int = 5, now: dt.datetime | None = None) -> BenchHub:
    """Make the benchmark's hub of ``referrals`` referrals in the empty database at ``url``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    rng = random.Random(seed)
    db = Database(url)
    try:
        schema.upgrade(db)
        demo = max(1, min(DEMO_REFERRALS, referrals - 2))
        build_demo(db, referrals=demo, seed=seed, now=now)
        copy_referrals(db, referrals - demo - 2, seed=seed, now=now)
        workspace_ref, name = _new_case(db, rng, now)
        officers = _write_panels(db, rng, workspace_ref, name)
        for number, code in enumerate(("POL", "HLT", "EDU")):
            _disclose(db, officers[code], workspace_ref, number + 1)
        sharing_ref, name = _new_case(db, rng, now)
        officers = _write_panels(db, rng, sharing_ref, name)
        for number in range(SHARED):
            _disclose(db, officers[AGENCY_CODES[number % len(AGENCY_CODES)]], sharing_ref, number + 1)
        _sign_in_account(db)
        if db.dialect == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                # What autovacuum does soon after a bulk load: statistics for the planner, and the
                # visibility map, without which an index-only scan (a count) visits every row's page.
                conn.execute(text("VACUUM (ANALYZE)"))
        return BenchHub(url, referrals, workspace_ref, sharing_ref)
    finally:
        db.dispose()


@contextmanager
def throwaway_pg(admin_url: str) -> Iterator[str]:
    """A new empty database on the PostgreSQL server of ``admin_url`` (a superuser), dropped after."""
    if admin_url.startswith(("postgresql://", "postgres://")):
        admin_url = "postgresql+psycopg://" + admin_url.split("://", 1)[1]
    url = make_url(admin_url)
    name = f"mash_bench_{os.getpid()}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
