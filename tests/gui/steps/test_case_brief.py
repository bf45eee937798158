"""The screening and decision dialogs show the case's essentials beside the form, only what the reader may read."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.gui.steps.decision import DecisionDialog
from mash_desktop.gui.steps.screening import ScreeningDialog
from mash_desktop.services.case import casework
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.store.models import AuditEvent
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)

from ..dialog_helpers import QUIET
from ..widget_text import all_text

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def h(doc_hub):
    """The document hub's case, reopened and sent for a decision again."""
    casework.run_step(doc_hub.db, doc_hub["csc.lead"].actor, REF, casework.reopen, "New information")
    casework.run_step(doc_hub.db, doc_hub["csc.lead"].actor, REF, casework.submit_for_decision)
    return doc_hub


def _shown(qtbot, cls, h, username: str):
    dialog = cls(None, h.db, h[username], REF)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.brief.case is not None and not dialog.is_busy, timeout=15_000)
    return dialog


def _essentials(h, username: str) -> list[str]:
    case = open_case(h.db, h[username], REF, WORKSPACE)
    return [*(p.name for p in case.subjects), case.concern_details, *(c.label for c in case.concern_categories),
            *(r.agency for r in case.research)]


def test_the_decision_dialog_shows_essentials_panels_and_disclosures_the_reader_may_read(qtbot, h):
    dialog = _shown(qtbot, DecisionDialog, h, "csc.decision")
    text = all_text(dialog.brief)
    for wanted in _essentials(h, "csc.decision"):
        assert wanted and wanted in text, wanted
    assert "years" in text  # the subject's age
    for readable in ("CSC-PANEL", "POL-TO-HUB", "HLT-TO-CSC", "POL-AUTHORISED"):
        assert TEXTS[readable] in text, readable
    for sealed in ("POL-PANEL", "HLT-PANEL", "POL-TO-HLT", "POL-PENDING", "RATIONALE"):
        assert TEXTS[sealed] not in text, sealed
    assert "1 more awaiting authorisation" in text
    # Readable on a 1366×768 screen: the dialog fits, the brief scrolls.
    assert dialog.width() <= 1366 and dialog.height() <= 740
    with h.db.read() as s:
        looks = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "case.view",
                                                        AuditEvent.actor_name == "csc.decision")))
    assert any('"purpose": "decision"' in e.detail for e in looks)
    assert not any(TEXTS["CSC-PANEL"] in f"{e.detail} {e.justification}" for e in looks)


def test_the_screening_dialog_shows_subjects_concerns_and_research_but_no_panel_text(qtbot, h):
    casework.run_step(h.db, h["csc.lead"].actor, REF, casework.request_research, ["POL"])  # back to researching
    dialog = _shown(qtbot, ScreeningDialog, h, "csc.lead")
    text = all_text(dialog.brief)
    for wanted in _essentials(h, "csc.lead"):
        assert wanted and wanted in text, wanted
    assert "Returned" in text  # POL's and HLT's research state
    for marker in TEXTS:
        assert TEXTS[marker] not in text, marker
    assert dialog.width() <= 1366 and dialog.height() <= 740
