"""Starting the client on a real hub: enrol first if need be, then sign-in.

On a workstation with no enrolment the client opens the enrolment wizard
instead of refusing to start; once the wizard has stored the credentials the
usual start-up follows (``client.Client``: the database check, then the
sign-in dialog). ``mash-desktop --enrol`` opens the wizard on an enrolled
workstation too, to move it to another database. A keyring that cannot keep
credentials safely is refused with a message saying what to install.

Enrolling again or forgetting the workstation from a running client ends
the client with ``enrolment_menu.RESTART``; :func:`run_hub` then starts afresh on the
new enrolment (or on none, which opens the wizard).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QApplication

from ...domain.errors import MashError
from ...security.credentials import CredentialStore, WorkstationCredentials
from ..common import errors
from ..common.background import Operation
from ..shell.client import Client
from .menu import RESTART
from .wizard import EnrolmentWizard


class FirstRun(QObject):
    """Reads the enrolment in the background; opens the wizard when there is none."""

    #: The workstation is enrolled: start the client.
    ready = Signal()
    #: Stop here with this exit code (no safe keyring, or the wizard was cancelled).
    finished = Signal(int)

    def __init__(self, store: CredentialStore, *, force: bool = False, suggested_url: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.force = force
        self.suggested_url = suggested_url
        self.current: WorkstationCredentials | None = None
        self.wizard: EnrolmentWizard | None = None

    def start(self) -> None:
        store = self.store
        Operation(None, store.load).success(self._loaded).failure(self._failed).run()

    def _loaded(self, creds: WorkstationCredentials | None) -> None:
        self.current = creds
        if creds is not None and not self.force:
            self.ready.emit()
            return
        wizard = self.wizard = EnrolmentWizard(self.store, current=creds, suggested_url=self.suggested_url)
        wizard.finished.connect(self._closed)
        wizard.show()

    def _closed(self, _result: int) -> None:
        assert self.wizard is not None
        if self.wizard.enrolled is not None or self.current is not None:
            self.ready.emit()  # enrolled now, or enrolling again was called off and the old enrolment stands
        else:
            self.finished.emit(0)

    def _failed(self, exc: Exception) -> None:
        errors.show_error(None, exc)
        self.finished.emit(exc.exit_code if isinstance(exc, MashError) else 1)


def run_hub(app: QApplication, store: CredentialStore, make_client: Callable[[], Client], *,
            force_enrol: bool = False, suggested_url: str | None = None) -> int:
    """Run the client (after the wizard if need be) until it quits; start again on ``RESTART``."""
    while True:
        clients: list[Client] = []
        first = FirstRun(store, force=force_enrol, suggested_url=suggested_url)

        def start_client() -> None:
            client = make_client()
            client.finished.connect(app.exit)
            clients.append(client)
            client.start()

        first.ready.connect(start_client)
        first.finished.connect(app.exit)
        first.start()
        try:
            code = app.exec()
        finally:
            for client in clients:
                client.finished.disconnect(app.exit)
            first.finished.disconnect(app.exit)
            QApplication.closeAllWindows()  # on a restart: the session quits, drafts are kept
            QThreadPool.globalInstance().waitForDone()
            for client in clients:
                if client.place is not None:
                    client.place.db.dispose()
        if code != RESTART:
            return code
        force_enrol = False
