"""Redacting other people's personal data from a subject access response.

The hub suggests a redaction for every other person on its person records
for the contacts gathered (their name, the parts of it the person does not
share, their address and date of birth) and for the referrer (name, phone,
email). A reviewer confirms each suggestion or lifts it with a reason, and
may add phrases of their own. Every decision is a new row signed by the
reviewer (only ever added; the latest about a phrase stands) and one audit
event with its codes, never the phrase. The response cannot be produced
while a suggestion is undecided or a decision does not verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import subject_access as sar
from ...domain.errors import Conflict, FieldError
from ...domain.subject_access import RedactionDecision, RedactionKind, Suggestion
from ...security import crypto
from ...security.account_state import held_user, message, signed_by
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import Trust
from ...store.database import Database
from ...store.subject_access_models import SubjectAccessRedaction
from ...store.types import utcnow
from .gather import HubPart, gather_hub, hub_part
from .requests import OBJECT, get_request, require

_DOB_FORMATS = ("%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Suggested:
    """A suggestion with every form of it that is looked for."""

    suggestion: Suggestion
    variants: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.suggestion.phrase, *self.variants)


def _dob_forms(day: dt.date) -> tuple[str, ...]:
    forms = [day.strftime(f) for f in _DOB_FORMATS]
    forms += [f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}", f"{day.day}/{day.month}/{day.year}"]
    return tuple(dict.fromkeys(forms))


def suggest(hub: HubPart) -> list[Suggested]:
    """What the hub suggests redacting from ``hub``: other people's data, never the person's own."""
    theirs = [p for c in hub.contacts for p in c.people if p.is_them]
    own_words = {w for p in theirs for w in sar.phrase_key(p.name).split()}
    own = {sar.phrase_key(x) for p in theirs for x in (p.line1, p.postcode) if x}
    own_days = {p.date_of_birth for p in theirs if p.date_of_birth}
    found: dict[str, Suggested] = {}

    def add(phrase: str | None, kind: RedactionKind, whose: str, variants: tuple[str, ...] = ()) -> None:
        phrase = sar.clean_phrase(phrase or "")
        key = sar.phrase_key(phrase)
        if len(key) < sar.MIN_PHRASE or key in own:
            return
        if kind in (RedactionKind.NAME, RedactionKind.REFERRER) and set(key.split()) <= own_words:
            return
        if key not in found:
            found[key] = Suggested(Suggestion(phrase, kind, whose), variants)

    for contact in hub.contacts:
        for p in contact.people:
            if p.is_them:
                continue
            whose = f"{p.name} ({p.relationship.lower()}, {contact.reference})"
            for part in (p.name, p.given_name, p.family_name):
                add(part, RedactionKind.NAME, whose)
            add(p.line1, RedactionKind.ADDRESS, whose)
            add(p.postcode, RedactionKind.ADDRESS, whose)
            if p.date_of_birth and p.date_of_birth not in own_days:
                forms = _dob_forms(p.date_of_birth)
                add(forms[0], RedactionKind.DATE_OF_BIRTH, whose, forms[1:])
        r = contact.referrer
        whose = f"Referrer of {contact.reference}"
        if r.name:
            add(r.name, RedactionKind.REFERRER, whose)
            for part in r.name.split():
                if len(part) > 2:
                    add(part, RedactionKind.REFERRER, whose)
        add(r.phone, RedactionKind.REFERRER, whose)
        add(r.email, RedactionKind.REFERRER, whose)
    return list(found.values())


# -- decisions ------------------------------------------------------------------

def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def redaction_message(row: SubjectAccessRedaction) -> bytes:
    return message("mash subject access redaction v1", row.request_id, row.phrase, row.kind, row.decision,
                   _digest(row.reason), row.by_id,
                   row.at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"))


def row_verified(session: Session, trust: Trust, row: SubjectAccessRedaction) -> bool:
    return signed_by(session, trust, row.by_id, row.signature, redaction_message(row)) is not None


@dataclass(frozen=True)
class Decided:
    decision: RedactionDecision
    reason: str | None
    by: str
    at: dt.datetime


@dataclass
class Review:
    """The suggestions and decisions of one request, as the reviewer sees them."""

    request_id: int
    hub: HubPart
    suggested: list[Suggested]
    decided: dict[str, Decided] = field(default_factory=dict)  # by phrase key
    added: dict[str, tuple[str, Decided]] = field(default_factory=dict)  # key -> (phrase, decision)
    altered: list[int] = field(default_factory=list)  # decision rows that do not verify

    @property
    def pending(self) -> list[Suggested]:
        return [s for s in self.suggested if s.suggestion.key not in self.decided]

    def aliases(self) -> dict[str, str]:
        """Each other form of a suggestion (a date written another way) -> the suggestion's key."""
        return {sar.phrase_key(v): s.suggestion.key for s in self.suggested for v in s.variants}

    def redacted_phrases(self) -> list[str]:
        """Every phrase to take out: suggestions not lifted (undecided ones too) and added ones not lifted."""
        phrases = [p for s in self.suggested
                   if (d := self.decided.get(s.suggestion.key)) is None or d.decision is not RedactionDecision.LIFTED
                   for p in s.phrases]
        phrases += [phrase for phrase, d in self.added.values() if d.decision is not RedactionDecision.LIFTED]
        return phrases


