"""mash-admin household REF, and report family-network: the household as the member may see it."""

from __future__ import annotations

import io
import json
import sys

import pytest

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.services.intake.referrals import add_referral
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import EXAMPLE, PASSWORD
from tests.pdf_text import text


@pytest.fixture
def h(doc_hub):
    jake = EXAMPLE["subjects"][0] | {"given_name": "Jake", "date_of_birth": "2019-03-02", "gender": "male"}
    doc_hub.jake = add_referral(doc_hub.db, doc_hub["csc.officer"].actor, {
        k: v for k, v in EXAMPLE.items() if k != "received_at"} | {
        "subjects": [jake], "household": [EXAMPLE["household"][0]],
        "referrer": EXAMPLE["referrer"] | {"agency": None}})
    return doc_hub


@pytest.fixture
def mash_admin(h, monkeypatch, capsys):
    """Run mash-admin at a workstation of the user's agency, the password (and a reason) on stdin."""
    store = CredentialStore(MemoryKeyring())
    monkeypatch.setattr(signin, "credential_store", lambda: store)

    def run(*argv: str, at: str = "CSC", stdin: str = "") -> tuple[int, str, str]:
        store.save(WorkstationCredentials(at, f"ws-{at.lower()}", h.hub.kits[at].workstation_secret, h.db.url))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASSWORD}\n{stdin}".encode())))
        rc = main(["--db", h.db.url, *argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_household_prints_members_relationships_and_contacts(h, mash_admin):
    rc, said, err = mash_admin("household", REF, "--as", "csc.officer")
    assert rc == 0, err
    assert said.startswith(f"Household of {REF}: 4 people")
    assert "Sibling group: Ruby Calder, Jake Calder" in said
    assert "mother of Ruby Calder; mother of Jake Calder" in said
    assert f"{REF} (this contact): Decided, Amber" in said and f"{h.jake}: New contact, not rated" in said

    rc, said, err = mash_admin("household", REF, "--as", "pol.officer", "--json", at="POL")
    shown = json.loads(said)
    assert rc == 0, err
    assert {m["name"] for m in shown["members"]} == {"Ruby Calder", "Kerry Calder", "Dean Whitlock", "Jake Calder"}


def test_household_of_a_case_not_yours_needs_a_reason(h, mash_admin):
    rc, _, err = mash_admin("household", h.jake, "--as", "hlt.officer", at="HLT")
    assert rc != 0 and "reason" in err
    rc, said, err = mash_admin("household", h.jake, "--as", "hlt.officer", "--reason-file", "-", at="HLT",
                               stdin="Checking the brother's contact.\n")
    assert rc == 0 and "Jake Calder" in said, err


def test_report_family_network_writes_the_recorded_document(h, mash_admin, tmp_path):
    out = tmp_path / "network.pdf"
    rc, said, err = mash_admin("report", "family-network", REF, "--as", "csc.officer", "--out", str(out))
    assert rc == 0, err
    assert "Family network" in text(out) and "Jake Calder" in text(out)
    rc, said, err = mash_admin("report", "verify", str(out))
    assert rc == 0 and "GENUINE" in said, err
