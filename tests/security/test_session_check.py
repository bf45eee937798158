"""A signed-in session stops working once its account is disabled or locked."""

import pytest
from sqlalchemy import func, select

from mash_desktop.domain.errors import AccountLocked, NotPermitted
from mash_desktop.security import accounts
from mash_desktop.services.admin import users
from mash_desktop.store.models import AuditEvent, User

from .. import hub_factory


@pytest.fixture
def hub(db):
    return hub_factory.build(db, agencies=("CSC",))


def test_an_active_account_passes(hub):
    officer = hub.sign_in("csc.officer")
    accounts.check_session(hub.db, officer)
    accounts.check_session(hub.db, officer)  # asking again changes nothing


def test_a_disabled_account_is_refused(hub):
    officer = hub.sign_in("csc.officer")
    lead = hub.sign_in("csc.lead")
    users.disable_account(hub.db, lead, "csc.officer")
    with pytest.raises(NotPermitted) as caught:
        accounts.check_session(hub.db, officer)
    assert caught.value.message == accounts.DISABLED
    accounts.check_session(hub.db, lead)  # the others carry on


def test_a_locked_account_is_refused(hub):
    officer = hub.sign_in("csc.officer")
    for n in range(accounts.MAX_FAILURES):
        with pytest.raises((NotPermitted, AccountLocked)):
            accounts.sign_in(hub.db, hub.creds("CSC"), "csc.officer", f"not-the-password-{n}")
    with pytest.raises(AccountLocked, match="locked"):
        accounts.check_session(hub.db, officer)
    users.unlock_account(hub.db, hub.sign_in("csc.lead"), "csc.officer")
    accounts.check_session(hub.db, officer)


def test_the_check_writes_nothing(hub):
    officer = hub.sign_in("csc.officer")

    def state():
        with hub.db.read() as s:
            user = s.get(User, officer.actor.user_id)
            return user.failed_sign_ins, user.last_sign_in_at, s.scalar(select(func.count(AuditEvent.id)))

    before = state()
    accounts.check_session(hub.db, officer)
    assert state() == before
