"""Workstation credentials, kept only in the operating system's keyring.

A workstation is enrolled to one agency. Its keyring entry holds the
agency's workstation secret (mixed into every sign-in key) and the database
address of the agency's PostgreSQL role, password included. Neither may ever
be written to a file, a log or a message, so the client refuses to run on a
keyring backend that would keep them in plain text or nowhere at all.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from ..domain.errors import EnvironmentFault
from ..store.database import describe_url
from .trust import Roots

SERVICE = "mash-desktop"
#: Names another keyring entry for the enrolment (to run two workstations'
#: clients or mash-admin on one computer, and in tests).
KEYRING_SERVICE_VAR = "MASH_KEYRING_SERVICE"
USERNAME = "workstation"
SECRET_BYTES = 32
_FORMAT = 1

NOT_ENROLLED = (
    "This workstation is not enrolled in a hub yet, so nobody can sign in here: an administrator of the "
    "workstation's agency enrols it by running 'mash-admin workstation enrol --agency CODE --as ADMIN' on this "
    "computer (on a new hub, 'mash-admin init --admin USERNAME')."
)
_DAMAGED = (
    "The workstation credentials in the system keyring are damaged. "
    "Ask the hub administrator to enrol this workstation again."
)


@dataclass(frozen=True)
class WorkstationCredentials:
    """What an enrolled workstation needs to reach the hub as its agency."""

    agency_code: str
    workstation_name: str
    secret: bytes
    database_url: str
    #: The hub's and the agency's signing roots, pinned at enrolment.
    roots: Roots | None = None

    def __post_init__(self) -> None:
        for field, value in (("agency_code", self.agency_code),
                             ("workstation_name", self.workstation_name),
                             ("database_url", self.database_url)):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"workstation credentials need a {field.replace('_', ' ')}")
        if not isinstance(self.secret, bytes) or len(self.secret) != SECRET_BYTES:
            raise ValueError(f"the workstation secret must be {SECRET_BYTES} bytes")

    def __repr__(self) -> str:
        return (
            f"WorkstationCredentials(agency_code={self.agency_code!r}, "
            f"workstation_name={self.workstation_name!r}, secret=<hidden>, "
            f"database_url={describe_url(self.database_url)!r})"
        )

    __str__ = __repr__

    def to_json(self) -> str:
        return json.dumps({
            "format": _FORMAT,
            "agency_code": self.agency_code,
            "workstation_name": self.workstation_name,
            "secret": base64.b64encode(self.secret).decode("ascii"),
            "database_url": self.database_url,
            "roots": self.roots.to_text() if self.roots else None,
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "WorkstationCredentials":
        """Parse a keyring entry; anything unexpected is a damaged entry."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                raise ValueError("unknown format")
            secret_text = data["secret"]
            if not isinstance(secret_text, str):
                raise ValueError("secret is not text")
            return cls(
                agency_code=data["agency_code"],
                workstation_name=data["workstation_name"],
                secret=base64.b64decode(secret_text.encode("ascii"), validate=True),
                database_url=data["database_url"],
                roots=Roots.from_text(data["roots"]) if data.get("roots") else None,
            )
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error, RecursionError):
            # No detail: the text may hold the secret or the password.
            raise EnvironmentFault(_DAMAGED) from None


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the process ends.

    For tests and the demo mode only. ``viable`` is false so keyring never
    picks it (or chains it) on its own; it is used only when passed in, and
    :func:`check_backend` refuses it unless told otherwise.
    """

    priority = 0.5
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self._entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self._entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("No such password.") from None


def _install_hint() -> str:
    return ("On Linux, install GNOME Keyring or KWallet (a Secret Service provider) and keep it unlocked in "
            "the desktop session; on Windows the Credential Manager is used automatically; on macOS, the "
            "Keychain.")


def _backend_label(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _unsafe_reason(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why ``backend`` must not hold the credentials, or None if it may."""
    if isinstance(backend, fail.Keyring):
        return "no system keyring was found"
    if isinstance(backend, null.Keyring):
        return "the keyring is switched off (null backend)"
    for klass in type(backend).__mro__:
        module = (klass.__module__ or "").lower()
        name = klass.__name__.lower()
        if "plaintext" in module or "plaintext" in name:
            return "that keyring keeps passwords in a plain-text file"
        if module.startswith("keyrings.alt") and ("file" in module or "file" in name or "pyfs" in module):
            return "that keyring keeps passwords in a file, not in the system's protected store"
    return None


