"""The tour's picture of a strategy discussion (see tour.py).

The demo hub holds a strategy discussion on its Red case in progress
(services/demo/strategy.py). The CSC decision maker opens the "Strategy
discussion…" dialog on that case and fills it in as it was held: who was
invited from which agency, what was shared, the decision to start s47
enquiries with the ICPC date it brings, and an action. The dialog is then
cancelled: the tour records nothing.
"""

from __future__ import annotations

from pathlib import Path

from ...domain.strategy import S47Decision
from ...services.demo.strategy import ATTENDEES, SHARED, sample_case
from ..strategy.dialog import StrategyDialog
from .tour_kit import Hub, TourFailed, form_dialog, save


def strategy(hub: Hub, out: Path, name: str) -> Path:
    reference = sample_case(hub.db)
    if reference is None:
        raise TourFailed("the demo hub has no case with a strategy discussion")
    dialog = StrategyDialog(None, hub.db, hub.signed("csc.decision"), reference)
    try:
        form_dialog(dialog, f"the strategy discussion dialog on {reference}")
        people = dialog.attendees
        for attendee in ATTENDEES:
            people.name.setText(attendee.name)
            people.agency.choose(attendee.agency)
            people.role.setText(attendee.role)
            people.present.setChecked(attendee.present)
            people._add()
        dialog.shared.setPlainText(SHARED)
        dialog.decision.choose(S47Decision.START_S47)
        dialog.reasons.setPlainText("Reasonable cause to suspect significant harm.")
        dialog.actions.text.setText("Joint visit to see the child today")
        dialog.actions.owner.choose(("agency", "CSC"))
        dialog.actions._add()
        dialog.resize(980, 900)
        return save(dialog, out, name)
    finally:
        dialog.reject()
