"""A referrer who asks not to be identified to the family is named in no
document that may reach it: the sharing record, the case summary and even
the feedback letter sent to them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.case_record import WITHHELD
from mash_desktop.reports.feedback_letter import WITHHELD_NOTE
from mash_desktop.services.case import documents
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent, Referral
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import flat, text

KINDS = ("sharing_record", "case_summary", "feedback_letter")
#: What identifies the example's referrer (her organisation is also the subject's school, so it is not here).
IDENTIFYING = ("Harriet Okonjo", "Okonjo", "Designated safeguarding lead", "0115 496 0732")


def _withhold(h) -> None:
    with h.db.write() as s:
        s.execute(update(Referral).where(Referral.reference == REF).values(referrer_withheld=True))


def _pdf(h, kind: str, folder) -> str:
    out = folder / f"{kind}.pdf"
    documents.produce(h.db, h["csc.officer"], kind, REF, out)
    return text(out)


@pytest.mark.parametrize("withheld", [True, False], ids=["withheld", "named"])
def test_documents_name_the_referrer_only_when_they_did_not_ask_otherwise(doc_hub, tmp_path, withheld):
    if withheld:
        _withhold(doc_hub)
    for kind in KINDS:
        doc = _pdf(doc_hub, kind, tmp_path)
        if withheld:
            assert not [x for x in IDENTIFYING if x in doc], kind
        else:
            assert "Harriet Okonjo" in doc, kind
        if kind != "feedback_letter":
            assert (flat(WITHHELD) in doc) is withheld, kind
    letter = _pdf(doc_hub, "feedback_letter", tmp_path)
    assert (flat(WITHHELD_NOTE) in letter) is withheld
    assert ("Dear Sir or Madam" in letter) is withheld
    with doc_hub.db.read() as s:
        produced = [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "document.produce"))]
    assert produced and all(("Okonjo" in d) is not withheld for d in produced if "feedback_letter" in d)


def test_hub_staff_still_see_who_referred_and_that_they_are_withheld(doc_hub):
    _withhold(doc_hub)
    case = open_case(doc_hub.db, doc_hub["csc.officer"], REF, WORKSPACE)
    assert case.referrer.withheld and case.referrer.name == "Harriet Okonjo" and case.referrer.shown == WITHHELD
    assert case.chronology[0].by is None  # the chronology printed in the summary does not name them


def test_the_flag_is_taken_in_and_kept(doc_hub):
    officer = doc_hub["csc.officer"]
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None, "identity_withheld": True}}
    withheld = add_referral(doc_hub.db, officer.actor, payload)
    named = add_referral(doc_hub.db, officer.actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    lead = doc_hub["csc.lead"]
    assert open_case(doc_hub.db, lead, withheld, WORKSPACE).referrer.withheld
    assert not open_case(doc_hub.db, lead, named, WORKSPACE).referrer.withheld


def test_clearing_the_flag_by_hand_does_not_unmask_the_referrer(doc_hub, tmp_path):
    officer = doc_hub["csc.officer"]
    payload = EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None, "identity_withheld": True}}
    reference = add_referral(doc_hub.db, officer.actor, payload)
    with doc_hub.db.write() as s:  # an insider clears the column
        s.execute(update(Referral).where(Referral.reference == reference).values(referrer_withheld=False))
    lead = doc_hub["csc.lead"]
    assert open_case(doc_hub.db, lead, reference, WORKSPACE).referrer.withheld
    out = tmp_path / "summary.pdf"
    documents.produce(doc_hub.db, lead, "case_summary", reference, out)
    assert "Okonjo" not in text(out) and flat(WITHHELD) in text(out)
