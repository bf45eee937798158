"""The one door into a case: what the workspace, the documents and ``referral show`` are given.

The same reader sees the same case whichever way they look; opening it is one
transaction; the chronology is tagged by agency, other panels stay sealed,
and a case outside the reader's agency needs a reason.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select

from mash_desktop.admin import case_commands, signin
from mash_desktop.domain.codes import DocumentKind, Rag, ResearchStatus, Status
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.services.case import casework, document_copies, documents
from mash_desktop.services.case.reader import WORKSPACE, ReasonNeeded, open_case
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import text as pdf_text


@pytest.fixture
def h(doc_hub):
    return doc_hub


def events(h, action: str) -> list[AuditEvent]:
    with h.db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_workspace_tags_the_chronology_and_seals_other_panels(h):
    ws = open_case(h.db, h["csc.officer"], REF, WORKSPACE)
    assert ws.own_panel.text == TEXTS["CSC-PANEL"] and ws.can_write_panel and ws.own_research is None
    assert [(p.agency, p.status) for p in ws.other_panels] == [("HLT", "written"), ("POL", "written")]
    assert [p.from_agency for p in ws.pending] == ["POL"]
    lines = [(e.agency, e.what) for e in ws.chronology]
    assert ("CSC", "RAG set to Amber") in lines and ("POL", "Research returned") in lines
    assert ("POL", "Disclosure to the hub awaiting authorisation") in lines
    assert lines[-1] == ("CSC", "Decision: Early help (step-down)")
    assert [e.at for e in ws.chronology] == sorted(e.at for e in ws.chronology)
    assert "case_workspace" in events(h, "case.view")[-1].detail


def test_a_researching_agency_sees_its_request_and_only_what_was_disclosed_to_it(h):
    pol = open_case(h.db, h["pol.officer"], REF, WORKSPACE)
    assert pol.own_research is ResearchStatus.RETURNED and "CSC" in [p.agency for p in pol.other_panels]
    hlt = open_case(h.db, h["hlt.officer"], REF, WORKSPACE)
    csc = open_case(h.db, h["csc.officer"], REF, WORKSPACE)
    assert any("POL-TO-HLT" in d.text for d in hlt.shared)
    assert not any("POL-TO-HLT" in d.text for d in csc.shared)
    assert ("POL", "Disclosed to HLT agency") in [(e.agency, e.what) for e in hlt.chronology]
    assert ("POL", "Disclosed to HLT agency") not in [(e.agency, e.what) for e in csc.chronology]


def test_a_case_outside_the_agency_needs_a_reason_which_is_audited(h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    with pytest.raises(ReasonNeeded) as raised:
        open_case(h.db, h["hlt.officer"], second, WORKSPACE)
    assert raised.value.reference == second and "give the reason" in raised.value.message
    with pytest.raises(ReasonNeeded):
        open_case(h.db, h["hlt.officer"], second, WORKSPACE, "   ")
    ws = open_case(h.db, h["hlt.officer"], second, WORKSPACE, "  Strategy meeting tomorrow ")
    assert ws.reason == "Strategy meeting tomorrow"
    [view] = [e for e in events(h, "case.view") if e.object_ref == second]
    assert view.justification == "Strategy meeting tomorrow" and view.actor_name == "hlt.officer"


def test_roles_outside_casework_are_refused_without_asking_a_reason(h):
    with pytest.raises(NotPermitted) as raised:
        open_case(h.db, h.hub.sign_in("hub.admin"), REF, WORKSPACE)
    assert not isinstance(raised.value, ReasonNeeded)


def test_a_saved_copy_is_recorded_before_it_appears(h, tmp_path):
    made = documents.produce(h.db, h["csc.officer"], DocumentKind.CASE_SUMMARY, REF, tmp_path / "made.pdf")
    dest = tmp_path / "copy.pdf"
    with pytest.raises(NotPermitted):  # another agency may not release CSC's document
        document_copies.export_copy(h.db, h["pol.officer"], made.token, made.path, dest, "Meeting")
    assert not dest.exists() and not list(tmp_path.glob(".copy.pdf.*"))
    document_copies.export_copy(h.db, h["csc.officer"], made.token, made.path, dest, "Meeting")
    assert dest.read_bytes() == made.path.read_bytes()
    [export] = events(h, "document.export")
    assert export.object_ref == made.token and "Meeting" in export.detail


def test_preview_files_are_private_and_stale_ones_are_swept(tmp_path):
    folder = tmp_path / "previews"
    first = document_copies.preview_path(folder)
    assert first.parent == folder and (folder.stat().st_mode & 0o777) == 0o700
    first.write_bytes(b"%PDF")
    old = folder / "preview-0000.pdf"
    old.write_bytes(b"%PDF")
    past = time.time() - document_copies.STALE_SECONDS - 60
    os.utime(old, (past, past))
    second = document_copies.preview_path(folder)
    assert second != first and first.exists() and not old.exists()


@contextlib.contextmanager
def _begun(db) -> Iterator[list[object]]:
    """Every transaction the database is asked to begin inside the block."""
    begun: list[object] = []

    def count(conn) -> None:
        begun.append(conn)

    event.listen(db.engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(db.engine, "begin", count)


@pytest.mark.parametrize("username", ["csc.officer", "pol.officer", "csc.decision"])
def test_opening_a_case_is_one_transaction(h, username):
    reader = h[username]
    with _begun(h.db) as begun:
        case = open_case(h.db, reader, REF, WORKSPACE)
    assert case.reference == REF and case.chronology and case.disclosures
    assert len(begun) == 1


def test_a_refusal_is_one_transaction_too(h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    reader = h["hlt.officer"]
    with _begun(h.db) as begun, pytest.raises(ReasonNeeded):
        open_case(h.db, reader, second, WORKSPACE)
    assert len(begun) == 1
    assert [e.object_ref for e in events(h, "case.view_refused")] == [second]


def _readable(texts: list[str | None]) -> set[str]:
    """Which of the hub's marked texts appear in what a reader was given."""
    joined = "\n".join(t for t in texts if t)
    return {marker for marker, said in TEXTS.items() if said in joined}


