"""Lists that name people (referral list, user list) need a signed-in user and are audited."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from mash_desktop.security import crypto
from mash_desktop.services.demo import hub as demo_service
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent

from .conftest import PASSWORD, REF, Mash

SUBJECT = ("Ruby", "Calder")


def _listings(url: str) -> list[AuditEvent]:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(AuditEvent).where(AuditEvent.action.in_(("referral.list", "user.list")))
                                  .order_by(AuditEvent.id)))
    finally:
        db.dispose()


def test_without_as_a_listing_is_refused_in_one_line(mash):
    for args in (("referral", "list"), ("referral", "list", "--json", "--status", "new"), ("user", "list"),
                 ("user", "list", "--agency", "CSC")):
        run = mash(*args)
        assert run.rc == 2 and "--as" in run.err and run.out == "", run.err
        assert not any(name in run.err for name in SUBJECT)
    assert _listings(mash.url) == []


def test_referral_list_as_a_member_is_audited_without_names(mash):
    run = mash("referral", "list", "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 0, run.err
    assert re.search(rf"{REF}\s+new\s+.*Ruby Calder", run.out)
    run = mash("referral", "list", "--json", "--status", "closed", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and json.loads(run.out) == []
    run = mash("referral", "list", "--json", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    rows = json.loads(run.out)
    assert [(r["reference"], r["subject"], r["status"]) for r in rows] == [(REF, "Ruby Calder", "new")]
    events = _listings(mash.url)
    assert [(e.action, e.actor_name, json.loads(e.detail)) for e in events] == [
        ("referral.list", "pol.officer", {"status": None, "rows": 1}),
        ("referral.list", "csc.officer", {"status": "closed", "rows": 0}),
        ("referral.list", "csc.officer", {"status": None, "rows": 1}),
    ]
    for e in events:
        assert e.signature is not None  # signed by the reader, like every event of a signed-in user
        assert not any(name in f"{e.object_ref} {e.justification} {e.detail}" for name in SUBJECT)


def test_a_wrong_password_lists_nothing(mash):
    run = mash("referral", "list", "--as", "csc.officer", stdin=["Not-The-Password-9"], at="CSC")
    assert run.rc == 1 and run.out == "" and "Ruby" not in run.err
    assert _listings(mash.url) == []


def test_user_list_follows_the_clients_staff_rules(mash):
    run = mash("user", "list", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    assert "csc.officer" in run.out and "pol." not in run.out  # an agency lead sees their own agency
    run = mash("user", "list", "--agency", "pol", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "your own agency, CSC" in run.err and run.out == ""
    run = mash("user", "list", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "administrator or supervisor" in run.err and run.out == ""
    run = mash("user", "list", "--agency", "POL", "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
    assert run.rc == 0 and "pol.lead" in run.out and "csc." not in run.out
    assert [(e.actor_name, json.loads(e.detail)) for e in _listings(mash.url)] == [
        ("csc.lead", {"agency": None, "rows": 4}),  # lead, officer, newcomer, decision maker
        ("hub.admin", {"agency": "POL", "rows": 3}),
    ]


def test_the_demo_hub_is_listed_by_a_demo_supervisor(db_url, capsys, monkeypatch):
    """mash-admin demo, a workstation enrolled with the demo key it prints, then the lists."""
    mash = Mash(db_url, capsys, monkeypatch)
    run = mash("demo", "--referrals", "6", "--seed", "2")
    assert run.rc == 0, run.err
    code, password = demo_service.DEMO_AGENCY, demo_service.DEMO_PASSWORD
    secret = demo_service.demo_secret(code)
    assert crypto.encode_secret(secret) in run.out
    mash.enrol(code, secret)
    supervisor = f"{code.lower()}.supervisor"
    run = mash("referral", "list", "--json", "--as", supervisor, stdin=[password], at=code)
    assert run.rc == 0 and len(json.loads(run.out)) == 6, run.err
    run = mash("user", "list", "--as", supervisor, stdin=[password], at=code)
    assert run.rc == 0 and supervisor in run.out, run.err
    assert all(f"  {code}  " in line for line in run.out.splitlines()[1:])
