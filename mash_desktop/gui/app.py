"""mash-desktop: start the client on the hub database, or on a demo hub.

The workstation's enrolment (its agency, secret and database address) comes
from the system keyring; the client refuses, with a plain message, to run
without a safe keyring or an enrolment. ``--db`` or ``MASH_DATABASE_URL``
override the enrolment's database address. The client refuses a database
whose schema is missing or out of step with this version.

``--demo`` uses its own SQLite file in the user data folder, fills it with a
synthetic hub the first time, and sits at a demo workstation whose
credentials are held in memory only, so anyone can try the client safely.

``--demo --tour DIR`` opens each main screen on the demo hub, saves a PNG of
each into DIR (see :mod:`.help.tour`), and exits.

A workstation with no enrolment opens the enrolment wizard (see
:mod:`.enrolment.start`); ``--enrol`` opens it on an enrolled one too.
``--smoke`` proves that an installed client starts: it waits for the first
window (sign-in or the wizard), names it and exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QObject, QThreadPool, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from .. import __version__
from ..domain.errors import MashError
from ..paths import resource
from ..services.demo.keys import DEMO_AGENCY
from ..store.database import ENV_VAR
from .common import errors
from .shell import startup
from .shell.client import Client
from .enrolment.start import run_hub
from .enrolment.wizard import EnrolmentWizard
from .common.settings import IDLE_MINUTES
from .shell.signin import SignInDialog
from .shell.startup import Workplace, check_schema, demo_url, open_demo, open_hub

__all__ = ["build_parser", "check_schema", "configure", "demo_url", "idle_minutes", "main", "take_tour"]

PROG = "mash-desktop"
SMOKE_TIMEOUT_MS = 180_000


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of minutes") from None
    if not IDLE_MINUTES.minimum <= value <= IDLE_MINUTES.maximum:
        raise argparse.ArgumentTypeError(
            f"choose between {IDLE_MINUTES.minimum} and {IDLE_MINUTES.maximum} minutes")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="The MASH workstation client: the shared referral queue.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="URL",
                       help=f"hub database URL (default: ${ENV_VAR}, else the address this workstation "
                            "was enrolled with)")
    where.add_argument("--demo", action="store_true",
                       help="open a demo hub of synthetic data, kept apart from any real database")
    p.add_argument("--demo-agency", metavar="CODE",
                   help=f"with --demo: sit at this agency's demo workstation (default: {DEMO_AGENCY})")
    p.add_argument("--tour", metavar="DIR",
                   help="with --demo: save a screenshot of each main screen into DIR (created if need be), "
                        "then exit")
    p.add_argument("--enrol", action="store_true",
                   help="open the enrolment wizard even if this workstation is enrolled, "
                        "e.g. to move it to a new hub database")
    p.add_argument("--smoke", action="store_true",
                   help="check that the client starts: wait for its first window (sign-in or the enrolment "
                        "wizard), print its title and exit (0 if it came up)")
    p.add_argument("--idle-minutes", metavar="N", type=_minutes,
                   help=f"lock the window after N minutes without input (default: the setting "
                        f"{IDLE_MINUTES.key}, else {IDLE_MINUTES.default})")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def idle_minutes(cli_value: int | None) -> int:
    """``--idle-minutes``, else the stored setting, else the default."""
    return IDLE_MINUTES.clamp(cli_value) if cli_value is not None else IDLE_MINUTES.read()


def configure(app: QApplication) -> None:
    """Names for settings, and a calm, consistent look on every workstation."""
    app.setApplicationName(PROG)
    app.setOrganizationName("MASH")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource("icons", "mash-desktop.svg"))))
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
        app.setPalette(style.standardPalette())
    font = QFont(app.font())
    if font.pointSizeF() > 0 and font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)


class SmokeCheck(QObject):
    """``--smoke``: waits for the first window a person would see, names it and quits.

    The sign-in dialog or the enrolment wizard passes (exit 0); a message box
    (a refusal or a fault) fails with its text on standard error (exit 1),
    and so does no window within ``timeout_ms``.
    """

    def __init__(self, app: QApplication, timeout_ms: int = SMOKE_TIMEOUT_MS) -> None:
        super().__init__(app)
        self.code: int | None = None
        self._deadline = QDeadlineTimer(timeout_ms)
        self._timer = QTimer(self)
        self._timer.setInterval(20)  # what it reports is when the window came up, give or take this
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        for window in QApplication.topLevelWidgets():
            handle = window.windowHandle()
            if not window.isVisible() or handle is None or not handle.isExposed():
                continue
            if isinstance(window, QMessageBox):
                return self._stop(1, f"{PROG}: the smoke test failed: {window.text()}", failed=True)
            if isinstance(window, (SignInDialog, EnrolmentWizard)):
                return self._stop(0, f"{PROG}: the smoke test passed: '{window.windowTitle()}' is shown")
        if self._deadline.hasExpired():
            self._stop(1, f"{PROG}: the smoke test failed: no window came up", failed=True)

    def _stop(self, code: int, line: str, *, failed: bool = False) -> None:
        self._timer.stop()
        print(line, file=sys.stderr if failed else sys.stdout, flush=True)
        self.code = code
        QApplication.exit(code)


def take_tour(out_dir: Path) -> int:
    """Save the screenshot tour of the demo hub into ``out_dir``; 0 if every screen was saved."""
    from .help import tour  # only the tour needs it

    place = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        place = open_demo(DEMO_AGENCY)
        saved = tour.run(place, out_dir)
    except (tour.TourFailed, MashError, OSError) as exc:
        print(f"{PROG}: the tour stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        QThreadPool.globalInstance().waitForDone()
        if place is not None:
            place.db.dispose()
    print(f"{PROG}: saved {len(saved)} screenshots in {out_dir}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        if args.demo_agency and not args.demo:
            parser.error("--demo-agency needs --demo")
        if args.tour and not args.demo:
            parser.error("--tour needs --demo")
        if args.tour and args.demo_agency:
            parser.error("--tour sits at the demo workstation of CSC; leave out --demo-agency")
        if args.enrol and args.demo:
            parser.error("--enrol enrols this workstation in a real hub; leave out --demo")
        if args.smoke and args.tour:
            parser.error("--smoke and --tour each exit by themselves; choose one")
    except SystemExit as exc:  # --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG])
    configure(app)
    errors.install_excepthook()
    if args.tour:
        return take_tour(Path(args.tour))
    smoke = SmokeCheck(app) if args.smoke else None
    # Windows come and go (wizard, sign-in, session, sign-in again): the client says when to quit.
    app.setQuitOnLastWindowClosed(False)
    idle_ms = idle_minutes(args.idle_minutes) * 60_000
    if not args.demo:
        store = startup.credential_store()  # looked up now, so tests can give a memory keyring
        code = run_hub(app, store, lambda: Client(lambda: open_hub(args.db, store), idle_ms=idle_ms),
                       force_enrol=args.enrol, suggested_url=args.db or os.environ.get(ENV_VAR))
        return smoke.code if smoke is not None and smoke.code is not None else code
    agency = args.demo_agency or DEMO_AGENCY
    prepare: Callable[[], Workplace] = lambda: open_demo(agency)  # noqa: E731
    client = Client(prepare, idle_ms=idle_ms, waiting_text="Preparing the demo hub…")
    client.finished.connect(app.exit)
    client.start()
    try:
        code = app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()
        if client.place is not None:
            client.place.db.dispose()
    return smoke.code if smoke is not None and smoke.code is not None else code
