"""What must hold in a hub database however a writer died: whole changes, each with its audit event."""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import func, select

from mash_desktop.services.audit import trail as audit_trail
from mash_desktop.store.database import Database
from mash_desktop.store.models import (Agency, AuditEvent, Panel, ReferenceCounter, Referral, ReferralConcern,
                                       ReferralPerson, User)


def problems(db: Database, creds) -> list[str]:
    """Every broken promise found, in words; empty when the database is whole (the audit
    chain checked with the trust of the workstation enrolled with ``creds``)."""
    verdict = audit_trail.verify(db, audit_trail.station_trust(db, creds))
    found = [] if verdict.ok else [str(verdict)]
    with db.read() as s:
        events: dict[tuple[str, str], list[dict]] = {}
        for action, ref, detail in s.execute(select(AuditEvent.action, AuditEvent.object_ref, AuditEvent.detail)
                                             .where(AuditEvent.action.in_(("referral.add", "panel.write",
                                                                           "referral.allocate")))
                                             .order_by(AuditEvent.id)):
            events.setdefault((action, ref), []).append(json.loads(detail or "{}"))
        people = Counter(dict(s.execute(select(ReferralPerson.referral_id, func.count())
                                        .group_by(ReferralPerson.referral_id)).all()))
        subjects = set(s.scalars(select(ReferralPerson.referral_id).where(ReferralPerson.is_subject.is_(True))))
        concerns = set(s.scalars(select(ReferralConcern.referral_id)))
        usernames = dict(s.execute(select(User.id, User.username)).all())
        referrals = list(s.scalars(select(Referral)))
        for r in referrals:
            added = events.get(("referral.add", r.reference), [])
            if len(added) != 1:
                found.append(f"{r.reference}: {len(added)} referral.add events")
            elif added[0].get("people") != people[r.id]:
                found.append(f"{r.reference}: {people[r.id]} people stored, {added[0].get('people')} recorded")
            if r.id not in subjects or r.id not in concerns:
                found.append(f"{r.reference}: stored without its subjects or concerns")
            given = events.get(("referral.allocate", r.reference), [])
            holder = usernames.get(r.allocated_to_id)
            if (given[-1]["to"] if given else None) != holder:
                found.append(f"{r.reference}: allocated to {holder}, the trail says {given[-1:] or 'nobody'}")
        for panel, reference, code in s.execute(select(Panel, Referral.reference, Agency.code)
                                                .join(Referral, Referral.id == Panel.referral_id)
                                                .join(Agency, Agency.id == Panel.agency_id)):
            writes = len(events.get(("panel.write", f"{reference}/{code}"), []))
            if writes != panel.version:
                found.append(f"{reference}/{code}: panel at version {panel.version}, {writes} panel.write events")
        issued = sum(s.scalars(select(ReferenceCounter.last)))
        if issued != len(referrals):
            found.append(f"{issued} references issued, {len(referrals)} referrals stored")
    return found


def totals(db: Database) -> tuple[int, int, int]:
    """(referrals, panel saves, allocations) so far: proof that the writers got work done."""
    with db.read() as s:
        count = dict(s.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)).all())
    return count.get("referral.add", 0), count.get("panel.write", 0), count.get("referral.allocate", 0)
