"""Driver errors become plain messages; unknown ones stay bugs."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from mash_desktop.domain.errors import EnvironmentFault
from mash_desktop.store.database import translate

URL = "postgresql+psycopg://mash:secret-pw@db.example/mash"


def _error(text: str) -> DBAPIError:
    return DBAPIError("SELECT 1", {}, Exception(text))


@pytest.mark.parametrize("text, words", [
    ("deadlock detected\nDETAIL: Process 1 waits for ShareLock", "nothing was saved. Try again."),
    ("could not serialize access due to concurrent update", "Try again."),
    ("database is locked", "busy"),
    ("connection refused", "cannot be reached"),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: session is read-only\n'
     "Multiple connection attempts failed.", "standby server has not taken over yet"),
    ('relation "referrals" does not exist', "mash-admin init"),
])
def test_known_faults_get_plain_words_without_the_password(text, words):
    mapped = translate(_error(text), URL)
    assert isinstance(mapped, EnvironmentFault) and words in mapped.message
    assert "secret-pw" not in mapped.message


def test_an_unknown_driver_error_stays_a_bug():
    error = _error("syntax error at or near FROM")
    assert translate(error, URL) is error
