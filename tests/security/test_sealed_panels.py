"""Panels and disclosures are readable only by those holding the keys."""

import pytest
from sqlalchemy import select, text, update

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.admin import users
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.store.models import AuditEvent, Panel

from .. import hub_factory

REF = "MASH-2026-000001"
SECRET = "Intelligence: subject's partner has a 2019 conviction for ABH (grade B2P)."


@pytest.fixture
def hub(db):
    return hub_factory.build(db)


def test_own_agency_reads_other_agency_cannot(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    assert panels.read_panel(hub.db, pol, REF, "POL").text == SECRET
    assert panels.read_panel(hub.db, hub.sign_in("pol.lead"), REF, "POL").text == SECRET
    csc = hub.sign_in("csc.officer")
    with pytest.raises(NotPermitted, match="sealed"):
        panels.read_panel(hub.db, csc, REF, "POL")
    # Even a client that skips the service check gets no key: CSC holds no POL seal.
    with hub.db.write() as s:
        panel = s.scalar(select(Panel))
        key = panels.vault.current_key(s, "agency", panel.agency_id)
        with pytest.raises(NotPermitted):
            csc.keychain.open(s, key)


def test_admin_and_unconfirmed_member_read_nothing(hub):
    panels.write_panel(hub.db, hub.sign_in("pol.officer"), REF, SECRET)
    with pytest.raises(NotPermitted):
        panels.read_panel(hub.db, hub.sign_in("hub.admin"), REF, "POL")
    newcomer = hub.sign_in("pol.new")
    view = None
    with pytest.raises(NotPermitted):
        view = panels.read_panel(hub.db, newcomer, REF, "POL")
    assert view is None
    users.confirm_member(hub.db, hub.sign_in("pol.lead"), "pol.new")
    assert panels.read_panel(hub.db, hub.sign_in("pol.new"), REF, "POL").text == SECRET


def test_text_is_nowhere_in_the_database(hub, db_url):
    panels.write_panel(hub.db, hub.sign_in("pol.officer"), REF, SECRET)
    disclosures.disclose(hub.db, hub.sign_in("pol.officer"), REF, DisclosureRequest(
        "hub", LawfulBasis.ART6_1E, ConsentPosition.NOT_SOUGHT, "would alert the partner", HandlingCode.C,
        "Risk to the child", "Partner has a violence conviction"))
    needle = b"conviction"
    if db_url.startswith("sqlite"):
        hub.db.dispose()
        path = db_url.removeprefix("sqlite:///")
        for suffix in ("", "-wal"):
            try:
                data = open(path + suffix, "rb").read()
            except FileNotFoundError:
                continue
            assert needle not in data
    else:
        with hub.db.engine.connect() as conn:
            dump = conn.execute(text("SELECT string_agg(t::text, '') FROM (SELECT * FROM panels) t")).scalar()
            dump += conn.execute(text("SELECT string_agg(t::text, '') FROM (SELECT * FROM disclosures) t")).scalar()
            dump += conn.execute(text("SELECT string_agg(t::text, '') FROM (SELECT * FROM audit_events) t")).scalar()
        assert "conviction" not in dump and needle.hex() not in dump


def test_moved_ciphertext_fails_and_is_logged(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    second = hub_factory.add_referral(hub.db, pol.actor, hub_factory.EXAMPLE | {
        "referrer": hub_factory.EXAMPLE["referrer"] | {"agency": None}})
    panels.write_panel(hub.db, pol, second, "Nothing of note.")
    with hub.db.write() as s:
        first, other = s.scalars(select(Panel).order_by(Panel.id)).all()
        s.execute(update(Panel).where(Panel.id == other.id).values(nonce=first.nonce, ciphertext=first.ciphertext))
    view = panels.read_panel(hub.db, pol, second, "POL")
    assert view.state == "unreadable" and view.text is None
    assert panels.read_panel(hub.db, pol, REF, "POL").text == SECRET  # the rest still loads
    with hub.db.read() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "panel.unreadable")) is not None


def test_disclosure_with_and_without_consent(hub):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    given = disclosures.disclose(hub.db, pol, REF, DisclosureRequest(
        "CSC", LawfulBasis.ART6_1E, ConsentPosition.GIVEN, None, HandlingCode.P, "Needed for s47", "Shared A"))
    pending = disclosures.disclose(hub.db, pol, REF, DisclosureRequest(
        "hub", LawfulBasis.DPA_PART3_S35_SCH8_4, ConsentPosition.REFUSED, "Mother refused", HandlingCode.C,
        "Risk outweighs refusal", "Shared B"))

    def texts(username):
        signed = hub.sign_in(username)
        with hub.db.write() as s:
            ref = disclosures.referral_by_reference(s, REF)
            return {v.id: v.text for v in disclosures.disclosures_for(s, signed, ref)}

    assert texts("csc.officer") == {given: "Shared A", pending: None}
    assert texts("hlt.officer") == {pending: None}  # CSC's is not even listed
    assert texts("pol.officer") == {given: "Shared A", pending: "Shared B"}
    with pytest.raises(NotPermitted, match="supervisor"):
        disclosures.authorise(hub.db, pol, pending)
    with pytest.raises(NotPermitted):
        disclosures.authorise(hub.db, hub.sign_in("csc.lead"), pending)
    disclosures.authorise(hub.db, hub.sign_in("pol.lead"), pending)
    assert texts("hlt.officer") == {pending: "Shared B"}
    assert texts("csc.officer") == {given: "Shared A", pending: "Shared B"}
    assert texts("hub.admin") == {pending: None}


def test_discloser_cannot_authorise_their_own(hub):
    lead = hub.sign_in("pol.lead")
    panels.write_panel(hub.db, lead, REF, SECRET)
    own = disclosures.disclose(hub.db, lead, REF, DisclosureRequest(
        "hub", LawfulBasis.ART6_1E, ConsentPosition.NOT_SOUGHT, "Would increase risk", HandlingCode.P,
        "Safeguarding", "Shared C"))
    with pytest.raises(NotPermitted, match="other than"):
        disclosures.authorise(hub.db, lead, own)
