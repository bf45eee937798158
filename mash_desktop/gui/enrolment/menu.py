"""The workstation's enrolment from the main window: enrol again, or forget it.

Both are for administrators of the workstation's agency and both ask first.
Enrolling again opens the enrolment wizard (an administrator signs in with
the agency's enrolment key at the new database, so the services check the
right to do it); once it succeeds the client restarts on the new enrolment.
Forgetting deletes the credentials from the system keyring, as
``mash-admin workstation forget`` does; the client restarts at the wizard.
Either way the session ends first as on quitting: unsaved panel text is kept
as encrypted drafts.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from ...domain import access
from ...security.accounts import SignedIn
from ...security.credentials import WorkstationCredentials
from ...services.enrolment import workstation_setup as steps
from ..shell import startup
from ..common.background import Operation
from .wizard import EnrolmentWizard

#: The exit code that asks ``enrolment_start.run_hub`` to start the client again.
RESTART = 75

ENROL_AGAIN = ("Enrol this workstation again, for example on the hub's new database?\n\n"
               "An administrator of the agency signs in there with the agency's enrolment key. When that "
               "succeeds you are signed out and MASH Desktop starts again on the new enrolment.")
FORGET = ("Forget this workstation?\n\n"
          "Its credentials are deleted from the system keyring: nobody can sign in here until an administrator "
          "enrols it again. You are signed out now; unsaved panel text is kept as a draft.")


def restart() -> None:
    """End the running client so that it starts again on the current enrolment."""
    QApplication.exit(RESTART)


def add_workstation_actions(window: QMainWindow, menu: QMenu, signed: SignedIn) -> list[QAction]:
    """Add "Enrol this workstation again…" and "Forget this workstation…" to ``menu``."""
    admin = access.may_act(signed.actor.roles, access.Step.ADMINISTER)
    enrol = QAction("&Enrol this workstation again…", window)
    forget = QAction("Forget this &workstation…", window)
    enrol.triggered.connect(lambda: enrol_again(window))
    forget.triggered.connect(lambda: forget_workstation(window))
    for action, tip in ((enrol, "Move this workstation to another hub database, or enrol it afresh"),
                        (forget, "Delete this workstation's credentials from the system keyring")):
        action.setEnabled(admin)
        if not admin:
            tip = f"For administrators of {signed.actor.agency_code}: {tip[0].lower()}{tip[1:]}"
        action.setStatusTip(tip)
        action.setToolTip(tip)
        menu.addAction(action)
    menu.setToolTipsVisible(True)
    return [enrol, forget]


def enrol_again(window: QMainWindow) -> None:
    """Ask, then open the wizard over ``window``; a finished enrolment restarts the client.

    The current enrolment is read in the background first (the keyring may
    ask to be unlocked); a keyring that went away is explained by the router.
    """
    answer = QMessageBox.question(window, "Enrol this workstation again", ENROL_AGAIN)
    if answer != QMessageBox.StandardButton.Yes:
        return
    store = startup.credential_store()

    def open_wizard(current: WorkstationCredentials | None) -> None:
        wizard = EnrolmentWizard(store, current=current, parent=window)
        wizard.finished_enrolment.connect(lambda _creds: restart())
        wizard.open()

    Operation(window, store.load).success(open_wizard).run()


def forget_workstation(window: QMainWindow) -> None:
    """Ask, then delete the credentials in the background and restart at the wizard."""
    answer = QMessageBox.question(window, "Forget this workstation", FORGET)
    if answer != QMessageBox.StandardButton.Yes:
        return
    store = startup.credential_store()
    Operation(window, lambda: steps.forget(store)).success(lambda _gone: restart()).run()
