"""Typed ORM models of the hub's data.

Codes are stored as their stable string values (see domain/codes.py). Panel
and disclosure text is only ever stored encrypted (ciphertext, nonce, key
version); the security columns are filled by security/ and may be empty on a
hub that has not set up keys yet.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Optional

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    Index,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from ..domain.codes import (
    AgencyKind,
    Channel,
    ConcernCategory,
    ConsentPosition,
    ContactSource,
    DocumentKind,
    HandlingCode,
    Outcome,
    Rag,
    ResearchStatus,
    Role,
    Status,
)
from ..domain.names import KEY_MAX, SUBJECT_KEY_MAX, name_key
from .types import code, intpk, name, short_text, utc, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def coded(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum as its code, without a native type, so codes can grow."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Agency(Base):
    __tablename__ = "agencies"
    id: Mapped[intpk]
    code: Mapped[code] = mapped_column(unique=True)
    name: Mapped[name]
    kind: Mapped[AgencyKind] = mapped_column(coded(AgencyKind))
    seats: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[utc] = mapped_column(default=utcnow)
    retired_at: Mapped[Optional[utc]]
    # Security: the recovery public key (its private half is kept offline by
    # the agency lead), a fingerprint of the workstation secret (never the
    # secret), whether the data key must rotate before the next write, and on
    # PostgreSQL the database role this agency's workstations log in as.
    recovery_public_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    workstation_secret_check: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    rotation_needed: Mapped[bool] = mapped_column(default=False)
    db_role: Mapped[Optional[str]] = mapped_column(String(63), unique=True)
    # Trust (security/trust.py): the agency's identity and public keys signed
    # by the hub root (the hub itself) or a hub administrator
    # (``certified_by_id``); an HMAC of the roots under the workstation
    # secret, which an enrolling workstation checks before pinning them; the
    # public half of the workstation signing key derived from that secret.
    certificate: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    certified_by_id: Mapped[Optional[int]] = mapped_column(Integer)
    root_mac: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    workstation_signing_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class User(Base):
    __tablename__ = "users"
    id: Mapped[intpk]
    username: Mapped[code] = mapped_column(String(64), unique=True)
    display_name: Mapped[name]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[utc] = mapped_column(default=utcnow)
    disabled_at: Mapped[Optional[utc]]
    # Security: password KDF parameters, key pairs (X25519 for sealing,
    # Ed25519 for signing), the private keys wrapped under the password and
    # workstation secret and sealed to the agency recovery key, lockout, and
    # the signed confirmation that lets the user receive the agency's keys.
    kdf_params: Mapped[Optional[str]] = mapped_column(String(200))
    kdf_salt: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    public_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    signing_public_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    wrapped_private_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    recovery_sealed_private_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[Optional[utc]]
    last_sign_in_at: Mapped[Optional[utc]]
    confirmed_at: Mapped[Optional[utc]]
    confirmed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    confirmation_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    # The key certificate signed when the account was made (by its creator,
    # or for an agency lead by the agency's recovery key: certified_by_id
    # None), and the signature over the account's state (active, locked,
    # roles) by whoever last changed it.
    key_certificate: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    certified_by_id: Mapped[Optional[int]] = mapped_column(Integer)
    state_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    state_signed_by_id: Mapped[Optional[int]] = mapped_column(Integer)

    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True, foreign_keys=[agency_id])
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(coded(Role), primary_key=True)


class Workstation(Base):
    __tablename__ = "workstations"
    id: Mapped[intpk]
    name: Mapped[name] = mapped_column(unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    enrolled_at: Mapped[utc] = mapped_column(default=utcnow)
    enrolled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[Optional[utc]]
    # Security: a fingerprint of the workstation secret, never the secret.
    secret_fingerprint: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class ClosureDay(Base):
    """A day the hub is closed beyond weekends and bank holidays."""

    __tablename__ = "closure_days"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reason: Mapped[short_text]


class HubSetting(Base):
    """A named value the hub's administrator sets (services/settings.py reads
    and bounds it: a value read back is checked before it is used)."""

    __tablename__ = "hub_settings"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[utc] = mapped_column(default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))


class Person(Base):
    """A subject of a referral or a member of a subject's household.

    ``given_key`` and ``family_key`` are phonetic keys of the names (see
    domain/names.py), kept in step with the names, for the duplicate check.
    """

    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_family_given", "family_name", "given_name"),
        Index("ix_people_name_keys", "family_key", "given_key"),
    )
    id: Mapped[intpk]
    given_name: Mapped[name]
    family_name: Mapped[name]
    given_key: Mapped[str] = mapped_column(String(KEY_MAX), default="")
    family_key: Mapped[str] = mapped_column(String(KEY_MAX), default="")
    date_of_birth: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    expected_due_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(16), default="unknown")
    ethnicity: Mapped[Optional[name]]
    first_language: Mapped[Optional[name]]
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    address_line1: Mapped[Optional[name]]
    address_line2: Mapped[Optional[name]]
    town: Mapped[Optional[name]]
    postcode: Mapped[Optional[str]] = mapped_column(String(10), index=True)
    school: Mapped[Optional[name]]
    gp: Mapped[Optional[name]]
    nhs_number: Mapped[Optional[str]] = mapped_column(String(10), index=True)  # ten digits (domain/identifiers.py)
    upn: Mapped[Optional[str]] = mapped_column(String(13), index=True)  # unique pupil number
    created_at: Mapped[utc] = mapped_column(default=utcnow)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @validates("given_name", "family_name")
    def _keep_key(self, column: str, value: str) -> str:
        key = "given_key" if column == "given_name" else "family_key"
        setattr(self, key, name_key(value))
        return value


class ReferenceCounter(Base):
    """Last reference number issued per year (MASH-YYYY-NNNNNN)."""

    __tablename__ = "reference_counters"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_status_due", "status", "decision_due_at"),)
    id: Mapped[intpk]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[utc] = mapped_column(index=True)
    source: Mapped[ContactSource] = mapped_column(coded(ContactSource))
    channel: Mapped[Channel] = mapped_column(coded(Channel))
    referrer_name: Mapped[Optional[name]]
    referrer_role: Mapped[Optional[name]]
    referrer_organisation: Mapped[Optional[name]]
    referrer_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    referrer_phone: Mapped[Optional[str]] = mapped_column(String(32))
    referrer_email: Mapped[Optional[name]]
    referrer_is_public: Mapped[bool] = mapped_column(default=False)
    #: The referrer asked not to be identified to the family: documents that
    #: may reach the family or a partner withhold who they are.
    referrer_withheld: Mapped[bool] = mapped_column(default=False, server_default=false())
    concern_details: Mapped[str] = mapped_column(Text)
    parents_aware: Mapped[bool]
    parents_not_aware_reason: Mapped[Optional[short_text]]
    consent_obtained: Mapped[bool]
    consent_from: Mapped[Optional[name]]
    consent_covering: Mapped[Optional[short_text]]
    consent_reason_not_obtained: Mapped[Optional[short_text]]
    status: Mapped[Status] = mapped_column(coded(Status), default=Status.NEW)
    rag: Mapped[Optional[Rag]] = mapped_column(coded(Rag))
    decision_due_at: Mapped[Optional[utc]]
    allocated_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    linked_referral_id: Mapped[Optional[int]] = mapped_column(ForeignKey("referrals.id"))
    #: The first subject's name as the queue sorts and searches it (casefolded
    #: "given family") and their date of birth, kept on the referral so the
    #: queue needs no join (services/intake/referrals.py sets them at intake).
    subject_key: Mapped[Optional[str]] = mapped_column(String(SUBJECT_KEY_MAX))
    subject_dob: Mapped[Optional[dt.date]] = mapped_column(Date)
    #: The share of its research requests that have come back (returned or
    #: nothing known), for the queue's research order; None: no research asked.
    #: Kept by database triggers on research_requests (migration 0018), never
    #: written by the application.
    research_done: Mapped[Optional[float]] = mapped_column(Float)
    #: The rank of its first concern in ConcernCategory's order, for the queue's
    #: concerns order; None: no concern. Kept by database triggers on
    #: referral_concerns (migration 0019), never written by the application.
    concern_rank: Mapped[Optional[int]] = mapped_column(Integer)
    created_at: Mapped[utc] = mapped_column(default=utcnow)
    updated_at: Mapped[utc] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[Optional[utc]]
    #: A phone contact is confirmed in writing: when that is due, and when it came.
    confirmation_due_at: Mapped[Optional[utc]]
    confirmation_received_at: Mapped[Optional[utc]]
    #: The referrer is acknowledged with the reference (services/intake/acknowledgement.py):
    #: when due (None: none expected), when sent and how.
    acknowledgement_due_at: Mapped[Optional[utc]]
    acknowledged_at: Mapped[Optional[utc]]
    acknowledged_how: Mapped[Optional[code]]
    #: An Operation Encompass notification (services/intake/encompass.py): the
    #: incident, when the school's key adult is due to be told, and when they were.
    encompass_incident_at: Mapped[Optional[utc]]
    encompass_due_at: Mapped[Optional[utc]]
    school_informed_at: Mapped[Optional[utc]]
    version: Mapped[int] = mapped_column(default=1)
    #: The last actor's signature over the case's shared state (status, RAG,
    #: due time, allocation, closing); see services/case/signed_state.py.
    state_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    state_signed_by_id: Mapped[Optional[int]] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    people: Mapped[list[ReferralPerson]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralPerson.position"
    )
    concerns: Mapped[list[ReferralConcern]] = relationship(cascade="all, delete-orphan")
    allocated_to: Mapped[Optional[User]] = relationship(foreign_keys=[allocated_to_id])
# The indexes of the queue's orders are in queue_order.py (imported at the end).


class ReferralPerson(Base):
    __tablename__ = "referral_people"
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)
    is_subject: Mapped[bool]
    relationship_to_subject: Mapped[Optional[name]]
    care_and_support_needs: Mapped[Optional[str]] = mapped_column(Text)
    has_capacity: Mapped[Optional[bool]]

    person: Mapped[Person] = relationship(lazy="joined")


class ReferralConcern(Base):
    __tablename__ = "referral_concerns"
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), primary_key=True)
    category: Mapped[ConcernCategory] = mapped_column(coded(ConcernCategory), primary_key=True)


class ReferralEvent(Base):
    """One lifecycle step or RAG change: the case's own history."""

    __tablename__ = "referral_events"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    at: Mapped[utc] = mapped_column(default=utcnow)
    kind: Mapped[code]
    from_status: Mapped[Optional[Status]] = mapped_column(coded(Status))
    to_status: Mapped[Optional[Status]] = mapped_column(coded(Status))
    from_rag: Mapped[Optional[Rag]] = mapped_column(coded(Rag))
    to_rag: Mapped[Optional[Rag]] = mapped_column(coded(Rag))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))


