"""The possible-match dialogs show, on each known person offered, the badges of the warnings the reader may
see (word and colour): the intake form's matches and the Screen dialog's person checks."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.intake import parse_referral
from mash_desktop.gui.intake.matches import SubjectMatches
from mash_desktop.gui.people.warning_badges import COLOURS
from mash_desktop.gui.steps.person_checks import PersonChecks
from mash_desktop.services.intake import referrals
from mash_desktop.services.intake.duplicates import find_matches
from tests.services.intake.test_match_warnings import later_payload, warn
from tests.supervision_hub import sup_hub, supervision_templates  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _words(card) -> list[str]:
    return [label.text() for label in card.badges]


def test_the_intake_matches_show_the_badges_the_reader_may_see(qtbot, sup_hub):
    subject = warn(sup_hub)
    wanted = parse_referral(later_payload(), today=dt.date(2027, 1, 1)).subjects[0]
    for username, words in (("csc.officer", ["Worker safety"]), ("pol.officer", ["MARAC", "Worker safety"])):
        matches = find_matches(sup_hub.db, wanted, reader=sup_hub.sign_in(username))
        group = SubjectMatches(1, wanted, matches)
        qtbot.addWidget(group)
        card = next(c for c, m in zip(group.cards, matches) if m.person_id == subject)
        assert sorted(_words(card)) == words
        assert all(COLOURS[label.text()][0] in label.styleSheet() for label in card.badges)
        assert all(label.accessibleName() == f"Warning: {label.text()}" for label in card.badges)


def test_the_screen_dialogs_person_checks_show_the_badges_the_supervisor_may_see(qtbot, sup_hub):
    subject = warn(sup_hub)
    later = referrals.add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, later_payload())
    checks = PersonChecks(sup_hub.db, sup_hub.sign_in("csc.lead"), later)
    qtbot.addWidget(checks)
    checks.show_subjects(checks.load()())
    cards = [card for group in checks.groups.values() for card, match in zip(group.cards, group.matches)
             if match.person_id == subject]
    assert cards and _words(cards[0]) == ["Worker safety"]
    assert "MARAC" not in [label.text() for label in checks.findChildren(type(cards[0].badges[0]))]
