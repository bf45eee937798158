"""A person's chronology: every contact about them, as the reader may see each case, and what staff add.

The decided case of tests/document_hub.py (Ruby) plus a later contact about
her, linked at intake: each reader finds only the disclosures and panels they
could read in the case; a contact the reader's agency is not involved in
needs a reason, kept in the audit trail; curated entries are signed, kept
in versions and checked on read; a finished chronology takes no more until
reopened with a reason.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.chronology import (AUTOMATIC, CURATED, Category, EntryInput, Significance, filtered)
from mash_desktop.domain.errors import Conflict, FieldError, NotPermitted
from mash_desktop.services.case.reader import ReasonNeeded
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.people import chronology
from mash_desktop.store.chronology_models import ChronologyEntry
from mash_desktop.store.models import AuditEvent, Referral, ReferralPerson
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE

LATER = "2026-11-27T09:15:00+00:00"
ANALYSIS = "CURATED-ANALYSIS: second report of bruising in a month; pattern with the May callouts."


@pytest.fixture
def h(doc_hub):
    return doc_hub


def ruby(h) -> int:
    with h.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral).where(
            Referral.reference == REF, ReferralPerson.is_subject.is_(True)))


def later_contact(h) -> str:
    """A new contact about Ruby, received a week later (linked to her at intake)."""
    subject = EXAMPLE["subjects"][0] | {"person_id": ruby(h)}
    payload = EXAMPLE | {"received_at": LATER, "subjects": [subject], "household": [],
                         "referrer": EXAMPLE["referrer"] | {"agency": None}}
    return add_referral(h.db, h["hlt.officer"].actor, payload)


def texts(chron) -> str:
    return "\n".join(f"{i.what} {i.detail or ''}" for i in chron.items)


def entry(**changes) -> EntryInput:
    given = dict(day=dt.date(2026, 11, 21), category=Category.HEALTH, source="School nurse",
                 significance=Significance.HIGH, analysis=ANALYSIS)
    return EntryInput(**(given | changes))


def test_each_reader_finds_what_they_may_read_in_the_cases_and_nothing_else(h):
    csc = chronology.person_chronology(h.db, h["csc.officer"], ruby(h))
    shown = texts(csc)
    assert TEXTS["POL-TO-HUB"] in shown and TEXTS["POL-AUTHORISED"] in shown and TEXTS["HLT-TO-CSC"] in shown
    for hidden in ("POL-TO-HLT", "POL-PENDING", "POL-PANEL", "HLT-PANEL"):
        assert TEXTS[hidden] not in shown, hidden
    assert TEXTS["RATIONALE"] in shown  # the decision, as the case shows it to casework staff

    hlt = texts(chronology.person_chronology(h.db, h["hlt.officer"], ruby(h)))
    assert TEXTS["POL-TO-HLT"] in hlt and TEXTS["HLT-PANEL"] in hlt  # its own panel, with its research
    assert TEXTS["POL-PENDING"] not in hlt and TEXTS["POL-PANEL"] not in hlt
    pol = texts(chronology.person_chronology(h.db, h["pol.officer"], ruby(h)))
    assert TEXTS["POL-PANEL"] in pol and TEXTS["HLT-TO-CSC"] not in pol and TEXTS["HLT-PANEL"] not in pol

    categories = [i.category for i in csc.items]
    assert categories[0] is Category.CONTACT and Category.RATING in categories
    assert Category.RESEARCH in categories and Category.DECISION in categories
    assert [i.day for i in csc.items] == sorted(i.day for i in csc.items)
    assert "Concerns: Domestic abuse" in csc.items[0].detail and "as subject" in csc.items[0].detail


def test_a_contact_outside_the_readers_agency_needs_a_reason_kept_in_the_audit_trail(h):
    later = later_contact(h)
    officer = h["csc.officer"]
    with pytest.raises(ReasonNeeded) as refused:
        chronology.person_chronology(h.db, officer, ruby(h))
    assert later in str(refused.value)
    chron = chronology.person_chronology(h.db, officer, ruby(h), reason="Strategy discussion tomorrow")
    assert chron.references == (REF, later)
    assert [i.reference for i in chron.items if i.category is Category.CONTACT] == [REF, later]
    with h.db.read() as s:
        views = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "case.view",
                                                        AuditEvent.actor_id == officer.actor.user_id)))
        look = s.scalar(select(AuditEvent).where(AuditEvent.action == "chronology.view"))
        refusals = s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("chronology.%"))).all()
    by_case = {v.object_ref: v.justification for v in views[-2:]}
    assert by_case == {REF: None, later: "Strategy discussion tomorrow"}
    assert look.justification == "Strategy discussion tomorrow" and "CURATED" not in (look.detail or "")
    assert "chronology.view_refused" in refusals
    # Admin and auditors never read chronologies.
    with pytest.raises(NotPermitted):
        chronology.person_chronology(h.db, h.hub.sign_in("hub.admin"), ruby(h))


def test_curated_entries_are_signed_versioned_and_an_altered_one_is_shown(h):
    officer = h["csc.officer"]
    entry_id = chronology.add_entry(h.db, officer, ruby(h), entry())
    chron = chronology.person_chronology(h.db, officer, ruby(h))
    [mine] = filtered(chron.items, origin=CURATED)
    assert (mine.what, mine.source, mine.significance, mine.altered, mine.version) == (
        ANALYSIS, "School nurse", Significance.HIGH, False, 1)
    # The curated entry comes after the automatic lines of the same day.
    same_day = [i for i in chron.items if i.day == mine.day]
    assert same_day[-1] is mine and all(i.origin == AUTOMATIC for i in same_day[:-1])

    chronology.edit_entry(h.db, h["csc.lead"], entry_id, entry(significance=Significance.MEDIUM,
                                                                 analysis=ANALYSIS + " Reviewed."))
    versions = chronology.entry_versions(h.db, officer, entry_id)
    assert [(v.version, v.significance, v.by) for v in versions] == [
        (1, Significance.HIGH, "CSC Officer"), (2, Significance.MEDIUM, "CSC Lead")]
    [latest] = filtered(chronology.person_chronology(h.db, officer, ruby(h)).items, origin=CURATED)
    assert latest.version == 2 and latest.what.endswith("Reviewed.")

    with h.db.write() as s:
        s.execute(update(ChronologyEntry).where(ChronologyEntry.version == 2)
                  .values(analysis="Nothing of note.", significance="low"))
    [altered] = chronology.person_chronology(h.db, officer, ruby(h)).altered
    assert altered.entry_id == entry_id and altered.what == "Nothing of note."
    with h.db.read() as s:
        detail = s.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("chronology.%"))).all()
    assert not any("CURATED-ANALYSIS" in (d or "") or "School nurse" in (d or "") for d in detail)


def test_entries_are_checked_before_they_are_kept(h):
    officer = h["csc.officer"]
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    for bad, field in ((entry(day=tomorrow), "date"), (entry(source="  "), "source"),
                       (entry(analysis=""), "analysis"), (entry(category=Category.DECISION), "category"),
                       (entry(analysis="x" * 4001), "analysis")):
        with pytest.raises(FieldError) as error:
            chronology.add_entry(h.db, officer, ruby(h), bad)
        assert error.value.field == field
    with pytest.raises(NotPermitted):
        chronology.add_entry(h.db, h.hub.sign_in("hub.admin"), ruby(h), entry())


def test_a_finished_chronology_takes_nothing_until_reopened_with_a_reason(h):
    officer, lead = h["csc.officer"], h["csc.lead"]
    with pytest.raises(NotPermitted):
        chronology.finish(h.db, officer, ruby(h))
    chronology.finish(h.db, lead, ruby(h))
    chron = chronology.person_chronology(h.db, officer, ruby(h))
    assert chron.finished and chron.state.by == "CSC Lead" and chron.state.verified
    with pytest.raises(Conflict):
        chronology.add_entry(h.db, officer, ruby(h), entry())
    with pytest.raises(Conflict):
        chronology.finish(h.db, lead, ruby(h))
    with pytest.raises(FieldError):
        chronology.reopen(h.db, lead, ruby(h), " ")
    chronology.reopen(h.db, h["csc.decision"], ruby(h), "New contact from the school: the analysis needs it.")
    chronology.add_entry(h.db, officer, ruby(h), entry())
    chron = chronology.person_chronology(h.db, officer, ruby(h))
    assert not chron.finished and [(f.finished, f.by) for f in chron.history] == [
        (True, "CSC Lead"), (False, "Dana Okafor")]
    assert chron.history[-1].reason.startswith("New contact")
    with h.db.read() as s:
        reopened = s.scalar(select(AuditEvent).where(AuditEvent.action == "chronology.reopen"))
    assert "New contact" not in json.dumps([reopened.detail, reopened.justification])


def test_more_sources_add_their_lines(h, monkeypatch):
    from mash_desktop.domain.chronology import Item

    def warnings(session, signed, people, references):
        assert ruby(h) in people and REF in references
        return [Item(dt.date(2026, 11, 20), AUTOMATIC, Category.WARNING, "CSC", "Warning added: worker safety")]

    monkeypatch.setattr(chronology, "SOURCES", [])
    chronology.register(warnings)
    chron = chronology.person_chronology(h.db, h["csc.officer"], ruby(h))
    assert [i.what for i in filtered(chron.items, category=Category.WARNING)] == ["Warning added: worker safety"]


def test_warnings_follow_their_own_sharing_rules(h):
    from mash_desktop.domain.warnings import WarningKind
    from mash_desktop.services.people import warnings

    warnings.add_warning(h.db, h["csc.officer"], ruby(h), WarningKind.CP_PLAN, "CSC-WARNING: plan since May.",
                         dt.date(2026, 5, 2))
    warnings.add_warning(h.db, h["csc.officer"], ruby(h), WarningKind.WORKER_SAFETY, "Dog at the address.",
                         dt.date(2026, 6, 1))
    csc = filtered(chronology.person_chronology(h.db, h["csc.officer"], ruby(h)).items, category=Category.WARNING)
    assert [(i.day, i.what) for i in csc] == [(dt.date(2026, 5, 2), "Warning: Child protection plan"),
                                               (dt.date(2026, 6, 1), "Warning: Worker safety")]
    pol = filtered(chronology.person_chronology(h.db, h["pol.officer"], ruby(h)).items, category=Category.WARNING)
    assert [i.what for i in pol] == ["Warning: Worker safety"]  # hub-wide; CSC's own plan is not shared
    assert "CSC-WARNING" not in texts(chronology.person_chronology(h.db, h["hlt.officer"], ruby(h)))


def test_strategy_discussions_the_case_shows_become_lines():
    import dataclasses
    from mash_desktop.domain.case_record import CaseRecord, Referrer
    from mash_desktop.domain.codes import Channel, ContactSource
    from mash_desktop.domain.strategy import DiscussionEntry, S47Decision
    from mash_desktop.services.people.chronology_lines import case_items

    at = dt.datetime(2026, 11, 21, 10, tzinfo=dt.timezone.utc)
    talk = DiscussionEntry(1, at, "CSC Lead", (), "shared", S47Decision.START_S47, "STRATEGY-REASONS",
                           dt.date(2026, 12, 12), ())
    fields = {f.name: None for f in dataclasses.fields(CaseRecord) if f.default is dataclasses.MISSING}
    case = CaseRecord(**fields | {"reference": REF, "received_at": at - dt.timedelta(days=1), "rag_history": (),
                                  "research": (), "disclosures": (), "decisions": (), "chronology": (),
                                  "concern_categories": (), "own_panel": None,
                                  "referrer": Referrer(None, None, None, None, None, None, False),
                                  "source": ContactSource.SCHOOL, "channel": Channel.PORTAL},
                      strategy_discussions=(talk, dataclasses.replace(talk, verified=False)))
    lines = filtered(case_items(case, "CSC"), category=Category.STRATEGY)
    assert [i.what for i in lines] == ["Strategy discussion: Start s47 enquiries",
                                       "Strategy discussion: Start s47 enquiries (altered outside the hub)"]
    assert "STRATEGY-REASONS" in lines[0].detail and "12 Dec 2026" in lines[0].detail


def test_a_cases_people_are_listed_only_as_the_case_would_open(h):
    later = later_contact(h)
    officer = h["csc.officer"]
    assert [p.name for p in chronology.people_of(h.db, officer, REF)] == ["Ruby Calder", "Kerry Calder",
                                                                          "Dean Whitlock"]
    with pytest.raises(ReasonNeeded):
        chronology.people_of(h.db, officer, later)
    [ruby_again] = chronology.people_of(h.db, officer, later, reason="Sibling's strategy discussion")
    assert ruby_again.person_id == ruby(h) and ruby_again.subject
    with h.db.read() as s:
        look = s.scalar(select(AuditEvent).where(AuditEvent.action == "case.people"))
    assert look.object_ref == later and look.justification == "Sibling's strategy discussion"
