"""The enrolment wizard, end to end: real databases, a keyring in memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy import create_engine
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from mash_desktop.gui.enrolment import menu as enrolment_menu, start as enrolment_start
from mash_desktop.gui.shell import startup
from mash_desktop.gui.app import main
from mash_desktop.gui.enrolment.wizard import EnrolmentWizard
from mash_desktop.gui.shell.main_window import MainWindow
from mash_desktop.gui.shell.signin import SignInDialog
from mash_desktop.security.accounts import sign_in
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.store import pg_roles
from mash_desktop.store.database import ENV_VAR, default_sqlite_path

from ...hub_factory import PASSWORD
from ...pg_roles_support import drop_roles, role_url

# Offscreen, Qt cannot pass a wizard's size hints on to a window manager; there is none to tell.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
SHOTS = os.environ.get("MASH_WIZARD_SHOTS")  # a folder to keep the page screenshots in, to look at them


@pytest.fixture
def csc_url(hub, db_url):
    """The address a CSC workstation uses: on PostgreSQL its agency role's, never the owner's."""
    if db_url.startswith("sqlite"):
        yield db_url
        return
    engine = create_engine(db_url)
    roles = [pg_roles.role_name(code) for code in ("HUB", "CSC")]
    drop_roles(engine, roles)
    made = {code: (role, password) for code, role, password in pg_roles.setup_roles(hub.db)}
    try:
        yield role_url(db_url, *made["CSC"])
    finally:
        hub.db.dispose()
        drop_roles(engine, roles)
        engine.dispose()


@pytest.fixture
def store() -> CredentialStore:
    return CredentialStore(MemoryKeyring())


@pytest.fixture
def wizard(qtbot, store, close_later, settled):
    w = close_later(EnrolmentWizard(store))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def shot(w, name: str, tmp_path: Path) -> None:
    """Grab the window; the picture must have the window's size and not be blank."""
    image = w.grab().toImage()
    assert image.width() == w.width() and image.height() == w.height()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 3
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / f"{name}.png"))


def give_address(qtbot, w: EnrolmentWizard, url: str) -> None:
    w.address_page.address.setText(url)
    w.next()
    assert w.currentId() == w.CHECK


def wait_checked(qtbot, w: EnrolmentWizard) -> None:
    page = w.check_page
    qtbot.waitUntil(lambda: not page.is_busy, timeout=30_000)


def sign_admin(qtbot, w: EnrolmentWizard, username: str, key: str, password: str = PASSWORD) -> None:
    page = w.admin_page
    page.username.setText(username)
    page.password.setText(password)
    page.key.setText(key)
    w.next()
    qtbot.waitUntil(lambda: not page.busy.isVisible(), timeout=30_000)


def test_enrols_the_workstation_through_every_page(qtbot, wizard, hub, db_url, csc_url, store, tmp_path):
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    shot(wizard, f"1-address-{backend}", tmp_path)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no address yet
    give_address(qtbot, wizard, csc_url)
    wait_checked(qtbot, wizard)
    assert wizard.check_page.isComplete(), wizard.check_page.message.text()
    assert "Connected to the hub database" in wizard.check_page.status.text()
    assert "CSC" in wizard.check_page.status.text() and "MemoryKeyring" in wizard.check_page.status.text()
    shot(wizard, f"2-check-{backend}", tmp_path)

    wizard.next()
    page = wizard.admin_page
    assert [page.agency.itemData(i) for i in range(page.agency.count())] == ["CSC", "HUB"]
    assert page.workstation.text()  # the host name by default
    page.workstation.setText("ws-new")
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    page.username.setText("csc.lead")
    page.password.setText(PASSWORD)
    page.key.setText(hub.kits["CSC"].enrolment_key)
    shot(wizard, f"3-admin-{backend}", tmp_path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: wizard.done_page.isComplete(), timeout=30_000)
    assert "ws-new is now a workstation of CSC agency (CSC)" in wizard.done_page.status.text()
    shot(wizard, f"4-done-{backend}", tmp_path)
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # nothing left to cancel

    creds = store.load()
    assert creds is not None and (creds.agency_code, creds.workstation_name) == ("CSC", "ws-new")
    assert creds.secret == hub.kits["CSC"].workstation_secret and creds.database_url == csc_url
    assert creds.roots == hub.kits["CSC"].roots  # learned through the enrolment key, and pinned
    with qtbot.waitSignal(wizard.finished_enrolment) as emitted:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert emitted.args == [creds]
    assert sign_in(hub.db, creds, "csc.officer", PASSWORD).actor.agency_code == "CSC"


