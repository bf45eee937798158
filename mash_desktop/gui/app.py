"""mash-desktop: start the client on the hub database, or on a demo hub.

``--demo`` uses its own SQLite file in the user data folder and fills it with
a synthetic hub the first time, so anyone can try the client safely. Without
it the client opens the hub database (``--db``, else ``MASH_DATABASE_URL``,
else the embedded SQLite file) and refuses, with a plain message, to work on
a database whose schema is missing or out of step with this version.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QProgressDialog, QStyleFactory

from .. import __version__
from ..domain.errors import EnvironmentFault, MashError
from ..services.agencies import list_agencies
from ..services.demo import build_demo
from ..store import schema
from ..store.database import ENV_VAR, Database, describe_url
from . import errors
from .background import Operation
from .main_window import MainWindow

PROG = "mash-desktop"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="The MASH workstation client: the shared referral queue.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="URL",
                       help=f"hub database URL (default: ${ENV_VAR}, else the embedded SQLite file)")
    where.add_argument("--demo", action="store_true",
                       help="open a demo hub of synthetic data, kept apart from any real database")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def demo_url() -> str:
    return f"sqlite:///{Path(user_data_dir('mash-desktop', appauthor=False)) / 'demo.db'}"


def prepare_demo(db: Database) -> None:
    """Bring the demo database to the current schema; fill it if empty."""
    schema.upgrade(db)
    if not list_agencies(db):
        build_demo(db)


def check_schema(db: Database) -> None:
    """Refuse, in plain words, a database this version cannot work on."""
    where = describe_url(db.url)
    if not db.has_schema():
        raise EnvironmentFault(
            f"The database at {where} has no hub schema yet. Ask your administrator to run "
            "'mash-admin init' on it, or start MASH Desktop with --demo to try it on synthetic data."
        )
    if not schema.is_current(db):
        raise EnvironmentFault(
            f"The database at {where} is at a different schema version from this MASH Desktop "
            f"({__version__}). Ask your administrator to run 'mash-admin init' to upgrade it, "
            "or to update this workstation."
        )


def configure(app: QApplication) -> None:
    """Names for settings, and a calm, consistent look on every workstation."""
    app.setApplicationName(PROG)
    app.setOrganizationName("MASH")
    app.setApplicationVersion(__version__)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
        app.setPalette(style.standardPalette())
    font = QFont(app.font())
    if font.pointSizeF() > 0 and font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)


class _Startup:
    """Gets the database ready off the GUI thread, then shows the window."""

    def __init__(self, app: QApplication, db: Database, demo: bool) -> None:
        self.app = app
        self.db = db
        self.demo = demo
        self.window: MainWindow | None = None
        self.progress: QProgressDialog | None = None

    def start(self) -> None:
        db = self.db
        work: Callable[[], None]
        if self.demo:
            work = lambda: prepare_demo(db)  # noqa: E731
            self.progress = QProgressDialog("Preparing demo hub…", "", 0, 0)
            self.progress.setWindowTitle("MASH Desktop")
            self.progress.setCancelButton(None)
            self.progress.setMinimumWidth(self.progress.fontMetrics().horizontalAdvance("M" * 24))
            self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.progress.setMinimumDuration(300)  # no flash when it is quick
            self.progress.setValue(0)  # starts the minimum-duration clock
        else:
            work = lambda: check_schema(db)  # noqa: E731
        Operation(None, work).success(self._ready).failure(self._failed).run()

    def _ready(self, _result: object) -> None:
        self.window = MainWindow(self.db, demo=self.demo)
        self.window.show()
        self._close_progress()
        self.app.setQuitOnLastWindowClosed(True)
        self.window.refresh()

    def _failed(self, exc: Exception) -> None:
        self._close_progress()
        errors.show_error(None, exc)
        self.app.exit(exc.exit_code if isinstance(exc, MashError) else 1)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
    except SystemExit as exc:  # --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG])
    configure(app)
    errors.install_excepthook()
    try:
        db = Database(demo_url() if args.demo else args.db)
    except MashError as exc:
        errors.show_error(None, exc)
        return exc.exit_code
    # Until the window is up, closing a progress or message box must not quit.
    app.setQuitOnLastWindowClosed(False)
    startup = _Startup(app, db, args.demo)
    startup.start()
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()
        db.dispose()
