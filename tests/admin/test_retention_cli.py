"""mash-admin retention, hold and disposal, as an information-governance officer."""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.codes import Outcome, Rag
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.case import casework, decision
from mash_desktop.services.intake import screening
from mash_desktop.store.database import Database
from tests.hub_factory import Creds

from .conftest import PASSWORD, REF

IG = ("--as", "hub.ig")


def _close_long_ago(mash, keys) -> None:
    db = Database(mash.url)
    try:
        lead = sign_in(db, Creds("CSC", "ws-csc", keys["CSC"].secret), "csc.lead", PASSWORD)
        decider = sign_in(db, Creds("CSC", "ws-csc", keys["CSC"].secret), "csc.decision", PASSWORD)
        screening.screen(db, lead, REF, rag=Rag.GREEN, reason="first look")
        casework.run_step(db, lead.actor, REF, casework.submit_for_decision)
        decision.record_decision(db, decider, REF, decision.DecisionInput(Outcome.NO_FURTHER_ACTION, 1, "R.",
                                                                          override_reason="None asked."))
        casework.run_step(db, lead.actor, REF, casework.close, now=dt.datetime(2016, 1, 4, tzinfo=dt.timezone.utc))
    finally:
        db.dispose()


def _ig(mash, *args: str, who=IG):
    return mash(*args, *who, stdin=[PASSWORD], at="HUB")


def test_schedule_holds_and_the_review(mash, hub_keys, tmp_path):
    run = mash("user", "add", "hub.ig", "--agency", "HUB", "--role", "ig_officer", "--name", "Imogen Grant",
               "--as", "hub.admin", stdin=[PASSWORD, PASSWORD], at="HUB")
    assert run.rc == 0, run.err
    _close_long_ago(mash, hub_keys)

    run = _ig(mash, "retention", "show")
    assert run.rc == 0 and "contact_nfa" in run.out and "reg 50" in run.out and "14 days" in run.out, run.err
    assert _ig(mash, "retention", "set", "early_help", "30").rc == 0
    assert _ig(mash, "retention", "set", "early_help", "300").rc == 2
    assert _ig(mash, "retention", "window", "7").rc == 0

    run = _ig(mash, "hold", "add", "case", REF, "--reason", "Complaint under review", "--reference", "COMP-9")
    assert run.rc == 0 and "Hold 1 placed" in run.out, run.err
    assert REF not in _ig(mash, "disposal", "review").out
    assert "COMP-9" in _ig(mash, "hold", "list").out
    assert _ig(mash, "hold", "lift", "1", "--reason", "Complaint closed").rc == 0
    run = _ig(mash, "disposal", "review")
    assert run.rc == 0 and REF in run.out and "due" in run.out, run.err

    run = _ig(mash, "disposal", "approve", REF)
    assert run.rc == 0 and "unless cancelled" in run.out, run.err
    run = _ig(mash, "disposal", "run")
    assert run.rc == 0 and "No approved case is past its cancel window" in run.out, run.err
    run = _ig(mash, "disposal", "cancel", REF, "--reason", "Approved in error")
    assert run.rc == 0, run.err
    run = _ig(mash, "disposal", "certificate", "DC-NONE", "--out", str(tmp_path / "c.pdf"))
    assert run.rc == 2 and "DC-NONE" in run.err

    run = mash("disposal", "review", "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
    assert run.rc == 1 and "information governance officer" in run.err
