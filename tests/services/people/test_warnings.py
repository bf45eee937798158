"""Warnings on people: who sees which, across agencies, on both databases.

An agency's warning is seen by its own casework staff; another agency sees
it only once the owner disclosed it on a case and the disclosure may be read
(consent, or a second supervisor's authorisation); a hub-wide worker safety
warning is seen by every caseworker. What is stored names neither the
person, the kind nor the reason, and the audit trail holds none of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.errors import FieldError, NotFound, NotPermitted
from mash_desktop.domain.warnings import ALTERED, CURRENT, ENDED, HUB_WIDE, OWN, SHARED, WarningKind
from mash_desktop.services.case import disclosures, panels
from mash_desktop.services.people import warnings
from mash_desktop.services.people.warning_sharing import share_warning
from mash_desktop.store.models import AuditEvent, Referral, ReferralPerson
from mash_desktop.store.warning_models import PersonWarningRecord
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

REASON = "Subject of a MARAC referral after the incident of 2 May; partner has a bail condition."
SAFETY = "Father threatened a visiting worker with a dog in March; visit in pairs."
START = dt.date(2026, 5, 2)


def _subject(hub) -> int:
    with hub.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral, Referral.id == ReferralPerson.referral_id)
                        .where(Referral.reference == REF, ReferralPerson.is_subject.is_(True)))


def _seen(hub, username: str, person: int) -> list[tuple]:
    signed = hub.sign_in(username)
    with hub.db.read() as s:
        views = warnings.visible_warnings(s, signed, [person])[person]
    return [(v.kind, v.source, v.state, v.agency) for v in views]


def _share(hub, warning_id: int, consent: ConsentPosition, by: str = "pol.officer") -> int:
    signed = hub.sign_in(by)
    panels.write_panel(hub.db, signed, REF, "Police research on the household.")
    return share_warning(hub.db, signed, warning_id, REF, "CSC", LawfulBasis.DPA_PART3_S35_SCH8_4, consent,
                         None if consent is ConsentPosition.GIVEN else "Asking would alert the partner.",
                         HandlingCode.C, "CSC is assessing risk to the child.")


def test_visibility_across_agencies(sup_hub):
    person = _subject(sup_hub)
    marac = warnings.add_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), person, WarningKind.MARAC, REASON,
                                 START)
    warnings.add_warning(sup_hub.db, sup_hub.sign_in("csc.officer"), person, WarningKind.WORKER_SAFETY, SAFETY,
                         START)
    mine = (WarningKind.MARAC, OWN, CURRENT, "POL")
    safety = (WarningKind.WORKER_SAFETY, HUB_WIDE, CURRENT, "CSC")
    table = {"pol.officer": [mine, safety], "pol.lead": [mine, safety], "csc.officer": [safety],
             "csc.lead": [safety], "csc.decision": [safety], "hub.admin": []}
    assert {user: sorted(_seen(sup_hub, user, person), key=str) for user in table} == \
           {user: sorted(rows, key=str) for user, rows in table.items()}

    # Disclosed without consent: nobody at CSC sees it while it waits, nor once refused.
    waiting = _share(sup_hub, marac, ConsentPosition.REFUSED)
    assert _seen(sup_hub, "csc.lead", person) == [safety]
    disclosures.refuse(sup_hub.db, sup_hub.sign_in("pol.lead"), waiting, "Not proportionate yet.")
    assert _seen(sup_hub, "csc.lead", person) == [safety]
    # Authorised by a second police supervisor: CSC sees it, as shared by POL.
    again = _share(sup_hub, marac, ConsentPosition.REFUSED)
    disclosures.authorise(sup_hub.db, sup_hub.sign_in("pol.lead"), again)
    shared = (WarningKind.MARAC, SHARED, CURRENT, "POL")
    assert sorted(_seen(sup_hub, "csc.officer", person), key=str) == sorted([shared, safety], key=str)
    signed = sup_hub.sign_in("csc.officer")
    with sup_hub.db.read() as s:
        view = next(v for v in warnings.visible_warnings(s, signed, [person])[person] if v.source == SHARED)
    assert (view.reason, view.start, view.end, view.disclosure_id) == (REASON, START, None, again)
    # The recipient may neither end nor see the history of another agency's warning.
    with pytest.raises(NotFound):
        warnings.end_warning(sup_hub.db, signed, marac, dt.date(2026, 6, 1), "Closed.")


def test_a_shared_warning_with_consent_is_seen_at_once_and_needs_the_person_on_the_case(sup_hub):
    person = _subject(sup_hub)
    marac = warnings.add_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), person, WarningKind.MARAC, REASON,
                                 START)
    _share(sup_hub, marac, ConsentPosition.GIVEN)
    assert _seen(sup_hub, "csc.officer", person) == [(WarningKind.MARAC, SHARED, CURRENT, "POL")]
    other = warnings.add_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), person,
                                 WarningKind.MISSING, "Missing overnight twice in April.", START)
    warnings.end_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), other, dt.date(2026, 5, 20), "Found; settled.")
    with pytest.raises(FieldError, match="not current"):
        _share(sup_hub, other, ConsentPosition.GIVEN)


def test_adding_changing_and_ending_keep_a_history(sup_hub):
    person = _subject(sup_hub)
    officer = sup_hub.sign_in("csc.officer")
    made = warnings.add_warning(sup_hub.db, officer, person, "cp_plan", "Plan under neglect category.", START)
    warnings.change_warning(sup_hub.db, sup_hub.sign_in("csc.lead"), made, "Plan under neglect and emotional abuse.",
                            START, dt.date(2027, 5, 1))
    warnings.end_warning(sup_hub.db, officer, made, dt.date(2026, 11, 30), "Plan ended at review conference.")
    view = warnings.warning_history(sup_hub.db, officer, made)
    assert (view.state, view.reason, view.end, view.ended_on, view.end_reason, view.ended_by) == (
        ENDED, "Plan under neglect and emotional abuse.", dt.date(2027, 5, 1), dt.date(2026, 11, 30),
        "Plan ended at review conference.", "CSC Officer")
    assert [(e.action, e.by) for e in view.history] == [("add", "CSC Officer"), ("change", "CSC Lead"),
                                                        ("end", "CSC Officer")]
    with pytest.raises(FieldError, match="already ended"):
        warnings.end_warning(sup_hub.db, officer, made, dt.date(2026, 12, 1), "Again.")
    with sup_hub.db.read() as s:
        assert s.scalar(select(PersonWarningRecord).where(PersonWarningRecord.id == made)) is not None
        assert len(list(s.scalars(select(PersonWarningRecord)))) == 3  # three records, none changed


def test_rules_are_enforced_in_the_service(sup_hub):
    person = _subject(sup_hub)
    with pytest.raises(NotPermitted):
        warnings.add_warning(sup_hub.db, sup_hub.sign_in("hub.admin"), person, WarningKind.OTHER, "x", START)
    with pytest.raises(FieldError):
        warnings.add_warning(sup_hub.db, sup_hub.sign_in("csc.officer"), person, WarningKind.OTHER, "  ", START)
    with pytest.raises(FieldError):
        warnings.add_warning(sup_hub.db, sup_hub.sign_in("csc.officer"), person, WarningKind.OTHER, "Why",
                             START, START - dt.timedelta(days=1))
    with pytest.raises(NotFound):
        warnings.add_warning(sup_hub.db, sup_hub.sign_in("csc.officer"), 999_999, WarningKind.OTHER, "Why", START)
    safety = warnings.add_warning(sup_hub.db, sup_hub.sign_in("csc.officer"), person, WarningKind.WORKER_SAFETY,
                                  SAFETY, START)
    # Police see it, but only CSC (who added it) may end it.
    with pytest.raises(NotPermitted, match="CSC"):
        warnings.end_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), safety, START, "Moved away.")
    warnings.end_warning(sup_hub.db, sup_hub.sign_in("csc.lead"), safety, START, "Moved away.")


def test_stored_rows_and_the_audit_trail_say_nothing_revealing(sup_hub):
    person = _subject(sup_hub)
    made = warnings.add_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), person, WarningKind.MARAC, REASON,
                                START)
    warnings.end_warning(sup_hub.db, sup_hub.sign_in("pol.officer"), made, dt.date(2026, 6, 1), "MARAC closed it.")
    with sup_hub.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM person_warnings")).mappings().all()
        events = conn.execute(select(AuditEvent.action, AuditEvent.object_ref, AuditEvent.detail,
                                     AuditEvent.justification).where(AuditEvent.action.like("warning.%"))).all()
    assert len(rows) == 2 and {c for c in rows[0]} == {"id", "uid", "agency_id", "data_key_id", "person_tag",
                                                        "nonce", "ciphertext", "by_id", "signature"}
    raw = repr([dict(r) for r in rows]).lower()
    for secret in ("marac", "bail", "2026-05-02", "closed it"):
        assert secret not in raw
    assert all(bytes(r["person_tag"]) != str(person).encode() for r in rows)
    assert [e.action for e in events] == ["warning.add", "warning.end"]
    assert not any(word in repr(events).lower() for word in ("marac", "bail", "closed it"))


def test_a_tampered_record_is_shown_as_altered(sup_hub):
    person = _subject(sup_hub)
    officer = sup_hub.sign_in("csc.officer")
    first = warnings.add_warning(sup_hub.db, officer, person, WarningKind.LOOKED_AFTER, "Section 20.", START)
    second = warnings.add_warning(sup_hub.db, officer, person, WarningKind.CHILD_IN_NEED, "CIN plan.", START)
    lead_id = sup_hub.sign_in("csc.lead").actor.user_id
    with sup_hub.db.write() as s:
        # Someone with the database file says another member wrote the first,
        s.execute(update(PersonWarningRecord).where(PersonWarningRecord.id == first).values(by_id=lead_id))
        # and flips a byte of the second's ciphertext.
        row = s.get(PersonWarningRecord, second)
        row.ciphertext = bytes([row.ciphertext[0] ^ 1]) + bytes(row.ciphertext[1:])
    with sup_hub.db.read() as s:
        views = warnings.visible_warnings(s, officer, [person])[person]
    assert sorted((v.id, v.state, v.kind) for v in views) == [(first, ALTERED, None), (second, ALTERED, None)]
    assert all(v.badge == "Altered" for v in views)
    with pytest.raises(NotPermitted, match="altered"):
        warnings.end_warning(sup_hub.db, officer, first, START, "Ended.")
