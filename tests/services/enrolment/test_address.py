"""The hub's database address as a person types it, including a primary with its standby."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from mash_desktop.domain.errors import FieldError
from mash_desktop.services.enrolment.workstation_setup import address_to_show, database_address
from mash_desktop.services.queue.changes import _pg_connect_args
from mash_desktop.store.database import Database

BOTH = "postgresql://mash_csc@/mash?host=db1.hub.local:5432&host=db2.hub.local:5432&target_session_attrs=read-write"


def test_a_single_server_address_gets_its_driver_and_password():
    url = make_url(database_address("mash_csc@db.hub.local/mash", "s3cret"))
    assert (url.drivername, url.host, url.username, url.password, url.database) == (
        "postgresql+psycopg", "db.hub.local", "mash_csc", "s3cret", "mash")


def test_an_address_with_no_server_is_refused_in_words():
    with pytest.raises(FieldError, match="name the database server"):
        database_address("postgresql://mash_csc@/mash")


def test_a_primary_and_its_standby_are_one_address_and_the_listener_reaches_either():
    url = make_url(database_address(BOTH, "s3cret"))
    assert url.query["host"] == ("db1.hub.local:5432", "db2.hub.local:5432")
    assert url.query["target_session_attrs"] == "read-write" and url.password == "s3cret"
    assert "s3cret" not in address_to_show(url.render_as_string(hide_password=False))
    db = Database(url.render_as_string(hide_password=False))
    try:
        args = _pg_connect_args(db)  # what the live queue's own connection is given
    finally:
        db.dispose()
    assert (args["host"], args["port"]) == ("db1.hub.local,db2.hub.local", "5432,5432")
    assert args["target_session_attrs"] == "read-write" and args["dbname"] == "mash"
