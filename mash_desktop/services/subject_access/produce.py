"""Producing a subject access response, its redaction log, and an agency's own part.

Each PDF is marked, fingerprinted and recorded like every other document of
the hub (``documents`` and a ``document.produce`` audit event), against the
latest contact about the person, so ``mash-admin report verify`` checks a
copy. The information-governance officer holds no agency key, so the
response and its log are signed with the officer's own signing key (key
version 0 on the record: "signed by the producer"); an agency's part is
signed with the agency's document key as any other agency document.

The response is produced only when every suggested redaction is decided and
every decision verifies. The log's CSV holds the same lines as its PDF; it
is not a recorded document (a spreadsheet has no fingerprint to print), and
like the log it is for the information-governance file only.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...domain import access
from ...domain.errors import Conflict
from ...reports import layout
from ...reports import subject_access as pdf
from ...reports.content import DocumentContent, Production
from ...security import document_keys, trust
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency, Document, User
from ...store.types import utcnow
from .. import files
from ..case.documents import Produced, _sign_and_record
from ..case.reader import hub_name
from ..intake.referrals import referral_by_reference
from .gather import gather_agency
from .redactions import redaction_phrases, review
from .requests import request_view, require

#: ``documents.key_version`` of a document signed with its producer's own key.
PRODUCER_KEY = 0
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ProducedResponse:
    response: Produced
    log: Produced
    csv_path: Path
    redactions: int
    lifted: int


def _production(db: Database, signed: SignedIn, recipient: str) -> Production:
    with db.read() as session:
        agency = session.get(Agency, signed.actor.agency_id)
        return Production(secrets.token_hex(8), utcnow(), signed.display_name, signed.actor.username,
                          agency.code, agency.name, recipient)


def _render(content: DocumentContent) -> tuple[bytes, bytes, bytes, int]:
    fingerprint = content.fingerprint()
    rendered = layout.render(content, fingerprint)
    return rendered.data, fingerprint, hashlib.sha256(rendered.data).digest(), rendered.pages


def _record_own(session, signed: SignedIn, content: DocumentContent, fingerprint: bytes, file_sha256: bytes,
                pages: int, request_id: int) -> None:
    """Record a document signed with the producer's own key (they hold no agency key)."""
    if signed.actor.signer is None:
        raise Conflict("Sign in with your own account to produce a subject access response.")
    referral = referral_by_reference(session, content.reference)
    agency = session.get(Agency, signed.actor.agency_id)
    user = session.get(User, signed.actor.user_id)
    p = content.production
    facts = document_keys.SignedFacts(p.token, content.kind.value, referral.reference, agency.code, PRODUCER_KEY,
                                      p.produced_at, p.producer_username, p.recipient, pages, fingerprint,
                                      file_sha256)
    session.add(Document(token=p.token, kind=content.kind, referral_id=referral.id, agency_id=agency.id,
                         produced_by_id=user.id, produced_at=p.produced_at, recipient=p.recipient, pages=pages,
                         content_fingerprint=fingerprint, file_sha256=file_sha256, key_version=PRODUCER_KEY,
                         signing_public_key=bytes(user.signing_public_key),
                         signature=document_keys.sign(signed.actor.signer, facts)))
    record(session, signed.actor, "document.produce", "document", p.token,
           detail={"referral": referral.reference, "kind": content.kind.value, "recipient": p.recipient,
                   "pages": pages, "fingerprint": fingerprint.hex(), "file_sha256": file_sha256.hex(),
                   "key_version": PRODUCER_KEY, "subject_access": request_id})


def _produced(content: DocumentContent, path: Path, pages: int, fingerprint: bytes, sha: bytes) -> Produced:
    p = content.production
    return Produced(p.token, content.kind, content.reference, path, pages, p.recipient, fingerprint, sha)


