"""The disclosure dialog asks what kind of data is shared first, then offers only the grounds it allows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mash_desktop.domain.codes import ConsentPosition, HandlingCode
from mash_desktop.domain.lawful_basis import Article6, Article9, Article10, DataKind, LawfulGround, Schedule8
from mash_desktop.gui.steps.disclosure import DisclosureDialog
from mash_desktop.services.case.reader import WORKSPACE, open_case

from ..dialog_helpers import QUIET, REF, alt, open_dialog, press_ok
from ..dialog_helpers import sup_hub, supervision_templates  # noqa: F401 (fixtures)
from .test_disclosure import CALLOUTS, _select, hub  # noqa: F401 (fixture)

pytestmark = [pytest.mark.usefixtures("settled"), QUIET]


@pytest.fixture
def backend():
    return "sqlite"


def _tick(picker, *kinds: DataKind) -> None:
    for i in range(picker.kinds.count()):
        item = picker.kinds.item(i)
        wanted = DataKind(item.data(Qt.ItemDataRole.UserRole)) in kinds
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def _offered(box) -> list:
    return [box._values[i] for i in range(box.count())]


def _ready(qtbot, dialog):
    _select(dialog, CALLOUTS)
    qtbot.mouseClick(dialog.form.add_button, Qt.MouseButton.LeftButton)
    dialog.form.to.choose("hub")


def test_only_the_grounds_a_kind_allows_are_offered(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    _ready(qtbot, dialog)
    picker = dialog.form.basis
    assert dialog.hint.text() == "Tick what kind of data is shared."
    assert not any(box.isVisible() for box in (picker.article6, picker.article9, picker.article10, picker.schedule8))
    _tick(picker, DataKind.HEALTH)
    assert picker.article6.isVisible() and picker.article9.isVisible() and not picker.schedule8.isVisible()
    assert _offered(picker.article6) == list(Article6) and _offered(picker.article9) == list(Article9)
    assert not picker.article10.isVisible()
    assert dialog.hint.text() == "Choose the Article 6 basis."
    picker.article6.choose(Article6.E)
    assert dialog.hint.text() == "Choose the Article 9 condition."
    picker.article9.choose(Article9.G_SCH1_18)
    assert dialog.hint.text() == "Choose the consent position."
    _tick(picker, DataKind.HEALTH, DataKind.CRIMINAL)  # a kind added keeps what still applies
    assert (picker.article6.value(), picker.article9.value()) == (Article6.E, Article9.G_SCH1_18)
    assert _offered(picker.article10) == list(Article10) and dialog.hint.text() == "Choose the Article 10 condition."
    _tick(picker, DataKind.LAW_ENFORCEMENT, DataKind.HEALTH)  # Part 3: no Article 6, 9 or 10
    assert not picker.article6.isVisible() and not picker.article9.isVisible() and picker.schedule8.isVisible()
    assert picker.part3.isVisible() and picker.ground() == LawfulGround(
        frozenset({DataKind.LAW_ENFORCEMENT, DataKind.HEALTH}))
    assert _offered(picker.schedule8) == list(Schedule8)
    assert dialog.hint.text() == "Choose the Schedule 8 condition: the data is sensitive."
    _tick(picker, DataKind.PERSONAL)
    assert picker.article6.value() is None and not picker.part3.isVisible()


def test_an_incoherent_consent_is_stopped_with_the_reason(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    _ready(qtbot, dialog)
    form = dialog.form
    _tick(form.basis, DataKind.PERSONAL)
    form.basis.article6.choose(Article6.A)
    form.consent.choose(ConsentPosition.REFUSED)
    qtbot.keyClicks(form.consent_reason, "Mother said no")
    assert dialog.hint.text() == "The consent basis Art 6(1)(a) needs consent given, not 'consent refused'."
    assert not dialog.ok_button.isEnabled()
    form.consent.choose(ConsentPosition.GIVEN)
    assert form.consent_from.isVisible() and dialog.hint.text() == "Say from whom consent was given."


def test_kinds_are_ticked_from_the_keyboard(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    picker = dialog.form.basis
    alt(qtbot, dialog, Qt.Key.Key_K)
    assert picker.kinds.hasFocus()
    picker.kinds.setCurrentRow(1)
    qtbot.keyClick(picker.kinds, Qt.Key.Key_Space)
    assert picker.checked() == {DataKind.HEALTH}
    alt(qtbot, dialog, Qt.Key.Key_6)
    assert picker.article6.hasFocus()
    alt(qtbot, dialog, Qt.Key.Key_9)
    assert picker.article9.hasFocus()


def test_a_health_disclosure_is_recorded_in_parts_with_who_consented(qtbot, hub):
    dialog = open_dialog(qtbot, DisclosureDialog, hub, "pol.officer", REF)
    _ready(qtbot, dialog)
    form = dialog.form
    _tick(form.basis, DataKind.HEALTH)
    form.basis.article6.choose(Article6.E)
    form.basis.article9.choose(Article9.G_SCH1_18)
    form.consent.choose(ConsentPosition.GIVEN)
    qtbot.keyClicks(form.consent_from, "Mother")
    qtbot.keyClicks(form.consent_covering, "Mother and Ruby")
    form.handling.choose(HandlingCode.C)
    qtbot.keyClicks(form.justification, "Needed to assess the risk to Ruby")
    press_ok(qtbot, dialog)
    words = dialog.summary.text()
    assert "Data shared: health, including mental health (special category)." in words
    assert ("Lawful basis: UK GDPR Art 6(1)(e) public task; UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18 "
            "(safeguarding of children and individuals at risk).") in words
    assert "Consent was given by Mother, covering Mother and Ruby." in words
    press_ok(qtbot, dialog)
    assert dialog.changed and dialog.disclosure_id is not None
    [seen] = open_case(hub.db, hub.sign_in("csc.officer"), REF, WORKSPACE, "test").disclosures
    assert not seen.altered and seen.text == CALLOUTS
    assert seen.ground == LawfulGround(frozenset({DataKind.HEALTH}), Article6.E, Article9.G_SCH1_18)
    assert (seen.consent_from, seen.consent_covering) == ("Mother", "Mother and Ruby")
