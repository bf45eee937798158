"""Fixtures for the client's tests: a demo hub at a fixed moment."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.services.demo import build_demo

#: The demo hub is built "now" at this moment, so due times are predictable.
DEMO_NOW = dt.datetime(2024, 11, 12, 10, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def demo_db(db):
    """A migrated database holding a small demo hub built at ``DEMO_NOW``."""
    build_demo(db, referrals=30, seed=3, now=DEMO_NOW)
    return db
