"""Accounts carry their administrator's signature: a lock, disable or role
change undone by hand in the database does not open the account."""

import json

import pytest
from sqlalchemy import delete, insert, select, update

from mash_desktop.domain.codes import Role
from mash_desktop.domain.errors import AccountLocked, NotPermitted
from mash_desktop.security import accounts
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.security.vault import RecoveryKey
from mash_desktop.security import account_state as signed_accounts
from mash_desktop.services.admin import users
from mash_desktop.store.models import AuditEvent, User, UserRole
from mash_desktop.store.types import utcnow

from .. import hub_factory
from ..hub_factory import PASSWORD


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC",))


def _insider(db, statement) -> None:
    with db.write() as s:
        s.execute(statement)


def _refusals(db, username):
    with db.read() as s:
        return [json.loads(e.detail)["result"] for e in s.scalars(
            select(AuditEvent).where(AuditEvent.object_ref == username,
                                     AuditEvent.action == "auth.sign_in_refused").order_by(AuditEvent.id))]


def _lock_by_failures(hub, username):
    for n in range(accounts.MAX_FAILURES):
        with pytest.raises((NotPermitted, AccountLocked)):
            accounts.sign_in(hub.db, hub.creds("CSC"), username, f"wrong-password-{n}")


def test_every_account_made_through_the_hub_is_signed_and_verifies(hub):
    signed = hub.sign_in("csc.lead")
    with hub.db.read() as s:
        for user in s.scalars(select(User)):
            assert user.state_signature, user.username
            assert signed_accounts.account_usable(s, signed.trust, user), user.username


def test_an_unlock_by_hand_is_refused_and_audited(hub):
    _lock_by_failures(hub, "csc.officer")
    _insider(hub.db, update(User).where(User.username == "csc.officer").values(locked_at=None, failed_sign_ins=0))
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        hub.sign_in("csc.officer")
    assert _refusals(hub.db, "csc.officer")[-1] == "account_state_altered"


def test_an_unlock_by_an_administrator_works(hub):
    _lock_by_failures(hub, "csc.officer")
    users.unlock_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    assert hub.sign_in("csc.officer").actor.username == "csc.officer"


def test_a_hub_administrator_may_not_unlock_a_partners_staff(hub):
    _lock_by_failures(hub, "csc.officer")
    with pytest.raises(NotPermitted, match="only an administrator of CSC"):
        users.unlock_account(hub.db, hub.sign_in("hub.admin"), "csc.officer")
    with pytest.raises(AccountLocked):
        hub.sign_in("csc.officer")


def test_re_enabling_by_hand_is_refused(hub):
    users.disable_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    with pytest.raises(NotPermitted, match="disabled"):
        hub.sign_in("csc.officer")
    _insider(hub.db, update(User).where(User.username == "csc.officer").values(active=True, disabled_at=None))
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        hub.sign_in("csc.officer")


def test_an_earlier_signature_put_back_does_not_reopen_a_locked_account(hub):
    with hub.db.read() as s:
        before = s.scalar(select(User.state_signature).where(User.username == "csc.officer"))
    _lock_by_failures(hub, "csc.officer")
    _insider(hub.db, update(User).where(User.username == "csc.officer")
             .values(locked_at=None, failed_sign_ins=0, state_signature=before))
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        hub.sign_in("csc.officer")


def test_roles_granted_by_hand_are_refused_at_sign_in_and_end_a_session(hub):
    officer = hub.sign_in("csc.officer")
    with hub.db.read() as s:
        uid = s.scalar(select(User.id).where(User.username == "csc.officer"))
    _insider(hub.db, insert(UserRole).values(user_id=uid, role=Role.ADMIN))
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        accounts.check_session(hub.db, officer)
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        hub.sign_in("csc.officer")
    _insider(hub.db, delete(UserRole).where(UserRole.user_id == uid, UserRole.role == Role.ADMIN))
    accounts.check_session(hub.db, officer)  # as the administrator signed it again


