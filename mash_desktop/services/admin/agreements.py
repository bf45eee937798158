"""The register of partners' information-sharing agreements, and the rule it enforces.

A partner joins the hub with its agreement (hub_setup.create_partner records
it, signed by the hub administrator adding the partner); the information
governance officer records later ones and reviews (a review is a new version;
nothing is changed or deleted). Every version is signed by whoever recorded
it, a member of hub management, and checked on every read: a version that
fails is *altered*, and an altered latest version never counts as current.

:func:`require_current` is the rule: a partner without a current agreement
(none, altered, or past its review date: see domain/agreements.py) is given
no new users (services/admin/users.create_user) and makes no disclosures
(services/case/disclosures.disclose).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.agreements import IN_FORCE, MISSING, AgreementTerms, Standing, check_terms, standing, standing_words
from ...domain.codes import AgencyKind
from ...domain.errors import FieldError, NotPermitted
from ...domain.zone import HUB_ZONE
from ...security import crypto
from ...security.account_state import held_user, message, signed_by
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import HUB_CODE, Trust
from ...store.agreement_models import SharingAgreement
from ...store.database import Database
from ...store.models import Agency, User
from ...store.types import utcnow
from .agencies import agency_by_code


@dataclass(frozen=True)
class AgreementVersion:
    """One recorded version, as the register's history shows it."""

    version: int
    signed_on: dt.date
    review_due: dt.date
    scope: str
    reference: str
    recorded_by: str
    recorded_at: dt.datetime
    verified: bool


@dataclass(frozen=True)
class PartnerAgreement:
    """A partner and the standing of its latest agreement."""

    code: str
    name: str
    active: bool
    standing: str  # domain.agreements.Standing
    words: str  # "Current", "Review due in 12 days", …
    latest: AgreementVersion | None  # None: none recorded

    @property
    def in_force(self) -> bool:
        return self.standing in IN_FORCE


def hub_today() -> dt.date:
    return dt.datetime.now(HUB_ZONE).date()


# -- signing ------------------------------------------------------------------------

def _message(row: SharingAgreement, agency_code: str) -> bytes:
    return message("mash sharing agreement v1", agency_code, row.version, row.signed_on.isoformat(),
                   row.review_due.isoformat(), hashlib.sha256(row.scope.encode("utf-8")).hexdigest(),
                   row.document_reference, row.recorded_by_id,
                   row.recorded_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"))


def verified(session: Session, trust: Trust, row: SharingAgreement, agency_code: str) -> bool:
    """The row is signed by the member of hub management it names, whose key chains to the pinned roots.

    Their roles are not asked for (a signature stays good after its signer
    moves on); a member of a partner cannot have signed one."""
    signer = signed_by(session, trust, row.recorded_by_id, row.signature, _message(row, agency_code))
    return signer is not None and signer.agency.code == HUB_CODE


# -- reading ------------------------------------------------------------------------

def _versions(session: Session, agency: Agency) -> list[SharingAgreement]:
    return list(session.scalars(select(SharingAgreement).where(SharingAgreement.agency_id == agency.id)
                                .order_by(SharingAgreement.version.desc())))


def _version(session: Session, trust: Trust, row: SharingAgreement, agency_code: str) -> AgreementVersion:
    signer = held_user(session, row.recorded_by_id)
    return AgreementVersion(row.version, row.signed_on, row.review_due, row.scope, row.document_reference,
                            signer.display_name if signer else "unknown", row.recorded_at,
                            verified(session, trust, row, agency_code))


def partner_agreement(session: Session, trust: Trust, agency: Agency, today: dt.date) -> PartnerAgreement:
    """``agency``'s latest agreement and its standing on ``today``."""
    rows = _versions(session, agency)
    latest = _version(session, trust, rows[0], agency.code) if rows else None
    code = standing(latest.review_due if latest else None, bool(latest and latest.verified), today)
    return PartnerAgreement(agency.code, agency.name, agency.active, code,
                            standing_words(code, latest.review_due if latest else None, today), latest)


def require_current(session: Session, trust: Trust | None, agency: Agency, doing: str) -> None:
    """Refuse, in one line naming the agency and what is missing, unless ``agency``
    (a partner; the hub's own agency needs none) has a current agreement."""
    if agency.kind is AgencyKind.HUB:
        return
    if trust is None:
        raise NotPermitted(f"{agency.code} cannot {doing}: its information-sharing agreement could not be "
                           "checked (sign in first).")
    found = partner_agreement(session, trust, agency, hub_today())
    if not found.in_force:
        raise NotPermitted(f"{agency.code} cannot {doing}: {MISSING[found.standing]}. Ask the hub's "
                           "information governance officer to record it.")


def _may_read(signed: SignedIn) -> None:
    roles = signed.actor.roles
    if not any(access.may_act(roles, s) for s in (access.Step.GOVERN, access.Step.ADMINISTER, access.Step.WATCH)):
        raise NotPermitted(f"The agreements register is for the {access.role_names(access.Step.GOVERN)}, "
                           "administrators and those who watch the hub's figures.")


def _partners(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).where(Agency.kind != AgencyKind.HUB).order_by(Agency.code)))