@pytest.mark.parametrize(("key_of", "typed", "words"), [
    ("HUB", None, "That is not the enrolment key of CSC"),
    ("CSC", lambda key: key[:-2] + ("AB" if not key.endswith("AB") else "CD"), "enrolment key is not valid"),
])
def test_a_wrong_enrolment_key_is_refused_and_nothing_is_stored(qtbot, wizard, hub, csc_url, store, tmp_path,
                                                               key_of, typed, words):
    give_address(qtbot, wizard, csc_url)
    wait_checked(qtbot, wizard)
    wizard.next()
    key = hub.kits[key_of].enrolment_key
    sign_admin(qtbot, wizard, "csc.lead", typed(key) if typed else key)
    assert wizard.currentId() == wizard.ADMIN
    assert words in wizard.admin_page.message.text()
    assert wizard.admin_page.password.text() == ""  # typed again after every refusal
    shot(wizard, "3-wrong-key", tmp_path)
    assert store.load() is None


def test_a_non_administrator_or_a_wrong_password_is_refused(qtbot, wizard, hub, csc_url, store):
    give_address(qtbot, wizard, csc_url)
    wait_checked(qtbot, wizard)
    wizard.next()
    sign_admin(qtbot, wizard, "csc.officer", hub.kits["CSC"].enrolment_key)
    assert wizard.currentId() == wizard.ADMIN
    assert "Only an administrator of CSC" in wizard.admin_page.message.text()
    sign_admin(qtbot, wizard, "csc.lead", hub.kits["CSC"].enrolment_key, password="Not-The-Password-99")
    assert wizard.currentId() == wizard.ADMIN
    assert wizard.admin_page.message.text() == "The username or password is not right."
    assert store.load() is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_owners_address_is_refused_on_postgresql(qtbot, wizard, hub, db_url, store):
    if db_url.startswith("sqlite"):
        pytest.skip("an SQLite hub file has no database roles")
    give_address(qtbot, wizard, db_url)
    wait_checked(qtbot, wizard)
    wizard.next()
    sign_admin(qtbot, wizard, "csc.lead", hub.kits["CSC"].enrolment_key)
    assert wizard.currentId() == wizard.ADMIN
    assert "connects as its agency's own role" in wizard.admin_page.message.text()
    assert store.load() is None


def test_an_unreachable_database_is_explained_and_can_be_tried_again(qtbot, wizard, backend, tmp_path):
    url = ("postgresql://mash_csc@127.0.0.1:9/mash" if backend == "postgresql"
           else f"sqlite:///{tmp_path / 'not-a-folder.txt' / 'hub.db'}")
    (tmp_path / "not-a-folder.txt").write_text("a file where the folder should be")
    give_address(qtbot, wizard, url)
    wait_checked(qtbot, wizard)
    page = wizard.check_page
    assert not page.isComplete() and page.retry.isVisible()
    text = page.message.text()
    assert ("cannot be reached" in text and "network" in text) if backend == "postgresql" else "cannot be opened" in text, text
    shot(wizard, f"2-unreachable-{backend}", tmp_path)
    page.retry.click()
    assert page.is_busy
    wait_checked(qtbot, wizard)
    assert page.message.text() == text


def test_a_database_without_a_hub_says_so(qtbot, wizard, empty_db_url):
    give_address(qtbot, wizard, empty_db_url)
    wait_checked(qtbot, wizard)
    assert "has no hub in it yet" in wizard.check_page.message.text()
    assert "mash-admin init" in wizard.check_page.message.text()


def test_a_missing_keyring_says_what_to_install(qtbot, close_later, settled, hub, db_url, tmp_path):
    w = close_later(EnrolmentWizard(CredentialStore(fail.Keyring())))
    qtbot.addWidget(w)
    w.show()
    give_address(qtbot, w, db_url)
    wait_checked(qtbot, w)
    text = w.check_page.message.text()
    assert "no safe place" in text and "GNOME Keyring or KWallet" in text and "Credential Manager" in text
    assert not w.check_page.isComplete()
    shot(w, "2-no-keyring", tmp_path)


def test_a_bad_address_is_explained_on_the_first_page(qtbot, wizard):
    wizard.address_page.address.setText("mysql://someone@dbhost/hub")
    wizard.next()
    assert wizard.currentId() == wizard.ADDRESS
    assert "not supported" in wizard.address_page.message.text()


def test_the_embedded_database_and_a_typed_password_make_the_address(qtbot, store, close_later):
    w = close_later(EnrolmentWizard(store))
    w.restart()  # on page 1, as when shown
    w.address_page.embedded.setChecked(True)
    assert not w.address_page.address.isEnabled()
    assert w.validateCurrentPage() and w.url == f"sqlite:///{default_sqlite_path()}"
    w.address_page.central.setChecked(True)
    w.address_page.address.setText("mash_csc@dbhost/mash")
    w.address_page.password.setText("s3cret:/@")
    assert w.validateCurrentPage()
    assert w.url == "postgresql+psycopg://mash_csc:s3cret%3A%2F%40@dbhost/mash"


def test_enrolling_again_starts_from_the_current_address_without_its_password(qtbot, store, close_later):
    current = WorkstationCredentials("CSC", "ws-1", bytes(32), "postgresql+psycopg://mash_csc:pw@old/mash")
    w = close_later(EnrolmentWizard(store, current=current))
    assert w.address_page.address.text() == "postgresql+psycopg://mash_csc@old/mash"
    assert "enrolled to CSC" in w.address_page.intro.text() and "pw" not in w.address_page.intro.text()


