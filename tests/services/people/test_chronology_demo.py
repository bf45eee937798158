"""The demo hub shows a person's chronology with signed entries staff added."""

from __future__ import annotations

from mash_desktop.domain.chronology import CURATED, filtered
from mash_desktop.security.accounts import sign_in
from mash_desktop.services.demo.chronology import add_chronology
from mash_desktop.services.demo.keys import DEMO_PASSWORD, demo_credentials
from mash_desktop.services.people import chronology
from mash_desktop.store.database import Database


def test_the_demo_chronology_has_its_entries_signed_and_in_order(demo_db_url):
    db = Database(demo_db_url)
    try:
        officer = sign_in(db, demo_credentials("CSC", "demo"), "csc.officer", DEMO_PASSWORD)
        lead = sign_in(db, demo_credentials("CSC", "demo"), "csc.supervisor", DEMO_PASSWORD)
        person = add_chronology(db, officer)  # what build_demo did, once more
        chron = chronology.person_chronology(db, lead, person, reason="Training")
        added = filtered(chron.items, origin=CURATED)
        assert len(added) == 4 and not chron.altered
        assert [i.day for i in chron.items] == sorted(i.day for i in chron.items)
        assert chron.items[0].curated and chron.references
    finally:
        db.dispose()
