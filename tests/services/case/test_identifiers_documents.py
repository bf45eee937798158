"""The case summary prints each person's NHS number and UPN where recorded; on both databases."""

from __future__ import annotations

from mash_desktop.services.case import documents
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.store.models import Person
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.pdf_text import text


def _summary(h, folder) -> str:
    out = folder / "summary.pdf"
    documents.produce(h.db, h["csc.lead"], "case_summary", REF, out)
    return text(out)


def test_the_case_summary_prints_the_numbers_recorded(doc_hub, tmp_path):
    assert "NHS number" not in _summary(doc_hub, tmp_path)  # none recorded: no heading either
    with doc_hub.db.write() as s:
        people = [rp.person_id for rp in referral_by_reference(s, REF).people]
        subject, mother = (s.get(Person, i) for i in people[:2])
        subject.nhs_number, subject.upn = "9434765919", "B801200005001"
        mother.nhs_number = "4010232137"
        names = (subject.full_name, mother.full_name)
    doc = _summary(doc_hub, tmp_path)
    assert "NHS numbers and UPNs" in doc
    assert f"{names[0]} NHS number 943 476 5919, UPN B801200005001" in doc
    assert f"{names[1]} NHS number 401 023 2137" in doc
