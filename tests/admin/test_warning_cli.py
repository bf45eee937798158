"""mash-admin warning: add, list, change, end, history and share, by the same rules as the client."""

from __future__ import annotations

import json

from .conftest import PASSWORD, REF

REASON = "CLI-REASON: subject of a MARAC referral in May."


def _add(mash, *extra: str, by: str = "pol.officer", at: str = "POL", kind: str = "marac"):
    return mash("warning", "add", REF, "--kind", kind, "--reason-file", "-", "--start", "2026-05-02", *extra,
                "--as", by, stdin=f"{PASSWORD}\n{REASON}\n", at=at)


def _list(mash, by: str, at: str) -> list[dict]:
    run = mash("warning", "list", REF, "--json", "--as", by, stdin=[PASSWORD], at=at)
    assert run.rc == 0, run.err
    return json.loads(run.out)


def test_add_list_end_and_history(mash):
    run = _add(mash)
    assert run.rc == 0, run.err
    made = int(run.out)
    mine = _list(mash, "pol.officer", "POL")
    assert [(w["id"], w["kind"], w["state"], w["source"], w["reason"]) for w in mine] == [
        (made, "marac", "current", "own", REASON)]
    assert _list(mash, "csc.officer", "CSC") == []  # not shared: CSC does not learn of it
    run = mash("warning", "list", REF, "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "No warnings" in run.out and "MARAC" not in run.out

    run = mash("warning", "end", str(made), "--on", "2026-06-01", "--reason", "Closed at MARAC", "--as",
               "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 2 and f"No warning {made}" in run.err
    run = mash("warning", "end", str(made), "--on", "2026-06-01", "--reason", "Closed at MARAC", "--as",
               "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and "ended on 2026-06-01" in run.out, run.err
    run = mash("warning", "history", str(made), "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 0, run.err
    lines = run.out.splitlines()
    assert "MARAC (ended), POL" in lines[0] and "add" in lines[1] and REASON in lines[1]
    assert "end" in lines[2] and "Closed at MARAC" in lines[2]


def test_worker_safety_is_seen_by_every_caseworker(mash):
    run = _add(mash, kind="worker_safety", by="csc.officer", at="CSC")
    assert run.rc == 0, run.err
    for by, at in (("pol.officer", "POL"), ("hlt.officer", "HLT"), ("csc.decision", "CSC")):
        assert [(w["kind"], w["source"]) for w in _list(mash, by, at)] == [("worker_safety", "hub")]


def test_refusals_are_one_line(mash):
    run = mash("warning", "add", REF, "--kind", "sorcery", "--reason", "x", "--start", "2026-05-02", "--as",
               "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 2 and "--kind" in run.err
    run = _add(mash, "--end", "2026-01-01")
    assert run.rc == 2 and "end" in run.err
    run = mash("warning", "list", REF, "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
    assert run.rc != 0
    run = mash("warning", "history", "999", "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 2 and "No warning 999" in run.err


def test_share_needs_a_panel_and_then_csc_sees_it(mash):
    made = int(_add(mash).out)
    share = ("warning", "share", str(made), REF, "--to", "CSC", "--basis", "dpa_part3_s35_sch8_4", "--consent",
             "given", "--justification", "CSC is assessing risk", "--as", "pol.officer")
    run = mash(*share, stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "panel" in run.err
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\nPolice research.", at="POL").rc == 0
    run = mash(*share, stdin=[PASSWORD], at="POL")
    assert run.rc == 0, run.err
    seen = _list(mash, "csc.officer", "CSC")
    assert [(w["kind"], w["source"], w["agency"], w["reason"], w["disclosure_id"]) for w in seen] == [
        ("marac", "shared", "POL", REASON, int(run.out))]
