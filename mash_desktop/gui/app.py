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
each into DIR (see :mod:`.tour`), and exits.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyleFactory

from .. import __version__
from ..domain.errors import MashError
from ..services.demo import DEMO_AGENCY
from ..store.database import ENV_VAR
from . import errors
from .client import Client
from .settings import IDLE_MINUTES
from .startup import Workplace, check_schema, demo_url, open_demo, open_hub

__all__ = ["build_parser", "check_schema", "configure", "demo_url", "idle_minutes", "main", "take_tour"]

PROG = "mash-desktop"


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
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
        app.setPalette(style.standardPalette())
    font = QFont(app.font())
    if font.pointSizeF() > 0 and font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)


def take_tour(out_dir: Path) -> int:
    """Save the screenshot tour of the demo hub into ``out_dir``; 0 if every screen was saved."""
    from . import tour  # only the tour needs it

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
    except SystemExit as exc:  # --help, --version, or a usage mistake
        return exc.code if isinstance(exc.code, int) else 2

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG])
    configure(app)
    errors.install_excepthook()
    if args.tour:
        return take_tour(Path(args.tour))
    prepare: Callable[[], Workplace]
    if args.demo:
        agency = args.demo_agency or DEMO_AGENCY
        prepare = lambda: open_demo(agency)  # noqa: E731
    else:
        prepare = lambda: open_hub(args.db)  # noqa: E731
    client = Client(prepare, idle_ms=idle_minutes(args.idle_minutes) * 60_000,
                    waiting_text="Preparing the demo hub…" if args.demo else "Connecting to the hub…")
    client.finished.connect(app.exit)
    # Windows come and go (sign-in, session, sign-in again): the client says when to quit.
    app.setQuitOnLastWindowClosed(False)
    client.start()
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()
        if client.place is not None:
            client.place.db.dispose()
