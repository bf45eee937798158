"""Client figures, each in a fresh process: memory with the queue loaded, and start-up.

- Memory: :mod:`.memory_probe` loads the whole queue into a real main
  window; the figure is the process's peak resident memory, the baseline
  the same process just before loading.
- Start-up: ``mash-desktop --demo --smoke``, which prints a line and exits
  once the sign-in window is shown, timed from launch to that line (the exit
  after it is not a person's wait), on a demo hub built by an untimed first
  run (in a private data folder). Baseline: a Python process that only
  imports ``PySide6.QtWidgets``, timed from launch to exit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .figures import Figure, median_ms, spread
from .hub import BenchHub

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 900


def _env(home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("MASH_DATABASE_URL", None)
    if home is not None:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(home / var.lower())
    return env


def memory_figure(hub: BenchHub, backend: str) -> Figure:
    done = subprocess.run([sys.executable, "-m", "tests.bench.memory_probe", hub.url], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"the memory probe failed: {done.stderr.strip().splitlines()[-1:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Figure("client_memory", f"Client memory with the queue loaded ({found['rows']} rows; peak RSS)",
                  found["peak_mb"], "MB", found["before_mb"], "the same process before loading", backend,
                  hub.referrals, at_most=400, detail=found)


def _client() -> list[str]:
    script = Path(sys.executable).with_name("mash-desktop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mash_desktop.gui"]


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-3:])} failed: {done.stderr.strip().splitlines()[-1:]}")
    return took


def _timed_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launch until the client says the sign-in window is shown; it then exits by itself."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        shown = None
        for line in process.stdout:
            if shown is None and "smoke test passed" in line:
                shown = time.perf_counter() - start
        err = process.stderr.read()
        if process.wait(timeout=TIMEOUT) != 0 or shown is None:
            raise RuntimeError(f"{' '.join(command[-3:])} failed: {err.strip().splitlines()[-1:]}")
    return shown


def startup_figure(backend: str, n: int, repeat: int) -> Figure:
    with tempfile.TemporaryDirectory(prefix="mash-bench-start-") as home:
        env = _env(Path(home))
        command = _client() + ["--demo", "--smoke"]
        first = _timed(command, env)  # builds the demo hub
        times = [_timed_to_shown(command, env) for _ in range(repeat)]
    base = [_timed([sys.executable, "-c", "import PySide6.QtWidgets"], _env()) for _ in range(repeat)]
    return Figure("start_to_sign_in", "Start to the sign-in window shown (mash-desktop --demo --smoke)",
                  median_ms(times) / 1000, "s", median_ms(base) / 1000, 'python -c "import PySide6.QtWidgets"',
                  backend, n, at_most=1.5,
                  detail={"times": spread(times), "baseline_times": spread(base),
                          "first_start_with_demo_build_s": first})


def _on_disk(folder: Path) -> int:
    """Bytes a folder takes on disk (allocated blocks, as ``du``; a hard-linked file counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += info.st_blocks * 512
    return total


def _installed_qt() -> int:
    """PySide6 and shiboken6 as pip installed them here: what the Qt binding alone takes before trimming."""
    import PySide6
    import shiboken6

    return sum(_on_disk(Path(module.__file__).parent) for module in (PySide6, shiboken6))


def bundle_figures(folder: Path, n: int, repeat: int) -> list[Figure]:
    """The built workstation bundle (installer/build.sh): its size on disk, and start to sign-in from it."""
    program = folder / "mash-desktop"
    if not program.is_file():
        raise RuntimeError(f"{folder} holds no built bundle (installer/build.sh --dist makes one)")
    mb = 1024 * 1024
    size = Figure("bundle_size", "Workstation bundle on disk (installer/build.sh)", _on_disk(folder) / mb, "MiB",
                  _installed_qt() / mb, "PySide6 and shiboken6 as pip installs them", "bundle", n, at_most=200)
    with tempfile.TemporaryDirectory(prefix="mash-bench-bundle-") as home:
        env = _env(Path(home))
        env.pop("PYTHONPATH", None)
        command = [str(program), "--demo", "--smoke"]
        first = _timed(command, env)  # builds the demo hub
        times = [_timed_to_shown(command, env) for _ in range(repeat)]
    base = [_timed([sys.executable, "-c", "import PySide6.QtWidgets"], _env()) for _ in range(repeat)]
    start = Figure("bundle_start_to_sign_in", "Start to the sign-in window shown, from the bundle",
                   median_ms(times) / 1000, "s", median_ms(base) / 1000, 'python -c "import PySide6.QtWidgets"',
                   "bundle", n, at_most=1.5,
                   detail={"times": spread(times), "baseline_times": spread(base),
                           "first_start_with_demo_build_s": first})
    return [size, start]
