"""mash-admin sharing decline | declined: by the same rules as the client."""

from __future__ import annotations

import json

from .conftest import PASSWORD, REF

CONSIDERED = "CLI-CONSIDERED: the partner's bail conditions"
WHY_NOT = "CLI-WHY: CSC were told at the strategy discussion"


def _panel(mash, by: str = "pol.officer", at: str = "POL") -> None:
    run = mash("panel", "write", REF, "--text-file", "-", "--as", by, stdin=f"{PASSWORD}\nFindings.\n", at=at)
    assert run.rc == 0, run.err


def _decline(mash, *extra: str, by: str = "pol.officer", at: str = "POL"):
    return mash("sharing", "decline", REF, *extra, "--as", by, stdin=f"{PASSWORD}\n{WHY_NOT}\n", at=at)


def _declined(mash, by: str, at: str) -> list[dict]:
    run = mash("sharing", "declined", REF, "--json", "--as", by, stdin=[PASSWORD], at=at)
    assert run.rc == 0, run.err
    return json.loads(run.out)


def test_decline_then_list_for_the_own_agency_only(mash):
    _panel(mash)
    run = _decline(mash, "--with", "csc", "--considered", CONSIDERED, "--why-file", "-")
    assert run.rc == 0, run.err
    made = int(run.out)
    assert [(d["id"], d["agency"], d["to"], d["considered"], d["why_not"], d["altered"])
            for d in _declined(mash, "pol.lead", "POL")] == [(made, "POL", "CSC", CONSIDERED, WHY_NOT, False)]
    assert _declined(mash, "csc.officer", "CSC") == []
    run = mash("sharing", "declined", REF, "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and CONSIDERED in run.out and "CSC agency (CSC)" in run.out, run.err
    run = mash("sharing", "declined", REF, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "no decision not to share" in run.out and "CLI-" not in run.out


def test_refusals_are_one_line(mash):
    run = _decline(mash, "--with", "hub", "--considered", CONSIDERED, "--why-file", "-")
    assert run.rc == 1 and "panel" in run.err and len(run.err.strip().splitlines()) == 1
    _panel(mash)
    run = _decline(mash, "--with", "pol", "--considered", CONSIDERED, "--why-file", "-")
    assert run.rc == 2 and "another agency" in run.err
    run = _decline(mash, "--with", "hub", "--considered", "  ", "--why-file", "-")
    assert run.rc == 2 and "--considered" in run.err
    run = _decline(mash, "--with", "hub", "--considered", CONSIDERED, "--why-file", "-", by="csc.decision",
                   at="CSC")
    assert run.rc == 1 and "officer or supervisor" in run.err and len(run.err.strip().splitlines()) == 1
    assert _declined(mash, "pol.officer", "POL") == []
