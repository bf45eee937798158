"""The acknowledgement letter and the Operation Encompass notification: marked,
fingerprinted, recorded and verifiable, and holding no case details."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from mash_desktop.domain.errors import Conflict
from mash_desktop.services.case import document_check, documents
from tests.hub_factory import EXAMPLE
from tests.pdf_text import pages, text
from tests.services.intake.notice_contacts import UTC, contact, notification
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

FRIDAY_NIGHT = dt.datetime(2026, 11, 20, 23, 40, tzinfo=UTC)
WHY = "Sending the notice this contact is due."
CASE_WORDS = ("Ruby", "Calder", "Kerry", EXAMPLE["concerns"]["details"][:30], "Larch Close")


def _marked(path) -> None:
    every = pages(path)
    for number, page in enumerate(every, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {len(every)}" in page


def test_the_acknowledgement_letter_says_the_reference_and_nothing_of_the_case(sup_hub, tmp_path):
    reference = contact(sup_hub, FRIDAY_NIGHT)
    officer = sup_hub.sign_in("csc.officer")
    made = documents.produce(sup_hub.db, officer, "acknowledgement_letter", reference, tmp_path / "ack.pdf",
                              reason=WHY)
    _marked(made.path)
    doc = text(made.path)
    for words in ("Acknowledgement of your contact", f"Our reference: {reference}", "Dear Harriet Okonjo,",
                  "We received your contact on 20 Nov 2026, 23:40 GMT", "What happens next",
                  "holds no details of the contact"):
        assert words in doc, words
    for words in CASE_WORDS:
        assert words not in doc, words
    assert made.recipient == "Harriet Okonjo, Designated safeguarding lead, Hillside Primary"
    check = document_check.check_file(sup_hub.db, made.path, sup_hub.sign_in("csc.lead").trust)
    assert check.genuine and check.token == made.token, check.message
    anonymous = contact(sup_hub, FRIDAY_NIGHT, source="anonymous", referrer={"member_of_public": True})
    with pytest.raises(Conflict, match="no referrer to acknowledge"):
        documents.produce(sup_hub.db, officer, "acknowledgement_letter", anonymous, tmp_path / "none.pdf",
                           reason=WHY)
    assert not (tmp_path / "none.pdf").exists()


def test_the_encompass_notice_names_the_child_and_the_incident_only(sup_hub, tmp_path):
    reference = notification(sup_hub, FRIDAY_NIGHT, dt.datetime(2026, 11, 20, 21, 5, tzinfo=UTC))
    made = documents.produce(sup_hub.db, sup_hub.sign_in("csc.officer"), "encompass_notice", reference,
                             tmp_path / "encompass.pdf", reason=WHY)
    _marked(made.path)
    doc = text(made.path)
    for words in ("Operation Encompass notification", "To the key adult Hillside Primary", "Child Ruby Calder",
                  "Date of birth 14 Jun 2017", "Incident 20 Nov 2026, 21:05 GMT", "Police attended Yes",
                  f"Hub reference {reference}", "holds no details of the incident"):
        assert words in doc, words
    for words in ("Kerry", EXAMPLE["concerns"]["details"][:30], "Larch Close", "Harriet", "Reeve"):
        assert words not in doc, words
    assert made.recipient == documents.ENCOMPASS_RECIPIENT
    check = document_check.check_file(sup_hub.db, made.path, sup_hub.sign_in("csc.lead").trust)
    assert check.genuine, check.message
    with pytest.raises(Conflict, match="not an Operation Encompass"):
        documents.produce(sup_hub.db, sup_hub.sign_in("csc.officer"), "encompass_notice",
                          contact(sup_hub, FRIDAY_NIGHT), tmp_path / "no.pdf", reason=WHY)
    if shutil.which("pdftoppm"):  # the page as a person sees it
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(made.path),
                        str(tmp_path / "encompass")], check=True)
        assert (tmp_path / "encompass-1.png").stat().st_size > 5000


def test_the_case_summary_says_both_clocks(sup_hub, tmp_path):
    from mash_desktop.services.intake.encompass import record_informed

    reference = notification(sup_hub, FRIDAY_NIGHT)
    record_informed(sup_hub.db, sup_hub.sign_in("csc.officer"), reference, dt.datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    made = documents.produce(sup_hub.db, sup_hub.sign_in("csc.lead"), "case_summary", reference,
                             tmp_path / "summary.pdf", reason=WHY)
    doc = text(made.path)
    assert "To the referrer Acknowledgement overdue: it was due 23 Nov 2026, 17:00 GMT" in doc
    assert "To the school Operation Encompass: Hillside Primary told 23 Nov 2026, 08:30 GMT" in doc
    made = documents.produce(sup_hub.db, sup_hub.sign_in("csc.lead"), "case_summary",
                             contact(sup_hub, FRIDAY_NIGHT, source="anonymous", referrer={"member_of_public": True}),
                             tmp_path / "anonymous.pdf", reason=WHY)
    assert "Acknowledgement" not in text(made.path) and "Encompass" not in text(made.path)
