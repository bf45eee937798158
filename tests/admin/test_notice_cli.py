"""mash-admin referral acknowledged and encompass informed, over the services."""

import copy
import json

from tests.hub_factory import EXAMPLE

from .conftest import PASSWORD


def _add(mash, tmp_path, **changes) -> str:
    payload = copy.deepcopy(EXAMPLE) | {"received_at": "2026-11-20T22:00:00+00:00"} | changes
    payload["referrer"] |= {"agency": None}
    path = tmp_path / "contact.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    run = mash("referral", "add", "--json", str(path), "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    return run.out.strip()


def _show(mash, reference: str) -> dict:
    run = mash("referral", "show", reference, "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0, run.err
    return json.loads(run.out)


def test_acknowledged(mash, tmp_path):
    reference = _add(mash, tmp_path)
    assert _show(mash, reference)["acknowledgement"] == {
        "due_at": "2026-11-23T17:00:00+00:00", "sent_at": None, "how": None, "verified": True}
    run = mash("referral", "acknowledged", reference, "--how", "pigeon", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 2 and "how" in run.err, run.err
    run = mash("referral", "acknowledged", reference, "--how", "email", "--as", "csc.decision",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "officer or supervisor" in run.err
    run = mash("referral", "acknowledged", reference, "--how", "email", "--at", "2026-11-23T09:15",
               "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "2026-11-23 09:15" in run.out, run.err
    assert _show(mash, reference)["acknowledgement"] == {
        "due_at": "2026-11-23T17:00:00+00:00", "sent_at": "2026-11-23T09:15:00+00:00", "how": "email",
        "verified": True}


def test_encompass_informed(mash, tmp_path):
    reference = _add(mash, tmp_path, source="police", encompass={"incident_at": "2026-11-20T20:30:00Z"})
    assert _show(mash, reference)["encompass"]["due_at"] == "2026-11-23T09:00:00+00:00"
    run = mash("encompass", "informed", reference, "--at", "2026-11-23T08:20", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "2026-11-23 08:20" in run.out, run.err
    shown = _show(mash, reference)["encompass"]
    assert shown["informed_at"] == "2026-11-23T08:20:00+00:00" and shown["school"] == "Hillside Primary"
    run = mash("encompass", "informed", reference, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "already recorded" in run.err
    refused = _add_refused(mash, tmp_path)
    assert refused.rc != 0 and "comes from the police" in refused.err


def _add_refused(mash, tmp_path):
    payload = copy.deepcopy(EXAMPLE) | {"encompass": {"incident_at": "2026-11-20T20:30:00Z"}}
    payload["referrer"] |= {"agency": None}
    path = tmp_path / "school.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return mash("referral", "add", "--json", str(path), "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
