"""mash-admin strategy add, list and action-done: the same rules as the client,
the case text read from a file (never the command line).

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
from mash_desktop.security.crypto import ASVS_MINIMUM
from tests.hub_factory import PASSWORD
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

DISCUSSION = {
    "convened_at": "2026-11-23T10:00",
    "attendees": [{"name": "Sam Social", "role": "Team manager", "agency": "CSC"},
                  {"name": "Pat Police", "role": "DS", "agency": "POL"},
                  {"name": "Dr Hale", "role": "Paediatrician", "present": False}],
    "shared": "CLI-SHARED: police hold a report of an injury.",
    "decision": "start_s47", "reasons": "CLI-REASONS: reasonable cause.",
    "actions": [{"text": "Joint visit", "owner_username": "csc.officer", "due_on": "2026-11-24"}],
}


@pytest.fixture
def mash_admin(sup_hub, monkeypatch, capsys):
    store = CredentialStore(MemoryKeyring())
    monkeypatch.setattr(signin, "credential_store", lambda: store)
    monkeypatch.setattr(signin, "KDF_PARAMS", ASVS_MINIMUM)

    def run(*argv: str, at: str = "CSC", stdin: str = "") -> tuple[int, str, str]:
        store.save(WorkstationCredentials(at, f"ws-{at.lower()}", sup_hub.kits[at].workstation_secret,
                                          sup_hub.db.url))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASSWORD}\n{stdin}".encode())))
        rc = main(["--db", sup_hub.db.url, "strategy", *argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_add_list_and_mark_an_action_done(mash_admin):
    body = json.dumps(DISCUSSION)
    rc, _, err = mash_admin("add", REF, "--as", "csc.officer", "--json", "-", stdin=body)
    assert rc == 1 and "supervisor or decision maker" in err.lower()
    rc, said, err = mash_admin("add", REF, "--as", "csc.decision", "--json", "-", stdin=body)
    assert rc == 0 and said.startswith("Strategy discussion ") and REF in said, err
    rc, said, err = mash_admin("list", REF, "--as", "csc.lead")
    assert rc == 0, err
    assert "Start s47 enquiries; ICPC due by 14 December 2026" in said and "Health not invited" in said
    assert "Joint visit" in said and "overdue" in said
    rc, said, err = mash_admin("list", REF, "--as", "csc.lead", "--json")
    (shown,) = json.loads(said)
    assert shown["shared"] == DISCUSSION["shared"] and shown["verified"] is True
    action = shown["actions"][0]["id"]
    rc, _, err = mash_admin("action-done", str(action), "--as", "pol.officer", at="POL")
    assert rc == 1 and "owner" in err
    rc, said, err = mash_admin("action-done", str(action), "--as", "csc.officer")
    assert rc == 0 and said.strip() == f"Action {action} on {REF} marked done.", err
    rc, _, err = mash_admin("action-done", str(action), "--as", "csc.lead")
    assert rc == 1 and "already marked done" in err


def test_a_bad_file_is_refused_naming_the_field(mash_admin):
    rc, _, err = mash_admin("add", REF, "--as", "csc.decision", "--json", "-",
                            stdin=json.dumps(DISCUSSION | {"decision": "maybe"}))
    assert rc != 0 and "decision" in err and "start_s47" in err


def test_the_icpc_is_recorded_from_the_command_line(mash_admin):
    rc, said, err = mash_admin("add", REF, "--as", "csc.decision", "--json", "-", stdin=json.dumps(DISCUSSION))
    discussion = said.split()[2]
    rc, _, err = mash_admin("icpc", discussion, "--held-on", "2026-12-01", "--as", "csc.officer")
    assert rc == 1 and "supervisor or decision maker" in err.lower()
    rc, said, err = mash_admin("icpc", discussion, "--held-on", "2026-12-01", "--as", "csc.lead")
    assert rc == 0 and said.strip() == f"ICPC of discussion {discussion} on {REF} recorded as held 2026-12-01.", err
    rc, said, err = mash_admin("list", REF, "--as", "csc.lead")
    assert "ICPC due by 14 December 2026, held 1 December 2026" in said
