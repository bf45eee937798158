"""The case as the workspace shows it: agency-tagged chronology, sealed panels, the reason rule."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import DocumentKind, ResearchStatus
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.services import document_copies, documents
from mash_desktop.services.referrals import add_referral
from mash_desktop.services.workspace import ReasonNeeded, open_workspace
from mash_desktop.store.models import AuditEvent
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE


@pytest.fixture
def h(doc_hub):
    return doc_hub


def events(h, action: str) -> list[AuditEvent]:
    with h.db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_workspace_tags_the_chronology_and_seals_other_panels(h):
    ws = open_workspace(h.db, h["csc.officer"], REF)
    assert ws.case.own_panel.text == TEXTS["CSC-PANEL"] and ws.can_write_panel and ws.own_research is None
    assert [(p.agency, p.status) for p in ws.other_panels] == [("HLT", "written"), ("POL", "written")]
    assert [p.from_agency for p in ws.pending] == ["POL"]
    lines = [(e.agency, e.what) for e in ws.chronology]
    assert ("CSC", "RAG set to Amber") in lines and ("POL", "Research returned") in lines
    assert ("POL", "Disclosure to the hub awaiting authorisation") in lines
    assert lines[-1] == ("CSC", "Decision: Early help (step-down)")
    assert [e.at for e in ws.chronology] == sorted(e.at for e in ws.chronology)
    assert "case_workspace" in events(h, "case.view")[-1].detail


def test_a_researching_agency_sees_its_request_and_only_what_was_disclosed_to_it(h):
    pol = open_workspace(h.db, h["pol.officer"], REF)
    assert pol.own_research is ResearchStatus.RETURNED and "CSC" in [p.agency for p in pol.other_panels]
    hlt = open_workspace(h.db, h["hlt.officer"], REF)
    csc = open_workspace(h.db, h["csc.officer"], REF)
    assert any("POL-TO-HLT" in d.text for d in hlt.case.disclosures)
    assert not any("POL-TO-HLT" in d.text for d in csc.case.disclosures)
    assert ("POL", "Disclosed to HLT agency") in [(e.agency, e.what) for e in hlt.chronology]
    assert ("POL", "Disclosed to HLT agency") not in [(e.agency, e.what) for e in csc.chronology]


def test_a_case_outside_the_agency_needs_a_reason_which_is_audited(h):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    with pytest.raises(ReasonNeeded) as raised:
        open_workspace(h.db, h["hlt.officer"], second)
    assert raised.value.reference == second and "give the reason" in raised.value.message
    with pytest.raises(ReasonNeeded):
        open_workspace(h.db, h["hlt.officer"], second, "   ")
    ws = open_workspace(h.db, h["hlt.officer"], second, "  Strategy meeting tomorrow ")
    assert ws.reason == "Strategy meeting tomorrow"
    [view] = [e for e in events(h, "case.view") if e.object_ref == second]
    assert view.justification == "Strategy meeting tomorrow" and view.actor_name == "hlt.officer"


def test_roles_outside_casework_are_refused_without_asking_a_reason(h):
    with pytest.raises(NotPermitted) as raised:
        open_workspace(h.db, h.hub.sign_in("hub.admin"), REF)
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
