"""Every document is recorded, signed and audited; a changed byte is caught."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from sqlalchemy import select, update

from mash_desktop.domain.codes import DocumentKind
from mash_desktop.domain.errors import NotPermitted
from mash_desktop.reports import layout
from mash_desktop.reports.content import DocumentContent, Production, Text
from mash_desktop.security.audit import verify_chain
from mash_desktop.security.trust import TrustFailure
from mash_desktop.services.case import document_check, documents
from mash_desktop.store.models import AuditEvent, DataKey, Document
from tests.document_hub import doc_hub, document_hub_templates  # noqa: F401 (fixtures)
from tests.document_hub import REF


@pytest.fixture
def h(doc_hub):
    return doc_hub


@pytest.fixture
def made(h, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    return documents.produce(h.db, h["csc.officer"], "sharing_record", REF, folder / "record.pdf",
                             recipient="Strategy meeting, 21 Nov")


def test_production_is_recorded_signed_and_audited(h, made):
    with h.db.read() as s:
        doc = s.scalar(select(Document).where(Document.token == made.token))
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "document.produce"))
        assert verify_chain(s, h["csc.officer"].trust).ok
    assert doc.kind is DocumentKind.SHARING_RECORD and doc.pages == made.pages
    assert doc.recipient == "Strategy meeting, 21 Nov" and doc.file_sha256 == made.file_sha256
    assert event.object_ref == made.token and event.signature is not None
    detail = json.loads(event.detail)
    assert detail["recipient"] == "Strategy meeting, 21 Nov" and detail["referral"] == REF
    assert detail["file_sha256"] == made.file_sha256.hex()
    assert len(detail["disclosures"]) == 3
    assert "POL-TO-HUB" not in event.detail  # the log never holds the content


def test_prints_and_exports_are_audited_with_their_recipient(h, made):
    documents.record_release(h.db, h["csc.officer"], made.token, "print", "Case file, CSC")
    documents.record_release(h.db, h["csc.lead"], made.token, "export", "Legal services, by secure email")
    with pytest.raises(NotPermitted):
        documents.record_release(h.db, h["pol.officer"], made.token, "print", "POL file")
    with h.db.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.object_ref == made.token)
                           .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["document.produce", "document.print", "document.export"]
    assert json.loads(events[2].detail)["recipient"] == "Legal services, by secure email"


def test_verify_accepts_the_untouched_file(h, made):
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert check.genuine, check.message
    assert check.token == made.token and check.reference == REF
    assert str(check).startswith("GENUINE") and "Strategy meeting, 21 Nov" in str(check)


@pytest.mark.parametrize("where", [0.1, 0.5, 0.97])
def test_verify_rejects_one_changed_byte(h, made, where):
    data = bytearray(made.path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    made.path.write_bytes(bytes(data))
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert not check.genuine
    assert check.message.startswith(("ALTERED", "NOT RECOGNISED"))


def test_verify_names_the_document_an_altered_copy_claims_to_be(h, made):
    made.path.write_bytes(made.path.read_bytes() + b"\n")
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert not check.genuine and check.message.startswith("ALTERED") and check.token == made.token


def test_verify_rejects_a_lookalike_the_hub_did_not_produce(h, made, tmp_path):
    """Someone with the software but not the keys makes a document that looks right."""
    production = Production("ffffffffffffffff", dt.datetime.now(dt.timezone.utc), "Someone", "someone", "CSC",
                            "Children's Social Care", "Anyone")
    content = DocumentContent(DocumentKind.SHARING_RECORD, "Information-sharing record", "Hub", REF, production,
                              (Text("Nothing was shared."),))
    (tmp_path / "lookalike.pdf").write_bytes(layout.render(content, content.fingerprint()).data)
    check = document_check.check_file(h.db, tmp_path / "lookalike.pdf", h["csc.lead"].trust)
    assert not check.genuine and check.message.startswith("NOT RECOGNISED")


@pytest.mark.parametrize("tamper", ["record", "published key", "audit event"])
def test_verify_rejects_a_file_whose_record_was_tampered_with(h, made, tamper):
    with h.db.write() as s:
        if tamper == "record":
            s.execute(update(Document).values(recipient="Someone else"))
        elif tamper == "published key":
            s.execute(update(DataKey).where(DataKey.signing_public_key.is_not(None))
                      .values(signing_public_key=b"\x01" * 32))
        else:
            s.execute(update(AuditEvent).where(AuditEvent.action == "document.produce")
                      .values(detail=json.dumps({"file_sha256": "00"})))
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert not check.genuine and check.message.startswith("NOT VERIFIED"), check.message


def test_files_are_written_atomically_and_only_once_recorded(h, made, monkeypatch):
    folder = made.path.parent
    assert sorted(p.name for p in folder.iterdir()) == ["record.pdf"]
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    before = made.path.read_bytes()

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents, "_sign_and_record", refuse)
    with pytest.raises(RuntimeError):
        documents.produce(h.db, h["csc.officer"], "case_summary", REF, made.path)
    assert made.path.read_bytes() == before  # the old file is untouched
    assert sorted(p.name for p in folder.iterdir()) == ["record.pdf"]  # and nothing half-written is left
    with h.db.read() as s:
        assert len(s.scalars(select(Document)).all()) == 1


def test_a_data_key_row_changed_in_the_database_is_not_used_to_sign(h, tmp_path):
    with h.db.write() as s:
        s.execute(update(DataKey).values(signing_public_key=None))
    with pytest.raises(TrustFailure):
        documents.produce(h.db, h["csc.officer"], "case_summary", REF, tmp_path / "summary.pdf")
    with h.db.read() as s:
        refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "trust.refused")).all()
    assert refused and refused[-1].object_type == "data_key"


def test_a_document_minted_with_database_write_access_alone_is_not_genuine(h, made, tmp_path):
    """The insider re-signs the record, publishes their own document key as the
    agency's, and gives the named producer their own signing key, so that
    every signature read from the database checks out against the database."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from mash_desktop.security import crypto, document_keys
    from mash_desktop.security.audit import event_hash
    from mash_desktop.store.models import Referral, User

    forger = Ed25519PrivateKey.generate()
    public = crypto.ed25519_public(forger)
    with h.db.write() as s:
        doc = s.scalar(select(Document).where(Document.token == made.token))
        producer = s.get(User, doc.produced_by_id)
        key = s.scalar(select(DataKey).where(DataKey.agency_id == doc.agency_id, DataKey.version == doc.key_version))
        key.signing_public_key = public
        producer.signing_public_key = public
        facts = document_keys.SignedFacts(doc.token, doc.kind.value, s.get(Referral, doc.referral_id).reference,
                                          "CSC", doc.key_version, doc.produced_at, producer.username,
                                          doc.recipient, doc.pages, doc.content_fingerprint, doc.file_sha256)
        doc.signing_public_key, doc.signature = public, document_keys.sign(forger, facts)
        event = s.scalar(select(AuditEvent).where(AuditEvent.object_ref == made.token))
        assert event.hash == event_hash(event.prev_hash, event)
        event.signature = crypto.sign(forger, event.hash)
    check = document_check.check_file(h.db, made.path, h["csc.lead"].trust)
    assert not check.genuine and "NOT VERIFIED" in check.message
