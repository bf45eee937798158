"""Disclosures: what an agency shares from its panel, with whom, and why.

The disclosed text is sealed under a fresh content key. That key is sealed to
the disclosing agency's key (so it can always see what it shared) and to the
recipient's: the hub key for the whole hub, or one agency's key. A disclosure
made without consent gets its recipient seal only when a supervisor of the
disclosing agency authorises it, so until then nobody else can read it,
whatever SQL they run. Such a supervisor may instead refuse it or return it
to the discloser, with a reason the disclosing agency sees; a returned one
may then be withdrawn by the discloser or such a supervisor, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.case_record import HUB_TITLE, DisclosureEntry
from ...domain.codes import ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis, StatutoryGateway
from ...domain.lawful_basis import IN_PARTS, LawfulGround, from_legacy, incoherent, kinds_code
from ...domain.errors import Conflict, FieldError, NotFound, NotPermitted
from ...security import sealing, vault
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import Trust, TrustFailure, audited
from ...store.database import Database
from ...store.models import Agency, DataKey, Disclosure, Referral, User
from ...store.types import utcnow
from ..admin.agencies import agency_by_code
from ..admin.agreements import require_current as require_agreement
from .panels import require_panel
from ..intake.referrals import referral_by_reference
from .signed_state import (authorisation_verified, disclosure_verified, outcome_verified, recorded_ground,
                           sign_authorisation, sign_disclosure, sign_outcome, withdrawal_verified)

HUB = "hub"


@dataclass(frozen=True)
class DisclosureRequest:
    to: str  # "hub" or an agency code
    basis: LawfulBasis | None  # one code, for callers that do not give ``ground``
    consent: ConsentPosition
    consent_reason: str | None
    handling: HandlingCode
    justification: str
    text: str
    gateway: StatutoryGateway | None = None
    #: What kind of data is shared and its grounds in parts; without it,
    #: ``basis`` (one code) is read as domain.lawful_basis.from_legacy says.
    ground: LawfulGround | None = None
    consent_from: str | None = None  # when consent was given: from whom
    consent_covering: str | None = None  # and whom it covers

    def lawful_ground(self) -> LawfulGround | None:
        return self.ground if self.ground is not None else from_legacy(self.basis) if self.basis else None


def _to_label(session: Session, d: Disclosure) -> str:
    return HUB if d.to_agency_id is None else session.get(Agency, d.to_agency_id).code


def _recipient_key(session: Session, to_agency: Agency | None) -> DataKey:
    key = vault.current_key(session, vault.AGENCY if to_agency else vault.HUB,
                            to_agency.id if to_agency else None)
    if key is None:
        raise Conflict("The recipient has no keys yet, so nothing can be disclosed to it.")
    return key


def _check(req: DisclosureRequest) -> None:
    if not req.text.strip():
        raise FieldError("text", "say what is disclosed")
    if not req.justification.strip():
        raise FieldError("justification", "record why this disclosure is necessary and proportionate")
    if req.consent is not ConsentPosition.GIVEN and not (req.consent_reason or "").strip():
        raise FieldError("reason", f"'{req.consent.label}' needs the reason recorded")
    ground = req.lawful_ground()
    # A one-code basis (older callers) names no consent parties; grounds in parts must.
    parties = ((req.consent_from, req.consent_covering) if req.ground is not None
               else ("not recorded",) * 2 if req.consent is ConsentPosition.GIVEN else (None, None))
    why = incoherent(ground, req.consent, *parties) if ground else (
        "say what kind of data is shared and on what lawful basis")
    if req.ground is None and (req.consent_from or req.consent_covering):
        why = "give the grounds in parts to record consent from whom and covering whom"
    if why:
        raise FieldError("basis", why)


def disclose(db: Database, signed: SignedIn, reference: str, req: DisclosureRequest) -> int:
    """Record a disclosure from the caller's agency panel; return its id."""
    signed.require(*access.roles_for(access.Step.DISCLOSE))
    _check(req)
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference)
        me = session.get(User, signed.actor.user_id)
        if not vault.is_verified_member(session, me, signed.trust):
            raise NotPermitted("Your account has not been confirmed by a supervisor of your agency yet.")
        require_panel(session, referral, me.agency_id)
        own = me.agency
        require_agreement(session, signed.trust, own, "make disclosures")
        to_agency = None if req.to.strip().lower() == HUB else agency_by_code(session, req.to, "to")
        if to_agency is not None and to_agency.id == own.id:
            raise FieldError("to", "a disclosure goes to the hub or to another agency")
        if to_agency is not None:  # the partner it goes to shares under a current agreement too
            require_agreement(session, signed.trust, to_agency, "receive disclosures")
        to = HUB if to_agency is None else to_agency.code
        content_key, nonce, ct = sealing.seal_disclosure(referral.reference, own.code, to, req.text)
        sender = vault.current_key(session, vault.AGENCY, own.id)
        disclosure = Disclosure(
            referral_id=referral.id, from_agency_id=own.id, to_agency_id=to_agency.id if to_agency else None,
            lawful_basis=IN_PARTS, statutory_gateway=req.gateway.value if req.gateway else None,
            consent=req.consent, consent_reason=(req.consent_reason or "").strip() or None,
            **_parts(req.lawful_ground()), consent_from=(req.consent_from or "").strip() or None,
            consent_covering=(req.consent_covering or "").strip() or None,
            handling_code=req.handling, justification=req.justification.strip(), disclosed_by_id=me.id,
            disclosed_at=utcnow(), nonce=nonce, ciphertext=ct, sender_key_id=sender.id,
            sender_seal=sealing.seal_disclosure_key(signed.trust.data_key(session, sender).public_key, content_key,
                                                    referral.reference, own.code, to, sealing.SENDER))
        if req.consent is ConsentPosition.GIVEN:
            _seal_for_recipient(session, signed.trust, disclosure, referral, own, to_agency, content_key)
        sign_disclosure(session, disclosure, referral.reference, signed.keychain.keys.signing)
        session.add(disclosure)
        session.flush()
        record(session, signed.actor, "disclosure.make", "disclosure", str(disclosure.id),
               justification=disclosure.justification,
               detail={"referral": referral.reference, "to": to, **_parts(req.lawful_ground()),
                       "consent": req.consent.value, "handling": req.handling.value,
                       "awaiting_authorisation": disclosure.recipient_seal is None})
        return disclosure.id