class PersonLink(Base):
    """What was decided about a subject who may be a person already known.

    ``kind`` is "exact" (names and date of birth matched at intake and the
    contact was linked), "linked" (the screening supervisor linked them) or
    "new" (the supervisor confirmed a new person; ``known_person_id`` empty).
    """

    __tablename__ = "person_links"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    known_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[code]
    at: Mapped[utc] = mapped_column(default=utcnow)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ResearchRequest(Base):
    __tablename__ = "research_requests"
    # (agency_id, referral_id): which agencies were asked, and an agency's requests, without a scan.
    __table_args__ = (UniqueConstraint("referral_id", "agency_id"),
                      Index("ix_research_requests_agency_referral", "agency_id", "referral_id"))
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requested_at: Mapped[utc]
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[Optional[utc]]
    status: Mapped[ResearchStatus] = mapped_column(
        coded(ResearchStatus), default=ResearchStatus.REQUESTED
    )
    returned_at: Mapped[Optional[utc]]

    agency: Mapped[Agency] = relationship(lazy="joined")


class Panel(Base):
    """An agency's findings on a referral: ciphertext only."""

    __tablename__ = "panels"
    __table_args__ = (UniqueConstraint("referral_id", "agency_id"),)
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    key_version: Mapped[int]
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    nothing_known: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[utc] = mapped_column(default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Disclosure(Base):
    """What an agency shared from its panel, to whom and on what basis."""

    __tablename__ = "disclosures"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    to_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))  # None: hub
    #: A one-code basis (before bases were recorded in parts), or
    #: domain.lawful_basis.IN_PARTS: the parts below are what was signed.
    lawful_basis: Mapped[short_text]
    statutory_gateway: Mapped[Optional[short_text]]
    consent: Mapped[ConsentPosition] = mapped_column(coded(ConsentPosition))
    consent_reason: Mapped[Optional[short_text]]
    #: The kinds of data shared (comma-separated codes) and the grounds in
    #: parts (domain/lawful_basis.py); insert-only.
    data_kinds: Mapped[Optional[short_text]]
    article6: Mapped[Optional[short_text]]
    article9: Mapped[Optional[short_text]]
    article10: Mapped[Optional[short_text]]
    schedule8: Mapped[Optional[short_text]]
    consent_from: Mapped[Optional[str]] = mapped_column(Text)
    consent_covering: Mapped[Optional[str]] = mapped_column(Text)
    handling_code: Mapped[HandlingCode] = mapped_column(coded(HandlingCode))
    justification: Mapped[str] = mapped_column(Text)
    disclosed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    disclosed_at: Mapped[utc] = mapped_column(default=utcnow)
    authorised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    authorised_at: Mapped[Optional[utc]]
    # The text is sealed under a fresh content key; that key is sealed to the
    # disclosing agency's key and, once the disclosure may be read, to the
    # recipient's (the hub key or one agency's key).
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sender_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id"))
    sender_seal: Mapped[bytes] = mapped_column(LargeBinary)
    recipient_key_id: Mapped[Optional[int]] = mapped_column(ForeignKey("data_keys.id"))
    recipient_seal: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    #: The discloser's signature over what was disclosed, and the second
    #: supervisor's over their authorisation (a no-consent disclosure opens
    #: for its recipient only when the latter verifies).
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    authorisation_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    #: Refused or returned instead of authorised, with the reason (case text,
    #: shown to the disclosing agency only), by whom, when, and their signature.
    outcome: Mapped[Optional[short_text]]
    outcome_reason: Mapped[Optional[str]] = mapped_column(Text)
    outcome_by_id: Mapped[Optional[int]] = mapped_column(Integer)
    outcome_at: Mapped[Optional[utc]]
    outcome_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class Decision(Base):
    __tablename__ = "decisions"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(coded(Outcome))
    threshold_level: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[Optional[str]] = mapped_column(Text)
    named_service: Mapped[Optional[name]]
    research_override_reason: Mapped[Optional[str]] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # the decider's


