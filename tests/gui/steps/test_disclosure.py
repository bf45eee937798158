"""The disclosure dialog, and authorising a disclosure made without consent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis, Role, StatutoryGateway
from mash_desktop.domain.errors import Conflict
from mash_desktop.gui.steps import disclosure as disclosure_dialog
from mash_desktop.gui.steps.authorise import AuthoriseDialog
from mash_desktop.gui.steps.disclosure import CONFIRM, NEXT, DisclosureDialog
from mash_desktop.services.admin import users
from mash_desktop.services.case import panels
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.case.sharing import pending_disclosures

from ..dialog_helpers import QUIET, REF, alt, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]

CALLOUTS = "Two domestic callouts at 14 Larch Close in May; no charges."
PANEL = f"{CALLOUTS}\nIntelligence graded B2 about a visitor: not for sharing."


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def hub(sup_hub):
    panels.write_panel(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, PANEL)
    return sup_hub


def _select(dialog: DisclosureDialog, text: str) -> None:
    cursor = dialog.form.panel.textCursor()
    start = PANEL.index(text)
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
    dialog.form.panel.setTextCursor(cursor)


def _fill(qtbot, dialog: DisclosureDialog, consent: ConsentPosition, reason: str = "") -> None:
    form = dialog.form
    assert dialog.hint.text().startswith("Add the findings to share")
    assert not form.add_button.isEnabled()
    _select(dialog, CALLOUTS)
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert form.shared.toPlainText() == CALLOUTS and form.count.text() == f"{len(CALLOUTS)} characters will be shared"
    assert dialog.hint.text() == "Choose who receives it."
    form.to.choose("hub")
    form.basis.choose(LawfulBasis.DPA_PART3_S35_SCH8_4)
    form.gateway.choose(StatutoryGateway.CDA1998_S115)
    form.consent.choose(consent)
    if consent is not ConsentPosition.GIVEN:
        assert not form.consent_from.isVisible()
        assert dialog.hint.text() == f"Give the reason: {consent.label.lower()}."
        qtbot.keyClicks(form.consent_reason, reason)
    else:
        assert form.consent_from.isVisible() and dialog.hint.text() == "Say from whom consent was given."
        qtbot.keyClicks(form.consent_from, "Mother")
        assert dialog.hint.text() == "Say whom the consent covers."
        qtbot.keyClicks(form.consent_covering, "Mother and Ruby")
    assert dialog.hint.text() == "Choose the handling code."
    form.handling.choose(HandlingCode.C)
    assert dialog.hint.text() == "Record why this disclosure is necessary and proportionate."
    qtbot.keyClicks(form.justification, "Needed to assess the risk to Ruby")
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == NEXT


def test_nothing_can_be_shared_before_the_panel_is_written(qtbot, sup_hub):
    dialog = open_dialog(qtbot, DisclosureDialog, sup_hub, "pol.officer", REF)
    assert dialog.hint.text() == f"POL has not written its panel on {REF} yet: write it before sharing from it."


def test_without_consent_it_waits_for_another_supervisor(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    assert dialog.form.panel.toPlainText() == PANEL and dialog.form.panel.isReadOnly()
    _fill(qtbot, dialog, ConsentPosition.REFUSED, "Mother refused; asking again would alert the partner")
    press_ok(qtbot, dialog)  # Next: the summary, nothing saved yet
    assert dialog.on_summary and dialog.ok_button.text() == CONFIRM and dialog.back_button.isVisible()
    words = dialog.summary.text()
    assert f"share {len(CALLOUTS)} characters from POL's panel on {REF} with the whole hub" in words
    assert "Consent was refused. The reason recorded: Mother refused; asking again would alert the partner." in words
    assert "Statutory gateway: Crime and Disorder Act 1998 s115." in words
    assert dialog.when_readable.text().startswith("Because it is shared without consent, it will wait for "
                                                  "authorisation by a POL supervisor or deputy authoriser "
                                                  "(POL Lead)")
    assert dialog.preview.toPlainText() == CALLOUTS
    alt(qtbot, dialog, Qt.Key.Key_B)  # Back: everything typed is still there
    qtbot.waitUntil(lambda: not dialog.on_summary)
    assert dialog.form.consent_reason.text().startswith("Mother refused")
    press_ok(qtbot, dialog)
    press_ok(qtbot, dialog)  # Confirm and share
    assert not dialog.isVisible() and dialog.changed and dialog.disclosure_id is not None
    seen = open_case(hub.db, hub.sign_in("csc.officer"), REF, WORKSPACE, "test").disclosures
    assert [d.pending for d in seen] == [True]

    lead = open_dialog(qtbot, AuthoriseDialog, hub, "pol.lead", REF)
    assert lead.table.rowCount() == 1 and lead.table.item(0, 1).text() == "POL Officer"
    assert lead.text.toPlainText() == CALLOUTS and "Mother refused" in lead.details.text()
    press_ok(qtbot, lead)
    assert lead.isVisible() and lead.changed  # it stays open for the next one
    assert lead.done_note.text() == (f"Authorised: POL Officer's disclosure on {REF}; "
                                     "every member of the hub can read it now.")
    qtbot.waitUntil(lambda: not lead.is_busy and lead.table.rowCount() == 0)
    assert lead.hint.text() == "Nothing is waiting for authorisation."
    [seen] = open_case(hub.db, hub.sign_in("csc.officer"), REF, WORKSPACE, "test").disclosures
    assert (seen.pending, seen.text, seen.authorised_by) == (False, CALLOUTS, "POL Lead")


def test_a_supervisor_cannot_authorise_their_own_disclosure(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.lead", REF)
    _fill(qtbot, dialog, ConsentPosition.NOT_SOUGHT, "Seeking it would put Ruby at risk")
    press_ok(qtbot, dialog)
    # POL has no second supervisor: the dialog says so before it is made, and who can fix it.
    assert "nobody at POL but you may give it" in dialog.when_readable.text()
    assert "appoint a deputy authoriser" in dialog.when_readable.text()
    press_ok(qtbot, dialog)
    assert dialog.changed
    own = open_dialog(qtbot, AuthoriseDialog, hub, "pol.lead")  # every case
    assert own.table.item(0, 0).text() == REF and own.table.item(0, 1).text() == "POL Lead (you)"
    assert own.hint.text() == "You made this disclosure: another supervisor must authorise it."
    assert not own.ok_button.isEnabled()
    assert len(pending_disclosures(hub.db, hub.sign_in("pol.lead"))) == 1


def test_with_consent_it_is_readable_at_once(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    _fill(qtbot, dialog, ConsentPosition.GIVEN)
    press_ok(qtbot, dialog)
    assert dialog.when_readable.text() == "Every member of the hub can read it as soon as you confirm."
    press_ok(qtbot, dialog)
    [seen] = open_case(hub.db, hub.sign_in("csc.officer"), REF, WORKSPACE, "test").disclosures
    assert seen.text == CALLOUTS


def test_a_refusal_keeps_the_dialog_and_everything_typed(qtbot, hub, monkeypatch):
    def refuse(*_args):
        raise Conflict("Write your agency's panel before disclosing from it.")

    monkeypatch.setattr(disclosure_dialog, "disclose", refuse)
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    _fill(qtbot, dialog, ConsentPosition.REFUSED, "Mother refused")
    press_ok(qtbot, dialog)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and not dialog.changed and dialog.on_summary
    assert dialog.message.text() == "Write your agency's panel before disclosing from it."
    dialog.back()
    assert dialog.form.shared.toPlainText() == CALLOUTS and dialog.form.justification.toPlainText() != ""
    assert dialog.ok_button.isEnabled()


def test_a_deputy_authoriser_is_named_and_decides_what_the_supervisor_disclosed(qtbot, hub):
    admin = hub.sign_in("pol.lead")  # the agency's lead is its administrator too
    users.change_roles(hub.db, admin, "pol.officer", [Role.OFFICER, Role.DEPUTY_AUTHORISER])
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.lead", REF)
    _fill(qtbot, dialog, ConsentPosition.NOT_SOUGHT, "Seeking it would put Ruby at risk")
    press_ok(qtbot, dialog)
    assert "another POL supervisor (not you) or deputy authoriser (POL Officer)" in dialog.when_readable.text()
    assert "POL Lead" not in dialog.when_readable.text()
    press_ok(qtbot, dialog)
    deputy = open_dialog(qtbot, AuthoriseDialog, hub, "pol.officer", REF)
    assert deputy.table.rowCount() == 1 and deputy.ok_button.isEnabled() and deputy.refuse_button.isEnabled()
    press_ok(qtbot, deputy)
    qtbot.waitUntil(lambda: not deputy.is_busy and deputy.table.rowCount() == 0)
    [seen] = open_case(hub.db, hub.sign_in("csc.officer"), REF, WORKSPACE, "test").disclosures
    assert (seen.text, seen.authorised_by) == (CALLOUTS, "POL Officer")
