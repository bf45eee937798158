"""A subject access response: every contact about the person, no unredacted third party, a log for the file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text

from mash_desktop.domain import subject_access as sar
from mash_desktop.domain.errors import Conflict, NotPermitted
from mash_desktop.domain.names import fold
from mash_desktop.domain.subject_access import MARKER, RedactionDecision, RedactionKind, Requester
from mash_desktop.services.case import panels
from mash_desktop.services.case.document_check import check_file
from mash_desktop.services.subject_access import produce, redactions, requests
from mash_desktop.store.models import AuditEvent, Person, Referral, ReferralPerson

from ... import pdf_text
from .hub import OTHER_DETAILS, sar_hub, sar_hub_templates  # noqa: F401 (fixtures)

RUBY_BORN = dt.date(2017, 6, 14)


def _ruby(h) -> int:
    found = requests.find_people(h.db, h["hub.ig"], "ruby cal", RUBY_BORN)
    assert found and all(p.name == "Ruby Calder" for p in found)
    return found[0].id


def _request(h) -> int:
    return requests.new_request(h.db, h["hub.ig"], _ruby(h), Requester.ON_BEHALF, requests.today(),
                                requester_name="Kerry Calder", authority="Mother with parental responsibility")


def _third_parties(h) -> set[str]:
    """Every name part of every other person on the hub's records for Ruby's contacts, and the referrers'."""
    with h.db.read() as s:
        refs = [h.refs["first"], h.refs["second"]]
        rows = s.execute(select(Person.given_name, Person.family_name, Person.date_of_birth).join(
            ReferralPerson, ReferralPerson.person_id == Person.id).join(Referral).where(
            Referral.reference.in_(refs))).all()
        referrers = s.scalars(select(Referral.referrer_name).where(Referral.reference.in_(refs))).all()
    words = {fold(w) for g, f, _ in rows if (g, f) != ("Ruby", "Calder") for w in (g, f)} - {"calder"}
    words |= {fold(w) for name in referrers for w in name.split()}
    return words


def _decided(h, request_id: int) -> None:
    ig = h["hub.ig"]
    redactions.decide(h.db, ig, request_id, "0115 496 0732", RedactionDecision.LIFTED,
                      "The school's public switchboard, not a person's number.", kind=RedactionKind.REFERRER)
    redactions.decide(h.db, ig, request_id, "class teacher", RedactionDecision.ADDED, "Identifies a member of staff.")
    assert redactions.confirm_all(h.db, ig, request_id) > 5


def test_the_response_has_every_contact_about_the_person_and_no_third_party(sar_hub, tmp_path):
    h = sar_hub
    request_id = _request(h)
    found = redactions.review(h.db, h["hub.ig"], request_id)
    assert set(found.hub.references) == {h.refs["first"], h.refs["second"]}
    keys = {s.suggestion.key for s in found.suggested}
    assert {"kerry calder", "kerry", "dean whitlock", "siobhan pike", "16 larch close", "harriet okonjo",
            "0115 496 0732", "craig whitlock"} <= keys
    assert not keys & {"ruby", "calder", "ruby calder", "14 larch close", "ng5 9qt"}  # her own
    with pytest.raises(Conflict, match="not yet decided"):
        produce.produce_response(h.db, h["hub.ig"], request_id, tmp_path / "r.pdf", tmp_path / "log.pdf")

    _decided(h, request_id)
    steps = []
    made = produce.produce_response(h.db, h["hub.ig"], request_id, tmp_path / "r.pdf", tmp_path / "log.pdf",
                                    progress=lambda n, what: steps.append(n))
    assert steps[-1] == 100 and steps == sorted(steps)
    assert made.lifted == 1 and made.redactions > 5 and made.csv_path == tmp_path / "log.csv"
    body = pdf_text.text(tmp_path / "r.pdf")
    for ref in (h.refs["first"], h.refs["second"]):
        assert ref in body
    assert h.refs["other"] not in body and "Tommy" not in body and OTHER_DETAILS[:20] not in body
    assert "Ruby" in body and "Year 4" in body and MARKER in body
    assert "0115 496 0732" in body  # lifted
    assert "class teacher" not in body  # added
    words = set(fold(body).split())
    assert not words & _third_parties(h), words & _third_parties(h)
    assert "16 Larch Close" not in body and "NG5 9QU" not in body and "04/05/1975" not in body

    log = pdf_text.text(tmp_path / "log.pdf")
    assert "INFORMATION-GOVERNANCE FILE ONLY" in log and "Kerry Calder" in log and "Redaction lifted" in log, log
    assert "Kerry" in (tmp_path / "log.csv").read_text(encoding="utf-8-sig")
    for path in ("r.pdf", "log.pdf"):
        assert check_file(h.db, tmp_path / path, h["hub.ig"].trust).genuine