def _shown_by_command(h, monkeypatch, capsys, username: str, reason: str | None) -> dict:
    """What ``mash-admin referral show`` prints for the reader (sign-in itself is tested with the CLI)."""
    monkeypatch.setattr(signin, "signed_in", lambda args, *roles: (h.db, h[username]))
    args = argparse.Namespace(reference=REF, reason=reason, reason_file=None, as_user=username)
    case_commands.referral_show(args)
    return json.loads(capsys.readouterr().out)


#: Reader -> (reason needed to open the case, the marked texts they may read).
READERS = {
    "csc.officer": (None, {"CSC-PANEL", "POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC", "RATIONALE"}),
    "csc.decision": (None, {"CSC-PANEL", "POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC", "RATIONALE"}),
    "pol.officer": (None, {"POL-PANEL", "POL-TO-HUB", "POL-TO-HLT", "POL-AUTHORISED", "RATIONALE"}),
    "hlt.officer": (None, {"HLT-PANEL", "POL-TO-HUB", "POL-TO-HLT", "POL-AUTHORISED", "HLT-TO-CSC", "RATIONALE"}),
}


@pytest.mark.parametrize("username", sorted(READERS))
def test_workspace_documents_and_referral_show_agree_on_what_a_reader_sees(h, monkeypatch, capsys, tmp_path,
                                                                           username):
    reason, expected = READERS[username]
    reader = h[username]
    case = open_case(h.db, reader, REF, WORKSPACE, reason)
    on_screen = _readable([case.own_panel.text if case.own_panel else None, case.concern_details,
                           *(d.text for d in case.shared), *(d.rationale for d in case.decisions)])
    made = documents.produce(h.db, reader, DocumentKind.CASE_SUMMARY, REF, tmp_path / "summary.pdf", reason=reason)
    printed = _readable([pdf_text(made.path)])
    shown = _shown_by_command(h, monkeypatch, capsys, username, reason)
    listed = _readable([(shown["own_panel"] or {}).get("text"), shown["concern_details"],
                        *(d["text"] for d in shown["disclosures"] if not d["pending"]),
                        *(d["rationale"] for d in shown["decisions"])])
    assert on_screen == printed == listed == expected
    # The command prints the very record the workspace is given, field for field.
    assert [d["id"] for d in shown["disclosures"]] == [d.id for d in case.disclosures]
    assert [(c["agency"], c["what"]) for c in shown["chronology"]] == [(c.agency, c.what) for c in case.chronology]
    # The disclosure waiting for authorisation is listed (it goes to the whole hub), but only
    # the disclosing agency is given its text, and nobody's document prints it.
    [pending] = [d for d in shown["disclosures"] if d["pending"]]
    assert pending["id"] == h.disclosure_ids["POL-PENDING"]
    assert (pending["text"] == TEXTS["POL-PENDING"]) is username.startswith("pol.")
    assert (pending["text"] is None) is not username.startswith("pol.")


