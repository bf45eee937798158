"""The demo hub's children carry NHS numbers and, at school age, UPNs
(services/demo/identifiers.py): valid, one per person, none for adults."""

from __future__ import annotations

from sqlalchemy import select

from mash_desktop.domain.identifiers import clean_nhs_number, clean_upn
from mash_desktop.services.case.history import same_people
from mash_desktop.services.demo.identifiers import add_identifiers
from mash_desktop.store.database import Database
from mash_desktop.store.models import Person, ReferralPerson

from ...conftest import DEMO_NOW


def test_the_demo_childrens_numbers_are_valid_and_one_per_person(demo_db_url):
    db = Database(demo_db_url)
    try:
        assert add_identifiers(db, DEMO_NOW.date()) == 0  # done when the demo was built: again changes nothing
        with db.read() as s:
            subjects = s.scalars(select(Person).join(ReferralPerson, ReferralPerson.person_id == Person.id)
                                 .where(ReferralPerson.is_subject.is_(True)).distinct()).all()
            numbered = [p for p in subjects if p.nhs_number]
            assert len(numbered) >= 10 and any(p.upn for p in numbered)
            by_number: dict[str, set[int]] = {}
            for person in numbered:
                assert clean_nhs_number(person.nhs_number) == person.nhs_number
                assert person.upn is None or clean_upn(person.upn) == person.upn
                assert (DEMO_NOW.date() - person.date_of_birth).days // 365 < 18
                by_number.setdefault(person.nhs_number, set()).add(person.id)
            for ids in by_number.values():  # one number is one person (records linked as one)
                assert ids <= same_people(s, {min(ids)})
            assert all(p.nhs_number is None for p in s.scalars(select(Person)) if p not in subjects)
    finally:
        db.dispose()
