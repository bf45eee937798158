"""The person chronology PDF: marked and fingerprinted on every page, recorded, verifiable, and only
what its producer may read."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.chronology import Category, EntryInput, Significance
from mash_desktop.domain.codes import DocumentKind
from mash_desktop.reports.content import short_fingerprint
from mash_desktop.services.case import document_check
from mash_desktop.services.people import chronology
from mash_desktop.services.people.chronology_document import produce_chronology
from mash_desktop.store.chronology_models import ChronologyEntry
from mash_desktop.store.models import AuditEvent, Document, Referral, ReferralPerson
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.pdf_text import pages

ANALYSIS = "CURATED-PDF: the school nurse saw a healing burn on Ruby's forearm."


@pytest.fixture
def h(doc_hub):
    return doc_hub


def ruby(h) -> int:
    with h.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == REF, ReferralPerson.is_subject.is_(True)))


def test_the_pdf_is_marked_fingerprinted_recorded_and_verifies(h, tmp_path):
    officer = h["csc.officer"]
    chronology.add_entry(h.db, officer, ruby(h), EntryInput(dt.date(2026, 11, 22), Category.HEALTH, "School nurse",
                                                            Significance.HIGH, ANALYSIS))
    chronology.finish(h.db, h["csc.lead"], ruby(h))
    made = produce_chronology(h.db, officer, ruby(h), tmp_path / "chronology.pdf")
    text = pages(made.path)
    assert made.kind is DocumentKind.PERSON_CHRONOLOGY and made.reference == REF and made.pages == len(text)
    for number, page in enumerate(text, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {len(text)}" in page
        assert short_fingerprint(made.content_fingerprint) in page and REF in page
    whole = " ".join(text)
    assert "Person chronology" in whole and "Ruby Calder" in whole and "Finished by CSC Lead" in whole
    for shown in (ANALYSIS, TEXTS["POL-TO-HUB"], TEXTS["HLT-TO-CSC"], TEXTS["RATIONALE"]):
        assert " ".join(shown.split()) in whole, shown
    for hidden in ("POL-TO-HLT", "POL-PENDING", "POL-PANEL", "HLT-PANEL"):
        assert TEXTS[hidden] not in whole, hidden
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert check.genuine and "Person chronology" in check.message, check.message
    with h.db.read() as s:
        doc = s.scalar(select(Document).where(Document.token == made.token))
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "document.produce",
                                                  AuditEvent.object_ref == made.token))
    assert doc.kind is DocumentKind.PERSON_CHRONOLOGY
    printed = json.loads(event.detail)["disclosures"]
    assert h.disclosure_ids["POL-TO-HUB"] in printed and h.disclosure_ids["POL-PENDING"] not in printed
    assert "CURATED-PDF" not in event.detail

    tampered = bytearray(made.path.read_bytes())
    tampered[len(tampered) // 2] ^= 1
    (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
    assert not document_check.check_file(h.db, tmp_path / "tampered.pdf", h["csc.lead"].trust).genuine


def test_another_agency_prints_only_what_it_may_read_and_an_altered_entry_says_so(h, tmp_path):
    chronology.add_entry(h.db, h["csc.officer"], ruby(h), EntryInput(dt.date(2026, 11, 22), Category.OTHER,
                                                                     "Neighbour", Significance.LOW, ANALYSIS))
    with h.db.write() as s:
        s.execute(update(ChronologyEntry).values(significance="high"))
    made = produce_chronology(h.db, h["pol.officer"], ruby(h), tmp_path / "pol.pdf")
    whole = " ".join(pages(made.path))
    assert TEXTS["POL-PANEL"] in whole and TEXTS["HLT-TO-CSC"] not in whole and TEXTS["HLT-PANEL"] not in whole
    assert "ALTERED OUTSIDE THE HUB" in whole and "1 entry in this chronology changed outside the hub" in whole