def register(db: Database, signed: SignedIn, today: dt.date | None = None) -> list[PartnerAgreement]:
    """Every partner (retired ones last) with its latest agreement and standing."""
    _may_read(signed)
    today = today or hub_today()
    with db.read() as session:
        found = [partner_agreement(session, signed.trust, a, today) for a in _partners(session)]
    return sorted(found, key=lambda p: (not p.active, p.code))


def notices(db: Database, signed: SignedIn, today: dt.date | None = None) -> list[PartnerAgreement]:
    """Active partners whose agreement needs attention: review due soon, past review, none, altered."""
    return [p for p in register(db, signed, today) if p.active and p.standing != Standing.CURRENT]


def history(db: Database, signed: SignedIn, code: str) -> tuple[PartnerAgreement, list[AgreementVersion]]:
    """A partner's every version, latest first, each with whether it verifies."""
    _may_read(signed)
    with db.read() as session:
        agency = _partner(session, code)
        return (partner_agreement(session, signed.trust, agency, hub_today()),
                [_version(session, signed.trust, r, agency.code) for r in _versions(session, agency)])


# -- recording ----------------------------------------------------------------------

def _partner(session: Session, code: str) -> Agency:
    agency = agency_by_code(session, code)
    if agency.kind is AgencyKind.HUB:
        raise NotPermitted("The hub's own management agency needs no information-sharing agreement.")
    return agency


def checked_terms(terms: AgreementTerms, today: dt.date | None = None) -> AgreementTerms:
    """The terms tidied, or a :class:`FieldError` naming what is wrong."""
    try:
        return check_terms(terms, today or hub_today())
    except ValueError as exc:
        field, problem = str(exc).split("|", 1)
        raise FieldError(field, problem) from None


def record_in(session: Session, signed: SignedIn, agency: Agency, terms: AgreementTerms) -> int:
    """Write ``agency``'s next agreement version, signed by ``signed`` (of hub management); its version."""
    if session.get(User, signed.actor.user_id).agency.code != HUB_CODE:
        raise NotPermitted("Only hub management keeps the agreements register.")
    terms = checked_terms(terms)
    version = (session.scalar(select(func.max(SharingAgreement.version))
                              .where(SharingAgreement.agency_id == agency.id)) or 0) + 1
    row = SharingAgreement(agency_id=agency.id, version=version, signed_on=terms.signed_on,
                           review_due=terms.review_due, scope=terms.scope, document_reference=terms.reference,
                           recorded_by_id=signed.actor.user_id, recorded_at=utcnow(), signature=b"")
    row.signature = crypto.sign(signed.keychain.keys.signing, _message(row, agency.code))
    session.add(row)
    session.flush()
    record(session, signed.actor, "agreement.record", "agency", agency.code,
           detail={"version": version, "review_due": terms.review_due.isoformat()})
    return version


def record_agreement(db: Database, signed: SignedIn, code: str, terms: AgreementTerms) -> int:
    """The information governance officer records a partner's agreement, or its review; the new version."""
    signed.require(*access.roles_for(access.Step.REGISTER_AGREEMENT))
    with db.write() as session:
        agency = _partner(session, code)
        if not agency.active:
            raise NotPermitted(f"{agency.code} has been retired: it shares nothing more.")
        return record_in(session, signed, agency, terms)
