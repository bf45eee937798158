"""The holder of the SQLite hub file, with nothing but Python's sqlite3.

Someone who copied or can write the embedded database file holds no
workstation secret, password or recovery key. Each attack below is written
with plain SQL through the standard library's sqlite3 module on the file
itself, as such a person would; the hub's own code must refuse or detect it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy.engine import make_url

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Rag
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security import vault
from mash_desktop.security.trust import TrustFailure
from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.intake import screening
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.database import Database

from .. import hub_factory

REF = "MASH-2026-000001"
SECRET = "Intelligence: partner known to police (grade B2P)."


@pytest.fixture
def filed(tmp_path):
    from mash_desktop.store import schema

    db = Database(f"sqlite:///{tmp_path / 'hub.db'}")
    schema.upgrade(db)
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    yield hub
    db.dispose()


def _sql(hub, statement: str, params: tuple = ()) -> None:
    """Write the file directly, as its holder would (the hub's connections are closed first)."""
    hub.db.dispose()
    with closing(sqlite3.connect(make_url(hub.db.url).database)) as conn:
        conn.execute(statement, params)
        conn.commit()


def test_a_swapped_recovery_key_is_refused_and_nothing_is_sealed_to_it(filed):
    _sql(filed, "UPDATE agencies SET recovery_public_key = ?, rotation_needed = 1 WHERE code = 'CSC'",
         (vault.RecoveryKey.generate().public,))
    with pytest.raises(TrustFailure, match="CSC"):
        filed.sign_in("csc.officer")


def test_an_account_unlocked_or_re_enabled_by_hand_cannot_sign_in(filed):
    lead = filed.sign_in("pol.lead")
    from mash_desktop.services.admin import users

    users.disable_account(filed.db, lead, "pol.officer")
    _sql(filed, "UPDATE users SET active = 1, disabled_at = NULL WHERE username = 'pol.officer'")
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        filed.sign_in("pol.officer")


def test_a_self_authorised_disclosure_stays_closed_to_its_recipient(filed):
    screening.screen(filed.db, filed.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Known", research=["POL"])
    officer = filed.sign_in("pol.officer")
    panels.write_panel(filed.db, officer, REF, SECRET)
    made = disclosures.disclose(filed.db, officer, REF, DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.NOT_SOUGHT, "Would put the child at risk", HandlingCode.P,
        "Needed for the strategy discussion", SECRET))
    # The officer's own client sealed the content key to POL's key; the holder
    # copies that seal into the recipient's place and names a supervisor.
    _sql(filed, "UPDATE disclosures SET authorised_by_id = (SELECT id FROM users WHERE username = 'pol.lead'), "
                "authorised_at = '2026-12-01 10:00:00', recipient_key_id = sender_key_id, "
                "recipient_seal = sender_seal WHERE id = ?", (made,))
    space = open_case(filed.db, filed.sign_in("csc.lead"), REF, WORKSPACE, "Checking the record")
    assert SECRET not in repr(space.disclosures)
    assert made in [p.id for p in space.pending]  # still awaiting a real authorisation


def test_a_renamed_or_closed_case_is_marked_altered(filed):
    lead = filed.sign_in("csc.lead")
    assert open_case(filed.db, lead, REF, WORKSPACE, "Checking").state_verified
    _sql(filed, "UPDATE referrals SET status = 'closed', rag = 'green' WHERE reference = ?", (REF,))
    assert not open_case(filed.db, lead, REF, WORKSPACE, "Checking").state_verified


def test_an_audit_signature_stripped_by_hand_fails_verification(filed):
    creds = filed.creds("HUB")
    assert audit_trail.verify(filed.db, audit_trail.station_trust(filed.db, creds)).ok
    _sql(filed, "UPDATE audit_events SET signature = NULL WHERE id = (SELECT max(id) FROM audit_events)")
    verdict = audit_trail.verify(filed.db, audit_trail.station_trust(filed.db, creds))
    assert not verdict.ok, verdict
