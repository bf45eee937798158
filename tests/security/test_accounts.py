"""Sign-in, lockout, recovery, member removal and key rotation."""

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import AccountLocked, EnvironmentFault, FieldError, NotPermitted
from mash_desktop.security import accounts, vault
from mash_desktop.security.crypto import ASVS_MINIMUM, KdfParams, default_kdf_params
from mash_desktop.services.case import panels
from mash_desktop.services.admin import users
from mash_desktop.store.models import AuditEvent, DataKey, User

from .. import hub_factory
from ..hub_factory import PASSWORD

REF = "MASH-2026-000001"


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC", "POL"))


def _actions(db, username):
    with db.read() as s:
        return [(e.action, e.detail) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.object_ref == username).order_by(AuditEvent.id))]


def test_every_attempt_is_audited_and_ten_failures_lock(hub):
    creds = hub.creds("CSC")
    for n in range(1, 10):
        with pytest.raises(NotPermitted, match="not right"):
            accounts.sign_in(hub.db, creds, "csc.officer", f"wrong-password-{n}")
    with pytest.raises(AccountLocked, match="now locked"):
        accounts.sign_in(hub.db, creds, "csc.officer", "wrong-password-10")
    with pytest.raises(AccountLocked):
        accounts.sign_in(hub.db, creds, "csc.officer", PASSWORD)  # even the right one
    refused = [a for a, _ in _actions(hub.db, "csc.officer") if a == "auth.sign_in_refused"]
    assert len(refused) == 11
    users.unlock_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    assert accounts.sign_in(hub.db, creds, "csc.officer", PASSWORD).actor.username == "csc.officer"
    assert _actions(hub.db, "csc.officer")[-1][0] == "auth.sign_in"


def test_success_resets_the_failure_count(hub):
    creds = hub.creds("CSC")
    for _ in range(9):
        with pytest.raises(NotPermitted):
            accounts.sign_in(hub.db, creds, "csc.officer", "not-the-password")
    accounts.sign_in(hub.db, creds, "csc.officer", PASSWORD)
    for _ in range(9):
        with pytest.raises(NotPermitted):
            accounts.sign_in(hub.db, creds, "csc.officer", "not-the-password")
    accounts.sign_in(hub.db, creds, "csc.officer", PASSWORD)


def test_unknown_user_and_other_agency_and_bad_enrolment(hub):
    with pytest.raises(NotPermitted, match="not right"):
        accounts.sign_in(hub.db, hub.creds("CSC"), "nobody.here", PASSWORD)
    with pytest.raises(NotPermitted, match="belongs to CSC"):
        accounts.sign_in(hub.db, hub.creds("CSC"), "pol.officer", PASSWORD)
    wrong = hub_factory.Creds("CSC", "ws-csc", hub.kits["POL"].workstation_secret)
    with pytest.raises(EnvironmentFault, match="enrol"):
        accounts.sign_in(hub.db, wrong, "csc.officer", PASSWORD)


def test_password_policy(hub):
    lead = hub.sign_in("csc.lead")
    for bad in ("short-pass", "password12345", "Password2024!", "csc.newbie-rocks-99"):
        with pytest.raises(FieldError):
            users.add_account(hub.db, lead, "csc.newbie", "New", [users.Role.OFFICER], bad, ASVS_MINIMUM)


def test_kdf_parameters_meet_asvs_and_are_stored(hub):
    params = default_kdf_params()
    assert params.algorithm == "argon2id" and params.memory_kib >= 19456 and params.iterations >= 2
    with hub.db.read() as s:
        stored = {KdfParams.decode(u.kdf_params) for u in s.scalars(select(User))}
    assert stored == {ASVS_MINIMUM}


def test_recovery_key_password_reset_keeps_keys(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, "Finding one")
    lead = hub.sign_in("pol.lead")
    with pytest.raises(NotPermitted, match="not the recovery key"):
        users.reset_password(hub.db, lead, "pol.officer", "Brand-New-Secret-77",
                             vault.RecoveryKey.from_text(hub.kits["CSC"].recovery_key))
    users.reset_password(hub.db, lead, "pol.officer", "Brand-New-Secret-77",
                         vault.RecoveryKey.from_text(hub.kits["POL"].recovery_key))
    with pytest.raises(NotPermitted):
        accounts.sign_in(hub.db, hub.creds("POL"), "pol.officer", PASSWORD)
    again = accounts.sign_in(hub.db, hub.creds("POL"), "pol.officer", "Brand-New-Secret-77")
    assert panels.read_panel(hub.db, again, REF, "POL").text == "Finding one"