def produce_response(db: Database, signed: SignedIn, request_id: int, out_path: Path | str,
                     log_path: Path | str, *, recipient: str | None = None,
                     progress: Progress | None = None) -> ProducedResponse:
    """Produce the redacted response into ``out_path``, its log into ``log_path`` (PDF) and beside it as CSV."""
    require(signed)
    step = progress or (lambda _n, _what: None)
    step(10, "Gathering what the hub holds")
    view = request_view(db, signed, request_id)
    found = review(db, signed, request_id)
    if found.altered:
        raise Conflict(f"{len(found.altered)} redaction decision(s) of request {request_id} were altered outside "
                       "the hub: they cannot be trusted. Tell the hub administrator.")
    if found.pending:
        raise Conflict(f"{len(found.pending)} suggested redaction(s) are not yet decided: confirm or lift each "
                       "before producing the response.")
    if not found.hub.contacts:
        raise Conflict("The hub holds no contact about this person: there is nothing to record the response "
                       "against. Answer the request saying so.")
    step(35, "Redacting")
    with db.read() as session:
        name = hub_name(session)
    reference = found.hub.contacts[-1].reference
    redactor = pdf.Redactor(found.redacted_phrases(), found.aliases())
    for_whom = recipient or f"The requester (subject access request {request_id})"
    response = pdf.build_response(name, view, found.hub, redactor, _production(db, signed, for_whom), reference)
    step(55, "Rendering the response")
    data, fingerprint, sha, pages = _render(response)
    lines = pdf.log_lines(found, redactor)
    log = pdf.build_log(name, view, lines, _production(db, signed, f"{signed.display_name}: information-governance "
                                                       "file only"), reference, response.production.token)
    step(75, "Rendering the redaction log")
    log_data, log_fp, log_sha, log_pages = _render(log)
    out, log_out = Path(out_path).expanduser(), Path(log_path).expanduser()
    csv_out = log_out.with_suffix(".csv")
    staged = [files.stage(out, data), files.stage(log_out, log_data), files.stage(csv_out, pdf.log_csv(lines))]
    step(90, "Recording")
    try:
        with trust.audited(db, signed.actor), db.write() as session:
            _record_own(session, signed, response, fingerprint, sha, pages, request_id)
            _record_own(session, signed, log, log_fp, log_sha, log_pages, request_id)
    except BaseException:
        for s in staged:
            s.unlink(missing_ok=True)
        raise
    for s, target in zip(staged, (out, log_out, csv_out)):
        files.commit(s, target)
    step(100, "Done")
    lifted = sum(1 for line in lines if line.decision == "Redaction lifted")
    return ProducedResponse(_produced(response, out, pages, fingerprint, sha),
                            _produced(log, log_out, log_pages, log_fp, log_sha), csv_out, len(lines) - lifted, lifted)


@dataclass(frozen=True)
class _Printed:
    shared: tuple = ()


def produce_agency_part(db: Database, signed: SignedIn, request_id: int, out_path: Path | str, *,
                        recipient: str | None = None) -> Produced:
    """The signed-in supervisor's agency's own panels about the person, redacted, into ``out_path``."""
    require(signed, access.Step.EXPORT_OWN_PANELS)
    part = gather_agency(db, signed, request_id)
    with db.read() as session:
        phrases = redaction_phrases(session, signed, request_id)
        name = hub_name(session)
    if not part.panels:
        raise Conflict(f"{part.agency_name} has no panel on a contact about this person.")
    reference = part.panels[-1].reference
    redactor = pdf.Redactor(phrases)
    production = _production(db, signed, recipient or f"{signed.display_name}, {part.agency_name}")
    content = pdf.build_agency(name, _RequestRef(request_id), part, redactor, production, reference)
    data, fingerprint, sha, pages = _render(content)
    out = Path(out_path).expanduser()
    staged = files.stage(out, data)
    try:
        with trust.audited(db, signed.actor), db.write() as session:
            _sign_and_record(session, signed, content, fingerprint, sha, pages, _Printed(), None)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, out)
    return _produced(content, out, pages, fingerprint, sha)


@dataclass(frozen=True)
class _RequestRef:
    id: int
