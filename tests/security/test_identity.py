"""Who is acting: roles required, the local administrator, workstation signing."""

import dataclasses

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import Role
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.security import crypto, identity
from mash_desktop.security.crypto import KeyPair
from mash_desktop.security.identity import LOCAL_ADMIN, Actor
from mash_desktop.store.models import User

from tests.security.audit_hub import audit_hub, audit_hub_templates  # noqa: F401


def test_require_passes_on_any_one_of_the_roles_and_names_them_when_refusing():
    supervisor = Actor(username="csc.super", roles=frozenset({Role.SUPERVISOR}))
    supervisor.require(Role.SUPERVISOR)
    supervisor.require(Role.DECISION_MAKER, Role.SUPERVISOR)
    with pytest.raises(NotPermitted, match="role of decision maker or administrator"):
        supervisor.require(Role.DECISION_MAKER, Role.ADMIN)
    with pytest.raises(NotPermitted):
        Actor(username="nobody").require(Role.OFFICER)


def test_keys_stay_out_of_repr_and_equality():
    keys = KeyPair.generate()
    plain = Actor(username="csc.officer", user_id=3, agency_id=2)
    signing = dataclasses.replace(plain, signer=keys.signing, station_signer=keys.signing)
    assert signing == plain and hash(signing) == hash(plain)
    assert "signer" not in repr(signing) and "Ed25519" not in repr(signing)


def test_the_local_administrator_signs_nothing_until_at_a_workstation():
    assert LOCAL_ADMIN.signer is None and LOCAL_ADMIN.station_signer is None
    assert LOCAL_ADMIN.user_id is None and LOCAL_ADMIN.agency_id is None
    LOCAL_ADMIN.require(Role.ADMIN)
    with pytest.raises(NotPermitted):
        LOCAL_ADMIN.require(Role.AUDITOR)
    station = KeyPair.generate().signing
    admin = identity.local_admin(4, station)
    assert (admin.username, admin.roles, admin.agency_id) == ("mash-admin", frozenset({Role.ADMIN}), 4)
    assert admin.station_signer is station and admin.signer is None
    assert LOCAL_ADMIN.station_signer is None  # the shared constant is untouched


def test_at_station_keeps_the_person_and_names_the_stations_agency():
    person = Actor(username="pol.officer", user_id=9, agency_id=2, roles=frozenset({Role.OFFICER}),
                   workstation_id=5)
    station = KeyPair.generate().signing
    there = identity.at_station(person, 3, station)
    assert (there.username, there.user_id, there.roles, there.workstation_id) == (
        "pol.officer", 9, frozenset({Role.OFFICER}), 5)
    assert there.agency_id == 3 and there.station_signer is station
    assert person.station_signer is None


@pytest.fixture
def hub(audit_hub):
    """CSC and POL, each with a lead, a confirmed officer and a newcomer: a copy of a hub built once."""
    return audit_hub


def test_an_actor_of_a_stored_user_carries_their_agency_and_roles(hub):
    with hub.db.read() as s:
        user = s.scalar(select(User).where(User.username == "csc.lead"))
        actor = Actor.of(user, workstation_id=7)
        assert (actor.username, actor.user_id, actor.agency_id, actor.agency_code, actor.workstation_id) == (
            "csc.lead", user.id, user.agency_id, "CSC", 7)
        assert actor.roles == user.roles and Role.SUPERVISOR in actor.roles
    assert actor.signer is None and actor.station_signer is None  # keys come only from sign-in
    signed = hub.sign_in("csc.lead")
    assert (signed.actor.user_id, signed.actor.roles) == (actor.user_id, actor.roles)
    assert crypto.ed25519_public(signed.actor.signer) == bytes(user.signing_public_key)