class Consultation(Base):
    """A professional's call for advice, and the advice given."""

    __tablename__ = "consultations"
    id: Mapped[intpk]
    received_at: Mapped[utc] = mapped_column(default=utcnow, index=True)
    caller_name: Mapped[name]
    caller_role: Mapped[Optional[name]]
    caller_organisation: Mapped[Optional[name]]
    caller_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    caller_phone: Mapped[Optional[str]] = mapped_column(String(32))
    caller_email: Mapped[Optional[name]]
    topic: Mapped[str] = mapped_column(Text)
    advice: Mapped[str] = mapped_column(Text)
    given_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    converted_referral_id: Mapped[Optional[int]] = mapped_column(ForeignKey("referrals.id"))


class DataKey(Base):
    """One version of an agency's data key, or of the hub key (agency_id None).

    The key itself is never stored; ``public_key`` is the X25519 public key
    derived from it, so anyone can seal to the agency without reading it, and
    ``signing_public_key`` the Ed25519 public key of the agency's document
    signing key derived from it, so anyone can check the agency's documents.
    """

    __tablename__ = "data_keys"
    __table_args__ = (UniqueConstraint("scope", "agency_id", "version"),)
    id: Mapped[intpk]
    scope: Mapped[str] = mapped_column(String(8))  # "agency" or "hub"
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    version: Mapped[int]
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    signing_public_key: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    created_at: Mapped[utc] = mapped_column(default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    #: The creator's signature over the public halves (security/trust.py).
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class KeySeal(Base):
    """A data key sealed (HPKE) to one user, or to the agency recovery key."""

    __tablename__ = "key_seals"
    __table_args__ = (UniqueConstraint("data_key_id", "recipient_user_id"),)
    id: Mapped[intpk]
    data_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id"), index=True)
    recipient_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)  # None: recovery
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[utc] = mapped_column(default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))


