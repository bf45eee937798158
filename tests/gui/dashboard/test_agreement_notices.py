"""The dashboard's line about partners' sharing agreements."""

from __future__ import annotations


import pytest

from mash_desktop.domain.agreements import Standing
from mash_desktop.gui.dashboard.agreement_notices import notice_text
from mash_desktop.services.admin.agreements import PartnerAgreement

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def test_the_demo_hubs_agreement_due_for_review_shows_on_the_dashboard(qtbot, open_dashboard):
    window = open_dashboard("csc.supervisor")
    line = window.agreement_notices
    qtbot.waitUntil(lambda: line.loaded, timeout=10_000)
    assert line.isVisible()
    assert line.text().startswith("Sharing agreements: PRB review due in ") and line.text().count(";") == 0
    assert "no new users" not in line.text()  # due soon is still current


def test_the_line_names_each_partner_and_says_what_stops():
    def partner(code: str, standing: str, words: str) -> PartnerAgreement:
        return PartnerAgreement(code, f"{code} agency", True, standing, words, None)

    assert notice_text([]) == ""
    text = notice_text([partner("PRB", Standing.REVIEW_SOON, "Review due in 9 days"),
                        partner("EDU", Standing.NONE, "None"), partner("POL", Standing.ALTERED, "Altered")])
    assert text == ("Sharing agreements: PRB review due in 9 days; EDU none; POL altered. A partner without a "
                    "current agreement is given no new users and makes no disclosures.")
