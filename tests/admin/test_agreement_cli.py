"""mash-admin agreement: record a partner's agreement or its review, list the register, show a history.

The workstation's credentials live in an in-memory keyring.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys

import pytest
from sqlalchemy import delete, select

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.domain.codes import Role
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.admin.agreements import hub_today
from mash_desktop.store.agreement_models import SharingAgreement
from mash_desktop.store.models import Agency
from tests import hub_factory
from tests.hub_factory import PASSWORD


@pytest.fixture
def hub(db):
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    users.add_account(db, hub.sign_in("hub.admin"), "hub.ig", "Ines Governance", [Role.IG_OFFICER], PASSWORD,
                      ASVS_MINIMUM)
    return hub


@pytest.fixture
def mash_admin(hub, monkeypatch, capsys):
    """Run ``agreement ...`` at a workstation of ``at``, the password on stdin."""
    store = CredentialStore(MemoryKeyring())
    monkeypatch.setattr(signin, "credential_store", lambda: store)

    def run(*argv: str, at: str = "HUB") -> tuple[int, str, str]:
        store.save(WorkstationCredentials(at, f"ws-{at.lower()}", hub.kits[at].workstation_secret, hub.db.url))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASSWORD}\n".encode())))
        rc = main(["--db", hub.db.url, "agreement", *argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_record_list_and_history(mash_admin, hub):
    with hub.db.write() as s:  # POL as on a hub upgraded from before the register
        pol = s.scalar(select(Agency.id).where(Agency.code == "POL"))
        s.execute(delete(SharingAgreement).where(SharingAgreement.agency_id == pol))
    rc, out, err = mash_admin("list", "--as", "hub.ig")
    assert rc == 0, err
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "Current" in lines["CSC"] and "ISA-CSC-1" in lines["CSC"] and " None" in lines["POL"]

    signed = hub_today() - dt.timedelta(days=2)
    rc, out, err = mash_admin("record", "pol", "--signed", signed.isoformat(), "--scope",
                              "Police information about children at risk", "--agreement-ref", "ISA-POL-2026",
                              "--as", "hub.ig")
    assert rc == 0, err
    assert out.startswith("Recorded version 1 of POL's information-sharing agreement, for review by ")

    rc, out, err = mash_admin("history", "POL", "--json", "--as", "hub.ig")
    assert rc == 0, err
    found = json.loads(out)
    assert found["partner"]["words"] == "Current"
    assert [(v["version"], v["reference"], v["verified"]) for v in found["versions"]] == [(1, "ISA-POL-2026", True)]
    assert found["versions"][0]["review_due"] > hub_today().isoformat()  # a year after signing, by default


def test_refusals_are_one_line(mash_admin):
    rc, out, err = mash_admin("record", "CSC", "--agreement-ref", "X", "--as", "hub.ig")
    assert rc == 2 and "--scope" in err and len(err.strip().splitlines()) == 1
    rc, out, err = mash_admin("record", "CSC", "--scope", "Everything", "--agreement-ref", "X",
                              "--review-due", "2001-01-01", "--as", "hub.ig")
    assert rc == 2 and "review due" in err and len(err.strip().splitlines()) == 1
    rc, out, err = mash_admin("record", "CSC", "--scope", "Everything", "--agreement-ref", "X", "--as", "hub.admin")
    assert rc == 1 and "information governance officer" in err.lower()
    rc, out, err = mash_admin("list", "--as", "csc.officer", at="CSC")
    assert rc == 1 and "register" in err