def _decisions(session: Session, signed: SignedIn, review: Review) -> None:
    keys = {s.suggestion.key for s in review.suggested}
    rows = session.scalars(select(SubjectAccessRedaction).where(
        SubjectAccessRedaction.request_id == review.request_id).order_by(SubjectAccessRedaction.id))
    for row in rows:
        if not row_verified(session, signed.trust, row):
            review.altered.append(row.id)
            continue
        user = held_user(session, row.by_id)
        decided = Decided(RedactionDecision(row.decision), row.reason, user.display_name, row.at)
        key = sar.phrase_key(row.phrase)
        if key in keys:
            review.decided[key] = decided
        else:
            review.added[key] = (row.phrase, decided)


def review(db: Database, signed: SignedIn, request_id: int) -> Review:
    """The request's hub part, what is suggested for redaction and what was decided."""
    hub = gather_hub(db, signed, request_id)
    found = Review(request_id, hub, suggest(hub))
    with db.read() as session:
        _decisions(session, signed, found)
    return found


def redaction_phrases(session: Session, signed: SignedIn, request_id: int) -> list[str]:
    """The phrases to take out of request ``request_id``'s documents, read in the caller's transaction:
    so an agency's part is redacted as the hub's is."""
    found = Review(request_id, (hub := hub_part(session, signed, request_id)), suggest(hub))
    _decisions(session, signed, found)
    if found.altered:
        raise Conflict(f"{len(found.altered)} redaction decision(s) of request {request_id} were altered outside "
                       "the hub: they cannot be trusted. Tell the hub administrator.")
    return found.redacted_phrases()


def decide(db: Database, signed: SignedIn, request_id: int, phrase: str, decision: RedactionDecision | str,
           reason: str | None = None, kind: RedactionKind | str | None = None) -> None:
    """Confirm, lift (with a reason) or add (with a reason) the redaction of ``phrase``."""
    require(signed)
    decision = RedactionDecision(decision)
    phrase = sar.clean_phrase(phrase)
    reason = " ".join((reason or "").split()) or None
    if len(sar.phrase_key(phrase)) < sar.MIN_PHRASE:
        raise FieldError("phrase", f"at least {sar.MIN_PHRASE} letters or digits")
    if len(phrase) > sar.MAX_PHRASE:
        raise FieldError("phrase", f"at most {sar.MAX_PHRASE} characters")
    if decision is not RedactionDecision.CONFIRMED and not reason:
        raise FieldError("reason", "say why")
    if reason and len(reason) > 2000:
        raise FieldError("reason", "at most 2000 characters")
    kind = RedactionKind(kind) if kind else (RedactionKind.PHRASE if decision is RedactionDecision.ADDED else None)
    with db.write() as session:
        req = get_request(session, signed, request_id, live=True)
        if kind is None:
            raise FieldError("kind", "say what kind of personal data the phrase is")
        if signed.actor.signer is None:
            raise Conflict("Sign in with your own account to decide a redaction.")
        row = SubjectAccessRedaction(request_id=req.id, phrase=phrase, kind=kind.value, decision=decision.value,
                                     reason=reason, by_id=signed.actor.user_id, at=utcnow())
        row.signature = crypto.sign(signed.actor.signer, redaction_message(row))  # before it is written: never updated
        session.add(row)
        session.flush()
        record(session, signed.actor, "subject_access.redaction", OBJECT, str(req.id),
               detail={"redaction": row.id, "decision": decision.value, "kind": kind.value})


def confirm_all(db: Database, signed: SignedIn, request_id: int) -> int:
    """Confirm every suggestion still undecided; how many."""
    found = review(db, signed, request_id)
    for s in found.pending:
        decide(db, signed, request_id, s.suggestion.phrase, RedactionDecision.CONFIRMED, kind=s.suggestion.kind)
    return len(found.pending)
