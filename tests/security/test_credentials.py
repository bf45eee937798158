"""Workstation credentials in the keyring, and refusing unsafe keyrings."""

from __future__ import annotations

import os
import uuid

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.security.credentials import (
    USERNAME,
    CredentialStore,
    MemoryKeyring,
    WorkstationCredentials,
    check_backend,
)

PASSWORD = "s3cr3t-Db-Pa55"
SECRET = bytes(range(32))


def _creds(**changes) -> WorkstationCredentials:
    values = dict(
        agency_code="POL",
        workstation_name="POL-WS-01",
        secret=SECRET,
        database_url=f"postgresql+psycopg://mash_pol:{PASSWORD}@hub.example.org:5432/mash",
    )
    values.update(changes)
    return WorkstationCredentials(**values)


class PlaintextKeyring(keyring.backend.KeyringBackend):
    """Looks like keyrings.alt's plain-text file keyring (checked by name)."""

    priority = 0.5
    viable = False  # never let keyring pick this class on its own

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username))


def _chainer(*members: keyring.backend.KeyringBackend) -> chainer.ChainerBackend:
    class FixedChainer(chainer.ChainerBackend):
        viable = False
        backends = list(members)

    return FixedChainer()


def test_round_trip_in_memory():
    store = CredentialStore(MemoryKeyring(), service="mash-desktop-test")
    assert store.load() is None
    store.save(_creds())
    assert store.load() == _creds()
    store.save(_creds(workstation_name="POL-WS-02"))
    assert store.load().workstation_name == "POL-WS-02"
    assert store.delete() is True
    assert store.load() is None
    assert store.delete() is False


def test_entry_is_one_json_value_under_workstation():
    ring = MemoryKeyring()
    CredentialStore(ring, service="svc").save(_creds())
    assert ring.get_password("svc", USERNAME).startswith("{")
    assert ring.get_password("mash-desktop", USERNAME) is None


def test_repr_hides_secret_and_password():
    creds = _creds()
    for text in (repr(creds), str(creds), f"{creds}"):
        assert PASSWORD not in text
        assert SECRET.hex() not in text and repr(SECRET) not in text
        assert "POL-WS-01" in text and "hub.example.org" in text


def test_credentials_are_validated():
    with pytest.raises(ValueError):
        _creds(secret=b"short")
    with pytest.raises(ValueError):
        _creds(agency_code="")


@pytest.mark.parametrize("stored", [
    "not json at all",
    "[1, 2, 3]",
    '{"format": 1}',
    '{"format": 1, "agency_code": "POL", "workstation_name": "W", "database_url": "x", "secret": "!!!"}',
    '{"format": 1, "agency_code": "POL", "workstation_name": "W", "database_url": "x", "secret": "AAAA"}',
    '{"format": 99, "agency_code": "POL", "workstation_name": "W", "database_url": "x", "secret": ""}',
])
def test_damaged_entry_is_an_environment_fault(stored):
    ring = MemoryKeyring()
    ring.set_password("svc", USERNAME, stored)
    with pytest.raises(EnvironmentFault) as caught:
        CredentialStore(ring, service="svc").load()
    assert "damaged" in caught.value.message and "enrol" in caught.value.message


def test_memory_keyring_delete_of_missing_entry_raises():
    with pytest.raises(keyring.errors.PasswordDeleteError):
        MemoryKeyring().delete_password("svc", "nobody")


def test_memory_keyring_is_never_chosen_automatically():
    assert MemoryKeyring.priority == 0.5
    assert MemoryKeyring not in set(keyring.backend.KeyringBackend.get_viable_backends())


@pytest.mark.parametrize("ring", [fail.Keyring(), null.Keyring(), PlaintextKeyring()],
                         ids=["fail", "null", "plaintext"])
def test_check_backend_refuses_unsafe_backends(ring):
    with pytest.raises(EnvironmentFault) as caught:
        check_backend(ring)
    message = caught.value.message
    assert "GNOME Keyring" in message and "KWallet" in message
    assert "Credential Manager" in message and "Keychain" in message


def test_credential_store_refuses_to_write_to_plaintext():
    ring = PlaintextKeyring()
    with pytest.raises(EnvironmentFault):
        CredentialStore(ring).save(_creds())
    assert ring.entries == {}


def test_check_backend_refuses_memory_unless_allowed():
    with pytest.raises(EnvironmentFault):
        check_backend(MemoryKeyring())
    check_backend(MemoryKeyring(), allow_memory=True)


def test_check_backend_on_chainers():
    for members in [(), (fail.Keyring(),), (PlaintextKeyring(),), (null.Keyring(), MemoryKeyring())]:
        with pytest.raises(EnvironmentFault):
            check_backend(_chainer(*members))
    check_backend(_chainer(MemoryKeyring(), PlaintextKeyring()), allow_memory=True)


def test_check_backend_defaults_to_the_active_backend(monkeypatch):
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    with pytest.raises(EnvironmentFault):
        check_backend()
    monkeypatch.setattr(keyring.core, "_keyring_backend", MemoryKeyring())
    check_backend(allow_memory=True)


def _secret_service_skip_reason() -> str | None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    try:
        from keyring.backends import SecretService

        SecretService.Keyring.priority  # noqa: B018
    except Exception as exc:  # the backend reports why it cannot work
        return f"no usable Secret Service on the session bus: {exc}"
    return None


def test_real_secret_service_round_trip():
    reason = _secret_service_skip_reason()
    if reason:
        pytest.skip(reason)
    from keyring.backends import SecretService

    ring = SecretService.Keyring()
    check_backend(ring)
    store = CredentialStore(ring, service=f"mash-desktop-test-{uuid.uuid4().hex}")
    try:
        assert store.load() is None
        store.save(_creds())
        assert store.load() == _creds()
        assert CredentialStore(SecretService.Keyring(), service=store.service).load() == _creds()
    finally:
        deleted = store.delete()
    assert deleted is True
    assert store.load() is None
    assert store.delete() is False
