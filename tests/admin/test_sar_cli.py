"""mash-admin sar: a request from people search to the produced response, by the same rules as the client."""

from __future__ import annotations

import json

from mash_desktop.services.subject_access import requests

from .conftest import PASSWORD

IG = ("--as", "hub.ig")


def _ig(mash) -> None:
    run = mash("user", "add", "hub.ig", "--agency", "HUB", "--role", "ig_officer", "--name", "Imogen Grant",
               "--as", "hub.admin", stdin=[PASSWORD, PASSWORD], at="HUB")
    assert run.rc == 0, run.err


def _sar(mash, *args: str, stdin: list[str] | str | None = None, at: str = "HUB", who=IG):
    return mash("sar", *args, *who, stdin=stdin if stdin is not None else [PASSWORD], at=at)


def test_a_request_from_search_to_response(mash, tmp_path):
    _ig(mash)
    run = _sar(mash, "people", "ruby", "--born", "2017-06-14")
    assert run.rc == 0 and "Ruby Calder" in run.out, run.err
    person = run.out.splitlines()[1].split()[0]
    today = requests.today().isoformat()
    run = _sar(mash, "new", person, "--received", today, "--on-behalf-of", "Kerry Calder", "--authority",
               "Parental responsibility")
    assert run.rc == 0, run.err
    request_id = run.out.strip()
    run = _sar(mash, "extend", request_id, "--months", "3", "--reason", "x")
    assert run.rc == 2
    run = _sar(mash, "extend", request_id, "--months", "1", "--reason-file", "-",
               stdin=f"{PASSWORD}\nFour agencies' parts to gather.\n")
    assert run.rc == 0 and "now due on" in run.out, run.err
    run = _sar(mash, "gather", request_id)
    assert run.rc == 0 and "MASH-2026-000001" in run.out, run.err
    run = _sar(mash, "produce", request_id, "--out", str(tmp_path / "r.pdf"), "--log", str(tmp_path / "l.pdf"))
    assert run.rc != 0 and "not yet decided" in run.err
    run = _sar(mash, "redact", request_id)
    assert run.rc == 0 and "Dean Whitlock" in run.out and "undecided" in run.out, run.err
    run = _sar(mash, "redact", request_id, "--lift", "--phrase", "Hillside", "--reason", "The school, not a person")
    assert run.rc == 0, run.err
    run = _sar(mash, "redact", request_id, "--confirm-all")
    assert run.rc == 0 and "confirmed" in run.out, run.err
    run = _sar(mash, "produce", request_id, "--out", str(tmp_path / "r.pdf"), "--log", str(tmp_path / "l.pdf"))
    assert run.rc == 0 and (tmp_path / "r.pdf").exists() and (tmp_path / "l.csv").exists(), run.err
    run = mash("report", "verify", str(tmp_path / "r.pdf"), at="HUB")
    assert run.rc == 0 and "GENUINE" in run.out, run.err
    run = _sar(mash, "produce", request_id, "--panels", "--out", str(tmp_path / "p.pdf"), at="CSC",
               who=("--as", "csc.lead"))
    assert run.rc != 0 and "no panel" in run.err  # CSC wrote none on these contacts
    run = _sar(mash, "answer", request_id)
    assert run.rc == 0 and "answered" in run.out, run.err
    run = _sar(mash, "list", "--json")
    assert run.rc == 0 and json.loads(run.out)[0]["status"] == "answered", run.err


def test_an_officer_is_refused_in_one_line(mash):
    run = _sar(mash, "list", at="CSC", who=("--as", "csc.officer"))
    assert run.rc != 0 and "information governance officer" in run.err.lower()
