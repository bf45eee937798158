"""Refusals and returns against an insider: the SQLite file's holder, and an
agency's own PostgreSQL role, writing the disclosure row by hand."""

from __future__ import annotations

from mash_desktop.domain.codes import ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis, Rag
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake import screening
from tests.pg_roles_support import changes_nothing, connect, refused
from tests.store.test_pg_insider import built, hub  # noqa: F401 (fixtures)

from .test_sqlite_file_holder import REF, SECRET, _sql, filed  # noqa: F401 (fixture)

WHY = "Not proportionate: CSC already holds this through the strategy meeting."


def _pending(db, officer) -> int:
    panels.write_panel(db, officer, REF, SECRET)
    return disclosures.disclose(db, officer, REF, DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.NOT_SOUGHT, "Would put the child at risk", HandlingCode.P,
        "Needed for the strategy discussion", SECRET))


def test_a_refused_disclosure_rewritten_as_authorised_stays_closed(filed):
    screening.screen(filed.db, filed.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Known", research=["POL"])
    made = _pending(filed.db, filed.sign_in("pol.officer"))
    disclosures.refuse(filed.db, filed.sign_in("pol.lead"), made, WHY)
    _sql(filed, "UPDATE disclosures SET outcome = NULL, outcome_signature = NULL, "
                "authorised_by_id = outcome_by_id, authorised_at = outcome_at, recipient_key_id = sender_key_id, "
                "recipient_seal = sender_seal WHERE id = ?", (made,))
    [seen] = open_case(filed.db, filed.sign_in("csc.lead"), REF, WORKSPACE, "Checking the record").disclosures
    assert seen.text is None and seen.altered and seen.authorised_by is None and SECRET not in repr(seen)


def test_a_refusal_written_by_hand_takes_nothing_off_the_supervisors_list(filed):
    screening.screen(filed.db, filed.sign_in("csc.lead"), REF, rag=Rag.AMBER, reason="Known", research=["POL"])
    made = _pending(filed.db, filed.sign_in("pol.officer"))
    _sql(filed, "UPDATE disclosures SET outcome = 'refused', outcome_reason = 'No', outcome_at = disclosed_at, "
                "outcome_by_id = (SELECT id FROM users WHERE username = 'pol.lead') WHERE id = ?", (made,))
    [seen] = open_case(filed.db, filed.sign_in("pol.officer"), REF, WORKSPACE, "Checking the record").disclosures
    assert seen.pending and seen.altered and seen.outcome is None and seen.outcome_reason is None
    disclosures.return_to_discloser(filed.db, filed.sign_in("pol.lead"), made, WHY)
    [seen] = open_case(filed.db, filed.sign_in("pol.officer"), REF, WORKSPACE, "Checking the record").disclosures
    assert (seen.outcome, seen.outcome_reason, seen.altered) == (DisclosureOutcome.RETURNED, WHY, False)


def test_an_agency_role_decides_only_its_own_disclosures_in_its_own_members_name(hub):  # noqa: F811
    pol_db = hub.db_as("POL")
    made = _pending(pol_db, hub.sign_in("pol.officer"))
    disclosures.refuse(pol_db, hub.sign_in("pol.lead"), made, WHY)
    assert hub.ids("SELECT d.outcome, u.username FROM disclosures d JOIN users u ON u.id = d.outcome_by_id") == [
        ("refused", "pol.lead")]
    p = {"id": made, "csc": hub.user_id("csc.lead")}
    with connect(hub.url_as("POL")) as conn:
        refused(conn, "UPDATE disclosures SET outcome_by_id = :csc WHERE id = :id", p)
    with connect(hub.url_as("CSC")) as conn:
        changes_nothing(conn, "UPDATE disclosures SET outcome = NULL WHERE id = :id", p)
        conn.rollback()