def test_another_agencys_member_cannot_sign_an_account_back_in(db):
    """Only a key of the account's own agency (or its root) counts; a member
    of the same agency holding its database role is the limit documented in
    the README's threat model."""
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    holder = hub.sign_in("csc.new")  # their keys, kept from before the lock
    _lock_by_failures(hub, "csc.new")
    for signer in (hub.sign_in("pol.officer"), holder):
        with hub.db.write() as s:
            user = s.scalar(select(User).where(User.username == "csc.new"))
            user.locked_at, user.failed_sign_ins = None, 0
            signed_accounts.sign_account(s, user, signer.keychain.keys.signing, signer.actor.user_id)
        with pytest.raises(NotPermitted, match="changed outside the hub"):
            hub.sign_in("csc.new")


def test_role_changes_and_password_resets_are_signed(hub):
    lead = hub.sign_in("csc.lead")
    users.change_roles(hub.db, lead, "csc.officer", [Role.OFFICER, Role.SUPERVISOR])
    assert hub.sign_in("csc.officer").actor.roles == {Role.OFFICER, Role.SUPERVISOR}
    _lock_by_failures(hub, "csc.new")
    recovery = RecoveryKey.from_text(hub.kits["CSC"].recovery_key)
    users.reset_password(hub.db, lead, "csc.new", PASSWORD + "-new", recovery)
    assert hub.sign_in("csc.new", PASSWORD + "-new").actor.username == "csc.new"


def test_a_lock_needs_no_signature(hub):
    """Locking is always safe: a lock written by hand simply locks."""
    _insider(hub.db, update(User).where(User.username == "csc.officer").values(locked_at=utcnow()))
    with pytest.raises(AccountLocked):
        hub.sign_in("csc.officer")


def test_signatures_are_over_the_state_not_just_present(hub):
    with hub.db.read() as s:
        user = s.scalar(select(User).where(User.username == "csc.officer"))
        blob = bytes(user.state_signature)
    forged = blob[:8] + bytes(64)
    _insider(hub.db, update(User).where(User.username == "csc.officer").values(state_signature=forged))
    with pytest.raises(NotPermitted, match="changed outside the hub"):
        hub.sign_in("csc.officer")


def test_an_administrator_cannot_sign_their_own_roles(hub):
    with pytest.raises(NotPermitted, match="another administrator"):
        users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.lead", [Role.ADMIN])
    users.add_account(hub.db, hub.sign_in("csc.lead"), "csc.admin2", "CSC Admin Two", [Role.ADMIN], PASSWORD,
                      ASVS_MINIMUM)
    users.change_roles(hub.db, hub.sign_in("csc.admin2"), "csc.lead", [Role.ADMIN, Role.SUPERVISOR, Role.OFFICER])
    assert Role.OFFICER in hub.sign_in("csc.lead").actor.roles


def test_administrators_sign_each_others_accounts_and_a_former_administrators_signatures_stay_good(hub):
    lead = hub.sign_in("csc.lead")
    users.add_account(hub.db, lead, "csc.admin2", "CSC Admin Two", [Role.ADMIN], PASSWORD, ASVS_MINIMUM)
    second = hub.sign_in("csc.admin2")
    users.change_roles(hub.db, second, "csc.lead", [Role.ADMIN, Role.SUPERVISOR, Role.OFFICER])
    assert hub.sign_in("csc.lead") and hub.sign_in("csc.admin2")  # signed by each other: no circle refused
    users.add_account(hub.db, second, "csc.third", "CSC Third", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
    users.change_roles(hub.db, hub.sign_in("csc.lead"), "csc.admin2", [Role.AUDITOR])
    assert hub.sign_in("csc.third").actor.username == "csc.third"
    assert hub.sign_in("csc.lead").actor.username == "csc.lead"  # last signed by the former administrator
