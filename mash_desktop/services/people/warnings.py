"""Warnings on people: add, change, end, list what a reader may see, and share.

Who sees a warning:

- the agency that added it (its casework staff hold the key it is sealed to);
- every caseworker, for a hub-wide worker safety warning (sealed to the hub key);
- an agency to which the owner disclosed it on a case, with a lawful basis,
  through an ordinary disclosure (:func:`share_warning`): the recipient sees
  it once the disclosure's own rules let them read its text.

Nobody else learns of it: the rows name neither person, kind nor reason in
the clear, and the audit trail holds only record ids. A warning added on one
contact shows on every person recorded as the same (person_links).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import access
from ...domain.errors import FieldError, NotFound, NotPermitted
from ...domain.warnings import (ALTERED, CURRENT, ENDED, HUB_WIDE, OWN, REASON_LIMIT, SHARED, WarningEvent,
                                WarningKind, WarningView, check_dates, parse_shared, state_of)
from ...security import warning_sealing
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import audited
from ...store.database import Database
from ...store.models import Agency, Disclosure, Person, PersonLink, Referral, ReferralPerson, User
from ...store.types import utcnow
from ..case.disclosures import disclosure_view
from ..case.history import same_people
from ..intake.referrals import HUB_ZONE, referral_by_reference
from . import warning_store
from .warning_store import Opened


def _today() -> dt.date:
    return utcnow().astimezone(HUB_ZONE).date()


def _reason(reason: str, what: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FieldError(what, "say why")
    if len(reason) > REASON_LIMIT:
        raise FieldError(what, f"keep it to {REASON_LIMIT} characters")
    if "\x00" in reason:
        raise FieldError(what, "the text contains a NUL character")
    return reason


def _dates(start: dt.date, end: dt.date | None) -> None:
    try:
        check_dates(start, end)
    except ValueError as exc:
        raise FieldError("end", str(exc)) from None


# -- writing -----------------------------------------------------------------------

def add_warning(db: Database, signed: SignedIn, person_id: int, kind: WarningKind, reason: str, start: dt.date,
                end: dt.date | None = None) -> int:
    """Add a warning on a person for the caller's agency (hub-wide if worker safety); return its id."""
    signed.require(*access.roles_for(access.Step.WARN))
    kind = WarningKind.parse(kind) if isinstance(kind, str) else kind
    reason = _reason(reason)
    _dates(start, end)
    with audited(db, signed.actor), db.write() as session:
        if session.get(Person, person_id) is None:
            raise NotFound(f"No person {person_id}.")
        row = warning_store.add_record(session, signed, person_id, kind.hub_wide, {
            "action": "add", "kind": kind.value, "reason": reason, "start": start.isoformat(),
            "end": end.isoformat() if end else None})
        record(session, signed.actor, "warning.add", "person_warning", str(row.id),
               detail={"hub_wide": kind.hub_wide})
        return row.id


def _changeable(session: Session, signed: SignedIn, warning_id: int) -> WarningView:
    view = _own_warning(session, signed, warning_id)
    if view.state == ALTERED:
        raise NotPermitted(f"Warning {warning_id} was altered outside the hub: it cannot be changed or ended.")
    agency = session.scalar(select(Agency).where(Agency.code == view.agency))
    if not access.may_change_warning(signed.actor.roles, signed.actor.agency_id, agency.id):
        raise NotPermitted(f"Only {view.agency}'s casework staff may change or end warning {warning_id}.")
    if view.ended_on is not None:
        raise FieldError("warning", f"warning {warning_id} was already ended")
    return view


def change_warning(db: Database, signed: SignedIn, warning_id: int, reason: str, start: dt.date,
                   end: dt.date | None) -> None:
    """Record a new reason and dates for a warning (its kind stays); the old ones stay in its history."""
    signed.require(*access.roles_for(access.Step.WARN))
    reason = _reason(reason)
    _dates(start, end)
    with audited(db, signed.actor), db.write() as session:
        view = _changeable(session, signed, warning_id)
        row = warning_store.add_record(session, signed, view.person_id, view.source == HUB_WIDE, {
            "action": "change", "warning": _uid(session, warning_id), "reason": reason,
            "start": start.isoformat(), "end": end.isoformat() if end else None})
        record(session, signed.actor, "warning.change", "person_warning", str(warning_id),
               detail={"record": row.id})


