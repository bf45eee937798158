"""Decisions not to share: recorded by those who would disclose, read only by
their own agency, signed and checked on read; and the sharing record lists
them and counts, without detail, the disclosures the reader may not see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import Conflict, FieldError, NotFound, NotPermitted
from mash_desktop.domain.no_share import TEXT_LIMIT
from mash_desktop.services.case import documents, no_share, reader
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.models import AuditEvent, Referral, User
from mash_desktop.store.no_share_models import NoShareDecision
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import flat, pages

CONSIDERED = "NOSHARE-CONSIDERED: the partner's licence conditions and the probation officer's name."
WHY_NOT = "NOSHARE-WHY: CSC already hold the licence conditions; naming the officer adds nothing."


def _case(h, username: str):
    return reader.open_case(h.db, h[username], REF, reader.WORKSPACE)


def _decline(h, who: str = "pol.officer", to: str = "CSC", considered: str = CONSIDERED, why: str = WHY_NOT,
             reference: str = REF) -> int:
    return no_share.decline(h.db, h[who], reference, to, considered, why)


def test_recorded_with_whom_what_and_why_and_read_by_the_own_agency_only(doc_hub):
    h = doc_hub
    made = _decline(h, considered=f"  {CONSIDERED}\n")
    to_hub = _decline(h, who="pol.lead", to="hub", considered="Second thought", why="Not proportionate")
    for username in ("pol.officer", "pol.lead"):
        mine = _case(h, username).not_to_share
        assert [(e.id, e.agency, e.to, e.considered, e.why_not, e.decided_by, e.altered) for e in mine] == [
            (made, "POL", "CSC", CONSIDERED, WHY_NOT, "POL Officer", False),
            (to_hub, "POL", "hub", "Second thought", "Not proportionate", "POL Lead", False)]
        assert mine[0].with_whom == "CSC agency (CSC)" and mine[1].with_whom == "The whole hub"
    for username in ("csc.officer", "csc.decision", "hlt.officer"):
        assert _case(h, username).not_to_share == ()
    with h.db.read() as s:
        raw = repr([(r.nonce, r.ciphertext, r.uid) for r in s.scalars(select(NoShareDecision))])
        events = s.scalars(select(AuditEvent).where(AuditEvent.action.like("sharing.decline%"))).all()
    assert "NOSHARE" not in raw and "licence" not in raw
    assert [e.action for e in events][:2] == ["sharing.decline", "sharing.decline"]
    assert "sharing.decline_read" in [e.action for e in events]
    for e in events:
        assert "NOSHARE" not in f"{e.detail}{e.justification}" and "CSC" not in f"{e.detail}"


def test_only_officers_and_supervisors_of_an_agency_with_a_panel(doc_hub):
    h = doc_hub
    with pytest.raises(NotPermitted):
        _decline(h, who="csc.decision", to="POL")
    with pytest.raises(NotPermitted):
        no_share.decline(h.db, h.hub.sign_in("hub.admin"), REF, "CSC", CONSIDERED, WHY_NOT)
    with pytest.raises(NotPermitted, match="confirmed"):
        _decline(h, who="pol.new")
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    with pytest.raises(Conflict, match="panel"):
        _decline(h, reference=second)
    with pytest.raises(FieldError, match="another agency"):
        _decline(h, to="POL")
    with pytest.raises(NotFound):
        _decline(h, to="XYZ")
    for considered, why in (("", WHY_NOT), (CONSIDERED, "  \n"), ("x" * (TEXT_LIMIT + 1), WHY_NOT),
                            (CONSIDERED, "a\x00b")):
        with pytest.raises(FieldError):
            _decline(h, considered=considered, why=why)
    assert _case(h, "pol.officer").not_to_share == ()
    _decline(h, considered="x" * TEXT_LIMIT)


@pytest.mark.parametrize("change", ["ciphertext", "decider", "moved", "time"])
def test_a_record_changed_outside_the_hub_shows_as_altered(doc_hub, change):
    h = doc_hub
    made = _decline(h)
    other = _decline(h, who="pol.lead", to="hub", considered="Kept", why="Kept as it was")
    second = add_referral(h.db, h["csc.officer"].actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    officer = h["pol.officer"]
    with h.db.write() as s:
        row = s.get(NoShareDecision, made)
        if change == "ciphertext":
            row.ciphertext = bytes(row.ciphertext[:-1]) + bytes([row.ciphertext[-1] ^ 1])
        elif change == "decider":  # in the lead's name, signed with the officer's own key
            row.decided_by_id = s.scalar(select(User.id).where(User.username == "pol.lead"))
            row.signature = officer.keychain.keys.signing.sign(no_share.record_message(row, REF, "POL"))
        elif change == "moved":  # a copy on another case: its sealing names this one
            row.referral_id = s.scalar(select(Referral.id).where(Referral.reference == second))
        else:
            row.decided_at = row.decided_at.replace(year=2020)
    entries = {e.id: e for e in _case(h, "pol.officer").not_to_share}
    assert not entries[other].altered and entries[other].considered == "Kept"
    if change == "moved":
        assert made not in entries
        assert reader.open_case(h.db, officer, second, reader.WORKSPACE, "checking").not_to_share[0].altered
        return
    assert entries[made].altered and entries[made].considered is None and entries[made].why_not is None


def _record(h, username: str, folder) -> str:
    out = folder / f"{username}.pdf"
    documents.produce(h.db, h[username], "sharing_record", REF, out)
    return " ".join(pages(out))


@pytest.mark.parametrize("username, unseen, hidden", [
    ("csc.officer", 2, ("POL-TO-HLT", "POL-PENDING")),
    ("pol.officer", 2, ("POL-PENDING", "HLT-TO-CSC")),
    ("hlt.officer", 1, ("POL-PENDING",)),
])
def test_the_sharing_record_counts_what_the_reader_may_not_see_and_says_nothing_else(doc_hub, tmp_path, username,
                                                                                     unseen, hidden):
    h = doc_hub
    assert _case(h, username).unseen_disclosures == unseen
    doc = _record(h, username, tmp_path)
    words = "disclosure on this referral is" if unseen == 1 else "disclosures on this referral are"
    assert f"{unseen} further {words} not shown to you" in doc
    for marker in hidden:
        assert TEXTS[marker].split(":")[0] not in doc
        assert f"({marker})" not in doc  # its justification
    shown = 5 - unseen  # the hub's five disclosures: the rest are set out, one section each
    assert f"Disclosures ({shown})" in doc and f"Disclosure {shown} of {shown}:" in doc


def test_the_sharing_record_lists_the_readers_agencys_decisions_not_to_share(doc_hub, tmp_path):
    h = doc_hub
    _decline(h)
    police = _record(h, "pol.officer", tmp_path)
    assert "Decisions not to share (1)" in police
    for part in ("Decision 1 of 1: not shared with CSC agency (CSC)", "Considered sharing with", flat(CONSIDERED),
                 flat(WHY_NOT), "POL Officer"):
        assert part in police, part
    children = _record(h, "csc.officer", tmp_path)
    assert "Decisions not to share (0)" in children and "NOSHARE" not in children
    assert "CSC agency has recorded no decision not to share" in children
