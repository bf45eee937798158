"""Getting the workstation ready: keyring, enrolment, database, demo hub."""

from __future__ import annotations

import sys

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from mash_desktop.domain.errors import EnvironmentFault, UserError
from mash_desktop.services.enrolment import startup
from mash_desktop.gui.app import main
from mash_desktop.security.accounts import sign_in
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.security.identity import LOCAL_ADMIN
from mash_desktop.services.demo import hub as demo
from mash_desktop.services.admin.agencies import add_agency
from mash_desktop.store import schema
from mash_desktop.store.database import ENV_VAR, Database

from ...hub_factory import PASSWORD

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def backend():
    return "sqlite"


def _enrolled(hub, url: str) -> CredentialStore:
    store = CredentialStore(MemoryKeyring())
    kit = hub.kits["CSC"]
    store.save(WorkstationCredentials("CSC", "ws-csc", kit.workstation_secret, url))
    return store


def test_no_safe_keyring_says_what_to_install(monkeypatch):
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    with pytest.raises(EnvironmentFault) as caught:
        startup.open_hub()
    assert "no safe place" in caught.value.message and "GNOME Keyring or KWallet" in caught.value.message


def test_not_enrolled_says_how_to_enrol():
    with pytest.raises(EnvironmentFault) as caught:
        startup.open_hub(store=CredentialStore(MemoryKeyring()))
    assert "mash-admin workstation enrol --agency CODE --as ADMIN" in caught.value.message
    assert "administrator of the workstation's agency" in caught.value.message


def test_the_enrolment_names_the_database_and_agency(hub, db_url, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    place = startup.open_hub(store=_enrolled(hub, db_url))
    try:
        assert place.db.url == db_url and not place.demo
        assert (place.agency_code, place.agency_name, place.agency_label) == ("CSC", "CSC agency", "CSC agency (CSC)")
        assert sign_in(place.db, place.creds, "csc.officer", PASSWORD).actor.agency_code == "CSC"
    finally:
        place.db.dispose()


def test_db_option_and_environment_override_the_enrolment(hub, db_url, monkeypatch):
    creds = WorkstationCredentials("CSC", "ws-csc", bytes(32), "sqlite:///enrolled.db")
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert startup.hub_url(None, creds) == "sqlite:///enrolled.db"
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.db")
    assert startup.hub_url(None, creds) == "sqlite:///from-env.db"
    assert startup.hub_url("sqlite:///given.db", creds) == "sqlite:///given.db"
    place = startup.open_hub(db_url, store=_enrolled(hub, "sqlite:///nowhere.db"))
    place.db.dispose()
    assert place.db.url == db_url


def test_a_database_without_schema_is_refused(hub, empty_db_url, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(EnvironmentFault, match="mash-admin init"):
        startup.open_hub(store=_enrolled(hub, empty_db_url))


def test_demo_workstation_holds_its_credentials_in_memory(demo_db_url):
    place = startup.open_demo("pol", url=demo_db_url)
    try:
        assert place.demo and place.agency_code == "POL" and place.agency_name == "County Police"
        assert "pol.officer" in place.demo_usernames and all(u.startswith("pol.") for u in place.demo_usernames)
        assert place.creds == demo.demo_credentials("POL", demo_db_url)
        assert sign_in(place.db, place.creds, "pol.officer", demo.DEMO_PASSWORD).actor.agency_code == "POL"
    finally:
        place.db.dispose()
    with pytest.raises(UserError, match="no demo agency 'XYZ'.*CSC"):
        startup.open_demo("XYZ", url=demo_db_url)


@pytest.mark.slow
def test_a_demo_file_from_an_older_version_is_built_again(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    old = Database(url)
    schema.upgrade(old)
    add_agency(old, LOCAL_ADMIN, "CSC", "An agency without keys")
    old.dispose()
    small = demo.build_demo
    monkeypatch.setattr(startup, "build_demo", lambda db: small(db, referrals=2))
    place = startup.open_demo(url=url)
    try:
        assert place.agency_name == "Children's Social Care"
        assert sign_in(place.db, place.creds, "csc.officer", demo.DEMO_PASSWORD)
    finally:
        place.db.dispose()


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
@pytest.mark.parametrize(("ring", "words"), [
    (fail.Keyring(), "GNOME Keyring"),
])
def test_the_client_shows_a_message_not_a_traceback(ring, words, monkeypatch):
    monkeypatch.setattr(keyring.core, "_keyring_backend", ring)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.delenv(ENV_VAR, raising=False)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    assert main([]) == 1
    assert len(shown) == 1 and words in shown[0].text()
    assert shown[0].icon() == QMessageBox.Icon.Critical
