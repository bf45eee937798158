"""The hub key: rotated when someone outside the verified members holds it,
shared with members who lack a version, and never by someone who cannot open it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select

from mash_desktop.security import vault
from mash_desktop.security.hub_key import maintain_hub_key
from mash_desktop.store.models import AuditEvent, DataKey, KeySeal, User

from tests.security.audit_hub import audit_hub, audit_hub_templates  # noqa: F401


@pytest.fixture
def hub(audit_hub):
    """CSC and POL, each with a lead, a confirmed officer and a newcomer: a copy of a hub built once."""
    return audit_hub


def _id(s, username: str) -> int:
    return s.scalar(select(User.id).where(User.username == username))


def _hub_keys(db) -> list[tuple[int, set[int | None]]]:
    """Each hub key version with the users it is sealed to."""
    with db.read() as s:
        return [(key.version, set(s.scalars(select(KeySeal.recipient_user_id).where(KeySeal.data_key_id == key.id))))
                for key in s.scalars(select(DataKey).where(DataKey.scope == vault.HUB).order_by(DataKey.version))]


def _plant_holder(db, username: str) -> None:
    """A seal row of the current hub key for someone who is no member (its bytes are junk)."""
    with db.write() as s:
        key = vault.current_key(s, vault.HUB, None)
        s.add(KeySeal(data_key_id=key.id, recipient_user_id=_id(s, username), sealed=b"\0" * 80))


def _rotations(db) -> list[dict]:
    with db.read() as s:
        return [json.loads(e.detail) for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action == "key.rotate", AuditEvent.object_type == "hub").order_by(AuditEvent.id))]


def test_a_members_sign_in_with_nothing_to_do_changes_nothing(hub):
    lead = hub.sign_in("csc.lead")
    with hub.db.write() as s:
        seals, events = s.scalar(select(func.count(KeySeal.id))), s.scalar(select(func.count(AuditEvent.id)))
        maintain_hub_key(s, lead, s.get(User, lead.actor.user_id))
        s.flush()
        assert s.scalar(select(func.count(KeySeal.id))) == seals
        assert s.scalar(select(func.count(AuditEvent.id))) == events
    assert [version for version, _ in _hub_keys(hub.db)] == [1]


def test_a_holder_outside_the_members_forces_a_version_sealed_to_members_only(hub):
    _plant_holder(hub.db, "hub.admin")  # an administrator: never a member
    lead = hub.sign_in("csc.lead")
    with hub.db.read() as s:
        members = {m.id for m in vault.verified_members(s, None, lead.trust)}
        admin = _id(s, "hub.admin")
    versions = _hub_keys(hub.db)
    assert [version for version, _ in versions] == [1, 2]
    assert versions[1][1] == members and admin not in versions[1][1]
    assert _rotations(hub.db) == [{"version": 2}]
    with hub.db.read() as s:  # the new version is usable by the member who made it
        assert lead.keychain.open(s, vault.current_key(s, vault.HUB, None))


def test_a_member_who_holds_no_version_neither_rotates_nor_shares(hub):
    with hub.db.write() as s:
        officer = _id(s, "pol.officer")
        hub_ids = select(DataKey.id).where(DataKey.scope == vault.HUB)
        s.execute(delete(KeySeal).where(KeySeal.recipient_user_id == officer, KeySeal.data_key_id.in_(hub_ids)))
    _plant_holder(hub.db, "pol.new")
    hub.sign_in("pol.officer")
    assert [(v, officer in holders) for v, holders in _hub_keys(hub.db)] == [(1, False)]
    assert _rotations(hub.db) == []
    # The next member who holds it rotates and gives the officer every version.
    hub.sign_in("csc.officer")
    assert [(v, officer in holders) for v, holders in _hub_keys(hub.db)] == [(1, True), (2, True)]


def test_a_hub_without_a_hub_key_is_left_alone(hub):
    lead = hub.sign_in("csc.lead")
    with hub.db.write() as s:
        hub_ids = select(DataKey.id).where(DataKey.scope == vault.HUB)
        s.execute(delete(KeySeal).where(KeySeal.data_key_id.in_(hub_ids)))
        s.execute(delete(DataKey).where(DataKey.scope == vault.HUB))
        maintain_hub_key(s, lead, s.get(User, lead.actor.user_id))
        s.flush()
        assert s.scalar(select(func.count(DataKey.id)).where(DataKey.scope == vault.HUB)) == 0
        s.rollback()
