"""Signed shared state: who made a case, decision, disclosure or account the way it is.

The database is not trusted to say who did what, so every change of shared
state carries the acting user's Ed25519 signature over a canonical message
(a JSON list starting with a versioned label, as in security/trust.py), and
clients verify before they show a row as fact. Signers' public keys are
trusted only through :class:`~mash_desktop.security.trust.Trust`.

- **Referrals**: reference, status, RAG, due time, allocation, closing and the
  linked earlier case, signed by whoever changed them last, with the number
  of the audit event that recorded the change (its *epoch*, as for accounts):
  a case put back by hand to an earlier signed state does not verify either.
- **Decisions**: by the decision maker; **disclosures**: as made, by the
  discloser, and their authorisation by a second supervisor of the
  disclosing agency (a no-consent disclosure opens only with the latter).
- **Accounts**: see security/account_state.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from ...domain import access, lawful_basis
from ...domain.codes import LawfulBasis
from ...domain.lifecycle import Step
from ...security import crypto
from ...security.crypto import Ed25519PrivateKey
from ...security.trust import Trust, TrustFailure
from ...security.account_state import EPOCH_BYTES as _EPOCH
from ...security.account_state import account_roles
from ...security.account_state import held_user as _user
from ...security.account_state import message as _message
from ...security.account_state import verify_cached as _verify
from ...store.models import Agency, AuditEvent, Decision, Disclosure, Referral, User

ALTERED = "altered outside the hub"
#: Audit actions that change a referral's shared state.
REFERRAL_ACTIONS = ("referral.add", "referral.rag", "referral.allocate", *(f"referral.{s.value}" for s in Step),
                    "referral.acknowledged", "referral.school_informed", "referral.confirmation")


def _when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds") if moment else None


def _digest(data: bytes | str | None) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else (data or b"")
    return hashlib.sha256(raw).hexdigest()


def _value(code) -> str | None:
    return code.value if code is not None and hasattr(code, "value") else code


def _signing_key(session: Session, trust: Trust, user_id: int | None) -> tuple[User, bytes] | None:
    user = _user(session, user_id)
    if user is None:
        return None
    try:
        return user, trust.user_signing_key(session, user)
    except TrustFailure:
        return None


# -- referrals ------------------------------------------------------------------

#: What a referral's signature covers: reference, status, RAG, decision due,
#: allocated to (user id), closed at, linked referral (id).
ReferralState = tuple[str, object, object, "dt.datetime | None", "int | None", "dt.datetime | None", "int | None"]


def referral_message(state: ReferralState, epoch: int, signer_id: int | None) -> bytes:
    reference, status, rag, due, allocated_to_id, closed_at, linked_referral_id = state
    return _message("mash referral state v1", reference, _value(status), _value(rag), _when(due), allocated_to_id,
                    _when(closed_at), linked_referral_id, epoch, signer_id)


def referral_state(r: Referral) -> ReferralState:
    return r.reference, r.status, r.rag, r.decision_due_at, r.allocated_to_id, r.closed_at, r.linked_referral_id


def sign_referral(referral: Referral, signer: Ed25519PrivateKey | None, signer_id: int | None,
                  event: AuditEvent) -> None:
    """Sign the case's state as it now stands, bound to ``event`` (the audit
    event recording the change); unsigned without a signed-in actor.

    The change itself was flushed with its event; the signature is written
    beside it without counting as another change of the case, so its
    version still moves by one per change (what optimistic locking and the
    other workstations go by)."""
    signature = None
    if signer is not None and signer_id is not None:
        message = referral_message(referral_state(referral), event.id, signer_id)
        signature = event.id.to_bytes(_EPOCH, "big") + crypto.sign(signer, message)
    else:
        signer_id = None
    table = Referral.__table__
    object_session(referral).execute(update(table).where(table.c.id == referral.id).values(
        state_signature=signature, state_signed_by_id=signer_id))
    set_committed_value(referral, "state_signature", signature)
    set_committed_value(referral, "state_signed_by_id", signer_id)


def referral_epochs(session: Session, references: list[str]) -> dict[str, int]:
    """Per reference, the number of the latest audit event that changed the case's state."""
    found: dict[str, int] = {}
    for start in range(0, len(references), 500):
        found.update(session.execute(
            select(AuditEvent.object_ref, func.max(AuditEvent.id))
            .where(AuditEvent.object_type == "referral", AuditEvent.object_ref.in_(references[start:start + 500]),
                   AuditEvent.action.in_(REFERRAL_ACTIONS))
            .group_by(AuditEvent.object_ref)).all())
    return found


