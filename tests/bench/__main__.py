"""``python -m tests.bench``: measure the client's figures against their targets.

Measures on the embedded SQLite database, and with ``--db URL`` (a
PostgreSQL superuser) also on PostgreSQL, in a throwaway database dropped
afterwards. Prints a table and, with ``--json FILE``, writes every figure.
Exit status: 0 when every figure was measured (met or not), 1 when some
could not be, 2 for a usage mistake.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

# Before Qt or platformdirs are imported: no screen, and no real user folders touched.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="mash-bench-home-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_HOME / _var.lower())

from mash_desktop.store.database import Database  # noqa: E402

from . import case_bench, client_bench, hub_day, load_bench, lock_bench, queue_bench, report  # noqa: E402
from .figures import Figure, machine  # noqa: E402
from .hub import build_hub, throwaway_pg  # noqa: E402
from .live_bench import change_figure  # noqa: E402


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("give a whole number above 0")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    p.add_argument("--referrals", type=_positive, default=100_000, metavar="N",
                   help="referrals in the hub (default 100000)")
    p.add_argument("--db", metavar="URL", help="a PostgreSQL superuser URL: measure on PostgreSQL too")
    p.add_argument("--seconds", type=float, default=60, metavar="S",
                   help="how long the workstations work (default 60)")
    p.add_argument("--workstations", type=_positive, default=50, metavar="W",
                   help="simulated workstations (default 50)")
    p.add_argument("--think", type=float, default=1.0, metavar="T",
                   help="mean pause between one workstation's steps, in seconds (default 1)")
    p.add_argument("--users", type=_positive, default=250, metavar="U",
                   help="people at once in the hub-day load, in a few processes (default 250)")
    p.add_argument("--hub-seconds", type=float, default=30, metavar="S",
                   help="seconds of each hub-day phase: the peak, then each capacity step (default 30)")
    p.add_argument("--bundle", type=Path, metavar="DIR",
                   help="a built workstation bundle (installer/build.sh --dist; DIR/mash-desktop): "
                        "measure its size and its start too")
    p.add_argument("--repeat", type=_positive, default=5, help="timed runs per figure (default 5)")
    p.add_argument("--json", type=Path, metavar="FILE", help="write every figure to FILE as JSON")
    p.add_argument("--markdown", action="store_true", help="print the table as markdown")
    return p


class Run:
    """The figures of one benchmark run, and what could not be measured."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.figures: list[Figure] = []
        self.failures: list[str] = []
        self.setup: dict[str, float] = {}

    def attempt(self, what: str, measure) -> None:
        print(f"… {what}", file=sys.stderr, flush=True)
        try:
            found = measure()
        except Exception as exc:  # one failed figure must not lose the others
            self.failures.append(f"{what}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
            return
        self.figures += found if isinstance(found, list) else [found]

    def backend(self, backend: str, url: str) -> None:
        a = self.args
        print(f"… building a hub of {a.referrals} referrals on {backend}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        hub = build_hub(url, a.referrals)
        self.setup[f"{backend}_build_seconds"] = time.perf_counter() - start
        db = Database(url)
        try:
            self.attempt(f"queue ({backend})", lambda: queue_bench.queue_figures(db, hub, backend, a.repeat))
            self.attempt(f"case ({backend})", lambda: case_bench.case_figures(db, hub, backend, a.repeat))
            if backend == "postgresql":
                self.attempt("change seen (postgresql)", lambda: change_figure(db, hub, backend, 6 * a.repeat))
                self.attempt("workstations (postgresql)", lambda: load_bench.load_figure(
                    db, hub, backend, a.workstations, a.seconds, a.think))
                self.attempt("hub day (postgresql)", lambda: hub_day.hub_day_figures(
                    db, hub, backend, a.users, a.hub_seconds))
            self.attempt(f"client memory ({backend})", lambda: client_bench.memory_figure(hub, backend))
            self.attempt(f"write locks ({backend})", lambda: lock_bench.lock_figure(  # last: it adds to the hub
                hub, backend, lock_bench.phase_seconds(a.seconds)))
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    run = Run(args)
    with tempfile.TemporaryDirectory(prefix="mash-bench-") as folder:
        run.backend("sqlite", f"sqlite:///{Path(folder) / 'hub.db'}")
    run.attempt("start-up", lambda: client_bench.startup_figure("sqlite", args.referrals, max(3, args.repeat // 2)))
    if args.bundle:
        run.attempt("workstation bundle", lambda: client_bench.bundle_figures(args.bundle, args.referrals,
                                                                              max(3, args.repeat // 2)))
    if args.db:
        with throwaway_pg(args.db) as url:
            run.backend("postgresql", url)
    order = {"sqlite": 0, "postgresql": 1}
    run.figures.sort(key=lambda f: order.get(f.backend, 2))
    print(report.table(run.figures, markdown=args.markdown))
    for failure in run.failures:
        print(f"not measured: {failure}", file=sys.stderr)
    if args.json:
        report.write_json(args.json, report.document(
            run.figures, machine(), N=args.referrals, seconds=args.seconds, workstations=args.workstations,
            think_seconds=args.think, repeat=args.repeat, setup=run.setup, failures=run.failures,
            backends=["sqlite"] + (["postgresql"] if args.db else [])))
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
