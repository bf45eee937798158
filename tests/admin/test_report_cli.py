"""mash-admin report: produce a document as a signed-in user, and check a copy.

The workstation's credentials live in an in-memory keyring.
"""

from __future__ import annotations

import io
import sys

import pytest

from mash_desktop.admin import signin
from mash_desktop.admin.cli import main
from mash_desktop.security.credentials import CredentialStore, MemoryKeyring, WorkstationCredentials
from tests.document_hub import doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.document_hub import REF
from tests.hub_factory import PASSWORD
from tests.pdf_text import text


@pytest.fixture
def h(doc_hub):
    return doc_hub


@pytest.fixture
def mash_admin(h, monkeypatch, capsys):
    """Run ``report ...`` at a CSC workstation, the password on stdin."""
    kit = h.hub.kits["CSC"]
    store = CredentialStore(MemoryKeyring())
    store.save(WorkstationCredentials("CSC", "ws-csc", kit.workstation_secret, h.db.url))
    monkeypatch.setattr(signin, "credential_store", lambda: store)

    def run(*argv: str, password: str = PASSWORD) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{password}\n".encode())))
        rc = main(["--db", h.db.url, "report", *argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


def test_produce_each_document_and_verify_it(mash_admin, tmp_path):
    for action in ("sharing-record", "case-summary", "feedback-letter"):
        out = tmp_path / f"{action}.pdf"
        rc, said, err = mash_admin(action, REF, "--as", "csc.officer", "--out", str(out), "--for", "Case file")
        assert rc == 0, err
        assert f"Wrote {out}" in said and "for Case file" in said
        assert "OFFICIAL-SENSITIVE" in text(out)
        rc, said, _ = mash_admin("verify", str(out))
        assert rc == 0 and said.startswith("GENUINE")


def test_verify_refuses_a_changed_copy(mash_admin, tmp_path):
    out = tmp_path / "record.pdf"
    mash_admin("sharing-record", REF, "--as", "csc.officer", "--out", str(out))
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x20
    out.write_bytes(bytes(data))
    rc, out_text, err = mash_admin("verify", str(out))
    assert rc == 1 and err.startswith("mash-admin: ALTERED") and err.count("\n") == 1


def test_a_member_not_yet_confirmed_is_refused(mash_admin, tmp_path):
    rc, _, err = mash_admin("case-summary", REF, "--as", "csc.new", "--out", str(tmp_path / "x.pdf"))
    assert rc == 1 and "confirm" in err
    assert not (tmp_path / "x.pdf").exists()
