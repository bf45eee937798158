"""The enrolment wizard: a workstation joins the hub as one agency's.

The client opens it on a workstation with no enrolment, and an administrator
opens it again to move the workstation to another database (see
:mod:`.start` and :mod:`.menu`). It does what
``mash-admin workstation enrol`` does, through the same services (see
:mod:`...services.enrolment.workstation_setup`): choose the database, check it and the keyring,
sign an administrator of the agency in with the agency's enrolment key,
record the workstation and keep its credentials in the system keyring.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizard

from ...domain.errors import MashError
from ...paths import resource
from ...security.credentials import CredentialStore, WorkstationCredentials
from ...services.enrolment.hub_setup import default_workstation_name
from ...store.database import default_sqlite_path, describe_url
from ...services.enrolment import workstation_setup as steps
from ..common import errors
from ..common.background import Operation
from .pages import FAULT, AddressPage, AdminPage, WorkPage

TITLE = "MASH Desktop — Enrol this workstation"
FIRST_INTRO = ("This workstation is not enrolled in a hub yet, so nobody can sign in here. An administrator of "
               "the agency it serves enrols it once: choose the hub's database, then sign in and type the "
               "agency's enrolment key.")
AGAIN_INTRO = ("This workstation is enrolled to {agency} at {where}. Enrolling it again (for example when the "
               "hub's database moves) replaces that enrolment once it succeeds.")


class CheckPage(WorkPage):
    """Page 2: can this computer keep the credentials, and does the database answer?"""

    def __init__(self, wizard: "EnrolmentWizard") -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Checking the connection")
        self.result: steps.HubCheck | None = None
        QVBoxLayout(self).addLayout(self.work_layout())
        self.layout().addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.start()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        self.abandon()
        self.result = None

    def start(self) -> None:
        self.result = None
        url, store = self.wizard_.url, self.wizard_.store
        self.run_step(f"Checking that this computer can keep the credentials safely, then connecting to "
                      f"{describe_url(url)}…", lambda: steps.check_hub(url, store), self._checked)

    def _checked(self, check: steps.HubCheck) -> None:
        self.result = check
        codes = ", ".join(code for code, _ in check.agencies)
        self.status.setText(
            f"✓ Connected to the hub database at {check.where}.\n\n"
            f"Agencies that can enrol workstations: {codes}.\n\n"
            f"The system keyring ({check.keyring}) will keep this workstation's credentials.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.result is not None and not self.is_busy


class DonePage(WorkPage):
    """Page 4: record the workstation, keep its credentials in the keyring, confirm."""

    def __init__(self, wizard: "EnrolmentWizard") -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Enrolling the workstation")
        self.done: WorkstationCredentials | None = None
        QVBoxLayout(self).addLayout(self.work_layout())
        self.layout().addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.start()

    def start(self) -> None:
        verified, store = self.wizard_.verified, self.wizard_.store
        assert verified is not None
        self.run_step("Recording the workstation in the hub and storing its credentials in the system keyring…",
                      lambda: steps.complete(verified, store), self._completed)

    def _completed(self, creds: WorkstationCredentials) -> None:
        self.done = creds
        self.wizard_.enrolled = creds
        self.wizard_.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)  # nothing left to cancel
        verified = self.wizard_.verified
        agency = verified.agency_name if verified else creds.agency_code
        self.setTitle("This workstation is enrolled")
        self.status.setText(
            f"✓ {creds.workstation_name} is now a workstation of {agency} ({creds.agency_code}), on the hub "
            f"database at {describe_url(creds.database_url)}.\n\n"
            "Its credentials are in the system keyring and nowhere else. Staff of "
            f"{creds.agency_code} can sign in here from now on: press Finish.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.done is not None and not self.is_busy


class EnrolmentWizard(QWizard):
    """Four pages from "not enrolled" to "ready for sign-in"; ``enrolled`` holds the outcome."""

    ADDRESS, CHECK, ADMIN, DONE = range(4)
    #: Emitted with the new ``WorkstationCredentials`` when the wizard closes after
    #: enrolling the workstation (by Finish, or by Cancel once it was done).
    finished_enrolment = Signal(object)

    def __init__(self, store: CredentialStore, *, current: WorkstationCredentials | None = None,
                 suggested_url: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.current = current
        self.url = ""
        self.verified: steps.Verified | None = None
        self.enrolled: WorkstationCredentials | None = None
        self._proceed = False
        self.setWindowTitle(TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setWindowIcon(QIcon(str(resource("icons", "mash-desktop.svg"))))
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Enrol")

        intro = FIRST_INTRO if current is None else AGAIN_INTRO.format(
            agency=current.agency_code, where=describe_url(current.database_url))
        self.address_page = AddressPage(intro, str(default_sqlite_path()))
        self.check_page = CheckPage(self)
        self.admin_page = AdminPage()
        self.admin_page.setCommitPage(True)
        self.done_page = DonePage(self)
        # As wide as the widest page needs (the enrolment key), so no field is cut off.
        self.setMinimumWidth(max(self.fontMetrics().horizontalAdvance("M") * 46,
                                 self.admin_page.minimumSizeHint().width() + 48))
        for page_id, page in ((self.ADDRESS, self.address_page), (self.CHECK, self.check_page),
                              (self.ADMIN, self.admin_page), (self.DONE, self.done_page)):
            self.setPage(page_id, page)
        self._suggest(suggested_url or (current.database_url if current else None))
        self.finished.connect(self._closed)

    def _suggest(self, url: str | None) -> None:
        """Fill in page 1 from an address given or enrolled before (its password left out)."""
        if not url:
            return
        if steps.is_embedded(url):
            self.address_page.embedded.setChecked(True)
        else:
            shown = steps.address_to_show(url)
            if shown is not None:
                self.address_page.address.setText(shown)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        page = self.currentId()
        if page == self.ADDRESS:
            return self._take_address()
        if page == self.ADMIN:
            return self._verify()
        return super().validateCurrentPage()

    def _take_address(self) -> bool:
        address = self.address_page
        try:
            self.url = (steps.embedded_url() if address.embedded.isChecked()
                        else steps.database_address(address.address.text(), address.password.text()))
        except MashError as exc:
            address.show_problem(exc.message)
            return False
        return True

    def initializePage(self, page_id: int) -> None:  # noqa: N802 - Qt's name
        super().initializePage(page_id)
        if page_id == self.ADMIN:
            self._fill_admin_page()

    def _fill_admin_page(self) -> None:
        page, check = self.admin_page, self.check_page.result
        assert check is not None
        page.agency.clear()
        for code, name in check.agencies:
            page.agency.addItem(f"{name} ({code})" if name != code else code, code)
        if self.current is not None:
            page.agency.setCurrentIndex(max(0, page.agency.findData(self.current.agency_code)))
        if not page.workstation.text():
            page.workstation.setText(self.current.workstation_name if self.current else default_workstation_name())
        page.show_problem("")
        page.username.setFocus()

    def _verify(self) -> bool:
        """Check the key and sign-in in the background; on success go on to page 4."""
        if self._proceed:
            self._proceed = False
            return True
        page, check = self.admin_page, self.check_page.result
        assert check is not None
        code = page.agency.currentData()
        name, username, password, key = (page.workstation.text(), page.username.text(), page.password.text(),
                                         page.key.text())
        page.set_busy(True)
        page.show_problem("")
        Operation(self, lambda: steps.verify(check, code, name, username, password, key)) \
            .success(self._verified).failure(self._refused).run()
        return False

    def _verified(self, verified: steps.Verified) -> None:
        self.admin_page.set_busy(False)
        if self.currentId() != self.ADMIN:  # the person went back meanwhile
            verified.admin.keychain.forget()
            return
        self.verified = verified
        self._proceed = True
        self.next()

    def _refused(self, exc: Exception) -> None:
        page = self.admin_page
        page.set_busy(False)
        page.password.clear()
        page.show_problem(exc.message if isinstance(exc, MashError) else FAULT)
        (page.key if "enrolment key" in str(exc).lower() else page.password).setFocus()
        if not isinstance(exc, MashError):
            errors.show_error(self, exc)

    def _closed(self, _result: int) -> None:
        if self.enrolled is not None:
            self.finished_enrolment.emit(self.enrolled)

    def done(self, result: int) -> None:
        """Closing, finished or not: the administrator's keys are forgotten."""
        if self.verified is not None:
            self.verified.admin.keychain.forget()
        super().done(result)

