"""Producing the hub's documents, and accounting for every copy.

``produce`` gathers what the signed-in reader may see, renders the PDF,
signs its fingerprints with the agency's document key, records the document
and a ``document.produce`` audit event (a disclosure in the DPA 2018 s62
sense, naming the recipient) in one transaction, and writes the file
atomically: staged and synced before the record commits, put in place after,
so no file exists that the hub has no record of. Printing or exporting a
produced document again is recorded by ``record_release``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.case_record import CaseRecord
from ...domain.codes import DocumentKind, DocumentRelease
from ...domain.errors import EnvironmentFault, FieldError, NotFound, NotPermitted
from ...reports import case_summary, feedback_letter, layout, network, sharing_record
from ...reports.content import DocumentContent, Production
from ...reports import acknowledgement_letter, encompass_notice
from ...reports import strategy_minutes
from ...security import document_keys, trust
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency, Document, Referral
from ...store.types import utcnow
from .. import files
from .reader import open_case
from .panels import agency_write_key
from ..intake.referrals import referral_by_reference

MAX_RECIPIENT = 500
#: Who a feedback letter is for when the referrer asked not to be identified:
#: the record of the document (and its audit event) does not name them either.
WITHHELD_RECIPIENT = "The referrer (identity withheld at their request)"
#: Who an Operation Encompass notification is for.
ENCOMPASS_RECIPIENT = "The key adult at the child's school"
BUILDERS: dict[DocumentKind, Callable[[CaseRecord, Production], DocumentContent]] = {
    DocumentKind.SHARING_RECORD: sharing_record.build,
    DocumentKind.CASE_SUMMARY: case_summary.build,
    DocumentKind.FEEDBACK_LETTER: feedback_letter.build,
    DocumentKind.ACKNOWLEDGEMENT_LETTER: acknowledgement_letter.build,
    DocumentKind.ENCOMPASS_NOTICE: encompass_notice.build,
    DocumentKind.FAMILY_NETWORK: network.build,
    DocumentKind.STRATEGY_MINUTES: strategy_minutes.build,
}
#: The documents that show the household across contacts; the others' case is read without it.
WITH_FAMILY = frozenset({DocumentKind.FAMILY_NETWORK})


@dataclass(frozen=True)
class Produced:
    token: str
    kind: DocumentKind
    reference: str
    path: Path
    pages: int
    recipient: str
    content_fingerprint: bytes
    file_sha256: bytes


def _clean(recipient: str | None) -> str:
    text = " ".join((recipient or "").split())
    if len(text) > MAX_RECIPIENT:
        raise FieldError("recipient", f"at most {MAX_RECIPIENT} characters")
    return text


def _recipient(kind: DocumentKind, case: CaseRecord, signed: SignedIn, agency_name: str, given: str) -> str:
    if given:
        return given
    if kind is DocumentKind.ENCOMPASS_NOTICE and case.encompass is not None:
        return ENCOMPASS_RECIPIENT  # the school is named in the notice, not in the audit trail
    if kind in (DocumentKind.FEEDBACK_LETTER, DocumentKind.ACKNOWLEDGEMENT_LETTER) and case.referrer.name:
        r = case.referrer
        if r.withheld:
            return WITHHELD_RECIPIENT
        return ", ".join(x for x in (r.name, r.role, r.organisation) if x)
    return f"{signed.display_name}, {agency_name}"


def _sign_and_record(session: Session, signed: SignedIn, content: DocumentContent, fingerprint: bytes,
                     file_sha256: bytes, pages: int, case: CaseRecord, reason: str | None) -> None:
    referral = referral_by_reference(session, content.reference)
    agency = session.get(Agency, signed.actor.agency_id)
    key, key_bytes = agency_write_key(session, signed, agency)
    signer = document_keys.signing_key(key_bytes)
    public = document_keys.public_bytes(signer)
    if key.signing_public_key != public:
        raise EnvironmentFault(f"The published document key of {agency.code} does not match its data key: "
                               "ask an administrator to check the hub database.")
    p = content.production
    facts = document_keys.SignedFacts(p.token, content.kind.value, referral.reference, agency.code, key.version,
                                      p.produced_at, p.producer_username, p.recipient, pages, fingerprint,
                                      file_sha256)
    session.add(Document(token=p.token, kind=content.kind, referral_id=referral.id, agency_id=agency.id,
                         produced_by_id=signed.actor.user_id, produced_at=p.produced_at, recipient=p.recipient,
                         pages=pages, content_fingerprint=fingerprint, file_sha256=file_sha256,
                         key_version=key.version, signing_public_key=public,
                         signature=document_keys.sign(signer, facts)))
    record(session, signed.actor, "document.produce", "document", p.token, justification=reason,
           detail={"referral": referral.reference, "kind": content.kind.value, "recipient": p.recipient,
                   "pages": pages, "fingerprint": fingerprint.hex(), "file_sha256": file_sha256.hex(),
                   "key_version": key.version, "disclosures": [d.id for d in case.shared]})


def produce(db: Database, signed: SignedIn, kind: DocumentKind | str, reference: str, out_path: Path | str, *,
            recipient: str | None = None, reason: str | None = None) -> Produced:
    """Produce one document about a referral as ``signed`` may see it, into ``out_path``.

    ``recipient`` is who the document is for (default: the referrer for a
    feedback letter, else the producer and their agency); ``reason`` is
    needed to produce from a case the reader's agency is not involved in.
    """
    kind = DocumentKind(kind)
    out = Path(out_path).expanduser()
    given = _clean(recipient)
    with trust.audited(db, signed.actor):
        case = open_case(db, signed, reference, kind.value, reason, family=kind in WITH_FAMILY)
    with db.read() as session:
        agency = session.get(Agency, signed.actor.agency_id)
        agency_code, agency_name = agency.code, agency.name
    production = Production(secrets.token_hex(8), utcnow(), signed.display_name, signed.actor.username,
                            agency_code, agency_name, _recipient(kind, case, signed, agency_name, given))
    content = BUILDERS[kind](case, production)
    fingerprint = content.fingerprint()
    pdf = layout.render(content, fingerprint)
    file_sha256 = hashlib.sha256(pdf.data).digest()
    staged = files.stage(out, pdf.data)
    try:
        with trust.audited(db, signed.actor), db.write() as session:
            _sign_and_record(session, signed, content, fingerprint, file_sha256, pdf.pages, case, reason)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, out)
    return Produced(production.token, kind, case.reference, out, pdf.pages, production.recipient, fingerprint,
                    file_sha256)


def record_release(db: Database, signed: SignedIn, token: str, release: DocumentRelease | str, recipient: str,
                   reason: str | None = None) -> None:
    """Record that a produced document was printed or exported, and for whom."""
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    release = DocumentRelease(release)
    recipient = _clean(recipient)
    if not recipient:
        raise FieldError("recipient", "say who the copy is for")
    with db.write() as session:
        doc = session.scalar(select(Document).where(Document.token == token.strip().lower()))
        if doc is None:
            raise NotFound(f"No document {token}.")
        if doc.agency_id != signed.actor.agency_id:
            raise NotPermitted("Only staff of the agency that produced a document may release copies of it.")
        referral = session.get(Referral, doc.referral_id)
        record(session, signed.actor, f"document.{release.value}", "document", doc.token, justification=reason,
               detail={"referral": referral.reference, "kind": doc.kind.value,
                       "recipient": recipient})
