"""A small hub with an auditor, built once per run and backend, for the audit chain's tests.

Also what an insider does by hand: re-chaining events, writing rows with SQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from mash_desktop.domain.codes import Role
from mash_desktop.security import audit
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.services.admin import users
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, AuditHead
from tests import hub_factory
from tests.conftest import BuiltTemplates, _fresh_url


def _build(db: Database) -> dict:
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    users.add_account(db, hub.sign_in("hub.admin"), "hub.auditor", "Hub Auditor", [Role.AUDITOR],
                      hub_factory.PASSWORD, ASVS_MINIMUM)
    return hub.kits


@pytest.fixture(scope="session")
def audit_hub_templates(tmp_path_factory, request, templates):
    built = BuiltTemplates(request, tmp_path_factory, templates, "audit_hub", _build)
    yield built.get
    built.drop()


@pytest.fixture
def audit_hub(backend, request, tmp_path, audit_hub_templates) -> hub_factory.Hub:
    """A fresh copy of the hub: admin, CSC and POL with lead, officer and newcomer, hub.auditor."""
    template, kits = audit_hub_templates(backend)
    db = Database(_fresh_url(backend, request, tmp_path, template))
    yield hub_factory.Hub(db, dict(kits))
    db.dispose()


def verify(hub: hub_factory.Hub, witness=None):
    """The chain checked as the hub's workstation sees it (its pinned roots)."""
    return audit_trail.verify(hub.db, audit_trail.station_trust(hub.db, hub.creds("HUB")), witness)


def sql(db: Database, statement: str, **params) -> None:
    """The database owner can do anything; the chain must still tell."""
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def head_id(db: Database) -> int:
    with db.read() as s:
        return s.get(AuditHead, 1).last_event_id


def rechain_from(db: Database, start: int, *, strip: bool = False, sign_with=None) -> None:
    """Rewrite event ``start`` and re-hash every event after it, moving the head along.

    ``strip`` removes the signatures; ``sign_with`` (a private key) re-signs
    each event with it; otherwise the old signatures are left in place.
    """
    with db.write() as s:
        first = s.get(AuditEvent, start)
        first.justification = "rewritten"
        prev = s.get(AuditEvent, start - 1).hash
        for e in s.scalars(select(AuditEvent).where(AuditEvent.id >= start).order_by(AuditEvent.id)):
            e.prev_hash = prev
            e.hash = audit.event_hash(prev, e)
            if strip:
                e.signature, e.signer = None, None
            elif sign_with is not None:
                e.signature = sign_with.sign(e.hash)
            prev = e.hash
        s.get(AuditHead, 1).last_hash = prev
