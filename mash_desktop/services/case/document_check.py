"""Is this PDF one the hub produced, unaltered?

Needs only the hub database (public keys and records) and the file, so an
auditor, a court liaison officer or a partner agency's administrator can
check a copy without any key. A file is genuine when all of this holds:

1. the SHA-256 of its exact bytes is that of a recorded document, so any
   changed, added or removed byte fails;
2. the record's signature verifies with the producing agency's document key,
   so the record itself was not edited;
3. that key is the one the agency published for that key version, and
   that version's record is signed by a member of the agency whose keys
   chain to the roots this workstation pinned (so a key written into the
   database by someone with write access alone is not trusted);
4. the ``document.produce`` audit event names the same file and fingerprint,
   is intact, and is signed by the member of staff who produced it, whose
   keys chain to the pinned roots too.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import UserError
from ...reports.content import full_fingerprint
from ...reports.wording import both
from ...security import crypto, document_keys, vault
from ...security.audit import event_hash
from ...security.accounts import Credentials, workstation_trust
from ...security.trust import Trust, TrustFailure, audited
from ...store.database import Database
from ...store.models import Agency, AuditEvent, DataKey, Document, Referral, User
from ..enrolment.accounts import station_admin

MAX_BYTES = 200 * 1024 * 1024
_TOKEN = re.compile(rb"mash-document:([0-9a-f]{16})")


@dataclass(frozen=True)
class DocumentCheck:
    genuine: bool
    message: str
    token: str | None = None
    reference: str | None = None

    def __str__(self) -> str:
        return self.message


def _describe(session: Session, doc: Document, referral: Referral, agency: Agency) -> str:
    producer = session.get(User, doc.produced_by_id)
    return (f"{doc.kind.label} for {referral.reference} (document {doc.token}), produced by "
            f"{producer.display_name if producer else 'an unknown user'} of {agency.name} ({agency.code}) on "
            f"{both(doc.produced_at)} for {doc.recipient}; {doc.pages} page{'s' if doc.pages != 1 else ''}; "
            f"content fingerprint {full_fingerprint(doc.content_fingerprint)}")


def _audit_problem(session: Session, doc: Document, trust: Trust) -> str | None:
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "document.produce",
                                                    AuditEvent.object_ref == doc.token))
    if event is None:
        return "the audit trail has no record of its production"
    detail = json.loads(event.detail or "{}")
    if (detail.get("file_sha256") != doc.file_sha256.hex()
            or detail.get("fingerprint") != doc.content_fingerprint.hex()):
        return "the audit trail records a different file for it"
    if event.hash != event_hash(event.prev_hash, event):
        return "the audit event of its production was altered"
    actor = session.get(User, event.actor_id) if event.actor_id else None
    if (actor is None or event.actor_id != doc.produced_by_id or actor.agency_id != doc.agency_id
            or event.signature is None or not trust.verifies(session, actor)
            or not crypto.verify(actor.signing_public_key, event.signature, event.hash)):
        return "the audit event of its production is not signed by the person who produced it"
    return None


def _problem(session: Session, doc: Document, referral: Referral, agency: Agency, trust: Trust) -> str | None:
    producer = session.get(User, doc.produced_by_id)
    facts = document_keys.SignedFacts(doc.token, doc.kind.value, referral.reference, agency.code, doc.key_version,
                                      doc.produced_at, producer.username if producer else "", doc.recipient,
                                      doc.pages, doc.content_fingerprint, doc.file_sha256)
    if not document_keys.verify(doc.signing_public_key, doc.signature, facts):
        return "the hub's record of it does not match its signature (the record was altered)"
    if doc.key_version == 0:  # signed with the producer's own key (staff who hold no agency key)
        if producer is None or not trust.verifies(session, producer) or \
                bytes(producer.signing_public_key or b"") != bytes(doc.signing_public_key):
            return "it was not signed by the member of staff who produced it, with keys this workstation trusts"
        return _audit_problem(session, doc, trust)
    key = session.scalar(select(DataKey).where(DataKey.scope == vault.AGENCY, DataKey.agency_id == agency.id,
                                               DataKey.version == doc.key_version))
    if key is None or key.signing_public_key != doc.signing_public_key:
        return f"it was not signed with the document key {agency.code} published for key version {doc.key_version}"
    try:
        trust.data_key(session, key)
    except TrustFailure:
        return (f"the document key {agency.code} version {doc.key_version} is not vouched for by a member of "
                f"{agency.code} whose keys this workstation trusts")
    return _audit_problem(session, doc, trust)


def check_bytes(db: Database, data: bytes, trust: Trust) -> DocumentCheck:
    digest = hashlib.sha256(data).digest()
    with db.read() as session:
        doc = session.scalar(select(Document).where(Document.file_sha256 == digest))
        if doc is None:
            claimed = _TOKEN.search(data)
            doc = claimed and session.scalar(select(Document).where(Document.token == claimed.group(1).decode()))
            if not doc:
                return DocumentCheck(False, "NOT RECOGNISED: this hub has no record of producing this file. It "
                                            "may have been altered, or come from somewhere else. Do not rely on it.")
            referral = session.get(Referral, doc.referral_id)
            return DocumentCheck(False, "ALTERED: this file claims to be the "
                                 f"{_describe(session, doc, referral, session.get(Agency, doc.agency_id))}; but "
                                 "its bytes are not those the hub produced. Do not rely on it: ask the producing "
                                 "agency for a fresh copy.", doc.token, referral.reference)
        referral = session.get(Referral, doc.referral_id)
        agency = session.get(Agency, doc.agency_id)
        problem = _problem(session, doc, referral, agency, trust)
        described = _describe(session, doc, referral, agency)
    if problem:
        return DocumentCheck(False, f"NOT VERIFIED: {problem}. The file matches the {described}, but that "
                                    "record cannot be trusted.", doc.token, referral.reference)
    signer = (f"signed by {agency.code} (document key version {doc.key_version})." if doc.key_version
              else "signed by the member of staff who produced it (they hold no agency key).")
    return DocumentCheck(True, f"GENUINE: the hub produced this file and it is unaltered. It is the {described}; "
                               f"{signer}", doc.token, referral.reference)


def check_file(db: Database, path: Path | str, trust: Trust) -> DocumentCheck:
    """Check the PDF at ``path`` against the hub's records and ``trust``'s roots."""
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_BYTES:
            return DocumentCheck(False, f"NOT RECOGNISED: {path.name} is larger than any document the hub makes.")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return check_bytes(db, data, trust)



def check_file_at_workstation(db: Database, path: Path | str, creds: Credentials) -> DocumentCheck:
    """:func:`check_file` trusting only keys that chain to the roots this
    enrolled workstation pinned (``creds``); a refused key is recorded by the
    workstation's local administrator."""
    with audited(db, station_admin(db, creds)), db.read() as session:
        checked = workstation_trust(session, creds)
    return check_file(db, path, checked)
