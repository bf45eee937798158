"""mash-admin casework as signed-in staff: show, triage, research, panels, disclosures, decide."""

import json

from sqlalchemy import select

from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent

from .conftest import PASSWORD, REF

FINDING = "Police: DA incident at 14 Larch Close on 2 Nov, partner arrested; bail conditions apply."
SHARED = "Police attended a domestic incident at the address on 2 November."


def _audit(url: str) -> list[AuditEvent]:
    db = Database(url)
    with db.read() as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    db.dispose()
    return events


def _show(mash, username: str, at: str, *extra: str) -> dict:
    run = mash("referral", "show", REF, "--as", username, *extra, stdin=[PASSWORD], at=at)
    assert run.rc == 0, run.err
    return json.loads(run.out)


def test_opening_a_case_you_are_not_on_needs_a_reason(mash):
    run = mash("referral", "show", REF, "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "--reason" not in run.out and "reason" in run.err
    view = _show(mash, "pol.officer", "POL", "--reason", "Checking a linked address for a live incident")
    assert view["reference"] == REF and view["status"] == "new" and view["rag"] is None
    assert [s["given_name"] for s in view["subjects"]] == ["Ruby"]
    assert view["concern_categories"] and view["concern_details"]
    assert view["own_panel"]["state"] == "empty" and view["disclosures"] == []
    events = [(e.action, e.actor_name, e.justification) for e in _audit(mash.url) if e.object_ref == REF]
    assert ("case.view_refused", "pol.officer", None) in events
    assert ("case.view", "pol.officer", "Checking a linked address for a live incident") in events
    run = mash("referral", "show", "MASH-2026-999999", "--as", "pol.officer", "--reason", "x", stdin=[PASSWORD],
               at="POL")
    assert run.rc == 2 and "No referral" in run.err


def _screen_and_research(mash):
    run = mash("referral", "triage", REF, "--rag", "amber", "--reason", "Bruising seen", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "supervisor" in run.err
    run = mash("referral", "triage", REF, "--rag", "purple", "--reason", "x", "--as", "csc.lead", at="CSC")
    assert run.rc == 2 and "--rag" in run.err
    for args in (("triage", REF, "--rag", "amber", "--reason", "Bruising seen, DA history"),
                 ("request-research", REF, "--agency", "POL", "hlt"),
                 ("allocate", REF, "--to", "csc.officer")):
        run = mash("referral", *args, "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
        assert run.rc == 0, run.err


def test_a_case_through_the_command_line(mash, tmp_path):
    _screen_and_research(mash)
    view = _show(mash, "csc.officer", "CSC")  # allocated to them: no reason needed
    assert view["status"] == "researching" and view["rag"] == "amber" and view["decision_due_at"]
    assert view["allocated_username"] == "csc.officer" and view["allocated_to"]
    assert {r["agency"]: r["status"] for r in view["research"]} == {"POL": "requested", "HLT": "requested"}

    finding = tmp_path / "finding.txt"
    finding.write_text(FINDING, encoding="utf-8")
    run = mash("panel", "write", REF, "--text-file", str(finding), "--research", "returned", "--as", "pol.officer",
               stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and "POL panel" in run.out, run.err
    run = mash("panel", "show", REF, "--agency", "POL", "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and run.out == FINDING + "\n"
    run = mash("panel", "show", REF, "--agency", "POL", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and FINDING not in run.out and "sealed" in run.err
    view = _show(mash, "csc.officer", "CSC")
    panels = {p["agency"]: p for p in view["other_panels"]}
    assert panels["POL"]["written"] and not panels["HLT"]["written"] and panels["HLT"]["research"] == "requested"
    assert not any("text" in p for p in panels.values())
    assert FINDING not in json.dumps(view)
    assert view["research"][1] | {"status": "returned"} == view["research"][1]

    run = mash("referral", "allocate", REF, "--to", "nobody.here", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 2 and "No user" in run.err
    run = mash("referral", "allocate", REF, "--to", "pol.officer", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "works for POL" in run.err  # the same rule as the client: own agency only
    assert mash("referral", "submit", REF, "--as", "csc.lead", stdin=[PASSWORD], at="CSC").rc == 0
    run = mash("decide", REF, "--outcome", "strategy_s47", "--level", "4", "--rationale", "Risk of harm",
               "--as", "csc.decision", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "outstanding from HLT" in run.err
    run = mash("decide", REF, "--outcome", "strategy_s47", "--level", "4", "--rationale", "Risk of harm",
               "--override-reason", "Urgent", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "decision maker" in run.err
    run = mash("decide", REF, "--outcome", "strategy_s47", "--level", "5", "--rationale", "x", "--as", "csc.decision")
    assert run.rc == 2
    run = mash("decide", REF, "--outcome", "strategy_s47", "--level", "4", "--rationale", "Risk of harm",
               "--override-reason", "Health out of hours; risk cannot wait", "--as", "csc.decision",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 0 and "decided" in run.out, run.err
    assert _show(mash, "csc.officer", "CSC")["decisions"][0]["outcome"] == "strategy_s47"
    assert mash("referral", "close", REF, "--as", "csc.lead", stdin=[PASSWORD], at="CSC").rc == 0
    assert _show(mash, "csc.officer", "CSC")["status"] == "closed"
    # Reopening needs a reason and a supervisor or decision maker, as in the client.
    assert mash("referral", "reopen", REF, "--as", "csc.lead", stdin=[PASSWORD], at="CSC").rc == 2
    run = mash("referral", "reopen", REF, "--reason", "New school report", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "supervisor" in run.err
    run = mash("referral", "reopen", REF, "--reason-file", "-", "--as", "csc.decision",
               stdin=[PASSWORD, "New school report about the same concern"], at="CSC")
    assert run.rc == 0 and "reopened" in run.out, run.err
    assert _show(mash, "csc.officer", "CSC")["status"] == "screened"
    assert not any("school report" in f"{e.justification} {e.detail}" for e in _audit(mash.url))
    assert not any(FINDING in f"{e.justification} {e.detail}" for e in _audit(mash.url))


def _disclose(mash, *args: str, text: str = SHARED):
    return mash("disclose", REF, "--basis", "art6_1e", "--reason", "Necessary to assess risk to the child",
                "--text-file", "-", *args, "--as", "pol.officer", stdin=f"{PASSWORD}\n{text}", at="POL")


def test_disclosures_with_and_without_consent(mash):
    _screen_and_research(mash)
    run = _disclose(mash, "--to", "CSC", "--consent", "given")
    assert run.rc == 1 and "Write your agency's panel" in run.err
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\n{FINDING}", at="POL").rc == 0
    run = _disclose(mash, "--to", "CSC", "--consent", "refused")
    assert run.rc == 2 and "--consent-reason" in run.err
    run = _disclose(mash, "--to", "CSC", "--consent", "maybe")
    assert run.rc == 2 and "--consent" in run.err
    run = _disclose(mash, "--to", "CSC", "--consent", "given", "--gateway", "ca1989_s47")
    assert run.rc == 0, run.err
    given = int(run.out)
    run = _disclose(mash, "--to", "hub", "--consent", "refused", "--handling", "C",
                    "--consent-reason", "Telling the alleged abuser would put the child at risk",
                    text="Partner has a history of violence.")
    assert run.rc == 0 and "authorises" in run.err
    pending = int(run.out)

    view = {d["id"]: d for d in _show(mash, "csc.officer", "CSC")["disclosures"]}
    assert view[given]["text"] == SHARED and view[given]["ground"]["article6"] == "6_1_e"
    assert view[pending]["pending"] and view[pending]["text"] is None
    run = mash("disclosure", "authorise", str(pending), "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "supervisor" in run.err
    run = mash("disclosure", "authorise", str(pending), "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 0, run.err
    view = {d["id"]: d for d in _show(mash, "csc.officer", "CSC")["disclosures"]}
    assert view[pending]["text"] == "Partner has a history of violence." and view[pending]["authorised_by"]
    made = [e for e in _audit(mash.url) if e.action == "disclosure.make"]
    assert [e.justification for e in made] == ["Necessary to assess risk to the child"] * 2
    assert not any(SHARED in f"{e.justification} {e.detail}" for e in _audit(mash.url))
