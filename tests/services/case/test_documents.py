"""The hub's documents say exactly what was shared, and nothing a reader may not see."""

from __future__ import annotations

import pytest

from mash_desktop.domain.codes import ConsentPosition, Outcome, Rag, StatutoryGateway
from mash_desktop.domain.lawful_basis import Article6, Article9, DataKind, Schedule8
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.reports.wording import PLAIN_OUTCOMES
from mash_desktop.services.case import casework, documents
from mash_desktop.services.intake.referrals import add_referral
from tests import document_hub
from tests.document_hub import doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.document_hub import REF, SERVICE, TEXTS
from tests.hub_factory import EXAMPLE
from tests.pdf_text import flat, pages


@pytest.fixture
def h(doc_hub):
    return doc_hub


@pytest.fixture
def folder(tmp_path):
    """Where documents go (the SQLite database is in tmp_path itself)."""
    path = tmp_path / "documents"
    path.mkdir()
    return path


def produce(h, username, kind, folder, **kwargs):
    out = folder / f"{username}-{kind}.pdf"
    made = documents.produce(h.db, h[username], kind, kwargs.pop("reference", REF), out, **kwargs)
    assert made.path == out and out.is_file()
    return made, pages(out)


def assert_marked(all_pages: list[str]) -> None:
    for number, page in enumerate(all_pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} is not marked top and bottom"
        assert f"Page {number} of {len(all_pages)}" in page and REF in page


def present(doc: str, *markers: str) -> set[str]:
    return {m for m in markers if TEXTS[m].split(":")[0] in doc}


def test_sharing_record_sets_out_every_readable_disclosure_and_its_lawful_basis(h, folder):
    made, all_pages = produce(h, "csc.officer", "sharing_record", folder)
    assert_marked(all_pages)
    doc = " ".join(all_pages)
    assert present(doc, "POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC") == {"POL-TO-HUB", "POL-AUTHORISED",
                                                                          "HLT-TO-CSC"}
    for marker in ("POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC"):
        assert flat(TEXTS[marker]) in doc, f"{marker} is not there word for word"
    assert "Disclosures (3)" in doc
    for label in (Schedule8.PARA_4.label, Article6.E.label, Article9.G_SCH1_18.label, DataKind.HEALTH.label,
                  "Consent given by Mother (Kerry), covering Mother and the unborn child",
                  "s35; sensitive processing: DPA 2018 Sch 8 para 4", StatutoryGateway.CDA1998_S115.label,
                  StatutoryGateway.CA1989_S47.label, StatutoryGateway.CA2004_S11.label,
                  ConsentPosition.GIVEN.label,
                  f"{ConsentPosition.REFUSED.label}. Reason: Asking would alert the partner and raise the risk."):
        assert label in doc, label
    assert "POL Lead" in doc and "POL Officer" in doc and "HLT Officer" in doc  # who disclosed and authorised
    assert "UTC (" in doc and ("GMT)" in doc or "BST)" in doc)
    assert "Produced for CSC Officer, CSC agency" in doc and made.token in doc
    assert present(doc, "POL-TO-HLT", "POL-PENDING", "POL-PANEL", "HLT-PANEL", "CSC-PANEL") == set()


def test_the_sender_sees_its_own_disclosures_and_no_one_elses(h, folder):
    _, all_pages = produce(h, "pol.officer", "sharing_record", folder)
    doc = " ".join(all_pages)
    assert present(doc, "POL-TO-HUB", "POL-TO-HLT", "POL-PENDING", "POL-AUTHORISED", "HLT-TO-CSC") == {
        "POL-TO-HUB", "POL-TO-HLT", "POL-AUTHORISED"}  # its own pending one is not yet a disclosure


def test_case_summary_shows_the_readers_panel_and_only_the_state_of_others(h, folder):
    _, all_pages = produce(h, "csc.officer", "case_summary", folder)
    assert_marked(all_pages)
    doc = " ".join(all_pages)
    assert present(doc, "CSC-PANEL", "POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC", "RATIONALE") == {
        "CSC-PANEL", "POL-TO-HUB", "POL-AUTHORISED", "HLT-TO-CSC", "RATIONALE"}
    assert present(doc, "POL-PANEL", "HLT-PANEL", "POL-TO-HLT", "POL-PENDING") == set()
    for part in ("Ruby Calder", "Kerry Calder", "Dean Whitlock", "RAG: Amber", "Not rated Amber",
                 "Bruising seen; domestic abuse reported.", "POL agency (POL)",
                 "HLT agency (HLT)", "Returned", "Early help (step-down): Family Support Team (Early Help)",
                 "2 Early help", "Dana Okafor"):
        assert part in doc, part
    _, police = produce(h, "pol.officer", "case_summary", folder)
    police_doc = " ".join(police)
    assert present(police_doc, "POL-PANEL", "POL-TO-HLT", "CSC-PANEL", "HLT-PANEL", "HLT-TO-CSC") == {
        "POL-PANEL", "POL-TO-HLT"}


def test_feedback_letter_gives_the_outcome_and_nothing_the_referrer_may_not_know(h, folder):
    made, all_pages = produce(h, "csc.officer", "feedback_letter", folder)
    assert_marked(all_pages)
    doc = " ".join(all_pages)
    assert "Dear Harriet Okonjo," in doc
    assert PLAIN_OUTCOMES[Outcome.EARLY_HELP].format(service=SERVICE) in doc
    assert made.recipient == "Harriet Okonjo, Designated safeguarding lead, Hillside Primary"
    assert present(doc, *TEXTS) == set()
    for secret in ("Dean Whitlock", "Kerry", "Amber", "Bruising", "Level", "Dana Okafor", "14 Larch Close",
                   "Allocate a family support worker"):
        assert secret not in doc, secret


def test_a_letter_waits_for_the_decision_and_a_named_referrer(h, folder):
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    casework.run_step(h.db, h["csc.lead"].actor, second, casework.set_rag, Rag.GREEN, "Needs only.")
    casework.run_step(h.db, h["csc.lead"].actor, second, casework.request_research, ["CSC"])
    with pytest.raises(Conflict, match="no decision yet"):
        documents.produce(h.db, h["csc.officer"], "feedback_letter", second, folder / "x.pdf")
    assert not list(folder.iterdir())


def test_only_casework_staff_of_an_involved_agency_produce_without_a_reason(h, folder):
    with pytest.raises(NotPermitted):
        documents.produce(h.db, h.hub.sign_in("hub.admin"), "case_summary", REF, folder / "a.pdf")
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    with pytest.raises(NotPermitted, match="give the reason"):
        documents.produce(h.db, h["hlt.officer"], "case_summary", second, folder / "b.pdf")
    made = documents.produce(h.db, h["hlt.officer"], "case_summary", second, folder / "b.pdf",
                             reason="Strategy meeting preparation")
    assert made.pages >= 1 and not (folder / "a.pdf").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["b.pdf"]


def test_a_twenty_page_case_is_numbered_throughout(h, folder):
    document_hub.add_disclosures(h, 20, 420)
    made, all_pages = produce(h, "csc.officer", "sharing_record", folder)
    assert made.pages == len(all_pages) >= 20
    assert_marked(all_pages)
    doc = " ".join(all_pages)
    assert all(f"BULK-{n:02d} Officers attended" in doc for n in range(20))
    assert "Disclosures (23)" in doc