def end_warning(db: Database, signed: SignedIn, warning_id: int, ended_on: dt.date, reason: str) -> None:
    """End a warning from ``ended_on``, saying why; it stays in the person's history."""
    signed.require(*access.roles_for(access.Step.WARN))
    reason = _reason(reason)
    with audited(db, signed.actor), db.write() as session:
        view = _changeable(session, signed, warning_id)
        if view.start is not None and ended_on < view.start:
            raise FieldError("ended", "the warning cannot end before it started")
        row = warning_store.add_record(session, signed, view.person_id, view.source == HUB_WIDE, {
            "action": "end", "warning": _uid(session, warning_id), "reason": reason,
            "ended_on": ended_on.isoformat()})
        record(session, signed.actor, "warning.end", "person_warning", str(warning_id), detail={"record": row.id})


def _uid(session: Session, warning_id: int) -> str:
    return session.get(warning_store.PersonWarningRecord, warning_id).uid


# -- reading -----------------------------------------------------------------------

def _name(session: Session, user_id) -> str | None:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    return user.display_name if user else None


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _event(session: Session, o: Opened) -> WarningEvent:
    c = o.content or {}
    return WarningEvent(c.get("action", "?") if o.holds else "altered", o.at, _name(session, c.get("by")),
                        c.get("reason") if o.holds else None, _date(c.get("start") or c.get("ended_on")),
                        _date(c.get("end")), not o.holds)


def _views(session: Session, opened: list[Opened], own_agency_id: int | None) -> list[WarningView]:
    """Warnings built from their records: the add, then changes and the end, in order."""
    by_uid = {o.row.uid: o for o in opened if o.holds and o.content.get("action") == "add"}
    follow: dict[str, list[Opened]] = {}
    views: list[WarningView] = []
    for o in opened:
        target = (o.content or {}).get("warning")
        if target in by_uid and o.row.agency_id == by_uid[target].row.agency_id:
            follow.setdefault(target, []).append(o)
        elif o.row.uid not in by_uid:  # an add that does not hold, or a record that does not open
            views.append(WarningView(o.row.id, o.person_id, None, None, None, None,
                                     session.get(Agency, o.row.agency_id).code, OWN, ALTERED,
                                     history=(_event(session, o),)))
    today = _today()
    for uid, add in by_uid.items():
        c = add.content
        try:
            kind = WarningKind.parse(c.get("kind", ""))
        except ValueError:
            kind = None
        reason, start, end, ended = c.get("reason"), _date(c.get("start")), _date(c.get("end")), None
        altered = False
        for o in follow.get(uid, []):
            f = o.content or {}
            if not o.holds:
                altered = True
            elif f.get("action") == "change":
                reason, start, end = f.get("reason"), _date(f.get("start")), _date(f.get("end"))
            elif f.get("action") == "end":
                ended = o
        history = (_event(session, add), *(_event(session, o) for o in follow.get(uid, [])))
        state = ALTERED if altered else state_of(kind, end, ended is not None, today)
        agency = session.get(Agency, add.row.agency_id)
        hub_wide = kind is not None and kind.hub_wide
        views.append(WarningView(
            add.row.id, add.person_id, kind, reason, start, end, agency.code,
            HUB_WIDE if hub_wide else OWN, state, _name(session, c.get("by")), add.at,
            _name(session, ended.content.get("by")) if ended else None,
            _date(ended.content.get("ended_on")) if ended else None,
            ended.content.get("reason") if ended else None, history=history))
    return views


