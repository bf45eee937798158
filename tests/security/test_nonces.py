"""Every panel write uses a fresh random 96-bit nonce: none ever repeats."""

import pytest
from sqlalchemy import select

from mash_desktop.security import crypto
from mash_desktop.services import panels
from mash_desktop.store.models import Panel

from .. import hub_factory

REF = "MASH-2026-000001"


def test_no_nonce_repeats_across_100000_panel_encryptions_under_one_key():
    # The encryption step of write_panel, 100,000 times under one agency key.
    key = crypto.random_key()
    aad = panels.panel_aad(REF, "POL", 1)
    seen = set()
    for i in range(100_000):
        nonce, ciphertext = crypto.aead_seal(key, b"finding %d" % i, aad)
        assert len(nonce) == 12
        seen.add(nonce)
    assert len(seen) == 100_000
    # The last one still opens, so the nonces are the ones actually used.
    assert crypto.aead_open(key, nonce, ciphertext, aad) == b"finding 99999"


@pytest.fixture
def hub(db):
    return hub_factory.build(db)


def test_rewriting_a_panel_stores_a_new_nonce_every_time(hub):
    officer = hub.sign_in("pol.officer")
    nonces = []
    for i in range(150):
        panels.write_panel(hub.db, officer, REF, f"Research update {i}.")
        with hub.db.read() as s:
            nonces.append(s.scalar(select(Panel.nonce)))
    assert len(set(nonces)) == len(nonces) == 150
    assert panels.read_panel(hub.db, officer, REF, "POL").text == "Research update 149."
