"""Changing a member's roles: scope, audit, and the keys that go with casework roles."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.codes import Role
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.security import vault
from mash_desktop.services.case import panels
from mash_desktop.services.admin import users
from mash_desktop.store.models import AuditEvent, DataKey, KeySeal, User
from tests import hub_factory

REF = "MASH-2026-000001"


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC", "POL"))


def _seals(hub, username: str, scope: str = vault.AGENCY) -> int:
    with hub.db.read() as s:
        user_id = s.scalar(select(User.id).where(User.username == username))
        return s.scalar(select(func.count(KeySeal.id)).join(DataKey, DataKey.id == KeySeal.data_key_id).where(
            KeySeal.recipient_user_id == user_id, DataKey.scope == scope))


def test_taking_casework_away_withdraws_keys_and_rotates_the_agency_key(hub):
    officer = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, officer, REF, "Before the change")
    assert _seals(hub, "pol.officer") > 0
    changed = users.change_roles(hub.db, hub.sign_in("pol.lead"), "pol.officer", [Role.AUDITOR])
    assert changed.roles == (Role.AUDITOR,) and not changed.confirmed
    assert _seals(hub, "pol.officer") == 0
    lead = hub.sign_in("pol.lead")  # the next member's sign-in rotates the key
    assert panels.write_panel(hub.db, lead, REF, "After the change") == 2
    with hub.db.write() as s:
        with pytest.raises(NotPermitted):
            officer.keychain.open(s, vault.current_key(s, vault.AGENCY, lead.actor.agency_id))
    with hub.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.roles")).one()
    assert json.loads(event.detail) == {"from": ["officer"], "to": ["auditor"], "keys_withdrawn": True}


def test_given_casework_back_they_need_a_confirmation_again(hub):
    lead = hub.sign_in("pol.lead")
    users.change_roles(hub.db, lead, "pol.officer", [Role.AUDITOR])
    info = users.change_roles(hub.db, lead, "pol.officer", [Role.OFFICER])
    assert not info.confirmed and _seals(hub, "pol.officer") == 0
    assert users.confirm_member(hub.db, hub.sign_in("pol.lead"), "pol.officer") > 0
    assert _seals(hub, "pol.officer") > 0


def test_adding_a_role_keeps_keys_and_confirmation(hub):
    before = _seals(hub, "csc.officer")
    info = users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.officer", [Role.OFFICER, Role.DECISION_MAKER])
    assert set(info.roles) == {Role.OFFICER, Role.DECISION_MAKER} and info.confirmed
    assert _seals(hub, "csc.officer") == before


def test_who_may_change_roles(hub):
    with pytest.raises(NotPermitted):
        users.change_roles(hub.db, hub.sign_in("csc.officer"), "csc.officer", [Role.SUPERVISOR])
    with pytest.raises(NotPermitted, match="only an administrator of POL"):
        users.change_roles(hub.db, hub.sign_in("csc.lead"), "pol.officer", [Role.AUDITOR])
    with pytest.raises(NotPermitted, match="from yourself"):
        users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.lead", [Role.SUPERVISOR])
    with pytest.raises(FieldError):
        users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.officer", [])
    with pytest.raises(Conflict):
        users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.officer", [Role.OFFICER])
    # an agency's accounts are its own: not even the hub's administrators change them
    with pytest.raises(NotPermitted, match="only an administrator of POL"):
        users.change_roles(hub.db, hub.sign_in("hub.admin"), "pol.officer", [Role.OFFICER, Role.AUDITOR])
    assert users.change_roles(hub.db, hub.sign_in("pol.lead"), "pol.officer", [Role.OFFICER, Role.AUDITOR]).roles


def _hub_version(hub) -> int:
    with hub.db.read() as s:
        return vault.current_key(s, vault.HUB, None).version


def test_the_hub_key_rotates_when_a_holder_leaves_and_new_members_get_every_version(hub):
    officer = hub.sign_in("pol.officer")
    assert _seals(hub, "pol.officer", vault.HUB) == 1 and _hub_version(hub) == 1
    hub.sign_in("csc.lead")
    assert _hub_version(hub) == 1  # nobody left: no rotation
    users.disable_account(hub.db, hub.sign_in("pol.lead"), "pol.officer")
    lead = hub.sign_in("csc.lead")  # a verified member's sign-in rotates it
    assert _hub_version(hub) == 2
    with hub.db.write() as s:
        new_key = vault.current_key(s, vault.HUB, None)
        assert lead.keychain.open(s, new_key)
        with pytest.raises(NotPermitted):
            officer.keychain.open(s, new_key)  # the one who left cannot open what comes next
    with hub.db.read() as s:
        rotations = [json.loads(e.detail) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "key.rotate", AuditEvent.object_type == "hub"))]
    assert rotations == [{"version": 2}]
    users.confirm_member(hub.db, hub.sign_in("csc.lead"), "csc.new")
    assert _seals(hub, "csc.new", vault.HUB) == 2  # both versions: what was disclosed before is readable


def test_taking_casework_away_rotates_the_hub_key_too(hub):
    users.change_roles(hub.db, hub.sign_in("pol.lead"), "pol.officer", [Role.AUDITOR])
    hub.sign_in("csc.lead")
    assert _hub_version(hub) == 2
