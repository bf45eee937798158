"""The minutes of a strategy discussion: marked, fingerprinted, recorded and
verifiable, saying who was invited, what was shared, the decision and its
reasons, the ICPC date and the actions; a record changed by hand says so."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from sqlalchemy import update

from mash_desktop.domain.errors import Conflict
from mash_desktop.domain.strategy import S47Decision
from mash_desktop.services.case import document_check, documents
from mash_desktop.services.strategy.discussions import (
    ActionInput, AttendeeInput, DiscussionInput, record_discussion,
)
from mash_desktop.store.strategy_models import StrategyDiscussion
from tests.pdf_text import pages, text
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

HELD = dt.datetime(2026, 12, 24, 10, 0, tzinfo=dt.timezone.utc)
SHARED = "Police hold a 2024 report of an injury to the child's arm; the school saw bruising on Monday."


def _record(hub) -> None:
    record_discussion(hub.db, hub.sign_in("csc.decision").actor, REF, DiscussionInput(
        HELD, (AttendeeInput("Sam Social", "Team manager", "CSC"), AttendeeInput("Pat Police", "DS", "POL"),
               AttendeeInput("Dr Hale", "Paediatrician", None, present=False)),
        SHARED, S47Decision.START_S47, "Reasonable cause to suspect significant harm.",
        (ActionInput("Child protection medical", dt.date(2026, 12, 29), owner_agency="POL"),
         ActionInput("Joint visit", dt.date(2026, 12, 24), owner_username="csc.officer"))),
        now=HELD + dt.timedelta(hours=2))


def test_the_minutes_say_what_was_decided_and_verify(sup_hub, tmp_path):
    lead = sup_hub.sign_in("csc.lead")
    with pytest.raises(Conflict, match="no strategy discussion"):
        documents.produce(sup_hub.db, lead, "strategy_minutes", REF, tmp_path / "none.pdf", reason="Minutes")
    _record(sup_hub)
    made = documents.produce(sup_hub.db, lead, "strategy_minutes", REF, tmp_path / "minutes.pdf", reason="Minutes")
    every = pages(made.path)
    for number, page in enumerate(every, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {len(every)}" in page
    doc = text(made.path)
    for words in ("Strategy discussion minutes", REF, "Sam Social", "Pat Police", "Dr Hale", "Sent apologies",
                  "Outside the hub", "No health attendee: procedures require health to be invited.", SHARED,
                  "Start s47 enquiries", "Reasonable cause to suspect significant harm.",
                  "Due by 19 January 2027 (15 working days from the discussion)", "Child protection medical",
                  "POL agency", "CSC Officer", "29 December 2026", "Recorded by CSC Decision Maker"):
        assert words in doc, words
    assert "altered outside the hub" not in doc.lower() and "Held 19 January" not in doc
    check = document_check.check_file(sup_hub.db, made.path, lead.trust)
    assert check.genuine and check.token == made.token, check.message
    if shutil.which("pdftoppm"):  # the page as a person sees it
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(made.path),
                        str(tmp_path / "minutes")], check=True)
        assert (tmp_path / "minutes-1.png").stat().st_size > 5000


def test_minutes_of_a_discussion_changed_by_hand_say_so(sup_hub, tmp_path):
    _record(sup_hub)
    with sup_hub.db.write() as s:
        s.execute(update(StrategyDiscussion).values(decision=S47Decision.NO_FURTHER_ACTION))
    made = documents.produce(sup_hub.db, sup_hub.sign_in("csc.lead"), "strategy_minutes", REF,
                             tmp_path / "altered.pdf", reason="Minutes")
    doc = text(made.path)
    assert "changed outside the hub" in doc and "No further action" in doc
