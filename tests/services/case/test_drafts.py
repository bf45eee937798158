"""Panel drafts on the workstation: encrypted, bound to their user and case, atomic."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from mash_desktop.services.case import drafts
from tests.document_hub import REF, doc_hub, document_hub_templates  # noqa: F401 (fixtures)

TEXT = "DRAFT-SECRET: the mother said the partner has a knife in the kitchen drawer."


@pytest.fixture
def h(doc_hub):
    return doc_hub


def test_a_draft_round_trips_and_is_not_plain_text_on_disk(h, tmp_path):
    signed = h["csc.officer"]
    when = dt.datetime(2024, 11, 12, 10, 30, tzinfo=dt.timezone.utc)
    path = drafts.save_draft(signed, REF, TEXT, folder=tmp_path, now=when)
    blob = path.read_bytes()
    assert b"DRAFT-SECRET" not in blob and b"knife" not in blob and REF.encode() not in blob
    assert REF not in str(path) and "csc.officer" not in str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert drafts.load_draft(signed, REF, folder=tmp_path) == drafts.Draft(TEXT, when)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no staging file left behind


def test_a_draft_opens_only_for_its_user_and_its_case(h, tmp_path):
    path = drafts.save_draft(h["csc.officer"], REF, TEXT, folder=tmp_path)
    assert drafts.load_draft(h["csc.lead"], REF, folder=tmp_path) is None
    other = drafts.draft_path(h["csc.officer"], "MASH-2026-000002", folder=tmp_path)
    other.write_bytes(path.read_bytes())  # moved to another case: no longer opens
    assert drafts.load_draft(h["csc.officer"], "MASH-2026-000002", folder=tmp_path) is None
    lead_path = drafts.draft_path(h["csc.lead"], REF, folder=tmp_path)
    lead_path.parent.mkdir(parents=True)
    lead_path.write_bytes(path.read_bytes())  # copied into another user's folder: does not open there
    assert drafts.load_draft(h["csc.lead"], REF, folder=tmp_path) is None


def test_a_damaged_draft_is_ignored_and_a_discarded_one_is_gone(h, tmp_path):
    signed = h["csc.officer"]
    path = drafts.save_draft(signed, REF, TEXT, folder=tmp_path)
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 1
    path.write_bytes(bytes(damaged))
    assert drafts.load_draft(signed, REF, folder=tmp_path) is None
    path.write_bytes(b"not a draft")
    assert drafts.load_draft(signed, REF, folder=tmp_path) is None
    drafts.discard_draft(signed, REF, folder=tmp_path)
    assert not path.exists() and drafts.load_draft(signed, REF, folder=tmp_path) is None
    drafts.discard_draft(signed, REF, folder=tmp_path)  # nothing there: no error


def test_a_newer_draft_replaces_the_older_one(h, tmp_path):
    signed = h["csc.officer"]
    drafts.save_draft(signed, REF, "first", folder=tmp_path)
    drafts.save_draft(signed, REF, "second", folder=tmp_path)
    assert drafts.load_draft(signed, REF, folder=tmp_path).text == "second"
    assert len(list(tmp_path.rglob("*.draft"))) == 1


def test_drafts_live_in_the_user_data_folder_by_default(h):
    path = drafts.draft_path(h["csc.officer"], REF)
    assert path.parent.parent == drafts.drafts_dir() and drafts.drafts_dir().name == "drafts"
