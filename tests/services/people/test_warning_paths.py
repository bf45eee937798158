"""Warnings reach each reader through every path by the same rules: the queue's rows, the case
(its household), the Warnings dialog's list, and a later contact about the same person."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.domain.warnings import SHARED, WarningKind
from mash_desktop.services.case.reader import WORKSPACE, ReasonNeeded, open_case
from mash_desktop.services.intake import referrals, screening_matches
from mash_desktop.services.people import warnings
from mash_desktop.services.people.case_warnings import case_warnings
from mash_desktop.services.people.warning_sharing import share_warning
from mash_desktop.services.case import panels
from mash_desktop.services.queue.query import queue_rows
from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.store.models import Referral, ReferralPerson
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

START = dt.date(2026, 5, 2)


def _people(hub, reference: str = REF) -> list[int]:
    with hub.db.read() as s:
        return list(s.scalars(select(ReferralPerson.person_id).join(Referral)
                              .where(Referral.reference == reference)
                              .order_by(ReferralPerson.is_subject.desc(), ReferralPerson.position)))


def _queue(hub, username: str, reference: str = REF) -> tuple[str, ...]:
    signed = hub.sign_in(username)
    with hub.db.read() as s:
        rid = s.scalar(select(Referral.id).where(Referral.reference == reference))
        return queue_rows(s, [rid], signed.trust, signed)[rid].warnings


def _setup(hub) -> tuple[int, int]:
    subject, mother = _people(hub)[:2]
    marac = warnings.add_warning(hub.db, hub.sign_in("pol.officer"), subject, WarningKind.MARAC, "Police only.",
                                 START)
    warnings.add_warning(hub.db, hub.sign_in("pol.officer"), mother, WarningKind.WORKER_SAFETY, "Knife.", START)
    return subject, marac


def test_the_queue_the_case_and_the_dialog_show_only_what_the_reader_may_see(sup_hub):
    subject, marac = _setup(sup_hub)
    assert _queue(sup_hub, "pol.officer") == ("MARAC",)
    assert _queue(sup_hub, "csc.lead") == ()
    assert _queue(sup_hub, "hub.admin") == ()

    case = open_case(sup_hub.db, sup_hub.sign_in("csc.lead"), REF, WORKSPACE)
    family = {m.name: m.warnings for m in case.family.members}
    assert family["Ruby Calder"] == () and family["Kerry Calder"] == ("Worker safety",)
    theirs = open_case(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, WORKSPACE, "Checking a MARAC referral")
    assert {m.name: m.warnings for m in theirs.family.members}["Ruby Calder"] == ("MARAC",)

    listed = {p.name: [(w.kind, w.source) for w in p.warnings]
              for p in case_warnings(sup_hub.db, sup_hub.sign_in("csc.lead"), REF)}
    assert listed["Ruby Calder"] == [] and listed["Kerry Calder"] == [(WarningKind.WORKER_SAFETY, "hub")]

    # The case's people need the same reason as the case itself.
    with pytest.raises(ReasonNeeded):
        case_warnings(sup_hub.db, sup_hub.sign_in("pol.officer"), REF)
    listed = {p.name: [w.kind for w in p.warnings]
              for p in case_warnings(sup_hub.db, sup_hub.sign_in("pol.officer"), REF, "Checking a MARAC referral")}
    assert listed["Ruby Calder"] == [WarningKind.MARAC]

    # Once shared with CSC (consent given), every path shows it to CSC.
    officer = sup_hub.sign_in("pol.officer")
    panels.write_panel(sup_hub.db, officer, REF, "Police research.")
    share_warning(sup_hub.db, officer, marac, REF, "CSC", LawfulBasis.DPA_PART3_S35_SCH8_4, ConsentPosition.GIVEN,
                  None, HandlingCode.P, "CSC is assessing risk.")
    assert _queue(sup_hub, "csc.lead") == ("MARAC",)
    listed = {p.name: [(w.kind, w.source) for w in p.warnings]
              for p in case_warnings(sup_hub.db, sup_hub.sign_in("csc.lead"), REF)}
    assert listed["Ruby Calder"] == [(WarningKind.MARAC, SHARED)]


def test_a_warning_follows_the_person_to_a_later_contact(sup_hub):
    subject, _ = _setup(sup_hub)
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0]["given_name"] = "Rubi"  # not an exact match: the supervisor links her by hand
    later = referrals.add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, payload)
    again = _people(sup_hub, later)[0]
    assert again != subject
    assert _queue(sup_hub, "pol.officer", later) == ()
    screening_matches.link_person(sup_hub.db, sup_hub.sign_in("csc.lead"), later, again, subject, route_to=REF)
    signed = sup_hub.sign_in("pol.officer")
    with sup_hub.db.read() as s:
        seen = warnings.visible_warnings(s, signed, [again])[again]
    assert [(w.kind, w.person_id) for w in seen] == [(WarningKind.MARAC, subject)]
    assert _queue(sup_hub, "pol.officer", later) == ("MARAC",)
    assert _queue(sup_hub, "csc.officer", later) == ()
