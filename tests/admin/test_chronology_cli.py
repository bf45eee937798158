"""mash-admin chronology: show a person's chronology, add to it, finish and reopen it, print it.

The workstation's credentials live in an in-memory keyring.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from tests.document_hub import REF, TEXTS, doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.hub_factory import PASSWORD
from tests.pdf_text import text


@pytest.fixture
def h(doc_hub):
    return doc_hub


@pytest.fixture
def mash_admin(h, monkeypatch, capsys):
    """Run ``chronology ...`` at a workstation of the user's agency, the password on stdin."""
    store = CredentialStore(MemoryKeyring())
    monkeypatch.setattr(signin, "credential_store", lambda: store)

    def run(*argv: str, at: str = "CSC", stdin: str = "") -> tuple[int, str, str]:
        store.save(WorkstationCredentials(at, f"ws-{at.lower()}", h.hub.kits[at].workstation_secret, h.db.url))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASSWORD}\n{stdin}".encode())))
        rc = main(["--db", h.db.url, "chronology", *argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_add_show_finish_reopen_and_print(mash_admin, tmp_path):
    rc, said, err = mash_admin("add", REF, "--as", "csc.officer", "--date", "2026-11-21", "--category", "health",
                               "--significance", "high", "--source", "School nurse", "--analysis-file", "-",
                               stdin="CLI-ANALYSIS: burn on the forearm.\n")
    assert rc == 0 and said.startswith("Added entry"), err
    entry = said.split()[2].rstrip(";")
    rc, said, err = mash_admin("show", REF, "--as", "csc.officer", "--curated")
    assert rc == 0, err
    assert "Ruby Calder" in said and "CLI-ANALYSIS: burn on the forearm." in said and "Contact received" not in said
    rc, said, err = mash_admin("add", REF, "--as", "csc.lead", "--date", "2026-11-21", "--category", "health",
                               "--significance", "medium", "--source", "School nurse", "--analysis", "Reviewed.",
                               "--edits", entry)
    assert rc == 0 and said.startswith(f"Changed entry {entry}"), err
    rc, said, err = mash_admin("versions", entry, "--as", "csc.officer")
    assert rc == 0 and said.splitlines()[1].startswith("1 ") and said.splitlines()[2].startswith("2 "), err
    assert "CLI-ANALYSIS" in said.splitlines()[1] and "Reviewed." in said.splitlines()[2]
    rc, said, err = mash_admin("show", REF, "--as", "pol.officer", "--json", at="POL")
    shown = json.loads(said)
    whole = json.dumps(shown)
    assert rc == 0 and TEXTS["POL-PANEL"] in whole and TEXTS["HLT-TO-CSC"] not in whole
    assert shown["references"] == [REF] and shown["items"][0]["category"] == "contact"

    rc, _, err = mash_admin("finish", REF, "--as", "csc.officer")
    assert rc == 1 and "supervisor" in err.lower()
    assert mash_admin("finish", REF, "--as", "csc.lead")[0] == 0
    rc, _, err = mash_admin("add", REF, "--as", "csc.officer", "--date", "2026-11-21", "--category", "other",
                            "--significance", "low", "--source", "x", "--analysis", "y")
    assert rc == 1 and "finished" in err
    rc, said, err = mash_admin("reopen", REF, "--as", "csc.lead", "--why", "A new contact came in.")
    assert rc == 0 and "reopened" in said, err

    out = tmp_path / "chronology.pdf"
    rc, said, err = mash_admin("pdf", REF, "--as", "csc.officer", "--out", str(out))
    assert rc == 0 and f"Wrote {out}" in said, err
    assert "Reviewed." in text(out) and "Reopened by CSC Lead" in text(out)


def test_wrong_codes_are_usage_errors(mash_admin):
    rc, _, err = mash_admin("add", REF, "--as", "csc.officer", "--date", "21/11/2026", "--category", "health",
                            "--significance", "high", "--source", "x", "--analysis", "y")
    assert rc == 2 and "--date" in err
    rc, _, err = mash_admin("show", REF, "--as", "csc.officer", "--category", "gossip")
    assert rc == 2 and "--category" in err
