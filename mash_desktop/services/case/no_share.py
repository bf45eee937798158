"""Decisions not to share: recorded, sealed and signed; opened and checked on read.

An officer or supervisor of an agency with a panel on the case records that
it considered sharing something, with the whole hub or one agency, and
decided not to, saying why (the ICO's data sharing code asks for this
record). What was considered, with whom and why not are sealed under the
agency's current data key, so only its casework staff read them; the row
carries the decider's Ed25519 signature over everything it stores. Records
are only ever added. On read the database is not trusted: a record that does
not open, or whose signature does not verify as a member of the agency named
on it, is shown as altered and its text is never shown as fact.

The audit trail holds the record's id and the case's reference only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.errors import Conflict, FieldError, NotPermitted
from ...domain.no_share import HUB, TEXT_LIMIT, NoShareEntry
from ...security import no_share_sealing
from ...security.account_state import message, verify_cached
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.crypto import sign
from ...security.trust import TrustFailure, audited
from ...store.database import Database
from ...store.models import Agency, DataKey, Disclosure, Panel, Referral, User
from ...store.no_share_models import NoShareDecision
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..intake.referrals import referral_by_reference
from ..intake.screening import AgencyChoice, research_agencies
from .panels import agency_write_key, require_panel


@dataclass(frozen=True)
class NoShareState:
    """What the dialog needs: whether the caller's agency has a panel on the case, and the other agencies."""

    reference: str
    has_panel: bool
    agencies: tuple[AgencyChoice, ...]  # besides the whole hub


def no_share_state(db: Database, signed: SignedIn, reference: str) -> NoShareState:
    """Whether the caller's agency may record a decision not to share on the case, and with whom it could be."""
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        panel = session.scalar(select(Panel.id).where(Panel.referral_id == referral.id,
                                                      Panel.agency_id == signed.actor.agency_id))
        others = tuple(a for a in research_agencies(session) if a.code != signed.actor.agency_code)
        return NoShareState(referral.reference, panel is not None, others)


def _digest(data: bytes) -> str:
    return hashlib.sha256(bytes(data)).hexdigest()


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def record_message(row: NoShareDecision, reference: str, agency_code: str) -> bytes:
    """What the decider signs: the case, the agency, the key, the sealed content, who and when."""
    return message("mash no-share decision v1", row.uid, reference, agency_code, row.data_key_id,
                   _digest(row.nonce), _digest(row.ciphertext), row.decided_by_id, _when(row.decided_at))


def _text(value: str | None, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldError(field, missing)
    if len(value) > TEXT_LIMIT:
        raise FieldError(field, f"keep it to {TEXT_LIMIT:,} characters")
    if "\x00" in value:
        raise FieldError(field, "the text contains a NUL character")
    return value


def decline(db: Database, signed: SignedIn, reference: str, to: str, considered: str, why_not: str) -> int:
    """Record the caller's agency's decision not to share ``considered`` with ``to``
    ("hub" or an agency code), because ``why_not``; return its id."""
    signed.require(*access.roles_for(access.Step.DECLINE_SHARE))
    considered = _text(considered, "considered", "say what was considered for sharing")
    why_not = _text(why_not, "why_not", "say why it is not shared")
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference)
        own = session.get(Agency, signed.actor.agency_id)
        target = None if (to or "").strip().lower() == HUB else agency_by_code(session, to or "", "with")
        if target is not None and target.id == own.id:
            raise FieldError("with", "a decision not to share is about the hub or another agency")
        try:
            require_panel(session, referral, own.id)
        except Conflict:
            raise Conflict("Write your agency's panel before recording a decision not to share from it.") from None
        key, key_bytes = agency_write_key(session, signed, own)
        uid, now = secrets.token_hex(16), utcnow()
        content = {"to": HUB if target is None else target.code, "considered": considered, "why_not": why_not,
                   "by": signed.actor.user_id, "at": _when(now)}
        nonce, ct = no_share_sealing.seal_record(key_bytes, uid, referral.reference, own.code, key.id, content)
        row = NoShareDecision(uid=uid, referral_id=referral.id, agency_id=own.id, data_key_id=key.id, nonce=nonce,
                              ciphertext=ct, decided_by_id=signed.actor.user_id, decided_at=now, signature=b"")
        row.signature = sign(signed.keychain.keys.signing, record_message(row, referral.reference, own.code))
        session.add(row)
        session.flush()
        record(session, signed.actor, "sharing.decline", "no_share", str(row.id),
               detail={"referral": referral.reference})
        return row.id