@pytest.fixture
def system_ring(monkeypatch):
    """The client's keyring entry, kept in memory (as the admin tests install it)."""
    ring = MemoryKeyring()
    monkeypatch.setattr(startup, "credential_store", lambda: CredentialStore(ring))
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    return ring


def session_menu(window: MainWindow) -> dict:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Session")
    return {a.text(): a for a in menu.actions()}


@pytest.mark.parametrize("close", ["accept", "reject"])  # Finish, or Cancel once enrolled
def test_the_client_opens_the_wizard_then_sign_in(qtbot, hub, csc_url, system_ring, close):
    """mash-desktop on a workstation with no enrolment: wizard, then the sign-in dialog."""
    seen: list[str] = []

    def drive() -> None:
        wizard = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, EnrolmentWizard) and w.isVisible())
        give_address(qtbot, wizard, csc_url)
        wait_checked(qtbot, wizard)
        wizard.next()
        sign_admin(qtbot, wizard, "csc.lead", hub.kits["CSC"].enrolment_key)
        qtbot.waitUntil(lambda: wizard.done_page.isComplete(), timeout=30_000)
        getattr(wizard, close)()
        qtbot.waitUntil(lambda: any(isinstance(w, SignInDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()), timeout=30_000)
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, SignInDialog) and w.isVisible())
        seen.append(dialog.agency_label.text())
        dialog.reject()  # Quit

    QTimer.singleShot(0, lambda: qtbot.waitUntil(
        lambda: any(isinstance(w, EnrolmentWizard) and w.isVisible()
                    for w in QApplication.topLevelWidgets()), timeout=10_000) or drive())
    assert main([]) == 0
    assert seen == ["Workstation of CSC agency (CSC)"]
    assert CredentialStore(system_ring).load().agency_code == "CSC"


def test_cancelling_the_wizard_on_a_new_workstation_quits(qtbot, system_ring):
    def cancel() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, EnrolmentWizard) and w.isVisible():
                w.reject()
                return
        QTimer.singleShot(50, cancel)

    QTimer.singleShot(0, cancel)
    assert main([]) == 0
    assert CredentialStore(system_ring).load() is None


def test_admins_can_enrol_again_or_forget_from_the_main_window(qtbot, hub, db_url, system_ring, monkeypatch,
                                                               close_later, settled):
    store = CredentialStore(system_ring)
    store.save(WorkstationCredentials("CSC", "ws-csc", hub.kits["CSC"].workstation_secret, db_url))
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _w, title, _text: asked.append(title) or answer[0])
    exits: list[int] = []
    monkeypatch.setattr(enrolment_menu.QApplication, "exit", lambda code=0: exits.append(code))

    officer = close_later(MainWindow(hub.db, signed=hub.sign_in("csc.officer")))
    actions = session_menu(officer)
    assert not actions["Forget this &workstation…"].isEnabled()
    assert "For administrators of CSC" in actions["Forget this &workstation…"].statusTip()

    lead = close_later(MainWindow(hub.db, signed=hub.sign_in("csc.lead")))
    actions = session_menu(lead)
    forget = actions["Forget this &workstation…"]
    assert forget.isEnabled()
    forget.trigger()  # answered No: nothing happens
    assert asked == ["Forget this workstation"] and store.load() is not None and exits == []

    answer[0] = QMessageBox.StandardButton.Yes
    actions["&Enrol this workstation again…"].trigger()
    qtbot.waitUntil(lambda: lead.findChild(EnrolmentWizard) is not None, timeout=10_000)
    wizard = lead.findChild(EnrolmentWizard)
    assert wizard.current is not None and wizard.current.workstation_name == "ws-csc"
    wizard.reject()
    assert exits == []

    forget.trigger()
    qtbot.waitUntil(lambda: exits == [enrolment_menu.RESTART], timeout=10_000)
    assert store.load() is None


def test_the_restart_code_starts_the_client_again(qtbot, monkeypatch, system_ring):
    """After enrolling again (or forgetting), run_hub reads the enrolment afresh."""
    runs: list[bool] = []

    class Probe(enrolment_start.FirstRun):
        def start(self) -> None:
            runs.append(self.force)
            code = enrolment_menu.RESTART if len(runs) == 1 else 3
            QTimer.singleShot(0, lambda: self.finished.emit(code))

    monkeypatch.setattr(enrolment_start, "FirstRun", Probe)
    app = QApplication.instance()
    assert enrolment_start.run_hub(app, CredentialStore(system_ring), lambda: None, force_enrol=True) == 3
    assert runs == [True, False]


def test_a_database_from_the_command_line_is_suggested(qtbot, close_later, store, db_url):
    w = close_later(EnrolmentWizard(store, suggested_url=db_url))
    assert w.address_page.address.text() == db_url and w.address_page.central.isChecked()
    embedded = close_later(EnrolmentWizard(store, suggested_url=f"sqlite:///{default_sqlite_path()}"))
    assert embedded.address_page.embedded.isChecked()

