"""The warnings on a case's people, as the Warnings dialog shows them.

Each person the case names (subjects first), with every warning the reader
may see on them or on anyone recorded as the same person, current and ended,
each with its history. Listing them is audited (the case only: nothing
of what was shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain import access
from ...domain.warnings import WarningView
from ...security.accounts import SignedIn
from ...security.audit import record
from ...security.trust import audited
from ...store.database import Database
from ..case.reader import ReasonNeeded, clean_reason, is_involved
from ..intake.referrals import referral_by_reference
from .warnings import visible_warnings


@dataclass(frozen=True)
class PersonWarnings:
    person_id: int
    name: str
    date_of_birth: dt.date | None
    subject: bool
    relationship: str | None
    warnings: tuple[WarningView, ...]

    @property
    def current(self) -> tuple[WarningView, ...]:
        """The warnings a badge shows: current ones, and altered ones (to be looked into)."""
        return tuple(w for w in self.warnings if w.state != "ended")


def case_warnings(db: Database, signed: SignedIn, reference: str, reason: str | None = None
                  ) -> tuple[PersonWarnings, ...]:
    """Everyone ``reference`` names, subjects first, with the warnings the reader may see on them.

    The case's people are case details: a reader who would need a reason to
    open the case (services/case/reader.py) needs one here too.
    """
    signed.require(*access.roles_for(access.Step.OPEN_CASE))
    reason = clean_reason(reason)
    with audited(db, signed.actor), db.write() as session:
        referral = referral_by_reference(session, reference)
        decided = access.case_access(signed.actor.roles, is_involved(session, signed, referral), referral.status)
        if decided is access.CaseAccess.OPEN or (decided is access.CaseAccess.REASON_NEEDED and reason):
            links = sorted(referral.people, key=lambda p: (not p.is_subject, p.position))
            seen = visible_warnings(session, signed, [p.person_id for p in links])
            # Which warnings, or how many, would tell whoever reads the trail what is held on whom.
            record(session, signed.actor, "warning.list", "referral", referral.reference, justification=reason)
            return tuple(PersonWarnings(p.person_id, p.person.full_name, p.person.date_of_birth, p.is_subject,
                                        p.relationship_to_subject, tuple(seen[p.person_id])) for p in links)
        record(session, signed.actor, "warning.list_refused", "referral", referral.reference)
    raise ReasonNeeded(referral.reference, f"{referral.reference} is not allocated to you or your agency, nor is "
                                           "your agency researching it: give the reason you need to see its "
                                           "people's warnings.")