def _holds(session: Session, signed: SignedIn, row: NoShareDecision, reference: str, agency: Agency,
           content: dict) -> bool:
    if content.get("by") != row.decided_by_id or content.get("at") != _when(row.decided_at):
        return False
    user = session.get(User, row.decided_by_id)
    if user is None or user.agency_id != row.agency_id:
        return False
    try:
        public = signed.trust.user_signing_key(session, user)
    except TrustFailure:
        return False
    return verify_cached(public, bytes(row.signature or b""), record_message(row, reference, agency.code))


def _open(session: Session, signed: SignedIn, row: NoShareDecision, reference: str, agency: Agency
          ) -> dict | None:
    """The record's content if it opens and holds; None if not."""
    key = session.get(DataKey, row.data_key_id)
    if key is None or key.agency_id != agency.id:
        return None
    try:
        content = no_share_sealing.open_record(signed.keychain.open(session, key), row.uid, reference, agency.code,
                                               row.data_key_id, row.nonce, row.ciphertext)
    except (NotPermitted, TrustFailure, no_share_sealing.DecryptionFailed):
        return None
    return content if _holds(session, signed, row, reference, agency, content) else None


def _entry(session: Session, row: NoShareDecision, agency: Agency, content: dict | None) -> NoShareEntry:
    by = session.get(User, row.decided_by_id)
    if content is None:
        return NoShareEntry(row.id, agency.code, None, None, None, None, by.display_name if by else None,
                            row.decided_at, altered=True)
    to = str(content.get("to") or "")
    named = None if to == HUB else session.scalar(select(Agency.name).where(Agency.code == to))
    return NoShareEntry(row.id, agency.code, to, named, str(content.get("considered") or ""),
                        str(content.get("why_not") or ""), by.display_name if by else None, row.decided_at)


def decisions_for(session: Session, signed: SignedIn, referral: Referral) -> tuple[NoShareEntry, ...]:
    """The reader's own agency's decisions not to share on ``referral``, oldest first.

    Nobody else's are listed; a reader who reads no panel (not casework
    staff) gets none. Opening them is audited with their ids, in the caller's
    transaction.
    """
    if signed.actor.agency_id is None or not access.may_act(signed.actor.roles, access.Step.OPEN_CASE):
        return ()
    agency = session.get(Agency, signed.actor.agency_id)
    rows = session.scalars(select(NoShareDecision).where(NoShareDecision.referral_id == referral.id,
                                                         NoShareDecision.agency_id == agency.id)
                           .order_by(NoShareDecision.decided_at, NoShareDecision.id))
    entries = tuple(_entry(session, row, agency, _open(session, signed, row, referral.reference, agency))
                    for row in rows)
    opened = [e.id for e in entries if not e.altered]
    if opened:
        record(session, signed.actor, "sharing.decline_read", "referral", referral.reference,
               detail={"ids": opened})
    return entries


def list_decisions(db: Database, signed: SignedIn, reference: str) -> tuple[NoShareEntry, ...]:
    """:func:`decisions_for` in its own transaction (the command line)."""
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    with audited(db, signed.actor), db.write() as session:
        return decisions_for(session, signed, referral_by_reference(session, reference))


def unseen_disclosures(session: Session, referral: Referral, shown: int) -> int:
    """How many disclosures on ``referral`` the reader may not see or read, given
    that ``shown`` of them are shared with the reader (a count, nothing more)."""
    total = session.scalar(select(func.count()).select_from(Disclosure)
                           .where(Disclosure.referral_id == referral.id)) or 0
    return max(0, total - shown)
