"""Warning records: sealed, signed and only ever added; opened and checked on read.

Each record's content (the person, kind, reason, dates, what was done, when
and by whom) is sealed under a data key the writer holds: their agency's
current key, or the hub key for a hub-wide worker safety warning. The row
names its person by a keyed tag under the same key, and carries the
writer's Ed25519 signature over everything it stores. On read the database
is not trusted: a record that does not open, or whose signature does not
verify as a member of the agency named on it, is marked altered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import NotPermitted
from ...security import vault, warning_sealing
from ...security.account_state import message, verify_cached
from ...security.accounts import SignedIn
from ...security.crypto import sign
from ...security.trust import TrustFailure
from ...store.models import Agency, DataKey, User
from ...store.types import utcnow
from ...store.warning_models import PersonWarningRecord
from ..case.panels import agency_write_key


@dataclass(frozen=True)
class Opened:
    """One record as read: its content when it opened, and whether it holds."""

    row: PersonWarningRecord
    person_id: int
    content: dict | None
    holds: bool

    @property
    def at(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.content["at"]) if self.content else None
        except (KeyError, TypeError, ValueError):
            return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(bytes(data)).hexdigest()


def record_message(row: PersonWarningRecord, agency_code: str) -> bytes:
    return message("mash person warning v1", row.uid, agency_code, row.data_key_id, bytes(row.person_tag),
                   _digest(row.nonce), _digest(row.ciphertext), row.by_id)


def write_key(session: Session, signed: SignedIn, hub_wide: bool) -> tuple[DataKey, bytes]:
    """The key a new record is sealed under: the hub key, or the agency's current key."""
    if hub_wide:
        key = vault.current_key(session, vault.HUB, None)
        if key is None:
            raise NotPermitted("The hub has no hub key yet.")
        return key, signed.keychain.open(session, key)
    return agency_write_key(session, signed, session.get(Agency, signed.actor.agency_id))


def add_record(session: Session, signed: SignedIn, person_id: int, hub_wide: bool, content: dict
               ) -> PersonWarningRecord:
    """Seal, sign and add one record about ``person_id``; ``content`` gains when and by whom."""
    key, key_bytes = write_key(session, signed, hub_wide)
    agency = session.get(Agency, signed.actor.agency_id)
    uid = secrets.token_hex(16)
    content = content | {"person": person_id, "at": utcnow().isoformat(), "by": signed.actor.user_id}
    nonce, ct = warning_sealing.seal_record(key_bytes, uid, agency.code, key.id, content)
    row = PersonWarningRecord(uid=uid, agency_id=agency.id, data_key_id=key.id,
                              person_tag=warning_sealing.person_tag(key_bytes, person_id), nonce=nonce,
                              ciphertext=ct, by_id=signed.actor.user_id, signature=b"")
    row.signature = sign(signed.keychain.keys.signing, record_message(row, agency.code))
    session.add(row)
    session.flush()
    return row


def readable_keys(session: Session, signed: SignedIn) -> dict[int, bytes]:
    """Every version of the reader's agency key and of the hub key they hold."""
    if signed.actor.agency_id is None:
        return {}
    keys = session.scalars(select(DataKey).where(
        ((DataKey.scope == vault.AGENCY) & (DataKey.agency_id == signed.actor.agency_id))
        | (DataKey.scope == vault.HUB)))
    opened: dict[int, bytes] = {}
    for key in keys:
        try:
            opened[key.id] = signed.keychain.open(session, key)
        except (NotPermitted, TrustFailure, warning_sealing.DecryptionFailed):
            continue
    return opened


def _holds(session: Session, signed: SignedIn, row: PersonWarningRecord, agency: Agency, content: dict) -> bool:
    if content.get("by") != row.by_id:
        return False
    user = session.get(User, row.by_id)
    if user is None or user.agency_id != row.agency_id:
        return False
    try:
        public = signed.trust.user_signing_key(session, user)
    except TrustFailure:
        return False
    return verify_cached(public, bytes(row.signature or b""), record_message(row, agency.code))


def open_rows(session: Session, signed: SignedIn, keys: dict[int, bytes], person_ids: set[int]) -> list[Opened]:
    """The records about ``person_ids`` sealed under ``keys``, opened and checked, oldest first."""
    if not keys or not person_ids:
        return []
    derived = {kid: warning_sealing.tag_key(kb) for kid, kb in keys.items()}
    tags = {(kid, warning_sealing.person_tag(kb, p, derived=derived[kid])): p
            for kid, kb in keys.items() for p in person_ids}
    rows = session.scalars(select(PersonWarningRecord).where(
        PersonWarningRecord.data_key_id.in_(list(keys)),
        PersonWarningRecord.person_tag.in_([tag for _, tag in tags])).order_by(PersonWarningRecord.id))
    found: list[Opened] = []
    for row in rows:
        person = tags.get((row.data_key_id, bytes(row.person_tag)))
        if person is None:
            continue
        agency = session.get(Agency, row.agency_id)
        try:
            content = warning_sealing.open_record(keys[row.data_key_id], row.uid, agency.code, row.data_key_id,
                                                  row.nonce, row.ciphertext)
        except warning_sealing.DecryptionFailed:
            found.append(Opened(row, person, None, False))
            continue
        holds = content.get("person") == person and _holds(session, signed, row, agency, content)
        found.append(Opened(row, person, content, holds))
    return found
