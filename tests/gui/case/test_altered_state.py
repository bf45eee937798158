"""A case, queue row or decision changed outside the hub says so in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import insert, select, update

from mash_desktop.domain.codes import Outcome, Rag
from mash_desktop.gui.case.header import CaseHeader
from mash_desktop.gui.case.sections import decision_page
from mash_desktop.gui.queue.cells import Column
from mash_desktop.gui.queue.model import QueueModel
from mash_desktop.services.intake import screening
from mash_desktop.services.queue.query import QueueQuery, fetch_rows, load_queue
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.models import Decision, Referral, User
from mash_desktop.store.types import utcnow

from ..widget_text import all_text

REF = "MASH-2026-000001"
WHY = "Checking the case record"


def _insider(db, statement) -> None:
    with db.write() as s:
        s.execute(statement)


def _workspace(hub):
    return open_case(hub.db, hub.sign_in("csc.lead"), REF, WORKSPACE, WHY)


def test_the_case_header_warns_only_when_the_state_does_not_verify(qtbot, hub):
    screening.screen(hub.db, hub.sign_in("csc.lead"), REF, rag=Rag.GREEN, reason="Low risk")
    header = CaseHeader(_workspace(hub), utcnow())
    qtbot.addWidget(header)
    assert header.altered is None and "altered outside the hub" not in all_text(header).lower()
    _insider(hub.db, update(Referral).where(Referral.reference == REF).values(rag=Rag.RED))
    header = CaseHeader(_workspace(hub), utcnow())
    qtbot.addWidget(header)
    assert "Altered outside the hub" in header.altered.text()


def test_a_decision_not_signed_by_its_decider_is_marked(qtbot, hub):
    with hub.db.read() as s:
        rid = s.scalar(select(Referral.id).where(Referral.reference == REF))
        lead = s.scalar(select(User.id).where(User.username == "csc.lead"))
    _insider(hub.db, insert(Decision).values(referral_id=rid, outcome=Outcome.NO_FURTHER_ACTION, threshold_level=1,
                                             rationale="Nothing to see", decided_by_id=lead, decided_at=utcnow()))
    page = decision_page(_workspace(hub))
    qtbot.addWidget(page)
    assert "Altered outside the hub" in all_text(page)


def test_the_queue_marks_an_altered_row_in_words(qtbot, hub):
    signed = hub.sign_in("csc.officer")
    model = QueueModel(fetch=lambda ids: fetch_rows(hub.db, ids, signed.trust))
    model.set_load(load_queue(hub.db, QueueQuery(), utcnow(), trust=signed.trust))
    assert "altered" not in model.data(model.index(0, Column.STATUS))
    _insider(hub.db, update(Referral).where(Referral.reference == REF).values(rag=Rag.RED))
    model.set_load(load_queue(hub.db, QueueQuery(), utcnow(), trust=signed.trust))
    status = model.index(0, Column.STATUS)
    assert model.data(status).startswith("⚠ Altered outside the hub: ")
    assert "signature" in model.data(status, Qt.ItemDataRole.ToolTipRole)