def test_the_audit_trail_names_no_one(sar_hub, tmp_path):
    h = sar_hub
    request_id = _request(h)
    _decided(h, request_id)
    produce.produce_response(h.db, h["hub.ig"], request_id, tmp_path / "r.pdf", tmp_path / "log.pdf")
    with h.db.read() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.detail, AuditEvent.justification).where(
            AuditEvent.actor_name == "hub.ig")).all()
    said = json.dumps([list(e) for e in events]).lower()
    assert "subject_access.gather" in said and "subject_access.redaction" in said
    for word in ("ruby", "calder", "kerry", "dean", "siobh", "larch", "0115", "class teacher", "mother with"):
        assert word not in said


def test_an_altered_redaction_stops_the_response(sar_hub, tmp_path):
    h = sar_hub
    request_id = _request(h)
    _decided(h, request_id)
    with h.db.write() as s:
        s.execute(text("UPDATE subject_access_redactions SET decision = 'lifted', reason = 'x' "
                       "WHERE phrase = 'Dean Whitlock'"))
    with pytest.raises(Conflict, match="altered outside the hub"):
        produce.produce_response(h.db, h["hub.ig"], request_id, tmp_path / "r.pdf", tmp_path / "log.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_an_officer_may_not_and_the_ig_officer_reads_no_panel(sar_hub, tmp_path):
    h = sar_hub
    officer, ig = h["csc.officer"], h["hub.ig"]
    with pytest.raises(NotPermitted):
        requests.find_people(h.db, officer, "ruby")
    with pytest.raises(NotPermitted):
        requests.new_request(h.db, officer, _ruby(h), Requester.SELF, requests.today())
    request_id = _request(h)
    with pytest.raises(NotPermitted):
        redactions.review(h.db, officer, request_id)
    with pytest.raises(NotPermitted):
        produce.produce_agency_part(h.db, ig, request_id, tmp_path / "p.pdf")
    with pytest.raises(NotPermitted):
        panels.read_panel(h.db, ig, h.refs["first"], "POL")
    with pytest.raises(NotPermitted):  # an officer is not their agency's supervisor
        produce.produce_agency_part(h.db, h["pol.officer"], request_id, tmp_path / "p.pdf")


def test_an_agency_part_holds_only_that_agencys_panels(sar_hub, tmp_path):
    h = sar_hub
    request_id = _request(h)
    _decided(h, request_id)
    made = produce.produce_agency_part(h.db, h["pol.lead"], request_id, tmp_path / "pol.pdf")
    body = pdf_text.text(tmp_path / "pol.pdf")
    assert "POL-PANEL-SECRET" in body and h.refs["first"] in body
    for other in ("HLT-PANEL-SECRET", "CSC-PANEL-TEXT", "POL-TO-HUB", "HLT-TO-CSC"):
        assert other not in body
    assert "mother's health" not in body
    assert check_file(h.db, made.path, h["pol.lead"].trust).genuine
    with h.db.read() as s:
        detail = s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "subject_access.gather",
                                                          AuditEvent.actor_name == "pol.lead"))
    assert json.loads(detail) == {"part": "POL", "contacts": [h.refs["first"]]}  # the second has no POL panel


def test_redaction_words_are_applied_to_an_agency_part(sar_hub, tmp_path):
    h = sar_hub
    request_id = _request(h)
    _decided(h, request_id)
    redactions.decide(h.db, h["hub.ig"], request_id, "intelligence graded B2", RedactionDecision.ADDED,
                      "Police grading: exempt (crime and taxation).")
    produce.produce_agency_part(h.db, h["pol.lead"], request_id, tmp_path / "pol.pdf")
    body = pdf_text.text(tmp_path / "pol.pdf")
    assert "graded B2" not in body and f"POL-PANEL-SECRET: {MARKER}" in body


def test_deadlines_count_what_is_due(sar_hub):
    h = sar_hub
    ig = h["hub.ig"]
    ruby = _ruby(h)
    today = requests.today()
    requests.new_request(h.db, ig, ruby, Requester.SELF, today - dt.timedelta(days=40))
    requests.new_request(h.db, ig, ruby, Requester.SELF, sar.add_months(today, -1) + dt.timedelta(days=3))
    done = requests.new_request(h.db, ig, ruby, Requester.SELF, today - dt.timedelta(days=45))
    requests.answer(h.db, ig, done, today - dt.timedelta(days=2))
    assert requests.deadlines(h.db, ig) == requests.Deadlines(overdue=1, due_soon=1)
