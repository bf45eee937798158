"""mash-admin user …: adding, confirming, unlocking, disabling, resetting passwords."""

import re

from .conftest import NEW_PASSWORD, PASSWORD, REF


def _signs_in(mash, username: str, password: str = PASSWORD, at: str = "CSC") -> bool:
    run = mash("panel", "show", REF, "--as", username, stdin=[password], at=at)
    return run.rc == 0


def test_user_add_into_your_own_agency_only(mash):
    run = mash("user", "add", "csc.helper", "--agency", "CSC", "--role", "officer", "--role", "supervisor",
               "--as", "csc.lead", stdin=[PASSWORD, NEW_PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    assert "Added csc.helper to CSC (officer, supervisor)" in run.out
    assert _signs_in(mash, "csc.helper", NEW_PASSWORD)
    run = mash("user", "add", "pol.helper", "--agency", "POL", "--role", "officer", "--as", "csc.lead",
               stdin=[PASSWORD, NEW_PASSWORD], at="CSC")
    assert run.rc == 1 and "only to your own agency, CSC" in run.err
    run = mash("user", "add", "csc.other", "--agency", "CSC", "--role", "officer", "--as", "csc.officer",
               stdin=[PASSWORD, NEW_PASSWORD], at="CSC")
    assert run.rc == 1 and "administrator" in run.err
    run = mash("user", "add", "csc.other", "--agency", "CSC", "--role", "wizard", "--as", "csc.lead",
               stdin=[PASSWORD, NEW_PASSWORD], at="CSC")
    assert run.rc == 2 and "--role" in run.err
    run = mash("user", "add", "csc.other", "--agency", "CSC", "--role", "officer", "--as", "csc.lead",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 2 and "new password of csc.other on line 2" in run.err


def test_wrong_password_is_refused(mash):
    run = mash("user", "confirm", "csc.new", "--as", "csc.lead", stdin=["Not-The-Password-9"], at="CSC")
    assert run.rc == 1 and "not right" in run.err
    run = mash("user", "confirm", "csc.new", "--as", "csc.lead", stdin=[], at="CSC")
    assert run.rc == 2 and "password of csc.lead on line 1" in run.err


def test_only_a_supervisor_confirms(mash):
    run = mash("user", "confirm", "csc.new", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "supervisor" in run.err
    run = mash("user", "confirm", "pol.new", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "belongs to POL" in run.err
    run = mash("user", "confirm", "csc.new", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and re.search(r"Confirmed csc\.new \(key fingerprint [0-9A-F ]{39}\): \d+ keys shared", run.out)


def test_lockout_and_unlock(mash):
    for _ in range(10):
        assert not _signs_in(mash, "csc.officer", "Wrong-Password-123")
    run = mash("panel", "show", REF, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "locked" in run.err
    listed = mash("user", "list", "--agency", "CSC", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert re.search(r"csc\.officer .* locked", listed.out)
    run = mash("user", "unlock", "csc.officer", "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "belongs to CSC" in run.err
    run = mash("user", "unlock", "csc.officer", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "Unlocked csc.officer" in run.out
    assert _signs_in(mash, "csc.officer")


def test_disable(mash):
    run = mash("user", "disable", "csc.lead", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "your own account" in run.err
    run = mash("user", "disable", "csc.officer", "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
    assert run.rc == 1 and "only an administrator of CSC" in run.err  # a partner's staff are its own
    run = mash("user", "disable", "csc.officer", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    assert not _signs_in(mash, "csc.officer")
    assert re.search(r"csc\.officer .* disabled", mash("user", "list", "--as", "hub.admin", stdin=[PASSWORD], at="HUB").out)


def test_roles(mash):
    run = mash("user", "roles", "csc.officer", "--role", "auditor", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "now holds: auditor" in run.out, run.err
    run = mash("user", "roles", "csc.officer", "--role", "officer", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "confirms them" in run.out, run.err
    run = mash("user", "roles", "csc.officer", "--role", "boss", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 2
    run = mash("user", "roles", "csc.lead", "--role", "officer", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "from yourself" in run.err


def test_reset_password_with_the_recovery_key(mash, hub_keys):
    recovery = hub_keys["CSC"].recovery
    run = mash("user", "reset-password", "csc.officer", "--as", "csc.lead",
               stdin=[PASSWORD, NEW_PASSWORD, hub_keys["POL"].recovery], at="CSC")
    assert run.rc == 1 and "not the recovery key of CSC" in run.err
    run = mash("user", "reset-password", "csc.officer", "--as", "csc.lead",
               stdin=[PASSWORD, NEW_PASSWORD, "XXXX-YYYY"], at="CSC")
    assert run.rc == 2 and "recovery key" in run.err
    run = mash("user", "reset-password", "csc.officer", "--as", "csc.lead", stdin=[PASSWORD, NEW_PASSWORD],
               at="CSC")
    assert run.rc == 2 and "recovery key of CSC on line 3" in run.err
    run = mash("user", "reset-password", "csc.officer", "--as", "csc.lead",
               stdin=[PASSWORD, NEW_PASSWORD, recovery], at="CSC")
    assert run.rc == 0, run.err
    assert recovery not in run.out + run.err
    assert not _signs_in(mash, "csc.officer")
    assert _signs_in(mash, "csc.officer", NEW_PASSWORD)


def test_confirming_checks_the_fingerprint_the_member_reads_out(mash):
    own = mash("user", "fingerprint", "--as", "csc.new", stdin=[PASSWORD], at="CSC")
    assert own.rc == 0 and len(own.out.split()) == 8, own.err
    seen = mash("user", "fingerprint", "csc.new", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert seen.out == own.out  # what the hub holds is what the member holds
    wrong = "0000 " * 7 + "0000"
    run = mash("user", "confirm", "csc.new", "--fingerprint", wrong, "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "does not match" in run.err and "nothing was confirmed" in run.err
    run = mash("user", "confirm", "csc.new", "--fingerprint", own.out.strip().lower(), "--as", "csc.lead",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and own.out.strip() in run.out, run.err