class AuditEvent(Base):
    """Who did what to which object, when, where and why. Never content.

    ``prev_hash``/``hash`` chain the events; see security/audit.py.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[utc] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    workstation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("workstations.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_ref: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    justification: Mapped[Optional[str]] = mapped_column(Text)
    detail: Mapped[Optional[str]] = mapped_column(Text)
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary)
    hash: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # Ed25519 over hash
    #: Whose key signed: "user" (the actor's) or "station" (the agency's
    #: workstation key, for what happens before anyone signs in).
    signer: Mapped[Optional[str]] = mapped_column(String(8))


class AuditHead(Base):
    """The single row naming the chain's last event; locked to append."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    last_hash: Mapped[bytes] = mapped_column(LargeBinary)


class AuditCheckpoint(Base):
    """A signed statement of the chain head at one moment (Ed25519)."""

    __tablename__ = "audit_checkpoints"
    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    head_hash: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[utc] = mapped_column(default=utcnow)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    """A PDF the hub produced: what it was, for whom, and how to recognise it.

    ``content_fingerprint`` is the SHA-256 of the document's canonical content
    (printed, shortened, on every page); ``file_sha256`` that of the exact
    file written. Both are signed with the producing agency's document key
    (version ``key_version``, public half ``signing_public_key``). Rows are
    only ever added, never changed.
    """

    __tablename__ = "documents"
    id: Mapped[intpk]
    token: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[DocumentKind] = mapped_column(coded(DocumentKind))
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    produced_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    produced_at: Mapped[utc]
    recipient: Mapped[short_text]
    pages: Mapped[int]
    content_fingerprint: Mapped[bytes] = mapped_column(LargeBinary)
    file_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    key_version: Mapped[int]
    signing_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
from . import strategy_models  # noqa: E402,F401
from . import chronology_models  # noqa: E402,F401
from . import warning_models  # noqa: E402,F401
from . import no_share_models  # noqa: E402,F401
from . import subject_access_models  # noqa: E402,F401
from . import retention_models  # noqa: E402,F401
from . import agreement_models  # noqa: E402,F401
from . import queue_order  # noqa: E402,F401
