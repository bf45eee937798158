"""Demo hub: two open contacts about one family, for a trainer to show households.

The mother named on the first open contact that names one is named again,
the same person (name and date of birth), on the next such contact, and that
contact's children live at her address: the two contacts form one household,
their children a sibling group, and the queue's "Group by household" brings
them together.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.codes import Status
from ...store.database import Database
from ...store.models import Person, Referral, ReferralPerson

_HOME = ("address_line1", "address_line2", "town", "postcode")


def _mothers(session: Session) -> list:
    return session.execute(
        select(Referral.reference, Referral.id, ReferralPerson.person_id)
        .join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(Referral.status != Status.CLOSED, ReferralPerson.is_subject.is_(False),
               ReferralPerson.relationship_to_subject == "mother")
        .order_by(Referral.id).limit(2)).all()


def family_references(db: Database) -> tuple[str, str] | None:
    """The two contacts :func:`join_a_family` made one family (None: there are not two)."""
    with db.read() as session:
        rows = _mothers(session)
    return (rows[0][0], rows[1][0]) if len(rows) == 2 else None


def join_a_family(db: Database) -> tuple[str, str] | None:
    """Make two open contacts one family; their references (None: fewer than two name a mother)."""
    with db.write() as session:
        rows = _mothers(session)
        if len(rows) < 2:
            return None
        (first, _, mother_id), (second, second_id, other_id) = rows
        mother, other = session.get(Person, mother_id), session.get(Person, other_id)
        for column in ("given_name", "family_name", "date_of_birth", *_HOME):
            setattr(other, column, getattr(mother, column))
        for child in session.scalars(select(Person).join(ReferralPerson, ReferralPerson.person_id == Person.id)
                                     .where(ReferralPerson.referral_id == second_id,
                                            ReferralPerson.is_subject.is_(True))):
            for column in _HOME:
                setattr(child, column, getattr(mother, column))
        return first, second