def test_routine_work_opens_without_a_reason_and_the_audit_says_which(h):
    """A supervisor screening a new contact and a decision maker deciding a case sent for decision
    open it without typing a reason; an agency that took a step on the case is involved in it;
    everyone else not involved still gives one."""
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    with pytest.raises(ReasonNeeded):
        open_case(h.db, h["hlt.officer"], second, WORKSPACE)
    with pytest.raises(ReasonNeeded):
        open_case(h.db, h["csc.decision"], second, WORKSPACE)  # not yet sent for decision
    assert open_case(h.db, h["hlt.lead"], second, WORKSPACE).reason is None  # screening is a supervisor's work
    screener = h["hlt.lead"].actor
    casework.run_step(h.db, screener, second, casework.set_rag, Rag.GREEN, "Advice only.")
    casework.run_step(h.db, screener, second, casework.submit_for_decision)
    with pytest.raises(ReasonNeeded):
        open_case(h.db, h["pol.lead"], second, WORKSPACE)  # no longer new: a supervisor of POL needs a reason
    assert open_case(h.db, h["hlt.officer"], second, WORKSPACE).reason is None  # HLT screened it
    assert open_case(h.db, h["csc.decision"], second, WORKSPACE).status is Status.AWAITING_DECISION
    views = [(e.actor_name, e.justification, json.loads(e.detail).get("routine"), json.loads(e.detail)["involved"])
             for e in events(h, "case.view") if e.object_ref == second]
    assert views == [("hlt.lead", None, "new", False), ("hlt.officer", None, None, True),
                     ("csc.decision", None, "awaiting_decision", False)]


@pytest.mark.parametrize("username", ["csc.officer", "pol.officer", "csc.decision"])
def test_the_case_is_read_before_the_audit_chain_is_locked(h, username):
    """The chain's head is locked from its first event until the commit, and every writer in the hub
    waits for it: opening a case reads everything first, then records (its panel, then the view)."""
    reader, sent = h[username], []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append(" ".join(statement.split()))

    event.listen(h.db.engine, "before_cursor_execute", keep)
    try:
        case = open_case(h.db, reader, REF, WORKSPACE)
    finally:
        event.remove(h.db.engine, "before_cursor_execute", keep)
    locked = next(i for i, s in enumerate(sent) if s.startswith("SELECT audit_head."))
    after = [s for s in sent[locked:] if not s.startswith(("SELECT audit_head.", "INSERT INTO audit_events",
                                                            "UPDATE audit_head", "WITH appended AS"))]
    assert after == [], after
    assert case.chronology and case.disclosures and sent[locked:]  # read, and recorded
