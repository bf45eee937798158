"""Sharing one of the agency's warnings on a case: the disclosure dialog, with the warning as its text.

Everything else is the ordinary disclosure: recipient, lawful basis, consent
(without it, another supervisor of the agency authorises before the
recipient sees it), handling code and justification, then the summary to
check. The text is the warning's own words and cannot be edited here; the
service writes it again from the sealed warning when it is shared.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from ...domain.warnings import WarningView, shared_text
from ...security.accounts import SignedIn
from ...services.people.warning_sharing import share_warning
from ...store.database import Database
from ..help import content as help_content
from ..steps.disclosure import DisclosureDialog


class WarningShareDialog(DisclosureDialog):
    help_section = help_content.PERSON_WARNINGS

    def __init__(self, parent: QWidget | None, db: Database, signed: SignedIn, reference: str,
                 warning: WarningView, person_name: str) -> None:
        self.warning = warning
        super().__init__(parent, db, signed, reference)
        self.setWindowTitle(f"Share a warning on {self.reference}")
        self.form.shared.setPlainText(shared_text(warning.id, warning.person_id, person_name, warning.kind,
                                                  warning.reason or "", warning.start, warning.end))
        self.form.shared.setReadOnly(True)
        self.form.add_button.setVisible(False)

    def save(self) -> None:
        if not self.on_summary:
            self.show_summary()
            return
        r = self.form.request()
        self.run_save(partial(share_warning, self.db, self.signed, self.warning.id, self.reference, r.to, r.basis,
                              r.consent, r.consent_reason, r.handling, r.justification, r.gateway,
                              ground=r.ground, consent_from=r.consent_from, consent_covering=r.consent_covering),
                     self._shared)
