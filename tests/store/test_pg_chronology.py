"""A person's chronology on PostgreSQL, through the agencies' own database roles.

Staff add curated entries and finish a chronology through their agency's
role; an insider holding another agency's role can neither write an entry
or a finishing in someone else's name, nor change or remove what was
written, even their own. Without a server these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.chronology import Category, EntryInput, Significance
from mash_desktop.services.people import chronology
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def _subject(hub) -> int:
    return hub.ids("SELECT p.person_id FROM referral_people p JOIN referrals r ON r.id = p.referral_id "
                   "WHERE r.reference = :r AND p.is_subject", r=REF)[0][0]


def _rows(hub) -> list[tuple]:
    return hub.ids("SELECT id, first_id, version, analysis, written_by_id FROM chronology_entries ORDER BY id")


def test_entries_and_finishing_through_the_agency_role_and_none_in_another_agencys_name(hub):
    lead = hub.sign_in("csc.lead")
    person = _subject(hub)
    given = EntryInput(dt.date(2026, 11, 19), Category.EDUCATION, "Class teacher", Significance.MEDIUM,
                       "Ruby arrived hungry three days running.")
    entry_id = chronology.add_entry(hub.db_as("CSC"), lead, person, given)
    chronology.finish(hub.db_as("CSC"), lead, person)
    written = _rows(hub)
    assert written == [(entry_id, None, 1, given.analysis, hub.user_id("csc.lead"))]

    params = {"p": person, "u": hub.user_id("csc.lead"), "e": entry_id}
    with connect(hub.url_as("POL")) as conn:
        # An entry, or a reopening, in a CSC supervisor's name by someone holding the police's role.
        refused(conn, "INSERT INTO chronology_entries (person_id, first_id, version, happened_on, category, source, "
                      "significance, analysis, written_by_id, written_at) VALUES (:p, :e, 2, '2026-11-19', "
                      "'other', 'x', 'low', 'Nothing of note.', :u, now())", params)
        refused(conn, "INSERT INTO chronology_finishes (person_id, finished, reason, by_id, at) "
                      "VALUES (:p, false, 'x', :u, now())", params)
        refused(conn, "UPDATE chronology_entries SET analysis = 'Nothing of note.'")
        refused(conn, "DELETE FROM chronology_finishes")
        conn.rollback()
    with connect(hub.url_as("CSC")) as conn:
        # Even the writing agency changes nothing already written: an edit is a new version.
        refused(conn, "UPDATE chronology_entries SET analysis = 'Nothing of note.' WHERE id = :e", params)
        refused(conn, "UPDATE chronology_finishes SET finished = false")
        refused(conn, "DELETE FROM chronology_entries WHERE id = :e", params)
        conn.rollback()
    assert _rows(hub) == written
    assert hub.ids("SELECT finished, by_id FROM chronology_finishes") == [(True, hub.user_id("csc.lead"))]
