"""Case text from a file or standard input, so it never shows in the process list."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mash_desktop.admin.cli import main
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, Decision, Disclosure, ReferralEvent

from .conftest import PASSWORD, REF

REASON = "Bruising seen by the school nurse; mother's partner has a DA history"
FINDING = "Police: DA incident at 14 Larch Close on 2 Nov."


def _rows(url: str, model) -> list:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.scalars(select(model).order_by(model.id)))
    finally:
        db.dispose()


def _triage(mash, *text_args: str, rag: str = "amber", stdin: str | list[str] | None = None):
    return mash("referral", "triage", REF, "--rag", rag, *text_args, "--as", "csc.lead", stdin=stdin or [PASSWORD],
                at="CSC")


def test_a_reason_from_a_file_or_the_rest_of_stdin(mash, tmp_path):
    reason = tmp_path / "reason.txt"
    reason.write_text(f"{REASON}\n", encoding="utf-8")
    assert _triage(mash, "--reason-file", str(reason)).rc == 0
    run = _triage(mash, "--reason-file", "-", rag="red", stdin=f"{PASSWORD}\nRaised again:\n{REASON}\n")
    assert run.rc == 0, run.err
    assert _triage(mash, "--reason", "Inline still works", rag="green").rc == 0
    reasons = [e.reason for e in _rows(mash.url, ReferralEvent) if e.reason]
    assert reasons[-3:] == [REASON, f"Raised again:\n{REASON}", "Inline still works"]


@pytest.mark.parametrize("args,stdin,code,said", [
    (("--reason", "x", "--reason-file", "-"), [PASSWORD], 2, "not allowed with"),
    ((), [PASSWORD], 2, "--reason-file"),
    (("--reason-file", "-"), f"{PASSWORD}\n \n", 2, "--reason-file: stdin holds no text"),
    (("--reason-file", "/nonexistent/reason.txt"), [PASSWORD], 2, "cannot read"),
])
def test_bad_case_text_is_refused_in_one_line(mash, args, stdin, code, said):
    run = _triage(mash, *args, stdin=stdin)
    assert run.rc == code and said in run.err, run.err


def test_a_decision_from_files(mash, tmp_path):
    for args in (("triage", REF, "--rag", "red", "--reason", "x"), ("request-research", REF, "--agency", "POL"),
                 ("submit", REF)):
        assert mash("referral", *args, "--as", "csc.lead", stdin=[PASSWORD], at="CSC").rc == 0
    steps = tmp_path / "next.txt"
    steps.write_text("Strategy discussion today at 15:00.\n", encoding="utf-8")
    run = mash("decide", REF, "--outcome", "strategy_s47", "--level", "4", "--rationale-file", "-",
               "--next-steps-file", str(steps), "--override-reason", "Police return cannot wait",
               "--as", "csc.decision", stdin=f"{PASSWORD}\nRisk of significant harm tonight.\n", at="CSC")
    assert run.rc == 0, run.err
    [decision] = _rows(mash.url, Decision)
    assert decision.rationale == "Risk of significant harm tonight."
    assert decision.next_steps == "Strategy discussion today at 15:00."
    assert decision.research_override_reason == "Police return cannot wait"


def test_a_disclosure_with_its_reasons_from_files(mash, tmp_path):
    assert mash("panel", "write", REF, "--text-file", "-", "--as", "pol.officer",
                stdin=f"{PASSWORD}\n{FINDING}", at="POL").rc == 0
    shared, why = tmp_path / "shared.txt", tmp_path / "why.txt"
    shared.write_text("Police attended the address on 2 November.", encoding="utf-8")
    why.write_text("Necessary to assess risk to the child\n", encoding="utf-8")
    base = ("disclose", REF, "--to", "CSC", "--basis", "art6_1e", "--consent", "refused", "--as", "pol.officer")
    run = mash(*base, "--reason-file", str(why), "--text-file", "-", "--consent-reason-file", "-",
               stdin=[PASSWORD, "x"], at="POL")
    assert run.rc == 2 and "--consent-reason-file and --text-file both read standard input" in run.err
    run = mash(*base, "--reason-file", str(why), "--text-file", str(shared), stdin=[PASSWORD], at="POL")
    assert run.rc == 2 and "--consent-reason" in run.err
    run = mash(*base, "--reason-file", str(why), "--text-file", str(shared), "--consent-reason-file", "-",
               stdin=f"{PASSWORD}\nTelling the alleged abuser would put the child at risk\n", at="POL")
    assert run.rc == 0, run.err
    [made] = _rows(mash.url, Disclosure)
    assert made.justification == "Necessary to assess risk to the child"
    assert made.consent_reason == "Telling the alleged abuser would put the child at risk"
    audited = [e for e in _rows(mash.url, AuditEvent) if e.action == "disclosure.make"]
    assert audited[0].justification == "Necessary to assess risk to the child"


def test_a_look_with_a_reason_from_stdin(mash):
    run = mash("referral", "show", REF, "--reason-file", "-", "--as", "pol.officer",
               stdin=f"{PASSWORD}\nChecking a linked address\n", at="POL")
    assert run.rc == 0 and json.loads(run.out)["reference"] == REF, run.err
    views = [e.justification for e in _rows(mash.url, AuditEvent) if e.action == "case.view"]
    assert views[-1] == "Checking a linked address"


@pytest.mark.parametrize("command,option", [
    (("referral", "triage"), "--reason"), (("referral", "show"), "--reason"), (("decide",), "--rationale"),
    (("decide",), "--next-steps"), (("decide",), "--override-reason"), (("disclose",), "--consent-reason"),
    (("report", "case-summary"), "--for"), (("report", "feedback-letter"), "--reason"),
])
def test_help_steers_to_the_file_form(capsys, command, option):
    assert main([*command, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert f"{option}-file FILE" in text and "process list" in text and f"prefer {option}-file" in text
