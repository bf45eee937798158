"""A warning one agency keeps to itself reaches no other agency by any path: with POL's own MARAC warning on
the subject and nothing shared, a CSC caseworker finds neither the word nor its reason in the queue (rows
and search), the case and its family, the case's warnings, the person's chronology, the household, the
possible matches, or any document (family network, case summary, sharing record, chronology). POL's
officer sees it wherever warnings are shown; a worker safety warning shows to both."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from mash_desktop.domain.intake import parse_referral
from mash_desktop.domain.warnings import WarningKind
from mash_desktop.services.case import documents
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.duplicates import find_matches
from mash_desktop.services.people import warnings
from mash_desktop.services.people.case_warnings import case_warnings
from mash_desktop.services.people.chronology import person_chronology
from mash_desktop.services.people.chronology_document import produce_chronology
from mash_desktop.services.people.household import household_for
from mash_desktop.services.queue.query import QueueQuery, fetch_rows, queue_ids
from mash_desktop.store.models import Referral, ReferralPerson
from tests.admin.conftest import PASSWORD, cheap_kdf, hub_keys, hub_templates, hub_url, mash  # noqa: F401
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import text

REASON = "Police only marker xyzzy"
MARAC, SAFETY = WarningKind.MARAC.badge, WarningKind.WORKER_SAFETY.badge
NOW = dt.datetime(2026, 12, 3, 12, tzinfo=dt.timezone.utc)


def _ids(h) -> tuple[int, int]:
    with h.db.read() as s:
        rid = s.scalar(select(Referral.id).where(Referral.reference == REF))
        subject = s.scalar(select(ReferralPerson.person_id).where(ReferralPerson.referral_id == rid,
                                                                  ReferralPerson.is_subject.is_(True)))
        return rid, subject


@pytest.fixture
def h(doc_hub):
    _, subject = _ids(doc_hub)
    officer = doc_hub["pol.officer"]
    warnings.add_warning(doc_hub.db, officer, subject, WarningKind.MARAC, REASON, dt.date(2026, 6, 10))
    warnings.add_warning(doc_hub.db, officer, subject, WarningKind.WORKER_SAFETY, "Dog at the door.",
                         dt.date(2026, 6, 10))
    return doc_hub


def _paths(h, who: str, tmp_path) -> dict[str, str]:
    """What ``who`` is shown on each path, as text."""
    signed = h[who]
    rid, subject = _ids(h)
    seen = {}
    seen["queue"] = repr(fetch_rows(h.db, [rid], signed.trust, signed)[rid])
    with h.db.read() as s:
        found = queue_ids(s, QueueQuery(search="xyzzy"), NOW) + queue_ids(s, QueueQuery(search="MARAC"), NOW)
        seen["queue search"] = "found" if rid in found else ""
        seen["household"] = repr(household_for(s, s.get(Referral, rid), NOW, signed))
    case = open_case(h.db, signed, REF, WORKSPACE)
    seen["case"] = repr(case)
    seen["family"] = repr(case.family)
    seen["case warnings"] = repr(case_warnings(h.db, signed, REF))
    seen["chronology"] = repr(person_chronology(h.db, signed, subject))
    wanted = copy.deepcopy(EXAMPLE["subjects"][0]) | {"given_name": "Rubi"}
    later = parse_referral({k: v for k, v in EXAMPLE.items() if k != "received_at"} | {"subjects": [wanted]},
                           today=dt.date(2027, 1, 1)).subjects[0]
    seen["matches"] = repr(find_matches(h.db, later, reader=signed))
    for kind in ("family_network", "case_summary", "sharing_record"):
        out = tmp_path / f"{who}-{kind}.pdf"
        documents.produce(h.db, signed, kind, REF, out)
        seen[kind] = text(out)
    out = tmp_path / f"{who}-chronology.pdf"
    produce_chronology(h.db, signed, subject, out, reference=REF)
    seen["chronology pdf"] = text(out)
    return seen


def test_an_unshared_warning_reaches_no_other_agency_by_any_path(h, tmp_path):
    csc = _paths(h, "csc.officer", tmp_path)
    for path, shown in csc.items():
        assert MARAC not in shown and REASON not in shown and "xyzzy" not in shown, path
    for path in ("queue", "household", "family", "chronology", "matches", "family_network", "chronology pdf"):
        assert SAFETY in csc[path], path

    pol = _paths(h, "pol.officer", tmp_path)
    for path in ("queue", "household", "family", "chronology", "matches", "family_network", "chronology pdf"):
        assert MARAC in pol[path] and SAFETY in pol[path], path
    assert all(REASON not in pol[path] for path in ("queue", "family", "family_network")), "a badge, not the reason"


def test_mash_admin_lists_an_unshared_warning_only_to_its_own_agency(mash):
    """``mash-admin warning list`` by the same rule: CSC's caseworker sees the worker safety warning only."""
    for kind, reason in (("marac", REASON), ("worker_safety", "Dog at the door.")):
        run = mash("warning", "add", REF, "--kind", kind, "--reason-file", "-", "--start", "2026-05-02",
                   "--as", "pol.officer", stdin=f"{PASSWORD}\n{reason}\n", at="POL")
        assert run.rc == 0, run.err
    listed = {}
    for who, at in (("csc.officer", "CSC"), ("pol.officer", "POL")):
        for extra in ((), ("--json",)):
            run = mash("warning", "list", REF, *extra, "--as", who, stdin=[PASSWORD], at=at)
            assert run.rc == 0, run.err
            listed[who, extra] = run.out
    for extra in ((), ("--json",)):
        assert MARAC not in listed["csc.officer", extra] and "marac" not in listed["csc.officer", extra]
        assert "xyzzy" not in listed["csc.officer", extra]
    assert MARAC in listed["pol.officer", ()] and REASON in listed["pol.officer", ("--json",)]
    assert "worker_safety" in listed["csc.officer", ("--json",)] and "marac" in listed["pol.officer", ("--json",)]