def _parts(ground: LawfulGround) -> dict[str, str | None]:
    """The stored form of the grounds (codes only: also what the audit trail holds)."""
    return {"data_kinds": kinds_code(ground.kinds), "article6": _code(ground.article6),
            "article9": _code(ground.article9), "article10": _code(ground.article10),
            "schedule8": _code(ground.schedule8)}


def _code(member) -> str | None:
    return member.value if member is not None else None


def _legacy(d: Disclosure) -> LawfulBasis | None:
    try:
        return LawfulBasis(d.lawful_basis)
    except ValueError:
        return None


def _seal_for_recipient(session: Session, trust: Trust, d: Disclosure, referral: Referral, own: Agency,
                        to_agency: Agency | None, content_key: bytes) -> None:
    key = _recipient_key(session, to_agency)
    to = HUB if to_agency is None else to_agency.code
    d.recipient_key_id = key.id
    d.recipient_seal = sealing.seal_disclosure_key(trust.data_key(session, key).public_key, content_key,
                                                   referral.reference, own.code, to, sealing.RECIPIENT)


def _content_key(session: Session, signed: SignedIn, d: Disclosure, referral: Referral, as_sender: bool
                 ) -> bytes:
    from_code = session.get(Agency, d.from_agency_id).code
    to = _to_label(session, d)
    key = session.get(DataKey, d.sender_key_id if as_sender else d.recipient_key_id)
    private = vault.data_key_keypair(signed.keychain.open(session, key))
    seal = d.sender_seal if as_sender else d.recipient_seal
    return sealing.open_disclosure_key(private, seal, referral.reference, from_code, to,
                                       sealing.SENDER if as_sender else sealing.RECIPIENT)


def _waiting(session: Session, signed: SignedIn, disclosure_id: int, doing: str) -> tuple[Disclosure, Referral]:
    """The disclosure, locked, if it still waits and the caller may decide it."""
    d = session.get(Disclosure, disclosure_id, with_for_update=True)
    if d is None:
        raise NotFound(f"No disclosure {disclosure_id}.")
    if d.from_agency_id != signed.actor.agency_id:
        raise NotPermitted(f"Only a supervisor of the disclosing agency may {doing} it.")
    # An authorisation or outcome that does not verify (written outside the hub) may be replaced by a real one.
    if not access.is_pending(d.consent, authorisation_verified(session, signed.trust, d),
                             outcome_verified=_decided(session, signed.trust, d)):
        raise Conflict(f"Disclosure {disclosure_id} needs no authorisation now." if doing == "authorise"
                       else f"Disclosure {disclosure_id} is no longer waiting for a decision.")
    if d.disclosed_by_id == signed.actor.user_id:
        raise NotPermitted(f"Someone other than the person who made the disclosure must {doing} it.")
    referral = session.get(Referral, d.referral_id)
    if not disclosure_verified(session, signed.trust, d, referral.reference):
        raise TrustFailure("disclosure", str(d.id), "does not carry a valid signature of the person who made it")
    return d, referral


