"""Lists of people for a signed-in reader, each one audited.

A list of referrals names their subjects with their dates of birth; a list of
staff names hub staff. Whoever asks for one is signed in, and the audit
trail records that they listed, with the filters they gave and how many
rows they got: never who was on it.
"""

from __future__ import annotations

from ...domain.codes import Status
from ...domain.errors import NotPermitted
from ...security.accounts import SignedIn
from ...security.audit import record
from ...store.database import Database
from ..admin.agencies import normalise_code
from ..intake.referrals import ReferralSummary, list_referrals
from ..admin.staff import load_staff
from ..admin.users import UserInfo


def _audit(db: Database, signed: SignedIn, action: str, object_type: str, detail: dict[str, object]) -> None:
    with db.write() as session:
        record(session, signed.actor, action, object_type, None, detail=detail)


def referrals(db: Database, signed: SignedIn, status: Status | None = None) -> list[ReferralSummary]:
    """Referrals, oldest first (optionally of one status), as any member of the hub sees them in the queue."""
    rows = list_referrals(db, status)
    _audit(db, signed, "referral.list", "referral", {"status": status.value if status else None, "rows": len(rows)})
    return rows


def staff(db: Database, signed: SignedIn, agency: str | None = None) -> list[UserInfo]:
    """Staff as an administrator or supervisor looks after them (services/admin/staff.py), optionally of one agency."""
    seen = load_staff(db, signed)
    code = normalise_code(agency) if agency else None
    if code and not seen.all_agencies and code != seen.own_agency:
        raise NotPermitted(f"You see the staff of your own agency, {seen.own_agency}; "
                           "only the hub's administrators see other agencies' staff.")
    rows = [u for u in seen.users if code is None or u.agency == code]
    _audit(db, signed, "user.list", "user", {"agency": code, "rows": len(rows)})
    return rows