def test_removing_a_member_rotates_the_agency_key(hub):
    officer = hub.sign_in("pol.officer")  # still holds keys in memory when removed
    panels.write_panel(hub.db, officer, REF, "Before removal")
    users.disable_account(hub.db, hub.sign_in("pol.lead"), "pol.officer")
    with pytest.raises(NotPermitted, match="disabled"):
        hub.sign_in("pol.officer")
    lead = hub.sign_in("pol.lead")  # rotates on sign-in
    assert panels.write_panel(hub.db, lead, REF, "After removal") == 2
    with hub.db.write() as s:
        new_key = vault.current_key(s, vault.AGENCY, lead.actor.agency_id)
        assert new_key.version == 2
        with pytest.raises(NotPermitted):
            officer.keychain.open(s, new_key)  # the removed member's keys do not open v2
    assert panels.read_panel(hub.db, lead, REF, "POL").text == "After removal"


def test_new_agency_lead_receives_the_hub_key_at_next_member_sign_in(hub):
    with hub.db.read() as s:
        hub_key = s.scalar(select(DataKey).where(DataKey.scope == "hub"))
        pol_lead = s.scalar(select(User).where(User.username == "pol.lead"))
        holders = {seal.recipient_user_id for seal in s.scalars(
            select(vault.KeySeal).where(vault.KeySeal.data_key_id == hub_key.id))}
    assert pol_lead.id in holders  # sealed when csc.lead signed in after POL was created
    with hub.db.read() as s:
        admin = s.scalar(select(User).where(User.username == "hub.admin"))
    assert admin.id not in holders  # administrators never hold it


def test_forged_confirmation_gets_no_keys(hub):
    with hub.db.write() as s:
        newcomer = s.scalar(select(User).where(User.username == "pol.new"))
        newcomer.confirmation_signature = b"\0" * 64
        newcomer.confirmed_by_id = s.scalar(select(User.id).where(User.username == "pol.lead"))
    lead = hub.sign_in("csc.lead")  # a hub-key holder's sign-in distributes the hub key
    with hub.db.write() as s:
        newcomer = s.scalar(select(User).where(User.username == "pol.new"))
        assert not vault.is_verified_member(s, newcomer, lead.trust)
        assert s.scalar(select(vault.KeySeal).where(vault.KeySeal.recipient_user_id == newcomer.id)) is None


def test_only_the_hubs_own_admins_add_partners_and_closure_days(hub):
    import datetime as dt

    from mash_desktop.domain.codes import AgencyKind
    from mash_desktop.services import calendar
    from mash_desktop.services.enrolment.hub_setup import create_partner

    lead = hub.sign_in("csc.lead")  # admin of CSC, not of the hub
    with pytest.raises(NotPermitted, match="administrator of the hub"):
        create_partner(hub.db, lead, "FIRE", "Fire and Rescue", AgencyKind.OTHER, 1, lead="fire.lead",
                       lead_name="Fire Lead", lead_password=PASSWORD, agreement=hub_factory.agreement("FIRE"),
                       params=ASVS_MINIMUM)
    with pytest.raises(NotPermitted, match="administrator of the hub"):
        calendar.add_closure(hub.db, lead.actor, dt.date(2026, 12, 24), "Training day")
    calendar.add_closure(hub.db, hub.sign_in("hub.admin").actor, dt.date(2026, 12, 24), "Training day")
    assert calendar.list_closures(hub.db) == [(dt.date(2026, 12, 24), "Training day")]


def test_cases_go_only_to_officers_and_supervisors(hub):
    from mash_desktop.services.case import casework
    from mash_desktop.services.intake.referrals import referral_by_reference

    lead = hub.sign_in("csc.lead")
    with hub.db.write() as s:
        admin = s.scalar(select(User).where(User.username == "hub.admin"))
        referral = referral_by_reference(s, REF)
        with pytest.raises(NotPermitted, match="not an officer or supervisor"):
            casework._allocate(s, lead.actor, referral, admin, referral.received_at)
