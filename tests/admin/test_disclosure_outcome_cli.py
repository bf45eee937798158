"""mash-admin disclosure refuse / return: a reason is required; only another supervisor may."""

from .conftest import PASSWORD, REF
from .test_casework_cli import FINDING, _audit, _disclose, _screen_and_research, _show

WHY = "Already known to CSC through the strategy meeting; sharing more is not proportionate."


def _pending(mash) -> int:
    run = _disclose(mash, "--to", "CSC", "--consent", "refused", "--consent-reason", "Would alert the partner")
    assert run.rc == 0, run.err
    return int(run.out)


def test_refuse_and_return_with_a_reason(mash, tmp_path):
    _screen_and_research(mash)
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\n{FINDING}", at="POL").rc == 0
    refused, returned = _pending(mash), _pending(mash)
    run = mash("disclosure", "refuse", str(refused), "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 2 and "--reason" in run.err
    run = mash("disclosure", "refuse", str(refused), "--reason", WHY, "--as", "pol.officer",
               stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "supervisor" in run.err
    run = mash("disclosure", "refuse", str(refused), "--reason", WHY, "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and "refused" in run.out, run.err
    reason = tmp_path / "why.txt"
    reason.write_text(WHY + "\n", encoding="utf-8")
    run = mash("disclosure", "return", str(returned), "--reason-file", str(reason), "--as", "pol.lead",
               stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and "returned" in run.out, run.err
    run = mash("disclosure", "authorise", str(refused), "--as", "pol.lead", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "no authorisation now" in run.err

    mine = {d["id"]: d for d in _show(mash, "pol.officer", "POL")["disclosures"]}
    assert (mine[refused]["outcome"], mine[refused]["outcome_reason"]) == ("refused", WHY)
    assert (mine[returned]["outcome"], mine[returned]["outcome_reason"]) == ("returned", WHY)
    assert not mine[refused]["pending"] and mine[refused]["outcome_by"] == "POL Lead"
    theirs = {d["id"]: d for d in _show(mash, "csc.officer", "CSC")["disclosures"]}
    assert theirs[refused]["text"] is None and theirs[refused]["outcome_reason"] is None
    events = _audit(mash.url)
    assert [e.action for e in events if e.object_ref in (str(refused), str(returned))][-2:] == [
        "disclosure.refuse", "disclosure.return"]
    assert not any(WHY in f"{e.justification} {e.detail}" for e in events)


def test_withdraw_a_returned_disclosure(mash):
    _screen_and_research(mash)
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\n{FINDING}", at="POL").rc == 0
    made = _pending(mash)
    run = mash("disclosure", "withdraw", str(made), "--reason", WHY, "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 1 and "not returned" in run.err
    assert mash("disclosure", "return", str(made), "--reason", WHY, "--as", "pol.lead", stdin=[PASSWORD],
                at="POL").rc == 0
    run = mash("disclosure", "withdraw", str(made), "--as", "pol.officer", stdin=[PASSWORD], at="POL")
    assert run.rc == 2 and "--reason" in run.err
    run = mash("disclosure", "withdraw", str(made), "--reason", "No longer needed", "--as", "csc.officer",
               stdin=[PASSWORD], at="CSC")
    assert run.rc == 1 and "disclosing agency" in run.err
    run = mash("disclosure", "withdraw", str(made), "--reason", "No longer needed", "--as", "pol.officer",
               stdin=[PASSWORD], at="POL")
    assert run.rc == 0 and "withdrawn" in run.out, run.err
    mine = {d["id"]: d for d in _show(mash, "pol.officer", "POL")["disclosures"]}
    assert (mine[made]["outcome"], mine[made]["outcome_reason"]) == ("withdrawn", "No longer needed")
    assert not mine[made]["pending"]
    events = _audit(mash.url)
    assert [e.action for e in events if e.object_ref == str(made)][-1] == "disclosure.withdraw"
    assert not any("No longer needed" in f"{e.justification} {e.detail}" for e in events)
