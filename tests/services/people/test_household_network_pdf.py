"""The family network, printed (reports/network.py): marked, fingerprinted, recorded and verifiable,
with the family across contacts and the professionals as the reader may see them."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.domain.errors import Conflict
from mash_desktop.domain.network import network_of
from mash_desktop.domain.warnings import WarningKind
from mash_desktop.reports.content import Production
from mash_desktop.services.case import document_check, documents
from mash_desktop.services.case.reader import WORKSPACE, open_case
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.services.people import warnings
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE
from tests.pdf_text import pages, text


@pytest.fixture
def h(doc_hub):
    """The decided example case, and a later contact about Ruby's brother naming the same mother."""
    jake = EXAMPLE["subjects"][0] | {"given_name": "Jake", "date_of_birth": "2019-03-02", "gender": "male"}
    add_referral(doc_hub.db, doc_hub["csc.officer"].actor,
                 {k: v for k, v in EXAMPLE.items() if k != "received_at"} | {
                     "subjects": [jake], "household": [EXAMPLE["household"][0]],
                     "referrer": EXAMPLE["referrer"] | {"agency": None}})
    return doc_hub


def test_the_case_carries_the_household_and_the_network_draws_it(h):
    case = open_case(h.db, h["csc.officer"], REF, WORKSPACE)
    names = [m.name for m in case.family.members]
    assert names[0] == "Ruby Calder" and set(names) == {"Ruby Calder", "Kerry Calder", "Dean Whitlock",
                                                         "Jake Calder"}
    net = network_of(case, dt.date(2026, 12, 3), {case.family.members[1].person_ids[0]: ["MARAC"]})
    titles = {n.title: n for n in net.nodes}
    assert titles["Ruby Calder"].kind == "subject" and titles["Jake Calder"].kind == "family"
    assert titles[case.family.members[1].name].badges == ("MARAC",)
    assert {"Referrer", "Allocated worker", "POL agency (POL)", "HLT agency (HLT)"} <= set(titles)
    labels = {(net.node(line.a).title, net.node(line.b).title, line.label) for line in net.lines}
    assert ("Kerry Calder", "Ruby Calder", "mother") in labels and ("Kerry Calder", "Jake Calder", "mother") in labels
    assert ("Ruby Calder", "Jake Calder", "siblings") in labels  # a sibling group: sharing a mother
    # nodes never overlap
    boxes = [(n.x, n.y) for n in net.nodes]
    assert len(set(boxes)) == len(boxes)


def test_the_printed_network_is_marked_recorded_verifiable_and_keeps_panels_sealed(h, tmp_path):
    out = tmp_path / "network.pdf"
    made = documents.produce(h.db, h["pol.officer"], "family_network", REF, out)
    every = pages(out)
    for number, page in enumerate(every, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2 and f"Page {number} of {len(every)}" in page
    doc = text(out)
    for words in ("Family network", "Ruby Calder", "Kerry Calder", "Jake Calder", "mother of Ruby Calder",
                  "Sibling groups: Ruby Calder and Jake Calder", "Allocated worker", "CSC Officer", "Harriet Okonjo",
                  "research returned"):
        assert words in doc, words
    for marker in ("POL-PANEL", "HLT-PANEL", "CSC-PANEL", "RATIONALE"):
        assert TEXTS[marker].split(":")[0] not in doc
    check = document_check.check_file(h.db, made.path, h["pol.lead"].trust)
    assert check.genuine, check.message
    assert check.token == made.token


def test_a_warning_on_a_household_member_shows_only_to_whoever_may_see_it(h, tmp_path):
    """POL's own MARAC warning on Kerry is on POL's network, drawn and printed; CSC learns nothing
    of it by the household or the printed network. A worker safety warning shows to both."""
    case = open_case(h.db, h["pol.officer"], REF, WORKSPACE)
    kerry = next(m for m in case.family.members if m.name == "Kerry Calder")
    dean = next(m for m in case.family.members if m.name == "Dean Whitlock")
    warnings.add_warning(h.db, h["pol.officer"], kerry.person_ids[0], WarningKind.MARAC,
                         "Heard at MARAC after the June callout.", dt.date(2026, 6, 10))
    warnings.add_warning(h.db, h["pol.officer"], dean.person_ids[0], WarningKind.WORKER_SAFETY,
                         "Threatened a visiting officer.", dt.date(2026, 6, 10))
    marac, safety = WarningKind.MARAC.badge, WarningKind.WORKER_SAFETY.badge
    seen = {}
    for who in ("pol.officer", "csc.officer"):
        case = open_case(h.db, h[who], REF, WORKSPACE)
        seen[who] = {m.name: m.warnings for m in case.family.members}
        nodes = {n.title: n.badges for n in network_of(case, dt.date(2026, 12, 3)).nodes}
        assert nodes["Kerry Calder"] == seen[who]["Kerry Calder"]
        out = tmp_path / f"{who}.pdf"
        documents.produce(h.db, h[who], "family_network", REF, out)
        assert (f"Warning: {marac}" in text(out)) is (who == "pol.officer")
        assert f"Warning: {safety}" in text(out)
    assert seen["pol.officer"]["Kerry Calder"] == (marac,) and seen["csc.officer"]["Kerry Calder"] == ()
    assert seen["pol.officer"]["Dean Whitlock"] == seen["csc.officer"]["Dean Whitlock"] == (safety,)


def test_a_document_that_does_not_show_the_household_is_the_same_read_without_it(h):
    """Every document but the family network is produced from the case read without the household
    across contacts (documents.WITH_FAMILY): each must say exactly what it says with it."""
    officer = h["csc.officer"]
    whole = open_case(h.db, officer, REF, WORKSPACE)
    without = open_case(h.db, officer, REF, WORKSPACE, family=False)
    assert len(whole.family.members) == 4 and not without.family.members
    made = Production("0123456789abcdef", dt.datetime(2026, 12, 3, 10, tzinfo=dt.timezone.utc), "CSC Officer",
                      "csc.officer", "CSC", "Children's Social Care", "CSC Officer, Children's Social Care")
    same, absent = set(), set()
    for kind, build in documents.BUILDERS.items():
        try:
            expected = build(whole, made).fingerprint()
        except Conflict:  # a document this case does not have (no discussion to minute, no school told)
            absent.add(kind)
            continue
        if build(without, made).fingerprint() == expected:
            same.add(kind)
    assert absent == {DocumentKind.STRATEGY_MINUTES, DocumentKind.ENCOMPASS_NOTICE}
    assert same == set(documents.BUILDERS) - documents.WITH_FAMILY - absent