def check_backend(backend: keyring.backend.KeyringBackend | None = None, *, allow_memory: bool = False) -> None:
    """Refuse to go on unless the keyring keeps secrets in a protected store.

    ``backend`` defaults to the one keyring would use. A chaining backend is
    acceptable only when the member that receives new entries (the first) is
    acceptable.
    """
    backend = backend if backend is not None else keyring.get_keyring()
    memory = "the in-memory keyring is only for tests and the demo"

    def refuse(reason: str, which: keyring.backend.KeyringBackend) -> EnvironmentFault:
        return EnvironmentFault(
            f"This workstation has no safe place for the hub credentials: {reason} "
            f"({_backend_label(which)}). {_install_hint()}"
        )

    if isinstance(backend, chainer.ChainerBackend):
        members = [m for m in backend.backends if not isinstance(m, chainer.ChainerBackend)]
        if not members:
            raise refuse("no system keyring was found", backend)
        backend = members[0]  # the member that receives new entries
    if isinstance(backend, MemoryKeyring):
        if allow_memory:
            return
        raise refuse(memory, backend)
    reason = _unsafe_reason(backend)
    if reason is not None:
        raise refuse(reason, backend)
    try:
        type(backend).priority  # noqa: B018 - raises when the backend cannot work here
    except Exception as exc:  # keyring reports an unusable backend as any exception
        raise refuse(f"the keyring cannot be used here ({exc})", backend) from None


class CredentialStore:
    """The one keyring entry holding this workstation's credentials."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None,
                 service: str = SERVICE) -> None:
        self._backend = backend
        self.service = service

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def _check(self, backend: keyring.backend.KeyringBackend) -> None:
        # A memory keyring passed in on purpose (tests, demo) is accepted.
        check_backend(backend, allow_memory=self._backend is not None)

    def load(self) -> WorkstationCredentials | None:
        """The stored credentials, or None if this workstation is not enrolled."""
        backend = self.backend
        self._check(backend)
        try:
            text = backend.get_password(self.service, USERNAME)
        except keyring.errors.KeyringError as exc:
            raise _keyring_fault("read", exc) from None
        if text is None:
            return None
        return WorkstationCredentials.from_json(text)

    def save(self, creds: WorkstationCredentials) -> None:
        """Store ``creds``, replacing any earlier enrolment."""
        if not isinstance(creds, WorkstationCredentials):
            raise TypeError("save() needs WorkstationCredentials")
        backend = self.backend
        self._check(backend)
        try:
            backend.set_password(self.service, USERNAME, creds.to_json())
        except keyring.errors.KeyringError as exc:
            raise _keyring_fault("write", exc) from None

    def delete(self) -> bool:
        """Forget the credentials; False if there were none."""
        backend = self.backend
        try:
            if backend.get_password(self.service, USERNAME) is None:
                return False
            backend.delete_password(self.service, USERNAME)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise _keyring_fault("change", exc) from None
        return True


_PAST = {"read": "read", "write": "written", "change": "changed"}


def _keyring_fault(verb: str, exc: keyring.errors.KeyringError) -> EnvironmentFault:
    if isinstance(exc, keyring.errors.KeyringLocked):
        return EnvironmentFault(
            f"The system keyring is locked, so the workstation credentials cannot be {_PAST.get(verb, verb)}. "
            "Unlock it (sign in to the desktop again) and retry."
        )
    return EnvironmentFault(
        f"The system keyring could not {verb} the workstation credentials ({type(exc).__name__}). {_install_hint()}"
    )


def credential_store() -> CredentialStore:
    """The keyring entry holding this workstation's enrolment (the one place it is named)."""
    return CredentialStore(service=os.environ.get(KEYRING_SERVICE_VAR) or SERVICE)