def _decided(session: Session, trust: Trust, d: Disclosure) -> bool:
    """Refused, returned or withdrawn, signed by someone who may do that."""
    if d.outcome == DisclosureOutcome.WITHDRAWN.value:
        return withdrawal_verified(session, trust, d)
    return outcome_verified(session, trust, d)


def _reason(reason: str | None, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", f"say why the disclosure is {doing}")
    if len(reason) > access.OUTCOME_REASON_LIMIT:
        raise FieldError("reason", f"keep the reason to {access.OUTCOME_REASON_LIMIT} characters")
    return reason


def authorise(db: Database, signed: SignedIn, disclosure_id: int) -> None:
    """A supervisor of the disclosing agency lets a no-consent disclosure go."""
    signed.require(*access.roles_for(access.Step.AUTHORISE))
    with audited(db, signed.actor), db.write() as session:
        d, referral = _waiting(session, signed, disclosure_id, "authorise")
        content_key = _content_key(session, signed, d, referral, as_sender=True)
        to_agency = session.get(Agency, d.to_agency_id) if d.to_agency_id else None
        if to_agency is not None:  # its agreement may have lapsed while the disclosure waited
            require_agreement(session, signed.trust, to_agency, "receive disclosures")
        _seal_for_recipient(session, signed.trust, d, referral, session.get(Agency, d.from_agency_id), to_agency,
                            content_key)
        d.outcome = d.outcome_reason = d.outcome_by_id = d.outcome_at = d.outcome_signature = None
        d.authorised_by_id, d.authorised_at = signed.actor.user_id, utcnow()
        sign_authorisation(d, signed.keychain.keys.signing)
        record(session, signed.actor, "disclosure.authorise", "disclosure", str(d.id),
               detail={"referral": referral.reference, "to": _to_label(session, d)})


def decide(db: Database, signed: SignedIn, disclosure_id: int, outcome: DisclosureOutcome, reason: str) -> None:
    """A supervisor who may authorise a disclosure refuses it (final) or
    returns it to the discloser instead, saying why; signed like an
    authorisation. The reason is case text: it is not audited."""
    signed.require(*access.roles_for(access.Step.AUTHORISE))
    if outcome is DisclosureOutcome.WITHDRAWN:
        raise FieldError("outcome", "a disclosure is withdrawn by its own agency once it was returned")
    reason = _reason(reason, outcome.value)
    doing = "refuse" if outcome is DisclosureOutcome.REFUSED else "return"
    with audited(db, signed.actor), db.write() as session:
        d, referral = _waiting(session, signed, disclosure_id, doing)
        d.authorised_by_id = d.authorised_at = d.authorisation_signature = None
        d.recipient_key_id = d.recipient_seal = None  # never sealed to the recipient
        d.outcome, d.outcome_reason = outcome.value, reason
        d.outcome_by_id, d.outcome_at = signed.actor.user_id, utcnow()
        sign_outcome(d, signed.keychain.keys.signing)
        record(session, signed.actor, f"disclosure.{doing}", "disclosure", str(d.id),
               detail={"referral": referral.reference, "to": _to_label(session, d)})


def refuse(db: Database, signed: SignedIn, disclosure_id: int, reason: str) -> None:
    decide(db, signed, disclosure_id, DisclosureOutcome.REFUSED, reason)


def return_to_discloser(db: Database, signed: SignedIn, disclosure_id: int, reason: str) -> None:
    decide(db, signed, disclosure_id, DisclosureOutcome.RETURNED, reason)


def withdraw(db: Database, signed: SignedIn, disclosure_id: int, reason: str) -> None:
    """The discloser, or a supervisor of the disclosing agency, withdraws a
    disclosure that was returned to them, saying why: it is never shared and
    no longer waits for anyone. Signed like a refusal; the reason is case
    text, so the audit trail holds ids only."""
    reason = _reason(reason, "withdrawn")
    with audited(db, signed.actor), db.write() as session:
        d = session.get(Disclosure, disclosure_id, with_for_update=True)
        if d is None or not access.may_know_of_disclosure(signed.actor.agency_id, d.from_agency_id,
                                                          d.to_agency_id):
            raise NotFound(f"No disclosure {disclosure_id}.")
        if d.from_agency_id != signed.actor.agency_id:
            raise NotPermitted("Only the disclosing agency may withdraw a disclosure.")
        returned = d.outcome == DisclosureOutcome.RETURNED.value and _decided(session, signed.trust, d)
        if not returned:
            raise Conflict(f"Disclosure {disclosure_id} was not returned to the discloser, so there is nothing to "
                           "withdraw." if d.outcome != DisclosureOutcome.WITHDRAWN.value
                           else f"Disclosure {disclosure_id} is already withdrawn.")
        if not access.may_withdraw_disclosure(signed.actor.roles, signed.actor.agency_id, signed.actor.user_id,
                                              d.from_agency_id, d.disclosed_by_id, returned):
            raise NotPermitted("Only the person who made the disclosure, or a supervisor of their agency, may "
                               "withdraw it.")
        referral = session.get(Referral, d.referral_id)
        if not disclosure_verified(session, signed.trust, d, referral.reference):
            raise TrustFailure("disclosure", str(d.id), "does not carry a valid signature of the person who made it")
        d.outcome, d.outcome_reason = DisclosureOutcome.WITHDRAWN.value, reason
        d.outcome_by_id, d.outcome_at = signed.actor.user_id, utcnow()
        sign_outcome(d, signed.keychain.keys.signing)
        record(session, signed.actor, "disclosure.withdraw", "disclosure", str(d.id),
               detail={"referral": referral.reference})


def disclosure_view(session: Session, signed: SignedIn, d: Disclosure, referral: Referral) -> DisclosureEntry | None:
    """One disclosure as the caller may know of it (None: not theirs to know); reads are not audited here."""
    mine = signed.actor.agency_id
    as_sender = d.from_agency_id == mine
    if not access.may_know_of_disclosure(mine, d.from_agency_id, d.to_agency_id):
        return None  # addressed to another agency: not even listed
    text = None
    made = disclosure_verified(session, signed.trust, d, referral.reference)
    authorised = d.authorised_by_id is not None and authorisation_verified(session, signed.trust, d)
    decided = not authorised and _decided(session, signed.trust, d)
    altered = (not made or (d.authorised_by_id is not None or d.authorised_at is not None) and not authorised
               or (d.outcome is not None or d.outcome_by_id is not None) and not decided and not authorised)
    # A recipient reads only what its discloser signed and, without consent,
    # what a second supervisor of the disclosing agency verifiably authorised.
    readable = access.may_read_disclosure_text(signed.actor.roles, mine, d.from_agency_id, d.to_agency_id,
                                               d.consent, authorised, made_verified=made)
    if readable and (as_sender or d.recipient_seal is not None):
        try:
            key = _content_key(session, signed, d, referral, as_sender)
            text = sealing.open_disclosure(key, referral.reference, session.get(Agency, d.from_agency_id).code,
                                           _to_label(session, d), d.nonce, d.ciphertext)
        except (NotPermitted, sealing.DecryptionFailed):
            text = None
    by = session.get(User, d.disclosed_by_id)
    auth = session.get(User, d.authorised_by_id) if authorised else None
    sender, to = session.get(Agency, d.from_agency_id), _to_label(session, d)
    to_name = HUB_TITLE if d.to_agency_id is None else session.get(Agency, d.to_agency_id).name
    return DisclosureEntry(
        d.id, sender.code, sender.name, to, to_name, text, _legacy(d),
        StatutoryGateway(d.statutory_gateway) if d.statutory_gateway else None, d.consent, d.consent_reason,
        d.handling_code, d.justification, by.display_name, d.disclosed_at,
        auth.display_name if auth else None, d.authorised_at if authorised else None,
        access.is_pending(d.consent, authorised, outcome_verified=decided), altered,
        DisclosureOutcome(d.outcome) if decided else None, d.outcome_reason if decided and as_sender else None,
        _name(session, d.outcome_by_id) if decided else None, d.outcome_at if decided else None,
        access.may_withdraw_disclosure(signed.actor.roles, mine, signed.actor.user_id, d.from_agency_id,
                                       d.disclosed_by_id, decided and d.outcome == DisclosureOutcome.RETURNED.value),
        recorded_ground(d), d.consent_from, d.consent_covering)


def _name(session: Session, user_id: int | None) -> str | None:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else None


def disclosures_for(session: Session, signed: SignedIn, referral: Referral) -> list[DisclosureEntry]:
    """Disclosures on a referral the caller may know of, with text where they may read it."""
    rows = session.scalars(select(Disclosure).where(Disclosure.referral_id == referral.id)
                           .order_by(Disclosure.disclosed_at, Disclosure.id))
    views = [v for d in rows if (v := disclosure_view(session, signed, d, referral)) is not None]
    read = [v.id for v in views if v.text is not None]
    if read:
        record(session, signed.actor, "disclosure.read", "referral", referral.reference, detail={"ids": read})
    return views
