"""The sealed format of decisions not to share: pinned, and bound to its record, case, agency and key."""

from __future__ import annotations

import pytest

from mash_desktop.security import crypto, no_share_sealing

CONTENT = {"to": "CSC", "considered": "Bail conditions", "why_not": "Already known", "by": 7, "at": "2026-12-03"}


def test_the_bound_data_never_changes():
    assert no_share_sealing.record_aad("ab" * 16, "MASH-2026-000001", "POL", 12) == (
        b"mash no-share v1|abababababababababababababababab|MASH-2026-000001|POL|k12")


def test_opens_only_with_its_key_and_binding():
    key = crypto.random_key()
    nonce, ct = no_share_sealing.seal_record(key, "u1", "MASH-2026-000001", "POL", 3, CONTENT)
    assert b"Bail" not in ct
    assert no_share_sealing.open_record(key, "u1", "MASH-2026-000001", "POL", 3, nonce, ct) == CONTENT
    for args in ((crypto.random_key(), "u1", "MASH-2026-000001", "POL", 3),
                 (key, "u2", "MASH-2026-000001", "POL", 3), (key, "u1", "MASH-2026-000002", "POL", 3),
                 (key, "u1", "MASH-2026-000001", "CSC", 3), (key, "u1", "MASH-2026-000001", "POL", 4)):
        with pytest.raises(no_share_sealing.DecryptionFailed):
            no_share_sealing.open_record(*args, nonce, ct)
