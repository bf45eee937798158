"""The workstation bundle: built with installer/build.sh, started with no screen.

The bundle is built once for this module (a few minutes) into a temporary
folder and run from another one, with its own empty home folder, so it
cannot lean on the checkout or on the user's files.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from mash_desktop import __version__
from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.security.credentials import check_backend

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CANNOT_INSTALL = 3  # build.sh: PyInstaller could not be installed


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The built bundle's folder."""
    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(["bash", str(ROOT / "installer" / "build.sh"), "--dist", str(out / "dist"),
                           "--work", str(out / "work")], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if done.returncode == CANNOT_INSTALL:
        pytest.skip(f"PyInstaller could not be installed here: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    folder = out / "dist" / "mash-desktop"
    assert (folder / "mash-desktop").is_file()
    return folder


@pytest.fixture
def run(bundle, tmp_path):
    """Run the bundle offscreen in an empty home, away from the checkout."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MASH_", "PYTHON", "QT_", "XDG_")) and k not in ("VIRTUAL_ENV", "DISPLAY")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
               QT_QPA_PLATFORM="offscreen", MASH_KEYRING_SERVICE=f"mash-desktop-bundle-test-{uuid.uuid4().hex}")

    def go(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(bundle / "mash-desktop"), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=600)

    go.home = home  # type: ignore[attr-defined]
    return go


def test_version_prints_and_exits_zero(run):
    done = run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"mash-desktop {__version__}"


def test_the_demo_hub_is_built_from_the_bundled_migrations_and_sign_in_shows(run):
    done = run("--demo", "--smoke")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "the smoke test passed: 'MASH Desktop — Sign in' is shown" in done.stdout
    assert (run.home / "data" / "mash-desktop" / "demo.db").is_file()


def test_an_unenrolled_workstation_opens_the_enrolment_wizard(run):
    try:
        check_backend()
    except EnvironmentFault:  # no system keyring here: the bundle must say what to install
        done = run("--smoke")
        assert done.returncode == 1 and "GNOME Keyring" in done.stderr, done.stderr[-3000:]
        return
    done = run("--smoke")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "the smoke test passed: 'MASH Desktop — Enrol this workstation' is shown" in done.stdout


def test_the_bundle_holds_what_is_read_at_run_time(bundle):
    inside = bundle / "_internal"
    for path in ("resources/fonts/DejaVuSans.ttf", "resources/fonts/DejaVuSans-Bold.ttf",
                 "resources/fonts/LICENSE-DejaVu.txt", "resources/common-passwords.txt",
                 "resources/icons/mash-desktop.svg", "mash_desktop/store/migrations/env.py"):
        assert (inside / path).is_file(), path
    shipped = {p.name for p in (inside / "mash_desktop/store/migrations/versions").glob("*.py")}
    assert shipped == {p.name for p in (ROOT / "mash_desktop/store/migrations/versions").glob("*.py")}
    plugins = inside / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqsvg.so",
                   "iconengines/libqsvgicon.so", "printsupport/libcupsprintersupport.so"):
        assert (plugins / plugin).is_file(), plugin
    assert list(inside.rglob("libQt6Pdf.so*")) and list(inside.rglob("libQt6PdfWidgets.so*"))


def test_the_bundle_leaves_out_the_qt_it_never_loads(bundle):
    """No QML or Quick, translations, GTK theme or embedded-display platforms; the size is in the benchmark."""
    inside = bundle / "_internal"
    for gone in ("libQt6Quick.so*", "libQt6Qml.so*", "libgtk-3.so*", "libqgtk3.so", "libqeglfs.so", "*.qm",
                 "QtOpenGL.abi3.so", "QtNetwork.abi3.so"):
        assert not list(inside.rglob(gone)), gone
    assert list(inside.rglob("libQt6Charts.so*")) and list(inside.rglob("libQt6OpenGLWidgets.so*"))


def test_every_library_of_the_bundle_resolves(bundle):
    """Leaving parts out dropped nothing that a kept binary names."""
    inside = bundle / "_internal"
    qt_lib = inside / "PySide6" / "Qt" / "lib"
    missing = []
    for path in sorted(p for p in inside.rglob("*.so*") if p.is_file() and not p.is_symlink()):
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                              env={"LD_LIBRARY_PATH": f"{inside}:{qt_lib}", "PATH": os.environ.get("PATH", "")})
        missing += [f"{path.relative_to(inside)}: {line.strip()}" for line in done.stdout.splitlines()
                    if "not found" in line]
    assert not missing, "\n".join(missing[:20])


def test_the_screen_tour_runs_from_the_bundle(run, tmp_path):
    """Every screen of the client (the dashboard's charts, the PDF preview, printing set-up) comes up."""
    shots = tmp_path / "tour"
    done = run("--demo", "--tour", str(shots))
    assert done.returncode == 0, done.stderr[-3000:]
    saved = sorted(shots.glob("*.png"))
    assert len(saved) >= 19 and f"saved {len(saved)} screenshots" in done.stdout


def test_the_benchmark_measures_the_bundle_as_du_does(bundle):
    from tests.bench import client_bench

    size, start = client_bench.bundle_figures(bundle, 0, 1)
    du = subprocess.run(["du", "-s", "--block-size=1", str(bundle)], capture_output=True, text=True, check=True)
    on_disk = int(du.stdout.split()[0]) - bundle.stat().st_blocks * 512  # du counts the folder's own blocks too
    assert abs(size.value * 1024 * 1024 - on_disk) <= 64 * 1024, (size.value, on_disk)
    assert size.baseline > 0 and start.value > 0 and start.detail["times"]["runs"] == 1