def referral_state_verified(session: Session, trust: Trust, referral: Referral) -> bool:
    latest = referral_epochs(session, [referral.reference]).get(referral.reference, 0)
    return state_holds(session, trust, referral_state(referral), referral.state_signed_by_id,
                       referral.state_signature, latest)


def state_holds(session: Session, trust: Trust, state: ReferralState, signer_id: int | None,
                signature: bytes | None, latest: int) -> bool:
    """Whether the referral's ``state`` is signed, with the latest change
    recorded for it (``latest``, from :func:`referral_epochs`), by the person
    it names, whose key chains to the pinned roots.

    The signer's roles are not asked for: a signature says who made the
    change, and roles change later (someone who leaves casework must not
    turn every case they touched into an altered one)."""
    blob = bytes(signature or b"")
    if len(blob) <= _EPOCH or int.from_bytes(blob[:_EPOCH], "big") != latest:
        return False
    found = _signing_key(session, trust, signer_id)
    return found is not None and _verify(found[1], blob[_EPOCH:], referral_message(state, latest, signer_id))


# -- decisions ------------------------------------------------------------------

def decision_message(d: Decision, reference: str) -> bytes:
    return _message("mash decision v1", reference, _value(d.outcome), d.threshold_level, _digest(d.rationale),
                    _digest(d.next_steps), d.named_service, _digest(d.research_override_reason), d.decided_by_id,
                    _when(d.decided_at))


def sign_decision(d: Decision, reference: str, signer: Ed25519PrivateKey | None) -> None:
    d.signature = crypto.sign(signer, decision_message(d, reference)) if signer is not None else None


def decision_verified(session: Session, trust: Trust, d: Decision, reference: str) -> bool:
    found = _signing_key(session, trust, d.decided_by_id)
    return found is not None and _verify(found[1], d.signature, decision_message(d, reference))


# -- disclosures ----------------------------------------------------------------

def _code(session: Session, agency_id: int | None) -> str:
    return "hub" if agency_id is None else session.get(Agency, agency_id).code


def disclosure_message(session: Session, d: Disclosure, reference: str) -> bytes:
    """v1 for a one-code basis (as recorded before bases were recorded in
    parts); v2, over every part and consent from whom and covering whom,
    for one recorded in parts."""
    if d.lawful_basis == lawful_basis.IN_PARTS:
        return _message("mash disclosure v2", reference, _code(session, d.from_agency_id),
                        _code(session, d.to_agency_id), d.lawful_basis, d.data_kinds, d.article6, d.article9,
                        d.article10, d.schedule8, d.statutory_gateway, _value(d.consent), d.consent_reason,
                        _digest(d.consent_from), _digest(d.consent_covering), _value(d.handling_code),
                        _digest(d.justification), _digest(d.ciphertext), d.disclosed_by_id, _when(d.disclosed_at))
    return _message("mash disclosure v1", reference, _code(session, d.from_agency_id),
                    _code(session, d.to_agency_id), d.lawful_basis, d.statutory_gateway, _value(d.consent),
                    d.consent_reason, _value(d.handling_code), _digest(d.justification), _digest(d.ciphertext),
                    d.disclosed_by_id, _when(d.disclosed_at))


def recorded_ground(d: Disclosure) -> lawful_basis.LawfulGround | None:
    """The grounds as stored in parts; None if a part is not a known code."""
    try:
        return lawful_basis.LawfulGround(
            lawful_basis.parse_kinds(d.data_kinds),
            lawful_basis.Article6(d.article6) if d.article6 else None,
            lawful_basis.Article9(d.article9) if d.article9 else None,
            lawful_basis.Article10(d.article10) if d.article10 else None,
            lawful_basis.Schedule8(d.schedule8) if d.schedule8 else None)
    except ValueError:
        return None


