"""The disposal certificate PDF: produced, recorded and checked.

The certificate lists the cases one disposal run removed (references,
classes, rows removed per table; no names), when, approved and carried out
by whom (reports/disposal_certificate.py). The information-governance
officer holds no agency key, so the copy is recorded in its own register
(``disposal_certificates``): its content and file fingerprints, signed with
the officer's own key, and audited as ``disposal.certificate``. ``verify``
tells whether a PDF is a certificate the hub produced, unchanged.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ...domain import access
from ...domain.errors import NotFound, UserError
from ...reports import disposal_certificate, layout
from ...reports.content import Production
from ...security.account_state import message
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ...store.models import Agency
from ...store.retention_models import DisposalCertificateCopy
from ...store.types import utcnow
from .. import files
from ..case.reader import hub_name
from . import disposal
from . import retention_signing as signing


@dataclass(frozen=True)
class Certificate:
    certificate: str
    path: Path
    pages: int
    token: str
    fingerprint: bytes


def _message(c: DisposalCertificateCopy) -> bytes:
    return message("mash disposal certificate v1", c.token, c.certificate, c.produced_by_id,
                   c.produced_at.isoformat(), c.pages, bytes(c.content_fingerprint), bytes(c.file_sha256))


def produce(db: Database, signed: SignedIn, certificate: str, out_path: Path | str) -> Certificate:
    """Write the certificate of one disposal run to ``out_path`` and record it."""
    signed.require(*access.roles_for(access.Step.DISPOSE))
    certificate = certificate.strip().upper()
    stones = disposal.disposals(db, signed, certificate)
    if not stones:
        raise NotFound(f"No disposal has the certificate number {certificate}.")
    with db.read() as session:
        hub = hub_name(session)
        agency = session.get(Agency, signed.actor.agency_id)
        agency_code, agency_name = agency.code, agency.name
    production = Production(secrets.token_hex(8), utcnow(), signed.display_name, signed.actor.username,
                            agency_code, agency_name, f"{signed.display_name}, {agency_name} (the hub's records)")
    content = disposal_certificate.build(certificate, hub, stones, production)
    fingerprint = content.fingerprint()
    pdf = layout.render(content, fingerprint)
    out = Path(out_path).expanduser()
    staged = files.stage(out, pdf.data)
    try:
        with db.write() as session:
            row = DisposalCertificateCopy(token=production.token, certificate=certificate,
                                          produced_by_id=signed.actor.user_id, produced_at=production.produced_at,
                                          pages=pdf.pages, content_fingerprint=fingerprint,
                                          file_sha256=hashlib.sha256(pdf.data).digest(), signature=b"")
            row.signature = signing.sign(signed, _message(row))
            session.add(row)
            record(session, signed.actor, "disposal.certificate", "disposal", certificate,
                   detail={"token": production.token, "pages": pdf.pages, "cases": len(stones),
                           "fingerprint": fingerprint.hex()})
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, out)
    return Certificate(certificate, out, pdf.pages, production.token, fingerprint)


def verify(db: Database, signed: SignedIn, path: Path | str) -> str:
    """The certificate number of the hub's unchanged certificate at ``path``; UserError otherwise."""
    signed.require(*access.roles_for(access.Step.GOVERN))
    try:
        data = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    digest = hashlib.sha256(data).digest()
    with db.read() as session:
        row = session.scalar(select(DisposalCertificateCopy).where(DisposalCertificateCopy.file_sha256 == digest))
        if row is None:
            raise UserError(f"{Path(path).name} is not a disposal certificate the hub produced, or it was changed.")
        if not signing.verified(session, signed, row.produced_by_id, row.signature, _message(row)):
            raise UserError(f"The hub's record of {Path(path).name} was altered outside the hub: do not rely on it.")
        return row.certificate
