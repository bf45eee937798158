"""The demo hub: accounts in every role that sign in, sealed panels, disclosures."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from mash_desktop.domain.codes import ConsentPosition, Role, Status
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.security.accounts import sign_in, workstation_trust
from mash_desktop.security.audit import verify_chain
from mash_desktop.services.demo import guide, hub as demo
from mash_desktop.services.case import panels
from mash_desktop.services.admin import users
from mash_desktop.services.case.disclosures import disclosures_for
from mash_desktop.services.enrolment.startup import open_demo
from mash_desktop.services.intake.referrals import referral_by_reference
from mash_desktop.store.database import Database
from mash_desktop.store.models import Agency, Disclosure, Panel, Referral, ResearchRequest


@pytest.fixture
def hub(demo_db_url):
    db = Database(demo_db_url)
    yield db
    db.dispose()


def _signed(db, username):
    code = username.split(".")[0].upper()
    return sign_in(db, demo.demo_credentials(code, "demo"), username, demo.DEMO_PASSWORD)


def test_every_role_has_a_demo_account_that_signs_in(hub):
    db = hub
    accounts = users.list_users(db)
    assert len(accounts) == 1 + len(demo.AGENCIES) + sum(len(staff) for staff in demo.STAFF.values())
    roles = {r for u in accounts for r in u.roles}
    assert roles == set(Role)
    for username in ("hub.admin", "hub.auditor", "csc.supervisor", "csc.decision", "pol.officer", "prb.officer"):
        assert _signed(db, username).actor.username == username
    casework = [u for u in accounts if set(u.roles) & {Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER}]
    assert casework and all(u.confirmed for u in casework)


def test_panels_are_sealed_to_their_agency(hub):
    db = hub
    with db.read() as s:
        reference, agency, ciphertext = s.execute(
            select(Referral.reference, Agency.code, Panel.ciphertext)
            .join(Panel, Panel.referral_id == Referral.id).join(Agency, Agency.id == Panel.agency_id)
            .order_by(Panel.id)).first()
    own = panels.read_panel(db, _signed(db, f"{agency.lower()}.officer"), reference, agency)
    assert own.state == "readable" and own.text and own.text.encode() not in ciphertext
    other = "POL" if agency != "POL" else "HLT"
    with pytest.raises(NotPermitted):
        panels.read_panel(db, _signed(db, f"{other.lower()}.officer"), reference, agency)


def test_disclosures_to_the_hub_are_readable_by_another_agency(hub):
    db = hub
    reader = _signed(db, "csc.officer")
    readable = []
    with db.read() as s:
        for reference in s.scalars(select(Referral.reference)):
            referral = referral_by_reference(s, reference)
            readable += [d for d in disclosures_for(s, reader, referral) if d.text]
    assert readable and all(d.from_agency != "CSC" for d in readable)


def test_research_status_matches_panels_and_the_audit_chain_verifies(hub):
    db = hub
    with db.read() as s:
        requests = s.scalars(select(ResearchRequest)).all()
        panel_keys = {(p.referral_id, p.agency_id) for p in s.scalars(select(Panel))}
        assert panel_keys <= {(r.referral_id, r.agency_id) for r in requests}
        verdict = verify_chain(s, workstation_trust(s, demo.demo_credentials("HUB", "demo")))
        statuses = set(s.scalars(select(Referral.status)))
    assert panel_keys and statuses == set(Status)
    assert verdict.ok, str(verdict)


def test_demo_refuses_a_database_that_holds_a_hub(hub):
    db = hub
    with pytest.raises(Conflict):
        demo.build_demo(db, referrals=1)


def test_every_agency_has_a_workstation_where_its_accounts_sign_in(hub, demo_db_url):
    desks = guide.desks(hub)
    assert [d.code for d in desks] == ["HUB", *sorted(code for code, *_ in demo.AGENCIES)]
    listed = {username for d in desks for username, _ in d.accounts}
    assert listed == {u.username for u in users.list_users(hub)}
    assert {r for d in desks for _, roles in d.accounts for r in roles} == set(Role)
    for desk in desks:
        place = open_demo(desk.code, demo_db_url)
        try:
            assert place.agency_code == desk.code and set(place.demo_usernames) == {u for u, _ in desk.accounts}
            assert desk.enrol_as in place.demo_usernames
            for username, roles in desk.accounts:
                signed = sign_in(place.db, place.creds, username, demo.DEMO_PASSWORD)
                assert signed.actor.username == username and set(signed.actor.roles) == set(roles)
        finally:
            place.db.dispose()


def test_the_readme_names_every_demo_account_and_workstation(hub):
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The demo hub", 1)[1].split("\n## ", 1)[0]
    assert demo.DEMO_PASSWORD in section
    for desk in guide.desks(hub):
        assert desk.code in section
        for username, _ in desk.accounts:
            pattern = username.replace(f"{desk.code.lower()}.", "<code>.", 1)
            assert f"`{username}`" in section or f"`{pattern}`" in section, username


def test_disclosures_wait_for_a_manager_only_on_cases_not_decided_yet(hub):
    with hub.read() as s:
        rows = s.execute(select(Disclosure.consent, Disclosure.authorised_at, Referral.status)
                         .join(Referral, Referral.id == Disclosure.referral_id)).all()
    waiting = [status for consent, authorised, status in rows
               if consent is not ConsentPosition.GIVEN and authorised is None]
    assert len(waiting) >= 2
    assert set(waiting) <= {Status.RESEARCHING, Status.AWAITING_DECISION}
