"""The intake form when a subject is known exactly: said so, and linked."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from mash_desktop.gui.intake.dialog import IntakeDialog
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.store.models import PersonLink

from ..intake_helpers import click, fill_referrer, fill_subject, fill_the_rest, ready

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def backend():
    """The form does the same on every database (the services are tested on both)."""
    return "sqlite"


def test_a_subject_known_exactly_is_linked_with_no_choice_of_new(qtbot, hub, settled):
    dialog = IntakeDialog(None, hub.db, hub.sign_in("csc.officer"))
    qtbot.addWidget(dialog)
    dialog.show()
    fill_referrer(qtbot, dialog)
    fill_subject(qtbot, dialog, "RUBY", "calder", "14/06/2017")
    fill_the_rest(qtbot, dialog)
    ready(qtbot, dialog)
    click(qtbot, dialog.submit)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    [group] = dialog.matches.groups.values()
    [card] = group.cards
    assert not group.create_new.isEnabled() and not group.record.isVisible()
    texts = [label.text() for label in group.findChildren(QLabel)]
    assert "Why: Same name and date of birth" in texts
    assert "Same names and date of birth as Ruby Calder, known to the hub: the contact is linked to them." in texts
    assert card.link.text() == "Link to this person (same names and date of birth)"
    click(qtbot, card.link)
    qtbot.waitUntil(lambda: dialog.reference is not None, timeout=10_000)
    with hub.db.read() as s:
        referral = referral_by_reference(s, dialog.reference)
        [link] = s.scalars(select(PersonLink).where(PersonLink.referral_id == referral.id))
        assert (link.kind, link.person_id) == ("linked", link.known_person_id)  # the worker's choice, recorded