def _groups(session: Session, person_ids: set[int]) -> dict[int, set[int]]:
    """Each person with everyone recorded as the same person."""
    everyone = same_people(session, person_ids)
    parent = {p: p for p in everyone}

    def root(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p
    for a, b in session.execute(select(PersonLink.person_id, PersonLink.known_person_id).where(
            PersonLink.known_person_id.is_not(None), PersonLink.person_id.in_(everyone))).all():
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    members: dict[int, set[int]] = {}
    for p in everyone:
        members.setdefault(root(p), set()).add(p)
    return {p: members[root(p)] for p in person_ids}


def _shared(session: Session, signed: SignedIn, everyone: set[int]) -> list[WarningView]:
    """Warnings other agencies disclosed to the reader (or the hub) on cases about these people."""
    mine = signed.actor.agency_id
    referrals = set(session.scalars(select(ReferralPerson.referral_id)
                                    .where(ReferralPerson.person_id.in_(everyone))))
    if not referrals or mine is None:
        return []
    rows = session.scalars(select(Disclosure).where(
        Disclosure.referral_id.in_(referrals), Disclosure.from_agency_id != mine,
        (Disclosure.to_agency_id == mine) | Disclosure.to_agency_id.is_(None)).order_by(Disclosure.id))
    found: dict[tuple[str, int], WarningView] = {}
    today = _today()
    for d in rows:
        entry = disclosure_view(session, signed, d, session.get(Referral, d.referral_id))
        shared = parse_shared(entry.text if entry and not entry.altered else None)
        if shared is None or shared.person_id not in everyone:
            continue
        found[(entry.from_agency, shared.warning_id)] = WarningView(
            shared.warning_id, shared.person_id, shared.kind, shared.reason, shared.start, shared.end,
            entry.from_agency, SHARED, state_of(shared.kind, shared.end, False, today), entry.disclosed_by,
            entry.disclosed_at, disclosure_id=d.id)
    return list(found.values())


def visible_warnings(session: Session, signed: SignedIn, person_ids) -> dict[int, list[WarningView]]:
    """Per person id, the warnings the reader may see on them or anyone recorded as the same person:
    their agency's own, hub-wide worker safety ones, and those disclosed to them."""
    wanted = {int(p) for p in person_ids}
    result: dict[int, list[WarningView]] = {p: [] for p in wanted}
    if not wanted or not signed.actor.roles & access.CASEWORK_ROLES:
        return result
    groups = _groups(session, wanted)
    everyone = set().union(*groups.values())
    keys = warning_store.readable_keys(session, signed)
    views = _views(session, warning_store.open_rows(session, signed, keys, everyone), signed.actor.agency_id)
    views += _shared(session, signed, everyone)
    for p in wanted:
        result[p] = sorted((v for v in views if v.person_id in groups[p]),
                           key=lambda v: (v.state != CURRENT, v.state != ALTERED, v.label))
    return result


def _own_warning(session: Session, signed: SignedIn, warning_id: int) -> WarningView:
    """A warning sealed to a key the reader holds (their agency's, or hub-wide)."""
    row = session.get(warning_store.PersonWarningRecord, warning_id)
    keys = warning_store.readable_keys(session, signed)
    if row is None or row.data_key_id not in keys:
        raise NotFound(f"No warning {warning_id} that you may see.")
    opened = warning_store.open_rows(session, signed, keys, _person_of(session, signed, row, keys))
    mine = [v for v in _views(session, opened, signed.actor.agency_id) if v.id == warning_id]
    if not mine:
        raise NotFound(f"No warning {warning_id} that you may see.")
    return mine[0]


def _person_of(session: Session, signed: SignedIn, row, keys: dict[int, bytes]) -> set[int]:
    try:
        content = warning_sealing.open_record(keys[row.data_key_id], row.uid,
                                              session.get(Agency, row.agency_id).code, row.data_key_id,
                                              row.nonce, row.ciphertext)
        return {int(content["person"])}
    except (warning_sealing.DecryptionFailed, KeyError, TypeError, ValueError):
        return set()


def warning_history(db: Database, signed: SignedIn, warning_id: int) -> WarningView:
    """One warning of the reader's agency (or hub-wide) with every record of its history; audited."""
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    with audited(db, signed.actor), db.write() as session:
        view = _own_warning(session, signed, warning_id)
        record(session, signed.actor, "warning.read", "person_warning", str(warning_id))
        return view


def person_warnings(db: Database, signed: SignedIn, person_id: int) -> list[WarningView]:
    """Every warning the reader may see on one person (and anyone recorded as the same), with history."""
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    with audited(db, signed.actor), db.write() as session:
        if session.get(Person, person_id) is None:
            raise NotFound(f"No person {person_id}.")
        views = visible_warnings(session, signed, [person_id])[person_id]
        record(session, signed.actor, "warning.list", "person", str(person_id))  # nothing of what was shown
        return views


def subject_of(db: Database, signed: SignedIn, reference: str) -> int:
    """The person id of a case's (first) subject, for naming a person by the case's reference."""
    signed.require(*access.roles_for(access.Step.WARN))
    with db.read() as session:
        referral = referral_by_reference(session, reference)
        found = session.scalar(select(ReferralPerson.person_id).where(
            ReferralPerson.referral_id == referral.id, ReferralPerson.is_subject.is_(True))
            .order_by(ReferralPerson.position).limit(1))
        if found is None:
            raise NotFound(f"{referral.reference} names no subject.")
        return found


__all__ = ["ALTERED", "CURRENT", "ENDED", "HUB_WIDE", "OWN", "SHARED", "WarningKind", "WarningView",
           "add_warning", "change_warning", "end_warning", "person_warnings", "subject_of", "visible_warnings",
           "warning_history"]
