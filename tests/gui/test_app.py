"""Starting the client: command line, demo hub, schema checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings

from mash_desktop import __version__
from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.gui.app import check_schema, idle_minutes, main
from mash_desktop.gui.common.settings import IDLE_MINUTES
from mash_desktop.store.database import Database


def test_version_prints_and_exits_zero(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"mash-desktop {__version__}"


def test_db_and_demo_are_exclusive(capsys):
    assert main(["--demo", "--db", "sqlite:///x.db"]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_demo_agency_needs_demo(capsys):
    assert main(["--demo-agency", "POL"]) == 2
    assert "--demo-agency needs --demo" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "61", "ten"])
def test_idle_minutes_must_be_sensible(capsys, value):
    assert main(["--idle-minutes", value]) == 2
    assert "--idle-minutes" in capsys.readouterr().err


def test_idle_minutes_from_option_setting_or_default(qapp):
    settings = QSettings()
    settings.remove(IDLE_MINUTES.key)
    assert idle_minutes(None) == 15
    IDLE_MINUTES.write(5, settings)
    assert idle_minutes(None) == 5 and idle_minutes(2) == 2
    settings.setValue(IDLE_MINUTES.key, "0")  # edited by hand: the minimum applies
    assert idle_minutes(None) == 1
    settings.setValue(IDLE_MINUTES.key, "soon")
    assert idle_minutes(None) == 15
    settings.remove(IDLE_MINUTES.key)


def test_module_runs_with_version_and_no_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "mash_desktop.gui", "--version"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"mash-desktop {__version__}"


def test_missing_schema_says_what_to_do(empty_db_url):
    db = Database(empty_db_url)
    try:
        with pytest.raises(EnvironmentFault) as caught:
            check_schema(db)
    finally:
        db.dispose()
    assert "mash-admin init" in caught.value.message and "--demo" in caught.value.message


def test_current_schema_passes(db):
    check_schema(db)
