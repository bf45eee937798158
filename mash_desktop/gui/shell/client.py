"""The workstation from start to quit.

First the workplace is got ready in the background (keyring, database, the
demo hub), with a progress window if that takes a moment. Then, for as long
as the client runs: the sign-in dialog, the signed-in session, and after a
sign-out the sign-in dialog again, saying why if the session was ended.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from ...domain.errors import MashError, NotPermitted
from ...domain.timescales import preload_bank_holidays
from ...domain.zone import HUB_ZONE
from ...security.accounts import SignedIn
from ..common import errors
from ..common.background import Operation
from .signin import SignInDialog
from .startup import Workplace

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the session brings in every window: imported once someone signs in
    from .session import Session


class Client(QObject):
    """Runs ``prepare`` on a worker, then cycles between sign-in and sessions."""

    #: The client is done: the exit code for the application.
    finished = Signal(int)

    def __init__(self, prepare: Callable[[], Workplace], *, idle_ms: int, check_ms: int | None = None,
                 waiting_text: str = "Connecting to the hub…", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._prepare = prepare
        self.idle_ms = idle_ms
        self.check_ms = check_ms
        self.waiting_text = waiting_text
        self.place: Workplace | None = None
        self.dialog: SignInDialog | None = None
        self.session: Session | None = None
        self._progress: QProgressDialog | None = None

    def start(self) -> None:
        progress = self._progress = QProgressDialog(self.waiting_text, "", 0, 0)
        progress.setWindowTitle("MASH Desktop")
        progress.setCancelButton(None)
        progress.setMinimumWidth(progress.fontMetrics().horizontalAdvance("M" * 24))
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(300)  # no flash when it is quick
        progress.setValue(0)  # starts the minimum-duration clock
        Operation(None, self._prepare).success(self._ready).failure(self._failed).run()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _ready(self, place: Workplace) -> None:
        self._close_progress()
        self.place = place
        self.show_sign_in()
        # While a password is typed: the holiday tables every deadline needs (a warm-up, so a failure
        # here is only logged; the deadline that needs them will fail and say so where it is worked out).
        Operation(None, lambda: preload_bank_holidays(dt.datetime.now(HUB_ZONE).date())).failure(
            lambda exc: log.warning("bank holidays not preloaded: %s", type(exc).__name__)).run()

    def _failed(self, exc: Exception) -> None:
        self._close_progress()
        errors.show_error(None, exc)
        self.finished.emit(exc.exit_code if isinstance(exc, MashError) else 1)

    def show_sign_in(self, notice: str = "") -> None:
        """A fresh sign-in dialog; ``notice`` says why the last session ended."""
        assert self.place is not None
        dialog = self.dialog = SignInDialog(self.place)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        dialog.show()
        if notice:
            dialog.show_message(notice)
            errors.show_error(dialog, NotPermitted(notice))

    def _signed_in(self, signed: SignedIn) -> None:
        assert self.place is not None
        self.dialog = None
        from .session import CHECK_MS, Session

        session = self.session = Session(self.place, signed, idle_ms=self.idle_ms,
                                         check_ms=CHECK_MS if self.check_ms is None else self.check_ms, parent=self)
        session.signed_out.connect(self._signed_out)
        session.quit_requested.connect(lambda: self.finished.emit(0))
        session.start()

    def _signed_out(self, reason: str) -> None:
        if self.session is not None:
            self.session.deleteLater()
            self.session = None
        self.show_sign_in(reason)
