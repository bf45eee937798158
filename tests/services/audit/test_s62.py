"""Each audit event's DPA 2018 s62 operation, as a table."""

from __future__ import annotations

import json

import pytest

from mash_desktop.services.audit.s62 import operation


@pytest.mark.parametrize("action, detail, expected", [
    ("referral.add", json.dumps({"exact_people": [3]}), "collection; combination"),
    ("referral.add", json.dumps({"source": "school"}), "collection"),
    ("referral.add", "not json", "collection"),
    ("person.link", None, "combination"),
    ("disposal.erase", json.dumps({"s62": "erasure"}), "erasure"),
    ("case.view", None, "consultation"),
    ("disclosure.make", None, "disclosure"),
    ("document.produce", None, "disclosure"),
    ("referral.close", None, "alteration"),
    ("decision.record", None, "alteration"),
    ("auth.sign_in", None, ""),
    ("hold.place", None, ""),
])
def test_operation(action, detail, expected):
    assert operation(action, detail) == expected
