"""Producing a person's chronology as a PDF, recorded and verifiable like every other document.

The chronology is read for the producer through the same door as on screen
(a reason where a contact needs one), rendered, signed with the agency's
document key and recorded against the case it was produced from (by
default the latest contact about the person), with a ``document.produce``
audit event naming the disclosures it prints; ``mash-admin report verify``
then checks a copy as it checks any other.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from ...domain.codes import DocumentKind
from ...domain.errors import Conflict, FieldError
from ...reports import chronology as chronology_pdf
from ...reports import layout
from ...reports.content import Production
from ...security import trust
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Agency
from ...store.types import utcnow
from .. import files
from ..case.documents import Produced, _clean, _sign_and_record
from .chronology import person_chronology


@dataclass(frozen=True)
class _Disclosure:
    id: int


@dataclass(frozen=True)
class _Printed:
    """What the document's audit event lists: the disclosures it prints."""

    shared: tuple[_Disclosure, ...]


def produce_chronology(db: Database, signed: SignedIn, person_id: int, out_path: Path | str, *,
                       reference: str | None = None, recipient: str | None = None,
                       reason: str | None = None) -> Produced:
    """Produce the person's chronology as ``signed`` may see it into ``out_path``.

    ``reference``: the case it is produced from (one of the person's
    contacts; default the latest); ``recipient``: who it is for (default the
    producer and their agency).
    """
    out = Path(out_path).expanduser()
    given = _clean(recipient)
    chron = person_chronology(db, signed, person_id, reason)
    if not chron.references:
        raise Conflict(f"{chron.name} has no contact to record the chronology against.")
    reference = (reference or chron.references[-1]).strip().upper()
    if reference not in chron.references:
        raise FieldError("reference", f"{reference} is not a contact about {chron.name}")
    with db.read() as session:
        agency = session.get(Agency, signed.actor.agency_id)
        agency_code, agency_name = agency.code, agency.name
    production = Production(secrets.token_hex(8), utcnow(), signed.display_name, signed.actor.username,
                            agency_code, agency_name, given or f"{signed.display_name}, {agency_name}")
    content = chronology_pdf.build(chron, reference, production)
    fingerprint = content.fingerprint()
    pdf = layout.render(content, fingerprint)
    file_sha256 = hashlib.sha256(pdf.data).digest()
    printed = _Printed(tuple(_Disclosure(i.disclosure_id) for i in chron.items if i.disclosure_id is not None))
    staged = files.stage(out, pdf.data)
    try:
        with trust.audited(db, signed.actor), db.write() as session:
            _sign_and_record(session, signed, content, fingerprint, file_sha256, pdf.pages, printed, reason)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, out)
    return Produced(production.token, DocumentKind.PERSON_CHRONOLOGY, reference, out, pdf.pages,
                    production.recipient, fingerprint, file_sha256)
