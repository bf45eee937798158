"""A recorded lawful basis stays as recorded, on PostgreSQL through the
agencies' own database roles: its parts are insert-only, so not even the
disclosing agency can change them. Without a server these tests skip."""

from __future__ import annotations

import pytest

from mash_desktop.domain.codes import ConsentPosition, HandlingCode
from mash_desktop.domain.lawful_basis import Article6, Article9, DataKind, LawfulGround
from mash_desktop.services.case import disclosures, panels
from tests.pg_roles_support import connect, refused
from tests.store.test_pg_insider import REF, built, hub  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow


def test_no_agency_can_change_a_recorded_basis(hub):
    pol_db = hub.db_as("POL")
    officer = hub.sign_in("pol.officer")
    panels.write_panel(pol_db, officer, REF, "Missed appointments.")
    made = disclosures.disclose(pol_db, officer, REF, disclosures.DisclosureRequest(
        "hub", None, ConsentPosition.GIVEN, None, HandlingCode.C, "Needed to assess risk", "Missed appointments.",
        ground=LawfulGround(frozenset({DataKind.HEALTH}), Article6.E, Article9.G_SCH1_18),
        consent_from="Mother", consent_covering="Mother and Ruby"))
    assert hub.ids("SELECT lawful_basis, data_kinds, article6, article9, consent_from FROM disclosures") == [
        ("in_parts", "health", "6_1_e", "9_2_g_sch1_18", "Mother")]
    for agency in ("POL", "CSC"):
        with connect(hub.url_as(agency)) as conn:
            for change in ("article6 = '6_1_c'", "article9 = NULL", "article10 = 'sch1_10'", "schedule8 = 'sch8_4'",
                           "data_kinds = 'personal'", "consent_from = 'Father'", "consent_covering = NULL",
                           "lawful_basis = 'art6_1e'"):
                refused(conn, f"UPDATE disclosures SET {change} WHERE id = :i", {"i": made})
    assert hub.ids("SELECT lawful_basis, data_kinds, article6, article9, consent_from FROM disclosures") == [
        ("in_parts", "health", "6_1_e", "9_2_g_sch1_18", "Mother")]
