"""Sharing a warning with another agency: an ordinary disclosure on a case.

The owning agency discloses the warning from its panel on a case about the
person, with the same lawful basis, consent and authorisation rules as any
other disclosure (services/case/disclosures.py), so the disclosure's sealing
and authorisation decide who reads it. Its text states the warning's kind,
reason and dates in words, after one structured line the recipient's client
reads back to show the badge (domain/warnings.py).
"""

from __future__ import annotations

from sqlalchemy import select

from ...domain import access
from ...domain.codes import ConsentPosition, HandlingCode, LawfulBasis, StatutoryGateway
from ...domain.errors import FieldError
from ...domain.warnings import CURRENT, HUB_WIDE, shared_text
from ...security.accounts import SignedIn
from ...store.database import Database
from ...store.models import Person, ReferralPerson
from ..case import disclosures
from ..case.history import same_people
from ..intake.referrals import referral_by_reference
from .warnings import _own_warning


def share_warning(db: Database, signed: SignedIn, warning_id: int, reference: str, to: str,
                  basis: LawfulBasis | None, consent: ConsentPosition, consent_reason: str | None,
                  handling: HandlingCode, justification: str, gateway: StatutoryGateway | None = None,
                  **lawful) -> int:
    """Disclose one of the agency's current warnings on case ``reference``; return the disclosure's id.
    ``lawful``: the grounds in parts (``ground``, ``consent_from``, ``consent_covering``) as
    DisclosureRequest takes them."""
    signed.require(*access.roles_for(access.Step.DISCLOSE))
    with db.read() as session:
        view = _own_warning(session, signed, warning_id)
        if view.source == HUB_WIDE:
            raise FieldError("warning", "a worker safety warning is already seen by every caseworker")
        if view.state != CURRENT:
            raise FieldError("warning", f"warning {warning_id} is not current, so there is nothing to share")
        referral = referral_by_reference(session, reference)
        on_case = set(session.scalars(select(ReferralPerson.person_id)
                                      .where(ReferralPerson.referral_id == referral.id)))
        same = same_people(session, [view.person_id]) & on_case
        if not same:
            raise FieldError("reference", f"the person this warning is about is not on {referral.reference}")
        person_id = view.person_id if view.person_id in same else min(same)
        person = session.get(Person, person_id)
        text = shared_text(warning_id, person_id, f"{person.given_name} {person.family_name}", view.kind,
                           view.reason or "", view.start, view.end)
    return disclosures.disclose(db, signed, reference, disclosures.DisclosureRequest(
        to=to, basis=basis, consent=consent, consent_reason=consent_reason, handling=handling,
        justification=justification, text=text, gateway=gateway, **lawful))
