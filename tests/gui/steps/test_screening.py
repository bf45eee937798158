"""The screening dialog: rating with a reason and research requests, as a supervisor works it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import Rag, Status
from mash_desktop.gui.steps.screening import ScreeningDialog
from mash_desktop.services.intake.screening import screen, screening_state

from ..dialog_helpers import QUIET, REF, alt, click, keys, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def backend():
    """The dialog does the same on every database: SQLite is enough here."""
    return "sqlite"


def test_rating_and_research_are_saved_together(qtbot, sup_hub):
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", REF.lower())
    assert not dialog.ok_button.isEnabled() and dialog.hint.text() == "Choose a RAG rating."
    assert not dialog.keep.isVisible()  # nothing to keep on a new contact
    assert sorted(dialog.agency_boxes) == ["CSC", "POL"]
    click(qtbot, dialog.rag_buttons[Rag.AMBER])
    assert dialog.hint.text() == "Give the reason for rating the case amber."
    qtbot.keyClicks(dialog.reason, "Bruising seen by the class teacher")
    assert dialog.ok_button.isEnabled() and not dialog.hint.isVisible()
    click(qtbot, dialog.agency_boxes["POL"])
    press_ok(qtbot, dialog)
    assert dialog.result() == ScreeningDialog.DialogCode.Accepted and dialog.changed
    state = screening_state(sup_hub.db, REF)
    assert (state.status, state.rag, state.asked) == (Status.RESEARCHING, Rag.AMBER, frozenset({"POL"}))


def test_a_rated_case_keeps_its_rating_unless_a_new_one_is_chosen(qtbot, sup_hub):
    screen(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, rag=Rag.GREEN, reason="Needs", research=["POL"])
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", REF)
    assert dialog.keep.isChecked() and not dialog.rag_buttons[Rag.GREEN].isEnabled()
    assert "(current)" in dialog.rag_buttons[Rag.GREEN].text()
    assert dialog.agency_boxes["POL"].isChecked() and not dialog.agency_boxes["POL"].isEnabled()
    assert dialog.hint.text() == "Choose a new rating, or an agency to ask to research."
    dialog.agency_boxes["CSC"].setChecked(True)  # more research, same rating: no reason needed
    press_ok(qtbot, dialog)
    state = screening_state(sup_hub.db, REF)
    assert (state.rag, state.asked) == (Rag.GREEN, frozenset({"POL", "CSC"}))


def test_research_needs_a_rating_first_and_officers_cannot_screen(qtbot, sup_hub):
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", REF)
    dialog.agency_boxes["POL"].setChecked(True)
    assert dialog.hint.text() == "Rate the case before asking agencies to research."
    assert not dialog.ok_button.isEnabled()
    officer = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.officer", REF)
    officer.rag_buttons[Rag.RED].setChecked(True)
    assert officer.hint.text() == "Screening needs the role of supervisor."


def test_a_refusal_is_shown_in_the_dialog_and_keeps_the_input(qtbot, sup_hub):
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", REF)
    dialog.rag_buttons[Rag.RED].setChecked(True)
    qtbot.keyClicks(dialog.reason, "Child disclosed being hit")
    # Meanwhile another supervisor rates the case red.
    screen(sup_hub.db, sup_hub.sign_in("csc.deputy"), REF, rag=Rag.RED, reason="Police call")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and not dialog.changed
    assert dialog.message.isVisible() and dialog.message.text() == "The case is already rated red."
    assert dialog.reason.toPlainText() == "Child disclosed being hit"
    assert dialog.rag_buttons[Rag.RED].isChecked()


def test_the_keyboard_alone_rates_a_case_and_escape_cancels(qtbot, sup_hub):
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", REF)
    alt(qtbot, dialog, Qt.Key.Key_G)
    qtbot.waitUntil(dialog.rag_buttons[Rag.GREEN].isChecked)  # a mnemonic clicks after a short animation
    alt(qtbot, dialog, Qt.Key.Key_E)
    assert dialog.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "Needs only")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)  # Tab leaves the text box, typing nothing
    assert dialog.reason.toPlainText() == "Needs only"
    assert dialog.focusWidget() is dialog.agency_boxes["CSC"]  # on to the agencies
    keys(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.agency_boxes["CSC"].isChecked()
    keys(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not dialog.changed
    assert screening_state(sup_hub.db, REF).rag is None and not screening_state(sup_hub.db, REF).asked


# -- who the subjects are: possible matches beside the rating ------------------------------------------

def _near_match(hub) -> str:
    """A contact about "Rubi Calder": not exact, so put to the supervisor."""
    import copy

    from mash_desktop.services.intake.referrals import add_referral
    from tests.hub_factory import EXAMPLE
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0] |= {"given_name": "Rubi", "school": "Oak Lane Primary"}
    return add_referral(hub.db, hub.sign_in("csc.officer").actor, payload)


def _links(hub, reference: str) -> list[tuple]:
    from sqlalchemy import select

    from mash_desktop.services.intake.referrals import referral_by_reference
    from mash_desktop.store.models import PersonLink
    with hub.db.read() as s:
        referral = referral_by_reference(s, reference)
        return [(k.kind, k.known_person_id is not None, referral.linked_referral_id is not None)
                for k in s.scalars(select(PersonLink).where(PersonLink.referral_id == referral.id))]


def _texts(widget) -> list[str]:
    from PySide6.QtWidgets import QLabel
    return [label.text() for label in widget.findChildren(QLabel)]


def test_possible_matches_say_why_and_what_differs_and_a_link_is_recorded(qtbot, sup_hub):
    reference = _near_match(sup_hub)
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", reference)
    assert dialog.checks.isVisible()
    [group] = dialog.checks.groups.values()
    assert group.title() == "Subject 1: Rubi Calder, born 14 Jun 2017 — 1 possible existing record"
    [card] = group.cards
    texts = _texts(card)
    assert "Ruby Calder, born 14 Jun 2017 — 14 Larch Close, NG5 9QT" in texts
    assert "Why: Same family name, given name sounds alike, same date of birth, same address" in texts
    assert any("School differs — this contact: Oak Lane Primary; on record: Hillside Primary" in t for t in texts)
    assert any(t.startswith(f"Open: {REF} — New contact, RAG not yet rated, received ") for t in texts)
    assert not group.record.isEnabled()
    click(qtbot, card.link)
    assert group.record.isEnabled() and group.decision() == (group.matches[0].person_id, None)
    qtbot.mouseClick(group.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checks.groups and not dialog.is_busy, timeout=10_000)
    assert not dialog.checks.isVisible() and dialog.isVisible() and dialog.changed
    assert dialog.done_note.text() == "Subject 1 (Rubi Calder, born 14 Jun 2017) linked to Ruby Calder."
    assert _links(sup_hub, reference) == [("linked", True, False)]
    # The rating is still to do, in the same dialog.
    assert dialog.hint.text() == "Choose a RAG rating."


def test_a_contact_is_routed_to_the_persons_case(qtbot, sup_hub):
    reference = _near_match(sup_hub)
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", reference)
    [group] = dialog.checks.groups.values()
    route = group.cards[0].routes[REF]
    assert route.text() == "Link and route here"
    click(qtbot, route)
    assert group.said.text() == f"Chosen: Ruby Calder, and this contact goes with {REF}."
    qtbot.mouseClick(group.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checks.groups and not dialog.is_busy, timeout=10_000)
    assert dialog.done_note.text().endswith(f"linked to Ruby Calder; this contact routed to {REF}.")
    assert _links(sup_hub, reference) == [("linked", True, True)]


def test_a_new_person_by_keyboard_and_not_asked_again(qtbot, sup_hub):
    reference = _near_match(sup_hub)
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", reference)
    [group] = dialog.checks.groups.values()
    alt(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(group.create_new.isChecked)
    assert group.record.text() == "Re&cord this decision"
    alt(qtbot, dialog, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: not dialog.checks.groups and not dialog.is_busy, timeout=10_000)
    assert _links(sup_hub, reference) == [("new", False, False)]
    dialog.close()
    again = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.lead", reference)
    assert not again.checks.groups and not again.checks.isVisible()


def test_an_officer_sees_no_matches_to_decide(qtbot, sup_hub):
    reference = _near_match(sup_hub)
    dialog = open_dialog(qtbot, ScreeningDialog, sup_hub, "csc.officer", reference)
    assert not dialog.checks.groups and not dialog.checks.isVisible()
