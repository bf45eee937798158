"""mash-admin and the front door: a phone contact's written confirmation
(referral confirmed) and a referrer's request not to be identified (in referral show)."""

import copy
import json

from tests.hub_factory import EXAMPLE

from .conftest import PASSWORD
from .test_casework_cli import _audit


def _add(mash, tmp_path, **referrer) -> str:
    payload = copy.deepcopy(EXAMPLE)
    payload["channel"] = "phone"
    payload["received_at"] = "2026-11-20T10:00:00+00:00"
    payload["referrer"] |= {"agency": None, **referrer}
    path = tmp_path / "contact.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    run = mash("referral", "add", "--json", str(path), "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    return run.out.strip()


def _show(mash, reference: str) -> dict:
    run = mash("referral", "show", reference, "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    return json.loads(run.out)


def test_written_confirmation_of_a_phone_contact(mash, tmp_path):
    reference = _add(mash, tmp_path)
    view = _show(mash, reference)
    assert view["confirmation_due_at"] == "2026-11-22T10:00:00+00:00" and view["confirmation_received_at"] is None
    run = mash("referral", "confirmed", reference, "--at", "yesterday", "--as", "csc.officer", at="CSC")
    assert run.rc == 2 and "--at" in run.err
    run = mash("referral", "confirmed", reference, "--as", "csc.decision", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "officer or supervisor" in run.err
    run = mash("referral", "confirmed", reference, "--at", "2026-11-21T09:30", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "2026-11-21 09:30" in run.out, run.err
    view = _show(mash, reference)
    assert view["confirmation_received_at"] == "2026-11-21T09:30:00+00:00" and view["confirmation_verified"]
    run = mash("referral", "confirmed", reference, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "already recorded" in run.err
    assert [e.action for e in _audit(mash.url) if e.object_ref == reference][-1] == "case.view"
    assert "referral.confirmation" in [e.action for e in _audit(mash.url) if e.object_ref == reference]


def test_referral_show_carries_the_referrers_request(mash, tmp_path):
    withheld, named = _add(mash, tmp_path, identity_withheld=True), _add(mash, tmp_path)
    assert _show(mash, withheld)["referrer"]["withheld"] is True
    assert _show(mash, named)["referrer"]["withheld"] is False