def _parts_hold(d: Disclosure) -> bool:
    """A one-code disclosure's parts are the ones its code names (the v1
    signature covers the code only) and it names nobody for consent."""
    try:
        legacy = lawful_basis.from_legacy(LawfulBasis(d.lawful_basis))
    except (ValueError, KeyError):
        return False
    return recorded_ground(d) == legacy and d.consent_from is None and d.consent_covering is None


def authorisation_message(d: Disclosure) -> bytes:
    return _message("mash disclosure authorisation v1", d.id, _digest(d.ciphertext), d.recipient_key_id,
                    _digest(d.recipient_seal), d.authorised_by_id, _when(d.authorised_at))


def sign_disclosure(session: Session, d: Disclosure, reference: str, signer: Ed25519PrivateKey) -> None:
    d.signature = crypto.sign(signer, disclosure_message(session, d, reference))


def sign_authorisation(d: Disclosure, signer: Ed25519PrivateKey) -> None:
    d.authorisation_signature = crypto.sign(signer, authorisation_message(d))


def disclosure_verified(session: Session, trust: Trust, d: Disclosure, reference: str) -> bool:
    """The discloser's signature holds over what was disclosed, to whom and why."""
    found = _signing_key(session, trust, d.disclosed_by_id)
    return (found is not None and found[0].agency_id == d.from_agency_id
            and (d.lawful_basis == lawful_basis.IN_PARTS or _parts_hold(d))
            and _verify(found[1], d.signature, disclosure_message(session, d, reference)))


def authorisation_verified(session: Session, trust: Trust, d: Disclosure) -> bool:
    """A supervisor of the disclosing agency, not the discloser, signed this authorisation."""
    if d.authorised_by_id is None or d.authorised_at is None or d.authorised_by_id == d.disclosed_by_id:
        return False
    found = _signing_key(session, trust, d.authorised_by_id)
    if found is None or found[0].agency_id != d.from_agency_id:
        return False
    if not _verify(found[1], d.authorisation_signature, authorisation_message(d)):
        return False
    return access.may_act(account_roles(session, trust, found[0]) or frozenset(), access.Step.AUTHORISE)


def outcome_message(d: Disclosure) -> bytes:
    return _message("mash disclosure outcome v1", d.id, _digest(d.ciphertext), d.outcome, _digest(d.outcome_reason),
                    d.outcome_by_id, _when(d.outcome_at))


def sign_outcome(d: Disclosure, signer: Ed25519PrivateKey) -> None:
    d.outcome_signature = crypto.sign(signer, outcome_message(d))


def outcome_verified(session: Session, trust: Trust, d: Disclosure) -> bool:
    """A supervisor of the disclosing agency, not the discloser, signed this
    refusal or return (and its reason), as for an authorisation."""
    if d.outcome is None or d.outcome_by_id is None or d.outcome_at is None or d.outcome_by_id == d.disclosed_by_id:
        return False
    found = _signing_key(session, trust, d.outcome_by_id)
    if found is None or found[0].agency_id != d.from_agency_id:
        return False
    if not _verify(found[1], d.outcome_signature, outcome_message(d)):
        return False
    return access.may_act(account_roles(session, trust, found[0]) or frozenset(), access.Step.AUTHORISE)


def withdrawal_verified(session: Session, trust: Trust, d: Disclosure) -> bool:
    """The discloser, or someone who may authorise for the disclosing agency,
    signed this withdrawal of a returned disclosure (and its reason)."""
    if d.outcome != "withdrawn" or d.outcome_by_id is None or d.outcome_at is None:
        return False
    found = _signing_key(session, trust, d.outcome_by_id)
    if found is None or not _verify(found[1], d.outcome_signature, outcome_message(d)):
        return False
    roles = account_roles(session, trust, found[0]) or frozenset()
    return access.may_withdraw_disclosure(roles, found[0].agency_id, found[0].id, d.from_agency_id,
                                          d.disclosed_by_id, returned=True)
